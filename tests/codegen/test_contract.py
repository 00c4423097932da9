"""Generated code keeps to the public contract of genresp.descriptors, and is already in black's style."""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Callable
from pathlib import Path

import black
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.__main__ import main
from codegen.loader import MAX_NAME, load_spec
from codegen.model import KINDS
from codegen.render import render_all
from genresp import descriptors, sf_fields

from .conftest import ROOT, SEARCH

GENERATED = ROOT / "src" / "genresp" / "_generated"
# The modules of one generated package: the descriptors, and the value classes of sf_* entries.
MODULES = ("headers.py", "values.py")
# The Headers layout (see genresp.descriptors): the only private names generated code may touch.
LAYOUT = {"_d", "_more"}

ALL_KINDS = """
headers:
  x_a_rather_long_attribute_name_for_a_custom_header_field_value:
    field: X-A-Rather-Long-Header-Field-Name-That-A-Vendor-Actually-Sends
    kind: string
    rfc: 9110#5.1
    doc: A string with a long name.
  x_count_of_things_with_a_very_long_name:
    field: X-Count-Of-Things-In-The-Current-Window-Of-Time-For-This-Client
    kind: int
    rfc: 9110#5.1
    doc: An int with a long name.
  x_on:
    field: X-On
    kind: bool
    rfc: 9110#5.1
    doc: A flag.
  x_when_the_thing_happened_last_time:
    field: X-When-The-Thing-Happened-Last-Time-According-To-The-Server
    kind: date
    rfc: 9110#5.1
    doc: A date.
  x_wait:
    field: X-Wait
    kind: timedelta
    rfc: 9110#5.1
    doc: A duration.
  x_the_features_the_server_would_like_to_see_in_requests:
    field: X-The-Features-The-Server-Would-Like-To-See-In-Requests-Later
    kind: header_set
    rfc: 9110#5.1
    doc: A set.
  x_policy_of_the_embedding_document_for_cross_origin_loads:
    field: X-Policy-Of-The-Embedding-Document-For-Cross-Origin-Resources
    kind: enum
    type: genresp.datastructures.enums:COEP
    default: UNSAFE_NONE
    rfc: 9110#5.1
    doc: An enum.
  x_directives_of_a_cache_policy_with_a_long_attribute_name:
    field: X-Directives-Of-A-Cache-Policy-With-A-Rather-Long-Field-Name
    kind: structured
    type: genresp.datastructures.cache_control:ResponseCacheControl
    parse: genresp.http:parse_cache_control_header
    rfc: 9110#5.1
    doc: A structured value.
  x_read_only_value_that_is_set_by_the_server_itself_only:
    field: X-Read-Only
    kind: string
    read_only: true
    rfc: 9110#5.1
    doc: Read-only.
  x_the_moment_a_structured_field_date_item_says_it_happened:
    field: X-The-Moment-A-Structured-Field-Date-Item-Says-It-Happened-At
    kind: sf_item
    item: date
    rfc: 9651#3.3.7
    doc: An sf_item.
  x_entries_of_an_sf_list:
    field: X-Entries-Of-A-Structured-Field-List-With-Rather-Long-Names
    kind: sf_list
    item: token_or_string
    params:
      the_number_of_seconds_this_entry_stays_valid_for: {key: a-rather-long-parameter-key-name, type: integer, range: [0, 999999999999999]}
      the_flag_that_tells_whether_this_entry_was_stored: {key: another-rather-long-parameter-key, type: boolean}
    rfc: 9651#3.1
    doc: An sf_list.
  x_members_of_an_sf_dictionary:
    field: X-Members-Of-A-Structured-Field-Dictionary-With-Long-Names
    kind: sf_dictionary
    members:
      the_urgency_of_the_response_on_a_scale_of_zero_to_seven: {key: u, type: integer, range: [0, 7], default: 3}
      the_list_of_destinations_this_dictionary_applies_to_now: {key: match-destinations-list, type: string_list}
    rfc: 9651#3.2
    doc: An sf_dictionary.
  x_values_of_an_sf_dictionary:
    field: X-Values-Of-A-Structured-Field-Dictionary-Of-One-Type
    kind: sf_dictionary
    values: byte_sequence
    rfc: 9651#3.2
    doc: An sf_dictionary of values.
"""


def _generate_all_kinds(tmp_path: Path) -> Path:
    spec = tmp_path / "headers.yaml"
    spec.write_text(textwrap.dedent(ALL_KINDS).lstrip(), encoding="utf-8")
    out = tmp_path / "gen"
    assert main(["--spec", str(spec), "--out", str(out), "--class", "LongHeaders"]) == 0
    return out


def _package_sources(out: Path) -> list[str]:
    return [(out / name).read_text(encoding="utf-8") for name in MODULES]


def _sources(tmp_path: Path) -> list[str]:
    return _package_sources(GENERATED) + _package_sources(_generate_all_kinds(tmp_path))


def test_generated_code_imports_only_public_modules(tmp_path: Path) -> None:
    for source in _sources(tmp_path):
        tree = ast.parse(source)
        modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level:
                # Only the generated package's own modules are imported relatively.
                assert node.level == 1
                siblings = [node.module] if node.module else [a.name for a in node.names]
                assert {f"{name}.py" for name in siblings} <= set(MODULES)
            elif isinstance(node, ast.ImportFrom):
                assert node.module is not None
                modules.add(node.module)
                if node.module == "genresp.descriptors":
                    assert {a.name for a in node.names} <= set(descriptors.__all__)
        for module in modules - {"__future__"}:
            assert not any(part.startswith("_") for part in module.split(".")), module
        genresp_modules = {m for m in modules if m.split(".")[0] == "genresp"}
        assert genresp_modules & {"genresp.descriptors", "genresp.sf_fields"}


def test_generated_code_touches_no_private_attribute_but_the_layout(tmp_path: Path) -> None:
    sources = _sources(tmp_path)
    for source in sources:
        tree = ast.parse(source)
        touched = {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.endswith("__")  # self.__doc__, super().__init__
            and not (isinstance(node.value, ast.Name) and node.value.id == "self")
        }
        # The descriptors inline the layout (headers.py); the value classes never touch it.
        assert touched == (LAYOUT if source in sources[:: len(MODULES)] else set())
        # The value classes of sf_* kinds use their own slots and the API genresp.sf_fields gives
        # its subclasses (SUBCLASS_API), nothing else.
        slots = {
            elt.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__slots__" for t in node.targets)
            and isinstance(node.value, ast.Tuple)
            for elt in node.value.elts
            if isinstance(elt, ast.Constant)
        }
        on_self = {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        }
        assert on_self <= slots | sf_fields.SUBCLASS_API


def test_a_stale_generated_module_refuses_to_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, import_module: Callable[[Path], object]
) -> None:
    out = _generate_all_kinds(tmp_path)
    monkeypatch.setattr(descriptors, "LAYOUT_VERSION", descriptors.LAYOUT_VERSION + 1)
    with pytest.raises(ImportError, match="generated for Headers layout .*: regenerate it"):
        import_module(out / "headers.py")


@pytest.mark.parametrize("which", ["project", "long names"])
def test_output_is_already_in_blacks_style(tmp_path: Path, which: str) -> None:
    """No formatter runs at generation time: the templates print black's style themselves."""
    out = GENERATED if which == "project" else _generate_all_kinds(tmp_path)
    mode = black.Mode(line_length=100, target_versions={black.TargetVersion.PY310})
    for source in _package_sources(out):
        assert black.format_str(source, mode=mode) == source


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14)


@st.composite
def _long_spec(draw: st.DrawFn) -> str:
    """A spec whose names run from a few characters to over 60, for every kind."""
    entries = []
    for i, kind in enumerate(KINDS):
        words = draw(st.lists(_WORD, min_size=1, max_size=6))
        while len("-".join(words)) > MAX_NAME - 6:  # the loader refuses longer names
            words.pop()
        attr = f"x{i}_" + "_".join(words)
        field = "X-" + "-".join(w.capitalize() for w in words) + f"-{i}"
        extra = {
            "enum": "    type: genresp.datastructures.enums:COEP\n    default: UNSAFE_NONE\n",
            "structured": "    type: genresp.datastructures.csp:ContentSecurityPolicy\n"
            "    parse: genresp.http:parse_csp_header\n",
            "sf_item": "    item: date\n",
            # sf: the value class is named from the attribute unless given; long names need one.
            "sf_list": f"    item: token\n    value_class: V{i}\n"
            f"    params:\n      {attr[:40]}: {{type: boolean}}\n",
            "sf_dictionary": f"    value_class: V{i}\n"
            f"    members:\n      {attr[:40]}: {{type: integer, range: [0, 7]}}\n",
        }.get(kind, "")
        read_only = "    read_only: true\n" if draw(st.booleans()) else ""
        entries.append(
            f"  {attr}:\n    field: {field}\n    kind: {kind}\n{extra}{read_only}"
            f"    rfc: 9110#5.1\n    doc: {' '.join(words)}.\n"
        )
    return "headers:\n" + "".join(entries)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_long_spec())
def test_any_names_print_in_blacks_style(text: str, tmp_path: Path) -> None:
    path = tmp_path / "headers.yaml"
    path.write_text(text, encoding="utf-8")
    spec = load_spec(path, SEARCH)
    mode = black.Mode(line_length=100, target_versions={black.TargetVersion.PY310})
    for source in render_all(spec, descriptors.LAYOUT_VERSION).values():
        assert black.format_str(source, mode=mode) == source
