"""The shortcuts of make_conditional / resolve_ranges answer exactly as the general code does.

Each fast path (a plain-dict environ read directly, an echoed ETag, the Range results cache, the
once-a-second Date, the sliced single span, set_etag's quoting) is checked against the general path
it stands in for, which the other conditional tests cover against the RFCs.
"""

from __future__ import annotations

import io
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genresp import Response
from genresp._cache import CACHE_MAX
from genresp.exceptions import RequestedRangeNotSatisfiable
from genresp.http import parse_date, quote_etag
from genresp.sansio import conditional, preconditions
from genresp.sansio.conditional import resolve_ranges

BODY = bytes(range(100))

TAGS = ['"v1"', 'W/"v1"', 'w/"v1"', '"v2"', "*", '"v1", "x"', ' "v1"', '""', '"a,b"', "v1", ","]
DATES = [
    "Wed, 21 Oct 2015 07:28:00 GMT",
    "Wed, 21 Oct 2015 07:27:59 GMT",
    "Wed, 21 Oct 2015 07:28:01 GMT",
    "junk",
    "",
]
RANGES = [
    "bytes=0-0",
    "bytes=10-19",
    "bytes=-5",
    "bytes=-0",
    "bytes=5-",
    "bytes=5-4",
    "bytes=100-",
    "bytes=99-150",
    "bytes=0-99999999999999999999",
    "Bytes=1-2",
    "bytes= 1-2",
    "bytes=1-2, 5-9",
    "bytes=",
    "items=1-2",
]
FIELDS = {
    "HTTP_IF_MATCH": TAGS,
    "HTTP_IF_NONE_MATCH": TAGS,
    "HTTP_IF_MODIFIED_SINCE": DATES,
    "HTTP_IF_UNMODIFIED_SINCE": DATES,
    "HTTP_RANGE": RANGES,
    "HTTP_IF_RANGE": TAGS + DATES,
}


def _make(body: str, etag: str | None, last_modified: str | None, status: int) -> Response:
    if body == "bytes":
        resp = Response(BODY, status=status)
    elif body == "chunks":
        resp = Response([BODY[:30], BODY[30:]], status=status)
    elif body == "file":
        resp = Response(io.BytesIO(BODY), status=status)
    else:
        resp = Response(iter([BODY[:30], BODY[30:]]), status=status)
    if etag is not None:
        resp.headers["ETag"] = etag
    if last_modified is not None:
        resp.headers["Last-Modified"] = last_modified
    return resp


def _outcome(resp: Response, request: Any, accept_ranges: Any, length: int | None) -> Any:
    try:
        resp.make_conditional(request, accept_ranges=accept_ranges, complete_length=length)
    except RequestedRangeNotSatisfiable as exc:
        return ("416", exc.length)
    headers = [(k, v) for k, v in resp.headers.items() if k != "Date"]
    headers = [(k, v.split("boundary=")[0]) for k, v in headers]  # the boundary is random
    body = b"".join(resp.iter_encoded())
    if "multipart" in (resp.headers.get("Content-Type") or ""):
        body = len(body)  # type: ignore[assignment]
    return resp.status_code, headers, body


@settings(max_examples=300, deadline=None)
@given(
    fields=st.dictionaries(st.sampled_from(sorted(FIELDS)), st.integers(0, 100)),
    method=st.sampled_from(["GET", "HEAD", "POST", "OPTIONS", "get"]),
    etag=st.sampled_from([None, '"v1"', 'W/"v1"', '"v2"', '""', "v1"]),
    last_modified=st.sampled_from([None, DATES[0], "junk"]),
    status=st.sampled_from([200, 201, 404]),
    accept_ranges=st.sampled_from([False, True, "bytes", "none"]),
    length=st.sampled_from([None, 100, 0]),
    body=st.sampled_from(["bytes", "chunks", "file", "stream"]),
)
def test_plain_environ_answers_as_any_mapping(
    fields: dict[str, int],
    method: str,
    etag: str | None,
    last_modified: str | None,
    status: int,
    accept_ranges: Any,
    length: int | None,
    body: str,
) -> None:
    # A dict environ takes the direct path; a read-only mapping view of it takes the general one.
    environ: dict[str, Any] = {"REQUEST_METHOD": method}
    for key, pick in fields.items():
        environ[key] = FIELDS[key][pick % len(FIELDS[key])]
    fast = _outcome(_make(body, etag, last_modified, status), environ, accept_ranges, length)
    general = _outcome(
        _make(body, etag, last_modified, status),
        MappingProxyType(environ),
        accept_ranges,
        length,
    )
    assert fast == general


@pytest.mark.parametrize(
    ("method", "extra", "expected"),
    [
        ("GET", {}, 304),
        ("HEAD", {}, 304),
        ("POST", {}, 412),
        ("OPTIONS", {}, 200),  # preconditions do not apply (RFC 9110 13.2.1)
        ("GET", {"HTTP_IF_MATCH": '"other"'}, 412),  # If-Match is evaluated first
        ("GET", {"HTTP_IF_UNMODIFIED_SINCE": "Tue, 20 Oct 2015 07:28:00 GMT"}, 412),
    ],
)
@pytest.mark.parametrize("etag", ['"v1"', 'W/"v1"'])
def test_echoed_etag(method: str, extra: dict[str, str], expected: int, etag: str) -> None:
    resp = Response(BODY)
    resp.headers["ETag"] = etag
    resp.headers["Last-Modified"] = "Wed, 21 Oct 2015 07:28:00 GMT"
    resp.make_conditional({"REQUEST_METHOD": method, "HTTP_IF_NONE_MATCH": etag, **extra})
    assert resp.status_code == expected


def test_environ_values_that_are_not_text_are_absent() -> None:
    resp = Response(BODY)
    resp.set_etag("v1")
    resp.make_conditional(
        {"REQUEST_METHOD": "GET", "HTTP_IF_NONE_MATCH": b'"v1"', "HTTP_RANGE": 5},
        accept_ranges=True,
        complete_length=len(BODY),
    )
    assert resp.status_code == 200
    assert resp.get_data() == BODY


digits = st.one_of(st.just(""), st.integers(0, 10**25).map(str), st.just("007"))


@settings(max_examples=400, deadline=None)
@given(first=digits, last=digits, length=st.integers(0, 200))
def test_cached_range_answers_as_the_parse(first: str, last: str, length: int) -> None:
    # A short value is answered from the results cache the second time; a value too long to be
    # cached (padded with empty list members, which change nothing: RFC 9110 5.6.1) is parsed.
    value = f"bytes={first}-{last}"
    expected = resolve_ranges(
        f"bytes= {first}-{last} ," + "," * preconditions._RANGE_TEXT_MAX, length
    )
    assert resolve_ranges(value, length) == expected
    assert resolve_ranges(value, length) == expected  # from the cache


def test_range_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preconditions, "_range_cache", {})
    for n in range(CACHE_MAX + 10):
        assert resolve_ranges(f"bytes={n}-", 1000) == (((n, 1000),) if n < 1000 else ())
    assert 0 < len(preconditions._range_cache) <= CACHE_MAX
    long_value = "bytes=" + ",".join(["1-2"] * 30)
    assert resolve_ranges(long_value, 10) == ((1, 3),)
    assert (long_value, 10) not in preconditions._range_cache


def test_date_follows_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1445412480.75]
    monkeypatch.setattr(conditional, "time", lambda: now[0])
    first = Response(BODY).make_conditional({"REQUEST_METHOD": "GET"})
    assert first.headers["Date"] == "Wed, 21 Oct 2015 07:28:00 GMT"
    now[0] = 1445412480.99
    assert Response().make_conditional({}).headers["Date"] == "Wed, 21 Oct 2015 07:28:00 GMT"
    now[0] = 1445412481.0
    assert Response().make_conditional({}).headers["Date"] == "Wed, 21 Oct 2015 07:28:01 GMT"


def test_date_is_now() -> None:
    from datetime import datetime, timezone

    before = datetime.now(timezone.utc).replace(microsecond=0)
    date = parse_date(Response().make_conditional({}).headers["Date"])
    after = datetime.now(timezone.utc)
    assert date is not None and before <= date <= after


@pytest.mark.parametrize(
    "body",
    [[BODY], (BODY,), [bytearray(BODY)], BODY, [BODY[:7], BODY[7:]], [BODY.decode("latin-1")]],
    ids=["list", "tuple", "bytearray", "bare", "chunks", "str"],
)
def test_single_span_of_memory_body(body: Any) -> None:
    resp = Response()
    resp.response = body
    resp.make_conditional(
        {"REQUEST_METHOD": "GET", "HTTP_RANGE": "bytes=5-14"},
        accept_ranges=True,
        complete_length=len(BODY),
    )
    expected = BODY[5:15]
    if isinstance(body, list) and isinstance(body[0], str):
        expected = BODY.decode("latin-1").encode()[5:15]  # str items are sent as UTF-8
    assert resp.status_code == 206
    assert resp.headers["Content-Range"] == f"bytes 5-14/{len(BODY)}"
    assert resp.headers["Content-Length"] == "10"
    assert b"".join(resp.iter_encoded()) == expected


@pytest.mark.parametrize("tag", ["v1", "", "a b", "é", "a,b"])
@pytest.mark.parametrize("weak", [False, True])
def test_set_etag_quotes_as_quote_etag(tag: str, weak: bool) -> None:
    resp = Response()
    resp.set_etag(tag, weak)
    assert resp.headers["ETag"] == quote_etag(tag, weak)


@pytest.mark.parametrize("tag", ['a"b', "a\nb", "a\x00", "\x85x"])
def test_set_etag_refuses_what_quote_etag_refuses(tag: str) -> None:
    with pytest.raises(ValueError, match="ETag"):
        quote_etag(tag)
    with pytest.raises(ValueError, match="ETag"):
        Response().set_etag(tag)


@pytest.mark.parametrize(
    "field", ['"v1"', 'W/"v1"', '"a", "b"', "*", "v1", ' "v1"', '"a b"', '"a,b"', '""', 'w/"v1"']
)
def test_echoed_field_value_answers_as_the_general_path(field: str) -> None:
    environ = {"REQUEST_METHOD": "GET", "HTTP_IF_NONE_MATCH": field}
    for _ in range(2):  # the same answer the second time
        fast = Response(BODY)
        fast.headers["ETag"] = field
        general = Response(BODY)
        general.headers["ETag"] = field
        assert _outcome(fast, environ, False, None) == _outcome(
            general, MappingProxyType(environ), False, None
        )
