"""The spec covers the header attributes of the reference API, without a test hard-coding the spec's names.

The reference names come from tests/reference/ (a copy of the reference API document and the names it
defines); a header added to the spec beside them keeps these tests green.
"""

from __future__ import annotations

import re

from codegen.loader import load_spec
from codegen.model import KINDS
from genresp import Response
from genresp._generated.headers import GeneratedResponseHeaders

from .conftest import ROOT, SEARCH

REFERENCE = ROOT / "tests" / "reference"


def reference_names() -> list[str]:
    lines = (REFERENCE / "response-names.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def hand_written_members() -> set[str]:
    """What Response gets from its hand-written classes (everything but the generated mixin)."""
    names: set[str] = set()
    for klass in Response.__mro__:
        if klass is not GeneratedResponseHeaders and klass is not object:
            names.update(vars(klass))
    return names


def test_every_listed_name_is_in_the_reference_document() -> None:
    document = (REFERENCE / "flask-response-api.txt").read_text(encoding="utf-8")
    names = reference_names()
    assert len(names) > 60
    for name in names:
        # The document is a text scrape: names may be glued to the words around them.
        assert re.search(rf"{re.escape(name)}(?![a-z_])", document), name


def test_every_reference_name_a_hand_written_class_lacks_is_in_the_spec() -> None:
    spec = load_spec(ROOT / "spec" / "headers.yaml", SEARCH)
    attrs = {h.attr for h in spec.headers}
    from_spec = set(reference_names()) - hand_written_members()
    assert from_spec, "the reference has header attributes"
    assert from_spec <= attrs, sorted(from_spec - attrs)
    # Every kind is exercised by the project's own spec.
    assert {h.kind.name for h in spec.headers} == set(KINDS)


def test_no_spec_attribute_shadows_a_hand_written_member() -> None:
    spec = load_spec(ROOT / "spec" / "headers.yaml", SEARCH)
    assert not {h.attr for h in spec.headers} & hand_written_members()
