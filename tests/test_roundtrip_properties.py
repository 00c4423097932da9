"""parse(dump(x)) == x, for every kind of typed attribute and every codec pair of genresp.http.

Attributes come from the generated ``FIELDS`` table, so a header added to the spec is covered here
without editing this file; a kind without a strategy below fails loudly.
"""

from __future__ import annotations

import string
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genresp import Response, http
from genresp._generated.headers import FIELDS
from genresp.datastructures.cache_control import ResponseCacheControl
from genresp.datastructures.content_range import ContentRange
from genresp.datastructures.csp import ContentSecurityPolicy
from genresp.datastructures.etags import Range
from genresp.datastructures.header_set import HeaderSet
from genresp.datastructures.www_authenticate import WWWAuthenticate

# -- building blocks -------------------------------------------------------------------------------

TCHARS = "!#$%&'*+-.^_`|~" + string.digits + string.ascii_letters
tokens = st.text(alphabet=TCHARS, min_size=1, max_size=20)
lower_tokens = tokens.map(str.lower)
# Parameter and directive names: tokens without "*", which marks RFC 8187 / RFC 2231 extended
# parameters ("name*=utf-8''...", "name*0=") and so is syntax, not part of a plain name.
names = st.text(alphabet=TCHARS.replace("*", ""), min_size=1, max_size=20).map(str.lower)
# Field-value text: visible ASCII, space, tab and obs-text (Latin-1 high half), no controls.
field_chars = st.characters(
    codec="latin-1", exclude_categories=("Cc",), include_characters="\t", exclude_characters="\x7f"
)
field_text = st.text(alphabet=field_chars, max_size=40)
# The same, without whitespace at either end (list items and parameters are trimmed: OWS).
trimmed_text = field_text.map(lambda s: s.strip(" \t"))
nonempty_trimmed = trimmed_text.filter(bool)
utc_datetimes = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)
).map(lambda d: d.replace(microsecond=0, tzinfo=timezone.utc))
seconds = st.integers(min_value=0, max_value=10**10)


def unique_ci(items: list[str]) -> list[str]:
    """Drop case-insensitive duplicates, keeping the first spelling (what a HeaderSet does)."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out


header_set_items = st.lists(nonempty_trimmed, max_size=8).map(unique_ci)

# -- every typed attribute ---------------------------------------------------------------------------


def _structured_strategy(attr: str) -> st.SearchStrategy[Any]:
    current = getattr(Response(), attr)
    if isinstance(current, ResponseCacheControl):
        directive_value = st.one_of(st.none(), tokens, nonempty_trimmed)
        return st.dictionaries(names, directive_value, max_size=6).map(
            lambda d: ResponseCacheControl(d)
        )
    if isinstance(current, ContentSecurityPolicy):
        csp_names = st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1)
        values = trimmed_text.filter(lambda v: ";" not in v and "," not in v)
        return st.dictionaries(csp_names, values, min_size=1, max_size=6).map(ContentSecurityPolicy)
    if isinstance(current, ContentRange):
        return st.builds(
            lambda units, start, size, extra, known: ContentRange(
                units, start, start + size, start + size + extra if known else None
            ),
            lower_tokens,
            st.integers(0, 10**12),
            st.integers(1, 10**12),
            st.integers(0, 10**12),
            st.booleans(),
        )
    if isinstance(current, WWWAuthenticate):
        params = st.dictionaries(names, trimmed_text, min_size=1, max_size=5)
        return st.builds(WWWAuthenticate, lower_tokens, params)
    modern = _modern_strategy(current)
    if modern is not None:
        return modern
    pytest.fail(f"no round-trip strategy for {attr} ({type(current).__name__})")


def _modern_strategy(current: Any) -> st.SearchStrategy[Any] | None:
    """The issue 12 value types with their own grammars: values each type accepts."""
    from genresp.datastructures import (
        content_disposition,
        entity_tag,
        hsts,
        link,
        server_timing,
        value_lists,
    )

    if isinstance(current, value_lists.ClearSiteData):
        kinds = st.sampled_from(["cache", "cookies", "storage", "executionContexts", "*"])
        return st.lists(kinds, unique=True, max_size=5).map(value_lists.ClearSiteData)
    if isinstance(current, value_lists.TimingAllowOrigin):
        origins = st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=12).map(
            lambda host: f"https://{host}.example"
        )
        return st.lists(origins, unique=True, max_size=4).map(value_lists.TimingAllowOrigin)
    if isinstance(current, content_disposition.ContentDisposition):
        filenames = st.text(
            alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FFF, categories=["L", "N"]),
            min_size=1,
            max_size=20,
        )
        return st.builds(
            content_disposition.ContentDisposition,
            st.sampled_from(["inline", "attachment"]),
            st.one_of(st.none(), filenames),
        )
    if isinstance(current, entity_tag.EntityTag):
        etagc = st.text(alphabet=string.ascii_letters + string.digits + "-._~", max_size=20)
        return st.builds(entity_tag.EntityTag, etagc, st.booleans())
    if isinstance(current, hsts.StrictTransportSecurity):
        return st.builds(
            hsts.StrictTransportSecurity, st.integers(0, 10**9), st.booleans(), st.booleans()
        )
    if isinstance(current, link.Links):
        paths = st.text(alphabet=string.ascii_lowercase + "/", max_size=15)
        one = st.builds(
            lambda path, rel: link.Link("https://example.com/" + path, rel),
            paths,
            st.text(alphabet=string.ascii_lowercase + "-", min_size=1, max_size=12),
        )
        return st.lists(one, max_size=4).map(link.Links)
    if isinstance(current, server_timing.ServerTiming):
        metric = st.builds(
            server_timing.ServerTimingMetric,
            tokens,
            st.one_of(st.none(), st.integers(0, 10**6).map(float)),
            st.one_of(st.none(), st.text(alphabet=string.ascii_letters + ' "\\;,=', min_size=1)),
        )
        return st.lists(metric, max_size=4).map(server_timing.ServerTiming)
    return None


def _sf_strategy(attr: str, kind: str) -> st.SearchStrategy[Any]:
    """sf: any RFC 9651 List or Dictionary read into the attribute's value class (declared members
    typed, the rest kept), or a value of an Item's type."""
    from genresp import sf
    from tests.sf_strategies import values as sf_values

    if kind == "sf_item":
        item_types: dict[str, st.SearchStrategy[Any]] = {
            "Deprecation": utc_datetimes.map(lambda d: d.replace(microsecond=0)),
            "Origin-Agent-Cluster": st.booleans(),
        }
        return item_types[FIELDS[attr][0]]
    cls = type(getattr(Response(), attr))
    if kind == "sf_list":
        return sf_values["list"].map(lambda v: cls.from_header(sf.serialize_list(v)))
    return sf_values["dictionary"].map(lambda v: cls.from_header(sf.serialize_dictionary(v)))


def strategy_for(attr: str) -> st.SearchStrategy[Any]:
    kind = FIELDS[attr][1]
    if kind == "string":
        return nonempty_trimmed
    if kind == "int":
        return st.integers(min_value=0, max_value=2**63 - 1)
    if kind == "bool":
        return st.booleans()
    if kind == "date":
        return utc_datetimes
    if kind == "timedelta":
        return seconds.map(lambda s: timedelta(seconds=s))
    if kind == "enum":
        enum_type = type(getattr(Response(), attr))
        assert issubclass(enum_type, Enum)
        return st.sampled_from(list(enum_type))
    if kind == "header_set":
        return header_set_items.filter(bool)
    if kind == "structured":
        return _structured_strategy(attr)
    if kind.startswith("sf_"):
        return _sf_strategy(attr, kind)
    pytest.fail(f"no round-trip strategy for the attribute kind {kind!r}: add one")


def comparable(value: Any) -> Any:
    """Structured values compare by their content."""
    if isinstance(value, HeaderSet):
        return list(value)
    if isinstance(value, ContentRange):
        return (value.units, value.start, value.stop, value.length)
    if isinstance(value, WWWAuthenticate):
        return (value.type, dict(value.parameters), value.token)
    if isinstance(value, dict):
        return dict(value)
    return value


@pytest.mark.parametrize("attr", sorted(FIELDS))
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(data=st.data())
def test_typed_attribute_round_trips(attr: str, data: st.DataObject) -> None:
    value = data.draw(strategy_for(attr), label=attr)
    resp = Response()
    setattr(resp, attr, value)
    if attr == "content_type":
        # Setting content_type stores the text as given; mimetype_params etc. derive from it.
        assert resp.headers["Content-Type"] == value
    assert comparable(getattr(resp, attr)) == comparable(value)
    # And a second response built from the first one's raw header reads the same value.
    field = FIELDS[attr][0]
    raw = resp.headers.get(field)
    other = Response()
    if raw is not None:
        other.headers[field] = raw
    assert comparable(getattr(other, attr)) == comparable(value)


# -- the codec pairs of genresp.http -------------------------------------------------------------------


@given(items=st.lists(nonempty_trimmed, max_size=8))
def test_list_header(items: list[str]) -> None:
    assert http.parse_list_header(http.dump_header(items)) == items


@given(items=st.dictionaries(names, st.one_of(st.none(), trimmed_text), max_size=8))
def test_dict_header(items: dict[str, str | None]) -> None:
    assert http.parse_dict_header(http.dump_header(items)) == items


@given(
    value=st.text(alphabet=TCHARS + "/", min_size=1, max_size=30),
    options=st.dictionaries(names, trimmed_text, max_size=6),
)
def test_options_header(value: str, options: dict[str, str]) -> None:
    assert http.parse_options_header(http.dump_options_header(value, options)) == (value, options)


@given(items=header_set_items)
def test_set_header(items: list[str]) -> None:
    assert list(http.parse_set_header(HeaderSet(items).to_header())) == items


@given(value=field_text)
def test_quote_header_value(value: str) -> None:
    assert http.unquote_header_value(http.quote_header_value(value)) == value


@given(moment=utc_datetimes)
def test_http_date(moment: datetime) -> None:
    assert http.parse_date(http.http_date(moment)) == moment


@given(moment=utc_datetimes, offset=st.integers(-23 * 60, 23 * 60))
def test_http_date_from_other_zones(moment: datetime, offset: int) -> None:
    """An aware datetime in any zone is written as the same instant in GMT."""
    local = moment.astimezone(timezone(timedelta(minutes=offset)))
    try:
        text = http.http_date(local)
    except (OverflowError, ValueError):
        return  # the instant cannot be written in that zone's year range
    assert http.parse_date(text) == moment


@given(age=seconds)
def test_age(age: int) -> None:
    assert http.parse_age(http.dump_age(age)) == timedelta(seconds=age)
    assert http.parse_age(http.dump_age(timedelta(seconds=age))) == timedelta(seconds=age)


etag_text = st.text(
    # etagc in what genresp sends: Latin-1 without DEL and the C1 controls (issue 10 s3).
    alphabet=st.characters(codec="latin-1", min_codepoint=0x21, exclude_characters='"\x7f').filter(
        lambda c: not "\x80" <= c <= "\x9f"
    ),
    max_size=30,
)


@given(tag=etag_text, weak=st.booleans())
def test_etag(tag: str, weak: bool) -> None:
    assert http.unquote_etag(http.quote_etag(tag, weak)) == (tag, weak)


@given(
    strong=st.lists(etag_text.filter(lambda t: "," not in t), max_size=5),
    weak=st.lists(etag_text.filter(lambda t: "," not in t), max_size=5),
)
def test_etags(strong: list[str], weak: list[str]) -> None:
    text = ", ".join(
        [http.quote_etag(t) for t in strong] + [http.quote_etag(t, True) for t in weak]
    )
    etags = http.parse_etags(text)
    for tag in strong:
        assert etags.contains(tag)
    for tag in weak:
        assert etags.contains_weak(tag)


@given(
    units=lower_tokens,
    bounds=st.lists(st.integers(0, 10**15), min_size=2, max_size=12, unique=True).map(sorted),
)
def test_range(units: str, bounds: list[int]) -> None:
    pairs = list(zip(bounds[::2], bounds[1::2], strict=False))
    ranges: list[tuple[int, int | None]] = [(start, stop) for start, stop in pairs]
    parsed = http.parse_range_header(Range(units, ranges).to_header())
    assert parsed is not None
    assert (parsed.units, parsed.ranges) == (units, ranges)


@given(value=_structured_strategy("cache_control"))
def test_cache_control(value: ResponseCacheControl) -> None:
    assert dict(http.parse_cache_control_header(value.to_header())) == dict(value)


@given(value=_structured_strategy("content_security_policy"))
def test_csp(value: ContentSecurityPolicy) -> None:
    assert dict(http.parse_csp_header(value.to_header())) == dict(value)


@given(value=_structured_strategy("content_range"))
def test_content_range(value: ContentRange) -> None:
    parsed = http.parse_content_range_header(value.to_header())
    assert parsed is not None
    assert comparable(parsed) == comparable(value)


@given(value=_structured_strategy("www_authenticate"))
def test_www_authenticate(value: WWWAuthenticate) -> None:
    parsed = WWWAuthenticate.from_header(value.to_header())
    assert parsed is not None
    assert comparable(parsed) == comparable(value)


@given(scheme=lower_tokens, token=st.from_regex(r"[A-Za-z0-9\-._~+/]+=*", fullmatch=True))
def test_www_authenticate_token68(scheme: str, token: str) -> None:
    parsed = WWWAuthenticate.from_header(WWWAuthenticate(scheme, token=token).to_header())
    assert parsed is not None
    assert (parsed.type, parsed.token) == (scheme, token)
