"""The loader: a valid spec becomes the model; every kind of mistake is reported with file:line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from codegen.loader import SpecErrors, load_spec

from .conftest import SEARCH

GOOD = """
headers:
  content_length:
    field: Content-Length
    kind: int
    rfc: 9110#8.6
    doc: The size of the content in bytes.
"""


def errors_of(path: Path) -> list[str]:
    with pytest.raises(SpecErrors) as info:
        load_spec(path, SEARCH)
    return [str(e) for e in info.value.errors]


def test_valid_entry_becomes_model(write_spec: Callable[[str], Path]) -> None:
    spec = load_spec(write_spec(GOOD), SEARCH)
    (h,) = spec.headers
    assert (h.attr, h.field, h.kind.name, h.key) == (
        "content_length",
        "Content-Length",
        "int",
        "content-length",
    )
    assert h.class_name == "ContentLengthHeader"
    assert str(h.rfc) == "RFC 9110, section 8.6"
    assert h.parse is not None and str(h.parse) == "genresp.descriptors:load_int"
    assert h.getter_type == "int | None"
    assert h.line == 2
    assert len(spec.sha256) == 64


@pytest.mark.parametrize(
    ("entry", "line", "message"),
    [
        (
            "    field: Age\n    kind: timedelt\n    rfc: 9111#5.1\n    doc: d\n",
            4,
            "unknown kind 'timedelt'",
        ),
        (
            "    field: Bad Name\n    kind: string\n    rfc: 1#1\n    doc: d\n",
            3,
            "is not an HTTP token",
        ),
        (
            "    field: X\n    kind: string\n    rfc: 1#1\n    doc: d\n    parse: genresp.nope:f\n",
            7,
            "cannot import genresp.nope:f",
        ),
        (
            "    field: X\n    kind: string\n    rfc: 1#1\n    dump: genresp.descriptors:no_such\n    doc: d\n",
            6,
            "'genresp.descriptors' has no 'no_such'",
        ),
        ("    field: X\n    kind: string\n    rfc: 1#1\n", 2, "missing required key 'doc'"),
        ("    field: X\n    kind: string\n    rfc: 1#1\n    doc: '  '\n", 6, "docstring is empty"),
        ("    field: X\n    kind: string\n    doc: d\n", 2, "missing 'rfc'"),
        (
            "    field: X\n    kind: string\n    rfc: section 5\n    doc: d\n",
            5,
            "expected NUMBER#SECTION",
        ),
        (
            "    field: X\n    kind: string\n    rfc: 1#1\n    doc: d\n    colour: red\n",
            7,
            "unknown key 'colour'",
        ),
        (
            "    field: X\n    kind: enum\n    rfc: 1#1\n    doc: d\n",
            2,
            "kind 'enum' needs a 'type'",
        ),
        (
            "    field: X\n    kind: structured\n    type: genresp.descriptors:HasHeaders\n    rfc: 1#1\n    doc: d\n",
            2,
            "needs a 'parse' function",
        ),
        (
            "    field: X\n    kind: string\n    rfc: 1#1\n    doc: d\n    read_only: maybe\n",
            7,
            "read_only: expected true or false",
        ),
        (
            "    field: X\n    kind: string\n    rfc: 1#1\n    doc: d\n    accepts: Link | None\n",
            7,
            "accepts: names Link: without a 'type'",
        ),
        (
            "    field: X\n    kind: structured\n    type: genresp.datastructures.link:Links\n"
            "    parse: genresp.datastructures.link:parse_links\n"
            "    accepts: '{type} | Iterable[Lnk] | None'\n    rfc: 1#1\n    doc: d\n",
            7,
            "'Lnk' is not in the module of 'type'",
        ),
    ],
    ids=[
        "unknown-kind",
        "field-not-token",
        "parse-module-missing",
        "dump-name-missing",
        "missing-doc",
        "empty-doc",
        "missing-rfc",
        "bad-rfc",
        "unknown-key",
        "enum-without-type",
        "structured-without-parse",
        "bad-bool",
        "accepts-name-without-type",
        "accepts-name-not-beside-type",
    ],
)
def test_each_error_names_file_and_line(
    write_spec: Callable[[str], Path], entry: str, line: int, message: str
) -> None:
    path = write_spec("headers:\n  thing:\n" + entry)
    errors = errors_of(path)
    assert any(e.startswith(f"{path.as_posix()}:{line}: ") and message in e for e in errors), errors


def test_duplicate_attribute_and_field(write_spec: Callable[[str], Path]) -> None:
    path = write_spec("""
        headers:
          age:
            field: Age
            kind: timedelta
            rfc: 9111#5.1
            doc: a
          other:
            field: AGE
            kind: string
            rfc: 9111#5.1
            doc: b
          age:
            field: X-Age
            kind: string
            rfc: 1#1
            doc: c
        """)
    errors = errors_of(path)
    assert any(
        ":8: " in e and "duplicate field name 'AGE' (first at line 3)" in e for e in errors
    ), errors
    assert any(
        ":12: " in e and "duplicate key 'age' (first at line 2)" in e for e in errors
    ), errors


def test_every_error_is_reported_at_once(write_spec: Callable[[str], Path]) -> None:
    path = write_spec("""
        headers:
          one:
            field: "No Token"
            kind: string
            rfc: 1#1
            doc: a
          two:
            field: X-Two
            kind: mystery
            rfc: 1#1
            doc: b
          three:
            field: X-Three
            kind: string
            rfc: 1#1
        """)
    errors = errors_of(path)
    assert len(errors) == 3
    assert [e.split(":")[1] for e in errors] == ["3", "9", "12"]


def test_invalid_yaml_reports_its_line(write_spec: Callable[[str], Path]) -> None:
    path = write_spec("headers:\n  a:\n    field: [unclosed\n    kind: string\n")
    (error,) = errors_of(path)
    assert "invalid YAML" in error and error.startswith(f"{path.as_posix()}:")


def test_top_level_shape(write_spec: Callable[[str], Path]) -> None:
    assert "missing top-level key 'headers'" in "".join(errors_of(write_spec("entries: {}\n")))
    assert "unknown top-level key 'extra'" in "".join(errors_of(write_spec(GOOD + "extra: 1\n")))


def test_class_name_must_be_a_class_name(write_spec: Callable[[str], Path]) -> None:
    errors = errors_of(write_spec("class: not a name\n" + GOOD.lstrip("\n")))
    assert any(":1: class: 'not a name' is not a class name" in e for e in errors), errors
    mine = "class: MyHeaders\n" + GOOD.lstrip("\n").replace("content_length", "x_size")
    mine = mine.replace("Content-Length", "X-Size")
    assert load_spec(write_spec(mine), SEARCH).class_name == "MyHeaders"


@pytest.mark.parametrize(
    ("entry", "line", "message"),
    [
        (
            "    field: X\n    kind: string\n    rfc: 1#1\n    doc: d\n    default: A\n",
            7,
            "'default' does not apply to kind 'string'",
        ),
        (
            "    field: X\n    kind: int\n    rfc: 1#1\n    doc: d\n    type: genresp:Headers\n",
            7,
            "'type' does not apply to kind 'int'",
        ),
        (
            "    field: X\n    kind: string\n    rfc: 1#1\n    doc: d\n    parse: genresp.http:parse_date\n",
            7,
            "'parse' does not apply to kind 'string'",
        ),
    ],
    ids=["default-on-string", "type-on-int", "parse-on-string"],
)
def test_keys_that_do_not_apply_to_the_kind(
    write_spec: Callable[[str], Path], entry: str, line: int, message: str
) -> None:
    path = write_spec("headers:\n  thing:\n" + entry)
    errors = errors_of(path)
    assert any(e.startswith(f"{path.as_posix()}:{line}: ") and message in e for e in errors), errors


@pytest.mark.parametrize("attr", ["status", "data", "headers", "set_cookie", "mimetype"])
def test_a_name_of_a_response_member_is_an_error_with_its_line(
    write_spec: Callable[[str], Path], attr: str
) -> None:
    path = write_spec(GOOD.replace("content_length", attr).replace("Content-Length", "X-Thing"))
    (error,) = errors_of(path)
    assert error.startswith(f"{path.as_posix()}:2: headers.{attr}: ")
    assert "already a member of Response" in error


def test_a_users_spec_may_not_shadow_a_generated_attribute_of_genresp(
    write_spec: Callable[[str], Path],
) -> None:
    path = write_spec("class: ShopHeaders\n" + GOOD.lstrip("\n").replace("content_length", "age"))
    (error,) = errors_of(path)
    assert ":3: headers.age: 'age' is already a member of Response" in error


def test_override_true_allows_shadowing_on_purpose(write_spec: Callable[[str], Path]) -> None:
    path = write_spec(
        GOOD.replace("content_length", "status").replace("Content-Length", "X-Status")
        + "    override: true\n"
    )
    assert [h.attr for h in load_spec(path, SEARCH).headers] == ["status"]


def test_a_spec_names_its_own_base_class(write_spec: Callable[[str], Path]) -> None:
    spec = "base: genresp:Headers\n" + GOOD.lstrip("\n").replace("content_length", "extend")
    (error,) = errors_of(write_spec(spec))
    assert "'extend' is already a member of Headers" in error
    bad = errors_of(write_spec("base: genresp:NoSuchClass\n" + GOOD.lstrip("\n")))
    assert any(":1: base: cannot import genresp:NoSuchClass" in e for e in bad), bad


def test_a_missing_spec_file_is_one_line(tmp_path: Path) -> None:
    (error,) = errors_of(tmp_path / "nope.yaml")
    assert (
        error
        == f"{(tmp_path / 'nope.yaml').as_posix()}: cannot read the spec: No such file or directory"
    )


def test_a_structured_parse_must_take_the_value_and_on_update(
    write_spec: Callable[[str], Path], tmp_path: Path
) -> None:
    (tmp_path / "shopcodecs.py").write_text(
        "def one(raw):\n    return raw\n\ndef two(raw, on_update):\n    return raw\n"
    )
    entry = (
        "headers:\n  x_budget:\n    field: X-Budget\n    kind: structured\n"
        "    type: genresp.datastructures.content_range:ContentRange\n"
        "    parse: shopcodecs:{}\n    rfc: 9110#5.1\n    doc: d\n"
    )
    search = [str(tmp_path), *SEARCH]
    with pytest.raises(SpecErrors) as info:
        load_spec(write_spec(entry.format("one")), search)
    (error,) = [str(e) for e in info.value.errors]
    assert ":6: headers.x_budget.parse: shopcodecs:one cannot be called with 2 positional" in error
    assert "parse(raw_or_None, on_update)" in error
    assert load_spec(write_spec(entry.format("two")), search).headers[0].attr == "x_budget"


def test_an_unimportable_base_only_warns(
    write_spec: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A stale generated module refuses to import (layout version): regenerating must still work."""

    def stale(base: object, class_name: str) -> dict[str, str | None]:
        raise ImportError("genresp._generated.headers was generated for Headers layout 0")

    spec = load_spec(write_spec(GOOD), SEARCH, members=stale)
    assert [h.attr for h in spec.headers] == ["content_length"]
    assert "warning: cannot import genresp:Response to check for clashes" in capsys.readouterr().err


def test_a_users_spec_may_not_declare_a_field_genresp_already_handles(
    write_spec: Callable[[str], Path],
) -> None:
    spec = "class: ShopHeaders\n" + GOOD.lstrip("\n").replace("content_length", "cc_text")
    (error,) = errors_of(write_spec(spec.replace("Content-Length", "cache-control")))
    assert (
        ":3: headers.cc_text: cache-control is already the field of Response.cache_control" in error
    )


def test_names_longer_than_the_generated_code_can_hold(write_spec: Callable[[str], Path]) -> None:
    long_attr = "x_" + "a" * 70
    errors = errors_of(write_spec(GOOD.replace("content_length", long_attr)))
    assert any(":2: " in e and "attribute name longer than 64 characters" in e for e in errors)
    errors = errors_of(write_spec(GOOD.replace("Content-Length", "X-" + "A" * 70)))
    assert any(":3: " in e and "is longer than 64 characters" in e for e in errors)


def test_accepts_names_classes_of_the_type_module(write_spec: Callable[[str], Path]) -> None:
    path = write_spec("""
        headers:
          link:
            field: Link
            kind: structured
            type: genresp.datastructures.link:Links
            parse: genresp.datastructures.link:parse_links
            accepts: "{type} | Link | Iterable[Link] | str | None"
            rfc: 8288#3
            doc: d
        """)
    (h,) = load_spec(path, SEARCH).headers
    assert h.setter_type == "Links | Link | Iterable[Link] | str | None"
    refs = {(ref.module, ref.name) for ref in h.get_imports()}
    assert ("genresp.datastructures.link", "Link") in refs
    assert ("collections.abc", "Iterable") in refs
