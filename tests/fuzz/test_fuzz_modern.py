"""Fuzzing the modern headers' grammars (Link, Server-Timing, Content-Disposition, HSTS, ...).

Properties, each over generated input:
- every reader returns a value without raising, that value prints without raising, and what it
  prints reads back as the same value (the canonical form is a fixed point);
- any str written to a modern attribute is refused (response unchanged) or stored in a form that
  reads back as the value that was written;
- values built through the typed API round-trip through the header text exactly (any Unicode
  filename, link parameters, metrics);
- ``etag`` agrees with ``get_etag()`` on any header text.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from genresp import Response
from genresp.datastructures.content_disposition import ContentDisposition
from genresp.datastructures.entity_tag import EntityTag
from genresp.datastructures.link import Link, Links
from genresp.datastructures.server_timing import ServerTimingMetric
from tests.fuzz._profiles import fuzz_settings
from tests.test_modern_headers import MODERN_ATTRS, MODERN_READERS
from tests.test_parsers_never_raise import junk_text

fuzz = fuzz_settings()
TOKEN_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
CONTROL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

tokens = st.from_regex(TOKEN_RE, fullmatch=True)
ascii_text = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12)
# Pieces of the grammars under test, so generated text reaches past the first checks.
GRAMMAR = ["<", ">", "</a>", ";", ",", "=", '"', "\\", " ", "rel=", "dur=", "desc=", "max-age=",
           "filename=", "filename*=", "UTF-8''", "%C3%A9", "%ff", "W/", "*", "null",
           "https://a.example", "attachment", "includeSubDomains", "1", "1.5", "é", "\r\n", "\x00"]  # fmt: skip
grammar_text = st.one_of(
    junk_text, st.lists(st.sampled_from(GRAMMAR + ["a", "b"]), max_size=25).map("".join)
)


def _text(value: Any) -> str:
    to_header = getattr(value, "to_header", None)
    return str(value.value) if to_header is None and hasattr(value, "value") else str(value)


@pytest.mark.parametrize("name", sorted(MODERN_READERS))
@fuzz
@given(value=grammar_text)
def test_reader_never_raises_and_prints_a_fixed_point(name: str, value: str) -> None:
    reader = MODERN_READERS[name]
    parsed = reader(value)
    to_header = getattr(parsed, "to_header", None)
    if to_header is None:
        return
    text = to_header()
    assert CONTROL_RE.search(text) is None
    assert reader(text).to_header() == text


@pytest.mark.parametrize("attr", MODERN_ATTRS)
@fuzz
@given(value=grammar_text)
def test_written_str_is_refused_or_reads_back(attr: str, value: str) -> None:
    resp = Response(headers={"X-Before": "1"})
    before = list(resp.headers.items())
    try:
        setattr(resp, attr, value)
    except (ValueError, TypeError):
        assert list(resp.headers.items()) == before
        return
    for _, stored in resp.headers.items():
        assert CONTROL_RE.search(stored) is None
    field = getattr(type(resp), attr).field
    stored_text = resp.headers.get(field)
    if stored_text is None:
        return
    # What was stored is canonical: writing it again stores the same text.
    again = Response()
    setattr(again, attr, stored_text)
    assert again.headers.get(field) == stored_text


printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf", "Co", "Cn")),
    min_size=1,
    max_size=20,
).filter(str.isprintable)


@fuzz
@given(filename=printable, inline=st.booleans())
def test_any_printable_filename_round_trips(filename: str, inline: bool) -> None:
    resp = Response()
    resp.content_disposition = ContentDisposition("inline" if inline else "attachment", filename)
    header = resp.headers["Content-Disposition"]
    assert header.isascii()  # filename* carries the rest (RFC 8187)
    fresh = Response(headers={"Content-Disposition": header})
    assert fresh.content_disposition.filename == filename
    assert fresh.content_disposition.type == ("inline" if inline else "attachment")


hrefs = st.from_regex(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]{0,20}", fullmatch=True)
param_values = st.one_of(st.none(), tokens, ascii_text, printable)
rels = st.lists(st.from_regex(r"[a-z][a-z0-9.\-]{0,8}", fullmatch=True), min_size=1, max_size=3)


@fuzz
@given(
    links=st.lists(
        st.tuples(
            hrefs,
            st.one_of(st.none(), rels.map(" ".join)),
            st.lists(
                st.tuples(tokens.map(str.lower), param_values), max_size=3, unique_by=lambda p: p[0]
            ),
        ),
        max_size=4,
    )
)
def test_links_round_trip(links: list[tuple[str, str | None, list[tuple[str, Any]]]]) -> None:
    assume(
        all(name not in ("rel",) and not name.endswith("*") for _, _, p in links for name, _ in p)
    )
    built = Links([Link(href, rel, params) for href, rel, params in links])
    resp = Response()
    resp.link = built
    if not links:
        assert "Link" not in resp.headers
        return
    read = Response(headers={"Link": resp.headers["Link"]}).link
    assert [(link.href, link.rel) for link in read] == [(h, r) for h, r, _ in links]
    for link, (_, _, params) in zip(read, links, strict=True):
        for name, value in params:
            assert link.get(name) == value


@fuzz
@given(
    metrics=st.lists(
        st.tuples(
            tokens,
            st.one_of(st.none(), st.integers(0, 10**9).map(lambda n: n / 1000)),
            st.one_of(st.none(), ascii_text),
        ),
        max_size=5,
    )
)
def test_server_timing_round_trips(metrics: list[tuple[str, float | None, str | None]]) -> None:
    resp = Response()
    for name, dur, desc in metrics:
        resp.server_timing.add(name, dur, desc)
    raw = resp.headers.get("Server-Timing")
    read = list(Response(headers={"Server-Timing": raw}).server_timing) if raw else []
    assert read == [ServerTimingMetric(n, d, s) for n, d, s in metrics]


@fuzz
@given(raw=grammar_text)
def test_etag_agrees_with_get_etag(raw: str) -> None:
    try:
        resp = Response(headers={"ETag": raw})
    except ValueError:
        return  # not a value any header may hold
    etag = resp.etag
    if etag:
        assert (etag.tag, etag.weak) == resp.get_etag()
    else:
        assert resp.get_etag() == (None, None) or '"' in (resp.get_etag()[0] or "")


@fuzz
@given(tag=st.one_of(junk_text, tokens), weak=st.booleans())
def test_etag_and_set_etag_accept_and_write_alike(tag: str, weak: bool) -> None:
    by_method, by_attr = Response(), Response()
    try:
        by_method.set_etag(tag, weak)
    except ValueError:
        with pytest.raises(ValueError):
            by_attr.etag = EntityTag(tag, weak)
        return
    by_attr.etag = EntityTag(tag, weak)
    assert by_attr.headers["ETag"] == by_method.headers["ETag"]
    assert by_method.etag == EntityTag(tag, weak)
