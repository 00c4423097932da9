"""genresp.sf against every case of the httpwg structured-field-tests (tests/vectors/, see SOURCE.txt).

- parsing: each `raw` (field lines joined by ", ") parses to `expected`, or fails when `must_fail`
  (a `can_fail` case may fail, but if it parses it must give `expected`);
- canonical: what parsed serialises to `canonical` (or `raw`), and so does `expected` itself;
- serialisation-tests/: `expected` serialises to `canonical`, or raises when `must_fail`.
The counts are printed (pytest -s is not needed).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from genresp import sf
from tests.sf_json import VECTORS, from_json, load_vectors, tagged

PARSE_FILES = sorted(VECTORS.glob("*.json"))
SERIALISE_FILES = sorted((VECTORS / "serialisation-tests").glob("*.json"))

PARSERS = {"item": sf.parse_item, "list": sf.parse_list, "dictionary": sf.parse_dictionary}
SERIALIZERS: dict[str, Any] = {
    "item": sf.serialize_item,
    "list": sf.serialize_list,
    "dictionary": sf.serialize_dictionary,
}

counts: Counter[str] = Counter()


def _canonical(case: dict[str, Any]) -> str:
    lines: list[str] = case.get("canonical", case.get("raw", []))
    return ", ".join(lines)


def check_parse_case(case: dict[str, Any]) -> str:
    """Run one parsing case; returns what was counted, raises AssertionError on a mismatch."""
    header_type = case["header_type"]
    text = ", ".join(case["raw"])
    try:
        parsed = PARSERS[header_type](text)
    except ValueError as exc:
        assert isinstance(exc, sf.StructuredFieldError)
        assert "position" in str(exc)
        if case.get("must_fail"):
            return "must_fail"
        assert case.get("can_fail"), f"{case['name']}: {text!r} failed: {exc}"
        return "can_fail (failed)"
    assert not case.get("must_fail"), f"{case['name']}: {text!r} parsed as {parsed!r}"
    assert tagged(parsed) == tagged(from_json(header_type, case["expected"])), case["name"]
    assert SERIALIZERS[header_type](parsed) == _canonical(case), case["name"]
    assert SERIALIZERS[header_type](from_json(header_type, case["expected"])) == _canonical(case)
    return "parsed and canonical"


def check_serialise_case(case: dict[str, Any]) -> str:
    header_type = case["header_type"]
    value = from_json(header_type, case["expected"])
    if case.get("must_fail"):
        with pytest.raises((ValueError, TypeError)):
            SERIALIZERS[header_type](value)
        return "serialisation must_fail"
    assert SERIALIZERS[header_type](value) == _canonical(case), case["name"]
    return "serialised"


@pytest.mark.parametrize("path", PARSE_FILES, ids=lambda p: p.name)
def test_parsing_vectors(path: Path) -> None:
    cases = load_vectors(path)
    assert cases
    for case in cases:
        counts[check_parse_case(case)] += 1


@pytest.mark.parametrize("path", SERIALISE_FILES, ids=lambda p: f"serialisation-tests/{p.name}")
def test_serialisation_vectors(path: Path) -> None:
    cases = load_vectors(path)
    assert cases
    for case in cases:
        counts[check_serialise_case(case)] += 1


def test_print_vector_counts(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs every vector once more, counting by outcome, and prints the counts."""
    local: Counter[str] = Counter()
    for path in PARSE_FILES:
        for case in load_vectors(path):
            local[check_parse_case(case)] += 1
    for path in SERIALISE_FILES:
        for case in load_vectors(path):
            local[check_serialise_case(case)] += 1
    total = sum(local.values())
    files = len(PARSE_FILES) + len(SERIALISE_FILES)
    with capsys.disabled():
        summary = ", ".join(f"{n} {what}" for what, n in sorted(local.items()))
        print(f"\nstructured-field-tests: {total} cases in {files} files passed: {summary}")
    assert local["must_fail"] > 0 and local["parsed and canonical"] > 0
    assert local["serialised"] > 0 and local["serialisation must_fail"] > 0
