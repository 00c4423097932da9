"""Conditional requests: one table row per RFC 9110 rule (section cited), rule-order combinations,
ConditionalMixin behaviour, and differential checks against Werkzeug 2.3 where it is RFC-correct."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.wrappers import Request as WerkzeugRequest
from werkzeug.wrappers import Response as WerkzeugResponse

from genresp import Response
from genresp.exceptions import HTTPException, RequestedRangeNotSatisfiable
from genresp.http import generate_etag, parse_etags, quote_etag, unquote_etag
from genresp.sansio.conditional import (
    Decision,
    environ_header_getter,
    evaluate_conditional,
    evaluate_if_range,
    evaluate_preconditions,
    scope_header_getter,
)
from tests.servers import call_app

LM = "Wed, 21 Oct 2015 07:28:00 GMT"
EARLIER = "Tue, 20 Oct 2015 07:28:00 GMT"
LATER = "Thu, 22 Oct 2015 07:28:00 GMT"
TAG = '"v1"'
WEAK = 'W/"v1"'
BODY = b"0123456789"
# The same instants as EARLIER and LATER in the other forms of RFC 9110 5.6.7, and non-dates.
RFC850_EARLIER = "Tuesday, 20-Oct-15 07:28:00 GMT"
RFC850_LATER = "Thursday, 22-Oct-15 07:28:00 GMT"
ASCTIME_LATER = "Thu Oct 22 07:28:00 2015"
ASCTIME_NOV = "Sun Nov  1 07:28:00 2015"
ASCTIME_BAD = "Sun Nov  0 07:28:00 2015"
LATER_PLUS0 = "Thu, 22 Oct 2015 07:28:00 +0000"
FEB_31 = "Tue, 31 Feb 2015 07:28:00 GMT"


def decide(
    method: str,
    request: Mapping[str, str],
    etag: str | None = TAG,
    last_modified: str | None = LM,
    status: int = 200,
    length: int | None = None,
    ranges: bool = False,
) -> Decision:
    lowered = {k.lower(): v for k, v in request.items()}
    return evaluate_conditional(
        method,
        lowered.get,
        etag,
        last_modified,
        status=status,
        complete_length=length,
        accept_ranges=ranges,
    )


# (id, RFC section, method, request fields, response ETag, response Last-Modified, expected status)
PRECONDITIONS: list[tuple[str, str, str, dict[str, str], str | None, str | None, int]] = [
    # If-Match: strong comparison, 412 on failure
    ("if-match equal", "13.1.1", "GET", {"If-Match": TAG}, TAG, LM, 200),
    ("if-match in list", "13.1.1", "PUT", {"If-Match": '"a", "v1"'}, TAG, LM, 200),
    ("if-match differs", "13.1.1", "GET", {"If-Match": '"v2"'}, TAG, LM, 412),
    ("if-match differs on PUT", "13.1.1", "PUT", {"If-Match": '"v2"'}, TAG, LM, 412),
    ("if-match vs weak etag", "13.1.1/8.8.3.2", "GET", {"If-Match": TAG}, WEAK, LM, 412),
    ("if-match weak tag", "13.1.1/8.8.3.2", "GET", {"If-Match": WEAK}, TAG, LM, 412),
    ("if-match star", "13.1.1", "DELETE", {"If-Match": "*"}, None, None, 200),
    ("if-match without etag", "13.1.1", "GET", {"If-Match": TAG}, None, LM, 412),
    ("if-match empty list is absent", "5.6.1", "GET", {"If-Match": " , "}, TAG, LM, 200),
    # If-Unmodified-Since: 412 when modified after the date; ignored without a usable date
    ("ius before lm", "13.1.4", "GET", {"If-Unmodified-Since": EARLIER}, TAG, LM, 412),
    ("ius before lm on POST", "13.1.4", "POST", {"If-Unmodified-Since": EARLIER}, TAG, LM, 412),
    ("ius equal lm", "13.1.4", "GET", {"If-Unmodified-Since": LM}, TAG, LM, 200),
    ("ius after lm", "13.1.4", "GET", {"If-Unmodified-Since": LATER}, TAG, LM, 200),
    ("ius invalid date", "13.1.4", "GET", {"If-Unmodified-Since": "yesterday"}, TAG, LM, 200),
    ("ius without lm", "13.1.4", "GET", {"If-Unmodified-Since": EARLIER}, TAG, None, 200),
    # If-None-Match: weak comparison, 304 for GET/HEAD, 412 for other methods
    ("inm equal GET", "13.1.2", "GET", {"If-None-Match": TAG}, TAG, LM, 304),
    ("inm equal HEAD", "13.1.2", "HEAD", {"If-None-Match": TAG}, TAG, LM, 304),
    ("inm weak vs strong", "13.1.2/8.8.3.2", "GET", {"If-None-Match": WEAK}, TAG, LM, 304),
    ("inm strong vs weak", "13.1.2/8.8.3.2", "GET", {"If-None-Match": TAG}, WEAK, LM, 304),
    ("inm in list", "13.1.2", "GET", {"If-None-Match": '"a", W/"v1"'}, TAG, LM, 304),
    ("inm differs", "13.1.2", "GET", {"If-None-Match": '"v2"'}, TAG, LM, 200),
    ("inm star GET", "13.1.2", "GET", {"If-None-Match": "*"}, TAG, LM, 304),
    ("inm star PUT", "13.1.2", "PUT", {"If-None-Match": "*"}, None, None, 412),
    ("inm equal POST", "13.1.2", "POST", {"If-None-Match": TAG}, TAG, LM, 412),
    ("inm without etag", "13.1.2", "GET", {"If-None-Match": TAG}, None, LM, 200),
    # If-Modified-Since: GET/HEAD only, 304 when not modified since the date
    ("ims equal lm", "13.1.3", "GET", {"If-Modified-Since": LM}, TAG, LM, 304),
    ("ims after lm", "13.1.3", "HEAD", {"If-Modified-Since": LATER}, TAG, LM, 304),
    ("ims before lm", "13.1.3", "GET", {"If-Modified-Since": EARLIER}, TAG, LM, 200),
    ("ims on POST", "13.1.3", "POST", {"If-Modified-Since": LATER}, TAG, LM, 200),
    ("ims invalid date", "13.1.3", "GET", {"If-Modified-Since": "soon"}, TAG, LM, 200),
    ("ims without lm", "13.1.3", "GET", {"If-Modified-Since": LATER}, TAG, None, 200),
    # Rule order (13.2.2)
    (
        "if-match true makes ius irrelevant",
        "13.2.2 step 2",
        "GET",
        {"If-Match": TAG, "If-Unmodified-Since": EARLIER},
        TAG,
        LM,
        200,
    ),
    (
        "if-match failing wins over inm",
        "13.2.2 steps 1, 3",
        "GET",
        {"If-Match": '"v2"', "If-None-Match": TAG},
        TAG,
        LM,
        412,
    ),
    (
        "ius failing wins over inm",
        "13.2.2 steps 2, 3",
        "GET",
        {"If-Unmodified-Since": EARLIER, "If-None-Match": TAG},
        TAG,
        LM,
        412,
    ),
    (
        "inm differs makes ims irrelevant",
        "13.2.2 step 4",
        "GET",
        {"If-None-Match": '"v2"', "If-Modified-Since": LATER},
        TAG,
        LM,
        200,
    ),
    (
        "inm matching decides although ims says modified",
        "13.2.2 step 3",
        "GET",
        {"If-None-Match": TAG, "If-Modified-Since": EARLIER},
        TAG,
        LM,
        304,
    ),
    (
        "inm differs makes ims irrelevant without etag",
        "13.2.2 step 4",
        "GET",
        {"If-None-Match": '"v2"', "If-Modified-Since": LATER},
        None,
        LM,
        200,
    ),
    # A date field is exactly one HTTP-date of RFC 9110 5.6.7, or it is ignored (13.1.3, 13.1.4)
    (
        "ius two dates",
        "13.1.4",
        "PUT",
        {"If-Unmodified-Since": f"{EARLIER}, {EARLIER}"},
        TAG,
        LM,
        200,
    ),
    ("ius date and junk", "13.1.4", "PUT", {"If-Unmodified-Since": f"{EARLIER}, x"}, TAG, LM, 200),
    ("ius no weekday", "13.1.4", "PUT", {"If-Unmodified-Since": EARLIER[5:]}, TAG, LM, 200),
    (
        "ius rfc850-date",
        "13.1.4/5.6.7",
        "PUT",
        {"If-Unmodified-Since": RFC850_EARLIER},
        TAG,
        LM,
        412,
    ),
    ("ius with OWS", "13.1.4/5.5", "PUT", {"If-Unmodified-Since": f" {EARLIER}\t"}, TAG, LM, 412),
    ("ims two dates", "13.1.3", "GET", {"If-Modified-Since": f"{LATER}, {LATER}"}, TAG, LM, 200),
    ("ims date and junk", "13.1.3", "GET", {"If-Modified-Since": f"{LATER}, junk"}, TAG, LM, 200),
    ("ims no weekday", "13.1.3", "GET", {"If-Modified-Since": LATER[5:]}, TAG, LM, 200),
    ("ims numeric zone", "13.1.3/5.6.7", "GET", {"If-Modified-Since": LATER_PLUS0}, TAG, LM, 200),
    (
        "ims lower-case names",
        "13.1.3/5.6.7",
        "GET",
        {"If-Modified-Since": LATER.lower()},
        TAG,
        LM,
        200,
    ),
    ("ims 31 February", "13.1.3/5.6.7", "GET", {"If-Modified-Since": FEB_31}, TAG, LM, 200),
    ("ims rfc850-date", "13.1.3/5.6.7", "GET", {"If-Modified-Since": RFC850_LATER}, TAG, LM, 304),
    ("ims asctime-date", "13.1.3/5.6.7", "GET", {"If-Modified-Since": ASCTIME_LATER}, TAG, LM, 304),
    (
        "ims asctime 1-digit day",
        "13.1.3/5.6.7",
        "GET",
        {"If-Modified-Since": ASCTIME_NOV},
        TAG,
        LM,
        304,
    ),
    (
        "ims asctime zero day",
        "13.1.3/5.6.7",
        "GET",
        {"If-Modified-Since": ASCTIME_BAD},
        TAG,
        LM,
        200,
    ),
    # A bare tag is the strong tag of the same characters (2.2 leniency, as Werkzeug; issue 10
    # item 8); any other member that is neither "*" nor an entity-tag matches nothing (8.8.3)
    ("if-match unquoted tag", "13.1.1/8.8.3", "GET", {"If-Match": "v1"}, TAG, LM, 200),
    ("if-match unquoted tag on PUT", "13.1.1/8.8.3", "PUT", {"If-Match": "v1"}, TAG, LM, 200),
    ("if-match other bare tag", "13.1.1/8.8.3", "PUT", {"If-Match": "v2"}, TAG, LM, 412),
    ("if-match unquoted then valid", "13.1.1/8.8.3", "PUT", {"If-Match": 'v1, "v1"'}, TAG, LM, 200),
    ("if-match half-quoted", "13.1.1/8.8.3", "PUT", {"If-Match": '"v1'}, TAG, LM, 412),
    ("inm unquoted tag", "13.1.2/8.8.3", "GET", {"If-None-Match": "v1"}, TAG, LM, 304),
    ("inm lower-case w/", "13.1.2/8.8.3", "GET", {"If-None-Match": 'w/"v1"'}, TAG, LM, 200),
    (
        "inm tag with comma",
        "13.1.2/8.8.3",
        "GET",
        {"If-None-Match": '"x", "a,b"'},
        '"a,b"',
        LM,
        304,
    ),
    ("inm unquoted echo", "13.1.2/8.8.3", "GET", {"If-None-Match": "v1"}, "v1", LM, 304),
    ("inm bare junk after tag", "13.1.2/8.8.3", "GET", {"If-None-Match": "v1 x"}, TAG, LM, 200),
    # Methods that do not select a representation ignore preconditions (13.2.1)
    ("OPTIONS ignores if-match", "13.2.1", "OPTIONS", {"If-Match": '"v2"'}, TAG, LM, 200),
    ("TRACE ignores inm", "13.2.1", "TRACE", {"If-None-Match": TAG}, TAG, LM, 200),
    ("lower-case method", "9.1", "get", {"If-None-Match": TAG}, TAG, LM, 304),
]


@pytest.mark.parametrize(
    "method, request_fields, etag, last_modified, expected",
    [row[2:] for row in PRECONDITIONS],
    ids=[f"{row[1]}: {row[0]}" for row in PRECONDITIONS],
)
def test_precondition_table(
    method: str,
    request_fields: dict[str, str],
    etag: str | None,
    last_modified: str | None,
    expected: int,
) -> None:
    assert decide(method, request_fields, etag, last_modified) == Decision(expected)
    # The ordering function alone gives the same answer (None meaning "proceed").
    lowered = {k.lower(): v for k, v in request_fields.items()}
    alone = evaluate_preconditions(method, lowered.get, etag, last_modified)
    assert alone == (None if expected == 200 else expected)


N = 10
R04 = {"Range": "bytes=0-4"}
FULL = Decision(200)
PART = Decision(206, ((0, 5),))
RFC850_LM = "Wednesday, 21-Oct-15 07:28:00 GMT"

# (id, RFC section, method, request fields, ETag, Last-Modified, response status, expected decision)
RANGES: list[tuple[str, str, str, dict[str, str], str | None, str | None, int, Decision]] = [
    ("single range", "14.2", "GET", {"Range": "bytes=0-4"}, TAG, LM, 200, Decision(206, ((0, 5),))),
    (
        "suffix range",
        "14.1.1",
        "GET",
        {"Range": "bytes=-3"},
        TAG,
        LM,
        200,
        Decision(206, ((7, 10),)),
    ),
    ("open range", "14.1.1", "GET", {"Range": "bytes=5-"}, TAG, LM, 200, Decision(206, ((5, 10),))),
    (
        "two ranges",
        "14.6",
        "GET",
        {"Range": "bytes=0-1,5-6"},
        TAG,
        LM,
        200,
        Decision(206, ((0, 2), (5, 7))),
    ),
    ("unsatisfiable", "15.5.17", "GET", {"Range": "bytes=10-"}, TAG, LM, 200, Decision(416)),
    ("HEAD ignores range", "14.2", "HEAD", {"Range": "bytes=0-4"}, TAG, LM, 200, Decision(200)),
    ("POST ignores range", "14.2", "POST", {"Range": "bytes=0-4"}, TAG, LM, 200, Decision(200)),
    ("only for a 200", "14.2", "GET", {"Range": "bytes=0-4"}, TAG, LM, 203, Decision(203)),
    (
        "404 ignores everything",
        "13.2.1",
        "GET",
        {"Range": "bytes=0-4"},
        TAG,
        LM,
        404,
        Decision(404),
    ),
    ("unknown unit", "14.2", "GET", {"Range": "items=0-4"}, TAG, LM, 200, Decision(200)),
    # A malformed byte range-set is rejected (14.2 allows it), as Werkzeug does (issue 10 item 7).
    ("invalid range-set", "14.2", "GET", {"Range": "bytes=4-1"}, TAG, LM, 200, Decision(416)),
    (
        "if-range strong etag equal",
        "13.1.5",
        "GET",
        {"Range": "bytes=0-4", "If-Range": TAG},
        TAG,
        LM,
        200,
        Decision(206, ((0, 5),)),
    ),
    (
        "if-range etag differs",
        "13.1.5",
        "GET",
        {"Range": "bytes=0-4", "If-Range": '"v2"'},
        TAG,
        LM,
        200,
        Decision(200),
    ),
    (
        "if-range weak tag never matches",
        "13.1.5",
        "GET",
        {"Range": "bytes=0-4", "If-Range": WEAK},
        TAG,
        LM,
        200,
        Decision(200),
    ),
    (
        "if-range against a weak etag",
        "13.1.5",
        "GET",
        {"Range": "bytes=0-4", "If-Range": TAG},
        WEAK,
        LM,
        200,
        Decision(200),
    ),
    (
        "if-range date equal lm",
        "13.1.5",
        "GET",
        {"Range": "bytes=0-4", "If-Range": LM},
        TAG,
        LM,
        200,
        Decision(206, ((0, 5),)),
    ),
    (
        "if-range date not exactly lm",
        "13.1.5",
        "GET",
        {"Range": "bytes=0-4", "If-Range": LATER},
        TAG,
        LM,
        200,
        Decision(200),
    ),
    (
        "if-range date without lm",
        "13.1.5",
        "GET",
        {"Range": "bytes=0-4", "If-Range": LM},
        TAG,
        None,
        200,
        Decision(200),
    ),
    (
        "if-range junk",
        "13.1.5",
        "GET",
        {"Range": "bytes=0-4", "If-Range": "junk"},
        TAG,
        LM,
        200,
        Decision(200),
    ),
    (
        "if-range differing keeps an unsatisfiable range from 416",
        "13.2.2 step 5",
        "GET",
        {"Range": "bytes=50-", "If-Range": '"v2"'},
        TAG,
        LM,
        200,
        Decision(200),
    ),
    ("if-range without range", "13.1.5", "GET", {"If-Range": '"v2"'}, TAG, LM, 200, Decision(200)),
    # If-Range = entity-tag / HTTP-date; anything else fails and the full 200 is sent (13.1.5)
    ("if-range unquoted tag", "13.1.5/8.8.3", "GET", {**R04, "If-Range": "v1"}, TAG, LM, 200, FULL),
    (
        "if-range lower-case w/",
        "13.1.5/8.8.3",
        "GET",
        {**R04, "If-Range": 'w/"v1"'},
        TAG,
        LM,
        200,
        FULL,
    ),
    (
        "if-range two dates",
        "13.1.5/5.6.7",
        "GET",
        {**R04, "If-Range": f"{LM}, {LM}"},
        TAG,
        LM,
        200,
        FULL,
    ),
    ("if-range no weekday", "13.1.5/5.6.7", "GET", {**R04, "If-Range": LM[5:]}, TAG, LM, 200, FULL),
    (
        "if-range rfc850-date",
        "13.1.5/5.6.7",
        "GET",
        {**R04, "If-Range": RFC850_LM},
        TAG,
        LM,
        200,
        PART,
    ),
    ("if-range with OWS", "13.1.5/5.5", "GET", {**R04, "If-Range": f" {TAG} "}, TAG, LM, 200, PART),
    # Rule order: preconditions first; a failed one is never a 206 or a 416 (13.2.2)
    (
        "range with matching inm",
        "13.2.2 steps 3, 5",
        "GET",
        {"Range": "bytes=0-4", "If-None-Match": TAG},
        TAG,
        LM,
        200,
        Decision(304),
    ),
    (
        "unsatisfiable range with matching inm",
        "13.2.2 steps 3, 5",
        "GET",
        {"Range": "bytes=50-", "If-None-Match": TAG},
        TAG,
        LM,
        200,
        Decision(304),
    ),
    (
        "if-match failing with a range",
        "13.2.2 steps 1, 5",
        "GET",
        {"Range": "bytes=0-4", "If-Match": '"v2"'},
        TAG,
        LM,
        200,
        Decision(412),
    ),
    (
        "if-match holding with a range",
        "13.2.2 steps 1, 5",
        "GET",
        {"Range": "bytes=0-4", "If-Match": TAG},
        TAG,
        LM,
        200,
        Decision(206, ((0, 5),)),
    ),
    (
        "range with ims not modified",
        "13.2.2 steps 4, 5",
        "GET",
        {"Range": "bytes=0-4", "If-Modified-Since": LM},
        TAG,
        LM,
        200,
        Decision(304),
    ),
    (
        "range with ius failing",
        "13.2.2 steps 2, 5",
        "GET",
        {"Range": "bytes=0-4", "If-Unmodified-Since": EARLIER},
        TAG,
        LM,
        200,
        Decision(412),
    ),
]


@pytest.mark.parametrize(
    "method, request_fields, etag, last_modified, status, expected",
    [row[2:] for row in RANGES],
    ids=[f"{row[1]}: {row[0]}" for row in RANGES],
)
def test_range_table(
    method: str,
    request_fields: dict[str, str],
    etag: str | None,
    last_modified: str | None,
    status: int,
    expected: Decision,
) -> None:
    got = decide(method, request_fields, etag, last_modified, status, length=N, ranges=True)
    assert got == expected


def test_range_needs_accept_ranges_and_length() -> None:
    # RFC 9110 14.2: a server MAY ignore Range; we do unless ranges are on and the length known.
    assert decide("GET", {"Range": "bytes=0-4"}, length=N, ranges=False) == Decision(200)
    assert decide("GET", {"Range": "bytes=0-4"}, length=None, ranges=True) == Decision(200)
    # RFC 9110 14.1.1: an empty representation has no satisfiable int-range; we ignore the Range.
    assert decide("GET", {"Range": "bytes=0-4"}, length=0, ranges=True) == Decision(200)


def test_if_range_function() -> None:
    assert evaluate_if_range(TAG, TAG, None)
    assert not evaluate_if_range(TAG, None, LM)
    assert evaluate_if_range(LM, None, datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc))
    # A naive datetime is UTC and fractions of a second are dropped (HTTP dates have none).
    assert evaluate_if_range(LM, None, datetime(2015, 10, 21, 7, 28, 0, 500))


@pytest.mark.parametrize("ahead", [0, 49, 50, 51, 99])
def test_rfc850_two_digit_year(ahead: int) -> None:
    # RFC 9110 5.6.7: a two-digit year that would be more than 50 years in the future is the most
    # recent past year with those digits. Checked through If-Modified-Since (13.1.3): 304 exactly
    # when Last-Modified is not after the date.
    this_year = datetime.now(timezone.utc).year
    year = this_year + ahead if ahead <= 50 else this_year + ahead - 100
    value = f"Friday, 01-Jan-{year % 100:02d} 00:00:00 GMT"
    at = datetime(year, 1, 1, tzinfo=timezone.utc)
    assert evaluate_preconditions("GET", {"if-modified-since": value}.get, None, at) == 304
    later = at + timedelta(seconds=1)
    assert evaluate_preconditions("GET", {"if-modified-since": value}.get, None, later) is None


LM_DT = datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "date, expected",
    [
        (LM, False),  # the same second: the representation may have changed twice in it
        ("Wed, 21 Oct 2015 07:28:01 GMT", True),  # a second later: strong
        (EARLIER, False),  # Last-Modified after Date: cannot be told, weak
        ("junk", False),  # no usable Date: cannot be told, weak
        (LM_DT + timedelta(milliseconds=999), False),  # fractions do not count (whole seconds)
        (LM_DT + timedelta(seconds=1), True),
        (None, True),  # omitted: the time of evaluation, years after LM
    ],
)
def test_if_range_date_needs_a_strong_last_modified(
    date: datetime | str | None, expected: bool
) -> None:
    # RFC 9110 13.1.5: a date in If-Range is only usable with a strong Last-Modified; 8.8.2.2: it
    # is strong when the response's Date is at least one second after it.
    assert evaluate_if_range(LM, None, LM, date) is expected
    decision = evaluate_conditional(
        "GET",
        {"range": "bytes=0-4", "if-range": LM}.get,
        None,
        LM,
        complete_length=N,
        accept_ranges=True,
        date=date,
    )
    assert decision == (Decision(206, ((0, 5),)) if expected else Decision(200))


@pytest.mark.parametrize(("date", "expected"), [(LM, 200), ("Wed, 21 Oct 2015 07:28:01 GMT", 206)])
def test_make_conditional_if_range_date_uses_the_date_field(date: str, expected: int) -> None:
    # RFC 9110 13.1.5 / 8.8.2.2, through the mixin: the response's own Date decides.
    resp = tagged(Date=date)
    resp.make_conditional(environ(range="bytes=0-4", if_range=LM), True, N)
    assert resp.status_code == expected
    assert resp.get_data() == (BODY[:5] if expected == 206 else BODY)


def test_environ_header_getter() -> None:
    get = environ_header_getter({"HTTP_IF_NONE_MATCH": TAG, "HTTP_IF_RANGE": 5})
    assert get("if-none-match") == TAG
    assert get("if-match") is None
    assert get("if-range") is None  # not a string: not a field value


# -- ETags -----------------------------------------------------------------------------------------


def test_generate_etag_is_sha1() -> None:
    assert generate_etag(BODY) == hashlib.sha1(BODY).hexdigest()


def test_set_get_etag() -> None:
    resp = Response(BODY)
    assert resp.get_etag() == (None, None)
    resp.set_etag("abc")
    assert resp.headers["ETag"] == '"abc"'
    assert resp.get_etag() == ("abc", False)
    resp.set_etag("abc", weak=True)
    assert resp.headers["ETag"] == 'W/"abc"'
    assert resp.get_etag() == ("abc", True)
    with pytest.raises(ValueError, match="ETag"):
        resp.set_etag('a"b')
    with pytest.raises(ValueError, match="ETag"):
        resp.set_etag("a\r\nX-Evil: 1")


def test_add_etag() -> None:
    resp = Response(BODY)
    resp.add_etag()
    assert resp.get_etag() == (hashlib.sha1(BODY).hexdigest(), False)
    resp.set_etag("keep")
    resp.add_etag()
    assert resp.get_etag() == ("keep", False)
    resp.add_etag(overwrite=True, weak=True)
    assert resp.get_etag() == (hashlib.sha1(BODY).hexdigest(), True)

    streamed = Response(iter([b"01234", "56789"]))
    streamed.add_etag()
    assert streamed.get_etag() == (hashlib.sha1(BODY).hexdigest(), False)


def test_etags_collection() -> None:
    etags = parse_etags('"a", W/"b"')
    assert etags.contains("a") and etags.is_strong("a") and "a" in etags
    assert not etags.contains("b") and etags.contains_weak("b") and etags.is_weak("b")
    assert not etags.contains_weak("c")
    star = parse_etags("*")
    assert star.star_tag and star.contains("anything") and star.contains_weak("anything")
    assert not parse_etags("")


@pytest.mark.parametrize("value", ['"a"', 'W/"a"', "*", '"a", "b"', 'W/"a", "b"', "a", "", 'w/"x"'])
def test_parse_etags_matches_werkzeug(value: str) -> None:
    from werkzeug.http import parse_etags as wz_parse_etags

    ours, theirs = parse_etags(value), wz_parse_etags(value)
    assert ours.as_set(include_weak=True) == theirs.as_set(include_weak=True)
    assert ours.as_set() == theirs.as_set()
    assert ours.star_tag == theirs.star_tag


@pytest.mark.parametrize("tag, weak", [("abc", False), ("abc", True), ("", False)])
def test_quote_unquote_match_werkzeug(tag: str, weak: bool) -> None:
    from werkzeug.http import quote_etag as wz_quote
    from werkzeug.http import unquote_etag as wz_unquote

    assert quote_etag(tag, weak) == wz_quote(tag, weak)
    assert unquote_etag(quote_etag(tag, weak)) == wz_unquote(wz_quote(tag, weak))


# -- make_conditional ------------------------------------------------------------------------------


def environ(method: str = "GET", **fields: str) -> dict[str, Any]:
    env: dict[str, Any] = {"REQUEST_METHOD": method, "SERVER_PROTOCOL": "HTTP/1.1"}
    env.update({"HTTP_" + k.upper(): v for k, v in fields.items()})
    return env


def tagged(body: bytes = BODY, **headers: str) -> Response:
    resp = Response(body, mimetype="text/plain", headers=headers)
    resp.set_etag("v1")
    resp.headers["Last-Modified"] = LM
    return resp


def test_make_conditional_returns_self_and_sets_date() -> None:
    resp = tagged()
    assert resp.make_conditional(environ()) is resp
    assert resp.status_code == 200
    assert resp.headers["Date"].endswith(" GMT")
    kept = tagged(Date=EARLIER)
    kept.make_conditional(environ())
    assert kept.headers["Date"] == EARLIER


def test_make_conditional_accepts_request_objects() -> None:
    env = environ(if_none_match=TAG)
    for request in (env, WerkzeugRequest(env)):
        assert tagged().make_conditional(request).status_code == 304

    class FlaskLike:
        def __init__(self, environ: dict[str, Any]) -> None:
            self.environ = environ

    assert tagged().make_conditional(FlaskLike(env)).status_code == 304
    with pytest.raises(TypeError, match="environ"):
        tagged().make_conditional(object())


def test_make_conditional_accepts_an_asgi_scope() -> None:
    # The evaluation is sans-IO: an ASGI front hands over its scope (or a request with .scope).
    headers = [(b"range", b"bytes=0-1"), (b"if-none-match", b'"x"'), (b"If-None-Match", b'"v1"')]
    scope = {"type": "http", "method": "GET", "headers": headers}
    assert tagged().make_conditional(scope).status_code == 304  # lines joined: "x", "v1"

    class StarletteLike:
        def __init__(self, scope: dict[str, Any]) -> None:
            self.scope = scope

    ranged = {"type": "http", "method": "GET", "headers": [(b"range", b"bytes=0-1")]}
    resp = tagged().make_conditional(StarletteLike(ranged), accept_ranges=True, complete_length=N)
    assert resp.status_code == 206 and resp.get_data() == b"01"
    get = scope_header_getter(ranged)
    assert get("range") == "bytes=0-1" and get("if-range") is None


def test_content_length_kept_or_computed() -> None:
    resp = tagged()
    resp.headers["Content-Length"] = "10"
    resp.make_conditional(environ())
    assert resp.headers["Content-Length"] == "10"
    streamed = Response(iter([b"abc", b"de"]))
    streamed.make_conditional(environ())
    assert streamed.headers["Content-Length"] == "5"


def test_accept_ranges_header() -> None:
    # RFC 9110 14.3: advertised whenever asked, not only on a 206 (Werkzeug sets it only on a 206).
    resp = tagged().make_conditional(environ(), accept_ranges=True, complete_length=N)
    assert resp.headers["Accept-Ranges"] == "bytes"
    assert resp.status_code == 200
    none = tagged().make_conditional(
        environ(range="bytes=0-1"), accept_ranges="none", complete_length=N
    )
    assert none.headers["Accept-Ranges"] == "none"
    assert none.status_code == 200 and none.get_data() == BODY
    with pytest.raises(ValueError, match="Accept-Ranges"):
        tagged().make_conditional(environ(), accept_ranges="bytes\r\nX: y", complete_length=N)


def test_206_single_range_headers() -> None:
    resp = tagged(**{"Content-Length": "10"})
    resp.make_conditional(environ(range="bytes=2-5"), accept_ranges=True, complete_length=N)
    assert resp.status_code == 206
    assert resp.headers["Content-Range"] == "bytes 2-5/10"
    assert resp.headers["Content-Length"] == "4"  # the part, not the user's 10
    assert resp.headers["ETag"] == TAG
    assert resp.get_data() == b"2345"


def test_304_keeps_validators_and_cache_fields() -> None:
    resp = tagged(
        **{
            "Cache-Control": "max-age=60",
            "Content-Location": "/doc",
            "Expires": LATER,
            "Vary": "Accept",
        }
    )
    resp.make_conditional(environ(if_none_match=TAG))
    assert resp.status_code == 304
    for name in ("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary"):
        assert name in resp.headers


def run(resp: Response, env: dict[str, Any]) -> tuple[str, dict[str, str], bytes]:
    status, headers, body = call_app(resp, env)
    return status, {k.lower(): v for k, v in headers}, body


def test_304_through_wsgi_drops_body_and_representation_fields() -> None:
    # RFC 9110 15.4.5. The stripping itself is the WSGI layer's (get_wsgi_headers/get_app_iter).
    resp = tagged(
        **{
            "Cache-Control": "no-cache",
            "Content-Location": "/doc.en",
            "Expires": LATER,
            "Vary": "Accept",
            "Content-Language": "en",
            "Content-Encoding": "identity",
        }
    )
    env = environ(if_none_match=TAG)
    resp.make_conditional(env)
    status, headers, body = run(resp, env)
    assert status.startswith("304")
    assert body == b""
    for name in ("cache-control", "content-location", "date", "etag", "expires", "vary"):
        assert name in headers, name
    for name in (
        "content-type",
        "content-length",
        "content-language",
        "content-encoding",
        "content-range",
    ):
        assert name not in headers, name


def test_412_sends_no_representation() -> None:
    resp = tagged()
    resp.make_conditional(environ("PUT", if_match='"v2"'))
    assert resp.status_code == 412
    assert resp.get_data() == b""
    assert resp.headers["Content-Length"] == "0"
    assert resp.headers["ETag"] == TAG  # tells the client what the current version is


def test_412_closes_a_streamed_body() -> None:
    closed: list[bool] = []

    def body() -> Any:
        try:
            yield b"data"
        finally:
            closed.append(True)

    gen = body()
    next(gen)  # started, so closing runs the finally clause
    resp = Response(gen)
    resp.make_conditional(environ(if_match='"nope"'))
    assert resp.status_code == 412 and closed == [True]


def test_416_raises_with_length() -> None:
    resp = tagged()
    with pytest.raises(RequestedRangeNotSatisfiable) as info:
        resp.make_conditional(environ(range="bytes=10-"), accept_ranges=True, complete_length=N)
    exc = info.value
    assert exc.length == N and exc.code == 416 and isinstance(exc, HTTPException)
    error = exc.get_response()
    assert error.status_code == 416
    assert error.headers["Content-Range"] == "bytes */10"
    status, headers, body = run(error, environ())
    assert status.startswith("416") and headers["content-range"] == "bytes */10"
    assert b"Range Not Satisfiable" in body
    assert "416 Requested Range Not Satisfiable" in str(exc)


def test_416_closes_the_body() -> None:
    body = io.BytesIO(BODY)
    resp = Response(body, direct_passthrough=True)
    with pytest.raises(RequestedRangeNotSatisfiable):
        resp.make_conditional(environ(range="bytes=50-"), accept_ranges=True, complete_length=N)
    assert body.closed


def test_416_exception_is_a_wsgi_app() -> None:
    captured: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        captured[:] = [status, dict(headers)]
        return lambda data: None

    app_iter = RequestedRangeNotSatisfiable(length=99)(environ(), start_response)
    b"".join(app_iter)
    assert captured[0].startswith("416")
    assert captured[1]["Content-Range"] == "bytes */99"


# -- differential: Werkzeug 2.3 where it follows the RFC -------------------------------------------

# (request fields, method) where Werkzeug 2.3 and RFC 9110 agree.
AGREE: list[tuple[dict[str, str], str]] = [
    ({}, "GET"),
    ({"If-None-Match": TAG}, "GET"),
    ({"If-None-Match": TAG}, "HEAD"),
    ({"If-None-Match": WEAK}, "GET"),
    ({"If-None-Match": '"v2"'}, "GET"),
    ({"If-None-Match": "*"}, "GET"),
    ({"If-Modified-Since": LM}, "GET"),
    ({"If-Modified-Since": LATER}, "GET"),
    ({"If-Modified-Since": EARLIER}, "GET"),
    ({"If-None-Match": '"v2"', "If-Modified-Since": LATER}, "GET"),
    ({"If-Match": TAG}, "GET"),
    ({"Range": "bytes=0-4"}, "GET"),
    ({"Range": "bytes=-3"}, "GET"),
    ({"Range": "bytes=5-"}, "GET"),
    ({"Range": "bytes=8-100"}, "GET"),
    ({"Range": "bytes=0-4", "If-Range": TAG}, "GET"),
    ({"Range": "bytes=0-4", "If-Range": '"v2"'}, "GET"),
    ({"Range": "bytes=0-4", "If-Range": LM}, "GET"),
    ({"Range": "bytes=0-4", "If-Range": EARLIER}, "GET"),
]


def _outcome(resp: Any, env: dict[str, Any]) -> tuple[Any, ...]:
    try:
        resp.make_conditional(env, accept_ranges=True, complete_length=N)
    except Exception as exc:  # either library's RequestedRangeNotSatisfiable
        return ("raised", type(exc).__name__, getattr(exc, "length", None))
    headers = resp.headers
    return (
        resp.status_code,
        headers.get("Content-Range"),
        headers.get("Content-Length") if resp.status_code != 304 else None,
        headers.get("ETag"),
        resp.get_data() if resp.status_code in (200, 206) else None,
    )


@pytest.mark.parametrize("fields, method", AGREE, ids=[repr(f) for f, _ in AGREE])
def test_same_as_werkzeug(fields: dict[str, str], method: str) -> None:
    env = {
        "REQUEST_METHOD": method,
        **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in fields.items()},
    }
    ours = tagged()
    theirs = WerkzeugResponse(BODY, mimetype="text/plain")
    theirs.set_etag("v1")
    theirs.headers["Last-Modified"] = LM
    assert _outcome(ours, dict(env)) == _outcome(theirs, dict(env))


def test_unsatisfiable_same_as_werkzeug() -> None:
    env = environ(range="bytes=10-")
    assert _outcome(tagged(), env) == ("raised", "RequestedRangeNotSatisfiable", N)
    theirs = WerkzeugResponse(BODY)
    assert _outcome(theirs, env) == ("raised", "RequestedRangeNotSatisfiable", N)


# (request fields, method, our status, Werkzeug's, response ETag, response status): each a
# deliberate difference, listed in docs/differences.md ("Conditional and range requests").
DIFFER: list[tuple[dict[str, str], str, int, int, str | None, int]] = [
    # 13.2.2: preconditions are evaluated before the Range.
    ({"Range": "bytes=0-4", "If-None-Match": TAG}, "GET", 304, 206, TAG, 200),
    ({"Range": "bytes=10-", "If-None-Match": TAG}, "GET", 304, 416, TAG, 200),
    ({"Range": "bytes=0-4", "If-Match": '"v2"'}, "GET", 412, 206, TAG, 200),
    # 14.1.1 / 14.6: several ranges, long suffixes, invalid or foreign range sets.
    ({"Range": "bytes=0-1,5-6"}, "GET", 206, 416, TAG, 200),
    ({"Range": "bytes=5-6,0-1"}, "GET", 206, 416, TAG, 200),
    ({"Range": "bytes=-100"}, "GET", 206, 416, TAG, 200),
    ({"Range": "items=0-1"}, "GET", 200, 416, TAG, 200),
    # 13.1.5: If-Range needs an exact date or a strong tag.
    ({"Range": "bytes=0-4", "If-Range": LATER}, "GET", 200, 206, TAG, 200),
    ({"Range": "bytes=0-4", "If-Range": WEAK}, "GET", 200, 206, TAG, 200),
    ({"Range": "bytes=0-4", "If-Range": TAG}, "GET", 200, 206, WEAK, 200),
    # 13.1.3 / 5.6.7: a date field that is not exactly one HTTP-date is ignored.
    ({"If-Modified-Since": f"{LATER}, {LATER}"}, "GET", 200, 304, TAG, 200),
    ({"If-Modified-Since": f"{LATER}, junk"}, "GET", 200, 304, TAG, 200),
    ({"If-Modified-Since": LATER[5:]}, "GET", 200, 304, TAG, 200),
    # 8.8.3: in If-Range an unquoted tag is not an entity-tag (a bare tag counts only in
    # If-Match / If-None-Match).
    ({"Range": "bytes=0-4", "If-Range": "v1"}, "GET", 200, 206, TAG, 200),
    # 14.2: ranges for GET only.
    ({"Range": "bytes=0-4"}, "HEAD", 200, 206, TAG, 200),
    # 13.1.4: If-Unmodified-Since exists.
    ({"If-Unmodified-Since": EARLIER}, "GET", 412, 200, TAG, 200),
    # 13.2.2: preconditions apply to every method, not only GET and HEAD.
    ({"If-None-Match": TAG}, "POST", 412, 200, TAG, 200),
    ({"If-Match": '"v2"'}, "PUT", 412, 200, TAG, 200),
    # 13.1.1 / 8.8.3.2: If-Match uses the strong comparison and fails without an ETag.
    ({"If-Match": TAG}, "GET", 412, 200, WEAK, 200),
    ({"If-Match": TAG}, "GET", 412, 200, None, 200),
    # 13.1.2: "*" matches any current representation, with or without an ETag.
    ({"If-None-Match": "*"}, "GET", 304, 200, None, 200),
    # 13.2.2 step 4: If-None-Match present means If-Modified-Since is not looked at.
    ({"If-None-Match": '"v2"', "If-Modified-Since": LATER}, "GET", 200, 304, None, 200),
    # 13.2.1: preconditions only for a 2xx response.
    ({"If-None-Match": TAG}, "GET", 404, 304, TAG, 404),
    # Same status; we drop the representation from the 412 (see test_412_sends_no_representation).
    ({"If-Match": '"v2"'}, "GET", 412, 412, TAG, 200),
]


@pytest.mark.parametrize(
    "fields, method, ours, werkzeugs, etag, status",
    DIFFER,
    ids=[f"{d[1]} {d[0]!r} etag={d[4]} status={d[5]}" for d in DIFFER],
)
def test_deliberate_differences(
    fields: dict[str, str],
    method: str,
    ours: int,
    werkzeugs: int,
    etag: str | None,
    status: int,
) -> None:
    env = {
        "REQUEST_METHOD": method,
        **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in fields.items()},
    }
    results = []
    for cls in (Response, WerkzeugResponse):
        resp = cls(BODY, status=status, mimetype="text/plain")
        if etag is not None:
            resp.headers["ETag"] = etag
        resp.headers["Last-Modified"] = LM
        outcome = _outcome(resp, dict(env))
        results.append(416 if outcome[0] == "raised" else outcome[0])
    assert results == [ours, werkzeugs]


_FIELD_VALUES = {
    "if-match": [TAG, WEAK, '"v2"', "*", '"v2", "v1"'],
    "if-none-match": [TAG, WEAK, '"v2"', "*"],
    "if-modified-since": [EARLIER, LM, LATER, "junk"],
    "if-unmodified-since": [EARLIER, LM, LATER, "junk"],
    "range": ["bytes=0-4", "bytes=10-", "bytes=-3,0-1", "bytes=x", "items=1-2"],
    "if-range": [TAG, WEAK, '"v2"', LM, LATER],
}


@given(
    method=st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"]),
    fields=st.dictionaries(
        st.sampled_from(sorted(_FIELD_VALUES)), st.integers(0, 4), max_size=len(_FIELD_VALUES)
    ),
    etag=st.sampled_from([TAG, WEAK, None]),
    last_modified=st.sampled_from([LM, None]),
    status=st.sampled_from([200, 201, 404]),
)
def test_a_failed_precondition_always_wins(
    method: str,
    fields: dict[str, int],
    etag: str | None,
    last_modified: str | None,
    status: int,
) -> None:
    # RFC 9110 13.2.2: the Range is only looked at once every precondition passed.
    request = {
        name: _FIELD_VALUES[name][i % len(_FIELD_VALUES[name])] for name, i in fields.items()
    }
    decision = evaluate_conditional(
        method,
        request.get,
        etag,
        last_modified,
        status=status,
        complete_length=N,
        accept_ranges=True,
    )
    failed = evaluate_preconditions(method, request.get, etag, last_modified)
    if not 200 <= status < 300:
        assert decision == Decision(status)  # 13.2.1
    elif failed is not None:
        assert decision == Decision(failed)
    elif decision.status in (206, 416):
        assert method == "GET" and status == 200 and "range" in request
    else:
        assert decision == Decision(status)


def test_make_conditional_goes_through_a_replaced_status_code() -> None:
    # make_conditional stores the new status directly only when the class keeps genresp's
    # status_code; a class that replaced it sees every change.
    seen: list[int] = []

    class Audited(Response):
        @property
        def status_code(self) -> int:
            return self._status_pair[1]

        @status_code.setter
        def status_code(self, code: int) -> None:
            seen.append(code)
            self.status = code

    environ = {"REQUEST_METHOD": "GET", "HTTP_IF_NONE_MATCH": '"t"'}
    resp = Audited("x")
    resp.set_etag("t")
    assert resp.make_conditional(environ).status == "304 NOT MODIFIED"
    ranged = Audited(b"0123456789")
    ranged.make_conditional({"REQUEST_METHOD": "GET", "HTTP_RANGE": "bytes=2-3"}, True, 10)
    assert ranged.status == "206 PARTIAL CONTENT"
    assert seen == [304, 206]
    plain = Response("x")
    plain.set_etag("t")
    assert plain.make_conditional(environ).status == Audited("x", status=304).status
