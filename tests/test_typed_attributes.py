"""Every kind of generated attribute: get, set, del, None, malformed input and write-back."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from werkzeug.wrappers import Response as WResponse

from genresp import Response
from genresp._generated.headers import FIELDS, AgeHeader
from genresp.datastructures.cache_control import ResponseCacheControl
from genresp.datastructures.content_range import ContentRange
from genresp.datastructures.enums import COEP, COOP
from genresp.datastructures.header_set import HeaderSet
from genresp.datastructures.www_authenticate import WWWAuthenticate

UTC = timezone.utc


def fresh(**headers: str) -> Response:
    r = Response()
    for name, value in headers.items():
        r.headers.set(name.replace("_", "-"), value)
    return r


def test_class_access_gives_descriptor_with_spec_docstring() -> None:
    assert isinstance(Response.age, AgeHeader)
    assert Response.age.__doc__ is not None and "RFC 9111, section 5.1" in Response.age.__doc__
    for attr in FIELDS:
        assert getattr(Response, attr).__doc__, attr


# -- string -----------------------------------------------------------------------------------


def test_string_kind() -> None:
    r = Response()
    assert r.location is None
    r.location = "/next"
    assert r.headers["Location"] == "/next" and r.location == "/next"
    r.location = None
    assert "location" not in r.headers
    r.content_encoding = "gzip"
    del r.content_encoding
    assert r.content_encoding is None
    del r.content_encoding  # deleting a missing header is fine
    with pytest.raises(TypeError, match="Location"):
        r.location = 42  # type: ignore[assignment]
    with pytest.raises(ValueError, match="Location"):
        r.location = "/a\r\nSet-Cookie: evil=1"
    assert "location" not in r.headers


# -- int --------------------------------------------------------------------------------------


def test_int_kind() -> None:
    r = Response()
    r.content_length = 10
    assert r.headers["Content-Length"] == "10" and r.content_length == 10
    r.access_control_max_age = 600
    assert r.access_control_max_age == 600
    for raw in ("abc", "-1", "1.5", "", "\xb2"):  # "²" is a digit to str.isdigit, not to HTTP
        r.headers["Content-Length"] = raw
        assert r.content_length is None, raw
    r.headers["Content-Length"] = " 42 "
    assert r.content_length == 42
    r.content_length = 7
    with pytest.raises(ValueError, match="Content-Length"):
        r.content_length = -1
    with pytest.raises(TypeError, match="Content-Length"):
        r.content_length = True
    with pytest.raises(TypeError, match="Content-Length"):
        r.content_length = 1.5  # type: ignore[assignment]
    assert r.content_length == 7
    r.content_length = None
    assert "content-length" not in r.headers


# -- bool -------------------------------------------------------------------------------------


def test_bool_kind() -> None:
    r = Response()
    assert r.access_control_allow_credentials is False
    r.access_control_allow_credentials = True
    assert r.headers["Access-Control-Allow-Credentials"] == "true"
    assert r.access_control_allow_credentials is True
    r.access_control_allow_credentials = False
    assert "access-control-allow-credentials" not in r.headers
    r.headers["Access-Control-Allow-Credentials"] = "yes"
    assert r.access_control_allow_credentials is False
    with pytest.raises(TypeError, match="Access-Control-Allow-Credentials"):
        r.access_control_allow_credentials = "true"  # type: ignore[assignment]


# -- date -------------------------------------------------------------------------------------


def test_date_kind() -> None:
    r = Response()
    assert r.date is None and r.expires is None
    r.last_modified = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    assert r.headers["Last-Modified"] == "Wed, 01 May 2024 12:30:00 GMT"
    assert r.last_modified == datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    r.expires = 0
    assert r.headers["Expires"] == "Thu, 01 Jan 1970 00:00:00 GMT"
    r.date = date(2020, 2, 29)
    assert r.headers["Date"] == "Sat, 29 Feb 2020 00:00:00 GMT"
    r.date = datetime(2020, 1, 1, 0, 0)  # naive means UTC
    assert r.date == datetime(2020, 1, 1, tzinfo=UTC)
    r.date = "Sun, 06 Nov 1994 08:49:37 GMT"
    assert r.date == datetime(1994, 11, 6, 8, 49, 37, tzinfo=UTC)
    r.headers["Expires"] = "not a date"
    assert r.expires is None
    with pytest.raises(ValueError, match="Date"):
        r.date = "yesterday"
    with pytest.raises(TypeError, match="Date"):
        r.date = [1]  # type: ignore[assignment]
    r.date = None
    assert "date" not in r.headers  # None removes; it never writes the current time


def test_retry_after() -> None:
    r = Response()
    r.retry_after = 120
    assert r.headers["Retry-After"] == "120"
    assert r.retry_after is not None
    delta = r.retry_after - datetime.now(UTC)
    assert timedelta(seconds=110) < delta <= timedelta(seconds=120)
    r.retry_after = datetime(2030, 1, 1, tzinfo=UTC)
    assert r.headers["Retry-After"] == "Tue, 01 Jan 2030 00:00:00 GMT"
    r.retry_after = timedelta(minutes=2)
    assert r.headers["Retry-After"] == "120"
    r.headers["Retry-After"] = "soon"
    assert r.retry_after is None
    r.headers["Retry-After"] = "9" * 30
    assert r.retry_after is None
    with pytest.raises(ValueError, match="Retry-After"):
        r.retry_after = -5


# -- timedelta --------------------------------------------------------------------------------


def test_timedelta_kind() -> None:
    r = Response()
    r.age = 3600
    assert r.headers["Age"] == "3600" and r.age == timedelta(hours=1)
    r.age = timedelta(minutes=2)
    assert r.headers["Age"] == "120"
    r.headers["Age"] = "-3"
    assert r.age is None
    r.headers["Age"] = "soon"
    assert r.age is None
    with pytest.raises(ValueError, match="Age"):
        r.age = -1
    r.age = "60"  # type: ignore[assignment]  # digits are accepted, as in Werkzeug
    assert r.headers["Age"] == "60"
    with pytest.raises(ValueError, match="Age"):
        r.age = "soon"  # type: ignore[assignment]
    with pytest.raises(TypeError, match="Age"):
        r.age = 1.5  # type: ignore[assignment]
    assert r.headers["Age"] == "60"
    del r.age
    assert r.age is None


# -- header_set -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "attr",
    [a for a, (_, kind) in FIELDS.items() if kind == "header_set"],
)
def test_header_set_kind(attr: str) -> None:
    r = Response()
    field = FIELDS[attr][0]
    value = getattr(r, attr)
    assert isinstance(value, HeaderSet) and len(value) == 0
    value.add("Alpha")
    assert r.headers[field] == "Alpha"
    getattr(r, attr).add("Beta")
    assert r.headers[field] == "Alpha, Beta"
    getattr(r, attr).discard("alpha")
    assert r.headers[field] == "Beta"
    setattr(r, attr, ["One", "Two"])
    assert r.headers[field] == "One, Two"
    setattr(r, attr, "Raw, Text")
    assert list(getattr(r, attr)) == ["Raw", "Text"]
    setattr(r, attr, [])
    assert field.lower() not in r.headers
    getattr(r, attr).add("x")
    getattr(r, attr).clear()
    assert field.lower() not in r.headers
    with pytest.raises(ValueError, match=field):
        setattr(r, attr, ["ok", "bad\r\nX: y"])
    with pytest.raises(ValueError):
        getattr(r, attr).add("bad\nvalue")
    assert field.lower() not in r.headers


# -- enum -------------------------------------------------------------------------------------


def test_enum_kind() -> None:
    r = Response()
    assert r.cross_origin_opener_policy is COOP.UNSAFE_NONE
    assert r.cross_origin_embedder_policy is COEP.UNSAFE_NONE
    r.cross_origin_opener_policy = COOP.SAME_ORIGIN
    assert r.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    r.cross_origin_embedder_policy = "require-corp"  # type: ignore[assignment]
    assert r.cross_origin_embedder_policy is COEP.REQUIRE_CORP
    r.headers["Cross-Origin-Opener-Policy"] = "nonsense"
    assert r.cross_origin_opener_policy is COOP.UNSAFE_NONE
    with pytest.raises(ValueError, match="Cross-Origin-Opener-Policy"):
        r.cross_origin_opener_policy = "sometimes"  # type: ignore[assignment]
    r.cross_origin_opener_policy = None
    assert "cross-origin-opener-policy" not in r.headers


# -- structured -------------------------------------------------------------------------------


def test_cache_control_write_back() -> None:
    r = Response()
    cc = r.cache_control
    assert isinstance(cc, ResponseCacheControl)
    assert "cache-control" not in r.headers
    cc.max_age = 60
    cc.public = True
    assert r.headers["Cache-Control"] in ("max-age=60, public", "public, max-age=60")
    r.cache_control.no_store = True
    assert "no-store" in r.headers["Cache-Control"]
    r.headers["Cache-Control"] = "max-age=abc, =, ,,"
    assert r.cache_control.max_age is None
    r.cache_control = "no-cache"  # type: ignore[assignment]
    assert r.cache_control.no_cache
    r.cache_control = None  # type: ignore[assignment]
    assert "cache-control" not in r.headers


def test_csp_write_back() -> None:
    r = Response()
    r.content_security_policy.default_src = "'self'"
    r.content_security_policy.img_src = "*"
    assert r.headers["Content-Security-Policy"] == "default-src 'self'; img-src *"
    r.content_security_policy_report_only.script_src = "'none'"
    assert r.headers["Content-Security-Policy-Report-Only"] == "script-src 'none'"
    with pytest.raises(ValueError):
        r.content_security_policy.script_src = "'self'\r\nX-Evil: 1"
    assert r.headers["Content-Security-Policy"] == "default-src 'self'; img-src *"


def test_content_range_write_back() -> None:
    r = Response()
    cr = r.content_range
    assert isinstance(cr, ContentRange) and cr.units is None
    cr.set(0, 10, 100)
    assert r.headers["Content-Range"] == "bytes 0-9/100"
    r.content_range = "bytes 5-9/*"  # type: ignore[assignment]
    assert (r.content_range.start, r.content_range.stop, r.content_range.length) == (5, 10, None)
    r.headers["Content-Range"] = "bytes 9-5/3"
    assert r.content_range.units is None
    r.content_range = None  # type: ignore[assignment]
    assert "content-range" not in r.headers


def test_www_authenticate() -> None:
    r = Response()
    assert isinstance(r.www_authenticate, WWWAuthenticate)
    assert "www-authenticate" not in r.headers
    r.www_authenticate = WWWAuthenticate("basic", {"realm": "Login Required"})
    assert r.headers["WWW-Authenticate"] == 'Basic realm="Login Required"'
    r.www_authenticate.parameters["realm"] = "Elsewhere"
    assert r.headers["WWW-Authenticate"] in ('Basic realm="Elsewhere"', "Basic realm=Elsewhere")
    assert r.www_authenticate.parameters == {"realm": "Elsewhere"}
    r.www_authenticate = [WWWAuthenticate("basic"), WWWAuthenticate("bearer", token="abc")]
    assert r.headers.getlist("WWW-Authenticate") == ["Basic", "Bearer abc"]
    del r.www_authenticate
    assert "www-authenticate" not in r.headers


def test_deliberate_differences_from_werkzeug() -> None:
    """Documented in docs/differences.md: we follow the grammar where Werkzeug accepts anything."""
    r = Response()
    r.headers["Content-Length"] = "-1"  # Werkzeug: -1; RFC 9110 8.6 allows only 1*DIGIT
    assert r.content_length is None
    for raw in ("false", "TRUE", ""):  # Werkzeug: True whenever present; Fetch: only "true" counts
        r.headers["Access-Control-Allow-Credentials"] = raw
        assert r.access_control_allow_credentials is False


# -- against the reference ---------------------------------------------------------------------

RAW = [
    ("Content-Length", ["0", "12", "x", "", " 7"]),
    ("Access-Control-Max-Age", ["600", "1e3"]),
    ("Age", ["0", "10", "-10", "ten"]),
    (
        "Date",
        [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "junk",
        ],
    ),
    ("Last-Modified", ["Sun, 06 Nov 1994 08:49:37 GMT", ""]),
    ("Location", ["/x", "https://example.com/ä"]),
    ("Vary", ["Accept, Cookie", "*", "", ' "quoted, thing" , x']),
    ("Access-Control-Allow-Credentials", ["true"]),
]
_ATTR_OF = {field.lower(): attr for attr, (field, _) in FIELDS.items()}


@pytest.mark.parametrize(("field", "raw"), [(f, v) for f, vs in RAW for v in vs])
def test_reads_match_werkzeug(field: str, raw: str) -> None:
    attr = _ATTR_OF[field.lower()]
    ours, theirs = Response(), WResponse()
    ours.headers[field] = raw
    theirs.headers[field] = raw
    mine, ref = getattr(ours, attr), getattr(theirs, attr)
    if isinstance(mine, HeaderSet):
        assert list(mine) == list(ref)
    else:
        assert mine == ref


# -- remembered structured values ----------------------------------------------------------------


def test_structured_reads_are_remembered_until_the_header_changes() -> None:
    r = Response()
    r.headers["Cache-Control"] = "max-age=10"
    first = r.cache_control
    assert r.cache_control is first  # not parsed again
    first.max_age = 20
    assert r.headers["Cache-Control"] == "max-age=20"
    # A write stores a new pair: the next read parses what was written.
    assert r.cache_control.max_age == 20
    assert r.cache_control is r.cache_control
    # Any other write to the header is seen at once, even with the same text.
    current = r.cache_control
    r.headers["Cache-Control"] = "max-age=20"
    assert r.cache_control is not current
    r.headers["Cache-Control"] = "no-store"
    assert r.cache_control.no_store and r.cache_control.max_age is None
    del r.headers["Cache-Control"]
    assert not r.cache_control.no_store
    vary = r.vary
    vary.add("Accept")
    r.headers.set("Vary", "Cookie")
    assert list(r.vary) == ["Cookie"]
    r.headers.clear()
    assert list(r.vary) == []


def test_remembered_values_make_no_reference_cycle() -> None:
    import gc
    import weakref

    r = Response()
    r.cache_control.max_age = 5
    r.vary.add("Accept")
    assert r.cache_control.max_age == 5
    ref = weakref.ref(r)
    gc.disable()
    try:
        del r
        assert ref() is None  # freed by reference counting alone
    finally:
        gc.enable()


def test_failed_write_back_leaves_the_header_and_the_next_read_parses_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    r = Response()
    r.headers["Cache-Control"] = "max-age=10"
    cc = r.cache_control
    monkeypatch.setattr(ResponseCacheControl, "to_header", lambda self: "max-age=1\r\nX: y")
    cc.max_age = 30  # rendered when the header is next needed (issue 14): the read raises
    with pytest.raises(ValueError, match="Cache-Control"):
        r.headers.get("Cache-Control")
    monkeypatch.undo()
    assert r.headers["Cache-Control"] == "max-age=10"
    # The object diverged from the header: the next read parses the header again.
    assert r.cache_control is not cc
    assert r.cache_control.max_age == 10


def test_values_follow_a_replaced_headers_object() -> None:
    r = Response()
    r.headers["Vary"] = "a"
    r.headers["Cache-Control"] = "max-age=1"
    assert list(r.vary) == ["a"] and r.cache_control.max_age == 1  # remembered for these Headers
    r.headers = r.headers.copy()  # the copy shares the stored pairs
    r.vary.add("b")
    r.cache_control.no_store = True
    assert r.headers["Vary"] == "a, b"
    assert "no-store" in r.headers["Cache-Control"]


def test_a_response_pickles_after_its_structured_values_were_read() -> None:
    import pickle

    r = Response("body")
    r.headers["Cache-Control"] = "max-age=1"
    r.headers["Vary"] = "Accept"
    for attr, (_, kind) in FIELDS.items():
        if kind in ("header_set", "structured"):
            getattr(r, attr)
    r.freeze()
    copy = pickle.loads(pickle.dumps(r))
    assert copy.headers == r.headers
    assert copy.get_data() == b"body"
    copy.vary.add("Cookie")
    assert copy.headers["Vary"] == "Accept, Cookie"
    assert r.headers["Vary"] == "Accept"
