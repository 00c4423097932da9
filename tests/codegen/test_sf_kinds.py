"""The sf_item, sf_list and sf_dictionary kinds: the loader's checks of their keys, and a user's own
spec using them (generated, imported and exercised)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from codegen.__main__ import main
from codegen.loader import SpecErrors, load_spec
from genresp import sf
from genresp.datastructures.headers import Headers

from .conftest import SEARCH

USER_SPEC = """
class: ShopHeaders
headers:
  x_shop_priority:
    field: X-Shop-Priority
    kind: sf_dictionary
    value_class: ShopPriority
    members:
      level: {key: l, type: integer, range: [1, 5], default: 1}
      express: {key: x, type: boolean}
      region: {type: token, default: eu}
      note: {type: string}
    rfc: 9651#3.2
    doc: How the shop ranks this order.
  x_shop_warehouses:
    field: X-Shop-Warehouses
    kind: sf_list
    item: token
    params:
      stock: {type: integer, range: [0, 1000000]}
      eta: {type: date}
    rfc: 9651#3.1
    doc: The warehouses that hold the item.
  x_shop_sizes:
    field: X-Shop-Sizes
    kind: sf_dictionary
    values: decimal
    rfc: 9651#3.2
    doc: Sizes by name.
  x_shop_live:
    field: X-Shop-Live
    kind: sf_item
    item: integer
    rfc: 9651#3.3.1
    doc: An Integer item.
"""


def errors_of(path: Path) -> list[str]:
    with pytest.raises(SpecErrors) as info:
        load_spec(path, SEARCH)
    return [str(e) for e in info.value.errors]


def test_a_users_spec_with_sf_kinds_generates_working_classes(
    tmp_path: Path,
    write_spec: Callable[[str], Path],
    import_module: Callable[[Path], ModuleType],
) -> None:
    spec = write_spec(USER_SPEC)
    out = tmp_path / "gen"
    assert main(["--spec", str(spec), "--out", str(out)]) == 0
    module = import_module(out / "headers.py")
    assert {"ShopPriority", "XShopWarehouses", "XShopWarehousesEntry", "XShopSizes"} <= set(
        module.__all__
    )

    class Order(module.ShopHeaders):  # type: ignore[name-defined,misc]
        def __init__(self) -> None:
            self.headers = Headers()

    order = Order()
    assert (order.x_shop_priority.level, order.x_shop_priority.region) == (1, "eu")
    order.x_shop_priority.level = 4
    order.x_shop_priority.note = 'fragile "glass"'
    assert order.headers["X-Shop-Priority"] == 'l=4, note="fragile \\"glass\\""'
    with pytest.raises(ValueError, match="X-Shop-Priority l must be in 1..5"):
        order.x_shop_priority.level = 6
    order.x_shop_warehouses.append("berlin")
    order.x_shop_warehouses[0].stock = 12
    assert order.headers["X-Shop-Warehouses"] == "berlin;stock=12"
    order.x_shop_sizes["small"] = 1.25
    assert order.headers["X-Shop-Sizes"] == "small=1.25"
    order.x_shop_live = 7
    assert (order.headers["X-Shop-Live"], order.x_shop_live) == ("7", 7)
    order.headers["X-Shop-Priority"] = "l=2, zz=1, x"
    assert order.x_shop_priority.express is True
    assert order.x_shop_priority.extra == {"zz": sf.Item(1)}
    order.x_shop_priority.region = "us"
    assert order.headers["X-Shop-Priority"] == "l=2, x, region=us, zz=1"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("    kind: sf_list\n", "kind 'sf_list' needs an 'item' type"),
        ("    kind: sf_item\n    item: float\n", "unknown type 'float'"),
        ("    kind: sf_dictionary\n", "needs either 'members' or 'values'"),
        (
            "    kind: sf_dictionary\n    values: string\n    members: {a: {type: string}}\n",
            "needs either 'members' or 'values'",
        ),
        ("    kind: sf_dictionary\n    members: {a: {type: string, range: [1, 2]}}\n", "range"),
        ("    kind: sf_dictionary\n    members: {a: {type: integer, default: x}}\n", "bad default"),
        (
            "    kind: sf_dictionary\n    members: {a: {type: integer, range: [1, 2], default: 3}}\n",
            "out of range",
        ),
        (
            "    kind: sf_dictionary\n    members: {extra: {type: string}}\n",
            "not a usable attribute",
        ),
        (
            "    kind: sf_dictionary\n    members: {a: {key: A, type: string}}\n",
            "not a Structured Field key",
        ),
        (
            "    kind: sf_dictionary\n    members: {a: {key: k, type: string}, b: {key: k, type: string}}\n",
            "declared twice",
        ),
        (
            "    kind: sf_list\n    item: token\n    members: {a: {type: string}}\n",
            "does not apply",
        ),
        ("    kind: sf_item\n    item: date\n    params: {a: {type: string}}\n", "does not apply"),
        ("    kind: sf_list\n    item: token\n    value_class: lower\n", "not a class name"),
    ],
)
def test_loader_reports_bad_sf_entries(
    write_spec: Callable[[str], Path], entry: str, message: str
) -> None:
    text = "headers:\n  x_thing:\n    field: X-Thing\n    rfc: 9651#3\n    doc: d\n" + entry
    errors = errors_of(write_spec(text))
    assert any(message in e for e in errors), errors
