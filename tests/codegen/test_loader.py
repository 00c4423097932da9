"""The loader: a valid spec becomes the model; every kind of mistake is reported with file:line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from codegen.loader import SpecErrors, load_spec
from codegen.model import KINDS

from .conftest import ROOT, SEARCH

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
    assert h.parse is not None and str(h.parse) == "genresp._fields:load_int"
    assert h.getter_type == "int | None"
    assert h.line == 2
    assert len(spec.sha256) == 64


def test_project_spec_loads_every_reference_attribute() -> None:
    spec = load_spec(ROOT / "spec" / "headers.yaml", SEARCH)
    attrs = {h.attr for h in spec.headers}
    expected = set(
        "accept_ranges access_control_allow_credentials access_control_allow_headers"
        " access_control_allow_methods access_control_allow_origin access_control_expose_headers"
        " access_control_max_age age allow cache_control content_encoding content_language"
        " content_length content_location content_md5 content_range content_security_policy"
        " content_security_policy_report_only content_type cross_origin_embedder_policy"
        " cross_origin_opener_policy date expires last_modified location retry_after vary"
        " www_authenticate".split()
    )
    assert attrs == expected
    assert {h.kind.name for h in spec.headers} == set(KINDS)


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
            "    field: X\n    kind: string\n    rfc: 1#1\n    dump: genresp._fields:no_such\n    doc: d\n",
            6,
            "'genresp._fields' has no 'no_such'",
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
            "    field: X\n    kind: structured\n    type: genresp._fields:HasHeaders\n    rfc: 1#1\n    doc: d\n",
            2,
            "needs a 'parse' function",
        ),
        (
            "    field: X\n    kind: string\n    rfc: 1#1\n    doc: d\n    read_only: maybe\n",
            7,
            "read_only: expected true or false",
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
    assert load_spec(write_spec("class: MyHeaders\n" + GOOD.lstrip("\n")), SEARCH).class_name == (
        "MyHeaders"
    )
