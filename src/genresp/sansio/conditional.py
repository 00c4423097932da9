"""Conditional and range requests: RFC 9110 8.8 (validators), 13 (preconditions), 14 (ranges).

The evaluation is sans-IO. Plain functions take the request method, a header getter and the
response's validators and return a `Decision`, so a WSGI front (`ConditionalMixin.make_conditional`)
and a future ASGI front share one implementation. `RangeStream` serves ranges of a streamed body by
seeking a file or skipping through an iterable, never by buffering it.

Where this differs from Werkzeug 2.3 on purpose, docs/differences.md ("Conditional and range
requests") says so and why.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timezone
from time import time

from .._cache import remember
from .._typing import Any, Protocol
from ..datastructures._syntax import lazy_pattern
from ..datastructures.headers import Headers, check_value
from ..exceptions import RequestedRangeNotSatisfiable
from ..http import generate_etag, http_date, parse_date, quote_etag, unquote_etag

__all__ = [
    "MAX_RANGE_SPECS",
    "ConditionalMixin",
    "Decision",
    "HeaderGetter",
    "RangeStream",
    "environ_header_getter",
    "evaluate_conditional",
    "evaluate_if_range",
    "evaluate_preconditions",
    "multipart_byteranges",
    "resolve_ranges",
    "scope_header_getter",
]

#: Reads one request field by its lower-cased name ("if-match"); None when the field is absent.
HeaderGetter = Callable[[str], str | None]

#: A Range field with more range-specs than this is ignored (RFC 9110 14.2 allows ignoring it):
#: many small ranges are a known denial-of-service pattern (RFC 9110 17.15).
MAX_RANGE_SPECS = 64

# Reading a file range happens in blocks of this size, so memory stays flat whatever the range.
_BLOCK_SIZE = 64 * 1024

# RFC 9110 13.2.1: preconditions are ignored for methods that do not select or modify a
# representation.
_NO_PRECONDITIONS = frozenset({"CONNECT", "OPTIONS", "TRACE"})


class Decision:
    """What a conditional request calls for: a (status, ranges) pair.

    ``status`` is the status to send: the response's own (proceed normally), 206, 304, 412 or 416.
    ``ranges`` holds the ``(start, stop)`` byte spans (stop exclusive) of a 206, in sending order.
    A small value class rather than typing.NamedTuple, which would import typing at run time.
    """

    __slots__ = ("status", "ranges")

    def __init__(self, status: int, ranges: tuple[tuple[int, int], ...] = ()) -> None:
        self.status = status
        self.ranges = ranges

    def __iter__(self) -> Iterator[Any]:
        return iter((self.status, self.ranges))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Decision):
            return NotImplemented
        return self.status == other.status and self.ranges == other.ranges

    def __hash__(self) -> int:
        return hash((self.status, self.ranges))

    def __repr__(self) -> str:
        return f"Decision(status={self.status!r}, ranges={self.ranges!r})"


def environ_header_getter(environ: Mapping[str, Any]) -> HeaderGetter:
    """A HeaderGetter over a WSGI environ ("if-match" reads ``HTTP_IF_MATCH``)."""

    def get(name: str) -> str | None:
        value = environ.get("HTTP_" + name.upper().replace("-", "_"))
        return value if isinstance(value, str) else None

    return get


def scope_header_getter(scope: Mapping[str, Any]) -> HeaderGetter:
    """A HeaderGetter over an ASGI HTTP scope; repeated lines are joined (RFC 9110 5.3)."""
    fields: dict[str, list[str]] = {}
    for name, value in scope.get("headers") or ():
        fields.setdefault(bytes(name).decode("latin-1").lower(), []).append(
            bytes(value).decode("latin-1")
        )

    def get(name: str) -> str | None:
        values = fields.get(name)
        return None if values is None else ", ".join(values)

    return get


def _request_of(request_or_environ: Any) -> tuple[str, HeaderGetter]:
    """(method, header getter) for a WSGI environ, an ASGI scope, or a request with ``.environ``
    (Werkzeug's and Flask's) or ``.scope`` (Starlette's)."""
    source = request_or_environ
    if not isinstance(source, Mapping):
        source = getattr(request_or_environ, "environ", None)
        if not isinstance(source, Mapping):
            source = getattr(request_or_environ, "scope", None)
        if not isinstance(source, Mapping):
            raise TypeError(
                "make_conditional needs a WSGI environ, an ASGI scope or a request with an"
                f" 'environ' attribute, not {type(request_or_environ).__name__}"
            )
    if "REQUEST_METHOD" not in source and source.get("type") == "http":
        return str(source.get("method", "GET")), scope_header_getter(source)
    return str(source.get("REQUEST_METHOD", "GET")), environ_header_getter(source)


# -- validators (RFC 9110 8.8) ---------------------------------------------------------------------


def _current_tag(etag: str | None) -> tuple[str, bool] | None:
    """The response's entity-tag as (opaque-tag, is_weak), or None without one.

    The response's own field is read as leniently as get_etag reads it; only request fields are
    held to the grammar.
    """
    tag, weak = unquote_etag(etag)
    if tag is None:
        return None
    return tag, bool(weak)


def _as_utc(value: datetime | str | None) -> datetime | None:
    """A response date (Last-Modified, Date) as an aware UTC datetime with whole seconds (HTTP
    dates have no fractions)."""
    if isinstance(value, str):
        value = parse_date(value)
    if value is None:
        return None
    value = value.replace(microsecond=0)
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _present(value: str) -> bool:
    """A field counts as present when it has a non-empty list member (RFC 9110 5.6.1)."""
    return value.replace(",", "").strip() != ""


# -- request dates (RFC 9110 5.6.7) ----------------------------------------------------------------

# HTTP-date    = IMF-fixdate / obs-date
# IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT
# date1        = day SP month SP year        ; day = 2DIGIT, year = 4DIGIT
# time-of-day  = hour ":" minute ":" second  ; 2DIGIT each
# obs-date     = rfc850-date / asctime-date
# rfc850-date  = day-name-l "," SP date2 SP time-of-day SP GMT
# date2        = day "-" month "-" 2DIGIT
# asctime-date = day-name SP date3 SP time-of-day SP year
# date3        = month SP ( 2DIGIT / ( SP DIGIT ) )
# Names are case-sensitive (%s). They are checked against the tables below rather than spelled out
# in the patterns, which keeps the patterns cheap to compile. The IMF-fixdate pattern is the very
# text genresp.http compiles for parse_date, so compiling it here is a hit in re's cache; the
# obsolete forms are rare and compiled on first use (re.fullmatch caches them), not at import.
_IMF_FIXDATE_RE = re.compile(
    r"([A-Z][a-z]{2}), ([0-9]{2}) ([A-Z][a-z]{2}) ([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT"
)
_RFC850_DATE = (
    r"([A-Z][a-z]{5,8}), ([0-9]{2})-([A-Z][a-z]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT"
)
_ASCTIME_DATE = (
    r"([A-Z][a-z]{2}) ([A-Z][a-z]{2}) ([0-9]{2}| [0-9]) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([0-9]{4})"
)
_DAY_NAMES = frozenset({"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"})
_DAY_NAMES_L = frozenset(
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


def _request_date(value: str) -> datetime | None:
    """A request field that must be exactly one HTTP-date (If-Modified-Since, If-Unmodified-Since,
    the date form of If-Range) as a UTC datetime; None for anything else, lists included.

    RFC 9110 13.1.3 and 13.1.4 require ignoring a value that is not a valid HTTP-date or has more
    than one member, so unlike parse_date nothing lenient is accepted. The weekday is not checked
    against the date (parse_date does not either).
    """
    text = value.strip(" \t")
    match = _IMF_FIXDATE_RE.fullmatch(text)
    if match is not None:
        if match.group(1) not in _DAY_NAMES or match.group(3) not in _MONTHS:
            return None
        # The form is parse_date's own first form, so it converts it exactly (and from its cache).
        return parse_date(text)
    match = re.fullmatch(_RFC850_DATE, text)
    if match is not None:
        name, day, month, year, hour, minute, second = match.groups()
        if name not in _DAY_NAMES_L:
            return None
        # RFC 9110 5.6.7: a two-digit year more than 50 years in the future is the most recent
        # past year with those digits.
        this_year = datetime.now(timezone.utc).year
        full_year = this_year // 100 * 100 + int(year)
        if full_year > this_year + 50:
            full_year -= 100
        return _utc(full_year, month, day, hour, minute, second)
    match = re.fullmatch(_ASCTIME_DATE, text)
    if match is not None:
        name, month, day, hour, minute, second, year = match.groups()
        if name not in _DAY_NAMES:
            return None
        return _utc(int(year), month, day, hour, minute, second)
    return None


def _utc(year: int, month: str, day: str, hour: str, minute: str, second: str) -> datetime | None:
    number = _MONTHS.get(month)
    if number is None:
        return None
    try:
        return datetime(
            year, number, int(day), int(hour), int(minute), int(second), tzinfo=timezone.utc
        )
    except ValueError:  # 31 Feb, 25:00:00, ...
        return None


# -- preconditions (RFC 9110 13.1 and the order of 13.2.2) -----------------------------------------

# entity-tag = [ weak ] opaque-tag ; weak = %s"W/" ; opaque-tag = DQUOTE *etagc DQUOTE
# etagc      = %x21 / %x23-7E / obs-text ; obs-text = %x80-FF          (RFC 9110 8.8.3)
_ETAGC = r"[\x21\x23-\x7e\x80-\xff]*"
_ENTITY_TAG_RE = re.compile(rf'(W/)?"({_ETAGC})"')
_entity_tag = _ENTITY_TAG_RE.fullmatch

# If-Match = "*" / #entity-tag ; If-None-Match = "*" / #entity-tag  (RFC 9110 13.1.1, 13.1.2)
# One list member and the comma after it (#rule, 5.6.1: OWS around commas, empty members allowed).
# Group 2 is set for a valid entity-tag, group 3 for "*"; a member that is neither (an unquoted
# tag, a lower-case "w/", junk) runs to the next comma and matches nothing.
_LIST_MEMBER_RE = re.compile(rf'[ \t]*(?:(W/)?"({_ETAGC})"|(\*)|[^,]*?)[ \t]*(?:,|\Z)')


def _request_tags(value: str) -> list[tuple[str, bool]] | None:
    """The valid entity-tags of an If-Match / If-None-Match value as (opaque-tag, is_weak); None
    when a member is "*"."""
    tags: list[tuple[str, bool]] = []
    pos = 0
    end = len(value)
    member = _LIST_MEMBER_RE.match
    while pos < end:
        # Always matches (the last alternative takes anything up to a comma) and moves on: only
        # at the end of the value can the match be empty.
        found = member(value, pos)
        assert found is not None
        weak, opaque, star = found.groups()
        if star is not None:
            return None
        if opaque is not None:
            tags.append((opaque, weak is not None))
        pos = found.end()
    return tags


def _if_match_holds(value: str, etag: str | None) -> bool:
    # "*" is true when a current representation exists; the response is one. Otherwise the strong
    # comparison (8.8.3.2): both tags strong and their opaque-tags equal.
    tags = _request_tags(value)
    if tags is None:
        return True
    current = _current_tag(etag)
    if current is None or current[1]:
        return False
    return (current[0], False) in tags


def _if_none_match_holds(value: str, etag: str | None) -> bool:
    # False for "*" (a representation exists) or when any tag matches by weak comparison.
    tags = _request_tags(value)
    if tags is None:
        return False
    current = _current_tag(etag)
    if current is None:
        return True
    opaque = current[0]
    return all(tag[0] != opaque for tag in tags)


def _preconditions(
    method: str,
    if_match: str | None,
    if_unmodified_since: str | None,
    if_none_match: str | None,
    if_modified_since: str | None,
    etag: str | None,
    last_modified: datetime | str | None,
) -> int | None:
    """evaluate_preconditions over the four field values (None: absent); ``method`` upper-case."""
    if method in _NO_PRECONDITIONS:
        return None

    # Step 1: If-Match; step 2 (only without If-Match): If-Unmodified-Since.  Failure: 412.
    if if_match is not None and _present(if_match):
        if not _if_match_holds(if_match, etag):
            return 412
    elif if_unmodified_since:
        # If-Unmodified-Since = HTTP-date                            (RFC 9110 13.1.4)
        # Ignored when the value is not one valid HTTP-date or the resource has no modification
        # date.
        since = _request_date(if_unmodified_since)
        if since is not None:
            modified = _as_utc(last_modified)
            if modified is not None and modified > since:
                return 412

    # Step 3: If-None-Match: 304 for GET/HEAD, 412 for the other methods.
    if if_none_match is not None and _present(if_none_match):
        if not _if_none_match_holds(if_none_match, etag):
            return 304 if method in ("GET", "HEAD") else 412
    elif if_modified_since and method in ("GET", "HEAD"):
        # Step 4, only without If-None-Match: If-Modified-Since = HTTP-date  (RFC 9110 13.1.3)
        # Ignored when the value is not one valid HTTP-date or there is no Last-Modified.
        since = _request_date(if_modified_since)
        if since is not None:
            modified = _as_utc(last_modified)
            if modified is not None and modified <= since:
                return 304
    return None


def evaluate_preconditions(
    method: str,
    get_header: HeaderGetter,
    etag: str | None = None,
    last_modified: datetime | str | None = None,
) -> int | None:
    """Evaluate If-Match, If-Unmodified-Since, If-None-Match and If-Modified-Since in the order of
    RFC 9110 13.2.2; return 412 or 304 when one fails, None when the request may proceed.

    ``etag`` is the response's ETag field value (quoted, maybe ``W/``), ``last_modified`` its
    Last-Modified (a datetime or the field value).
    """
    return _preconditions(
        method.upper(),
        _text(get_header("if-match")),
        _text(get_header("if-unmodified-since")),
        _text(get_header("if-none-match")),
        _text(get_header("if-modified-since")),
        etag,
        last_modified,
    )


def evaluate_if_range(
    value: str,
    etag: str | None = None,
    last_modified: datetime | str | None = None,
    date: datetime | str | None = None,
) -> bool:
    """Whether an If-Range value lets the Range apply (RFC 9110 13.1.5).

    An entity-tag must match the current one by strong comparison (a weak tag on either side never
    matches). An HTTP-date must equal Last-Modified exactly, and Last-Modified must be a strong
    validator (8.8.2.2): the response's ``date`` (its Date; omitted: now) is at least one second
    after it. Anything else, an unusable Date included, is false, so the full representation is
    sent.
    """
    # If-Range = entity-tag / HTTP-date
    text = value.strip(" \t")
    tag = _entity_tag(text)
    if tag is not None:
        current = _current_tag(etag)
        if tag.group(1) is not None or current is None or current[1]:
            return False
        return tag.group(2) == current[0]
    since = _request_date(text)
    modified = _as_utc(last_modified)
    if since is None or modified is None or modified != since:
        return False
    sent = _as_utc(datetime.now(timezone.utc) if date is None else date)
    return sent is not None and (sent - modified).total_seconds() >= 1


# -- ranges (RFC 9110 14.1.1, 14.2, 15.3.7) --------------------------------------------------------

# ranges-specifier = range-unit "=" range-set
# range-set        = 1#range-spec
# range-spec       = int-range / suffix-range / other-range
# int-range        = first-pos "-" [ last-pos ]
# suffix-range     = "-" suffix-length
# first-pos, last-pos, suffix-length = 1*DIGIT
# Range units are case-insensitive (14.1); OWS is allowed around list commas (5.6.1).
_range_spec_re = lazy_pattern(r"([0-9]*)-([0-9]*)")
# Positions beyond any real length; longer digit strings are clamped instead of converted.
_HUGE = 10**18


# resolve_ranges results by (field value, complete length). A site serving ranges sees the same
# few values again and again (a player's first request, a resumed download), and a result is an
# immutable tuple, so a hit skips the parse. Only short values are kept; genresp._cache bounds it.
_RANGE_TEXT_MAX = 64
_range_cache: dict[tuple[str, int], tuple[tuple[int, int], ...] | None] = {}
_NOT_CACHED: Any = object()


def _position(digits: str) -> int:
    return int(digits) if len(digits) < 19 else _HUGE


def resolve_ranges(value: str, complete_length: int) -> tuple[tuple[int, int], ...] | None:
    """Resolve a Range field against a representation of ``complete_length`` bytes.

    Returns None when the field is to be ignored (unknown unit, invalid syntax, a last-pos before
    its first-pos, more than MAX_RANGE_SPECS specs, or an empty representation), ``()`` when no
    range is satisfiable (a 416), else the ``(start, stop)`` spans to send, stop exclusive.

    Coalescing rule (RFC 9110 15.3.7.2 allows it): ranges that overlap or touch are merged, so no
    byte is sent twice; each merged range takes the place of the earliest-requested of its members,
    and the remaining parts keep the order of the request.
    """
    if type(value) is not str or type(complete_length) is not int or len(value) > _RANGE_TEXT_MAX:
        return _resolve_ranges(value, complete_length)
    key = (value, complete_length)
    hit = _range_cache.get(key, _NOT_CACHED)
    if hit is not _NOT_CACHED:
        return hit  # type: ignore[no-any-return]
    return remember(_range_cache, key, _resolve_ranges(value, complete_length))


def _resolve_ranges(value: str, complete_length: int) -> tuple[tuple[int, int], ...] | None:
    unit, sep, range_set = value.partition("=")
    if not sep or unit.strip().lower() != "bytes" or complete_length <= 0:
        return None
    specs = [item.strip() for item in range_set.split(",")]
    specs = [item for item in specs if item]
    if not specs or len(specs) > MAX_RANGE_SPECS:
        return None
    spans: list[tuple[int, int]] = []
    for spec in specs:
        match = _range_spec_re().fullmatch(spec)
        if match is None:
            return None  # other-range, or junk: not a valid byte range-set
        first, last = match.groups()
        if first:
            start = _position(first)
            if last and _position(last) < start:
                return None  # 14.1.1: such a range-spec is invalid
            # An int-range is satisfiable when first-pos < length; last-pos is clipped.
            if start < complete_length:
                stop = min(_position(last) + 1, complete_length) if last else complete_length
                spans.append((start, stop))
        elif last:
            # A suffix-range is satisfiable when suffix-length > 0; longer means the whole.
            suffix = _position(last)
            if suffix > 0:
                spans.append((max(complete_length - suffix, 0), complete_length))
        else:
            return None  # a lone "-"
    return _coalesce(spans)


def _coalesce(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Merge overlapping or adjacent spans; a merged span keeps its earliest member's position."""
    if len(spans) < 2:
        return tuple(spans)
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    groups: list[list[int]] = []  # [start, stop, first request index]
    for i in order:
        start, stop = spans[i]
        if groups and start <= groups[-1][1]:
            group = groups[-1]
            group[1] = max(group[1], stop)
            group[2] = min(group[2], i)
        else:
            groups.append([start, stop, i])
    groups.sort(key=lambda g: g[2])
    return tuple((g[0], g[1]) for g in groups)


# -- the whole evaluation (RFC 9110 13.2.2) --------------------------------------------------------


def evaluate_conditional(
    method: str,
    get_header: HeaderGetter,
    etag: str | None = None,
    last_modified: datetime | str | None = None,
    *,
    status: int = 200,
    complete_length: int | None = None,
    accept_ranges: bool = False,
    date: datetime | str | None = None,
) -> Decision:
    """The whole RFC 9110 13.2.2 evaluation for a response of ``status``.

    Preconditions are evaluated only for a 2xx response (13.2.1); a failed one wins over any Range.
    The Range is then considered only for a GET whose response would be 200 (14.2), when byte
    ranges are accepted, the complete length is known and If-Range (if present) holds; ``date`` is
    the response's Date, which decides whether Last-Modified is strong (see evaluate_if_range).
    """
    validators = {"etag": etag, "last-modified": last_modified, "date": date}
    return Decision(
        *_decide_by_getter(
            method, get_header, validators.get, status, complete_length, accept_ranges
        )
    )


def _decide_by_getter(
    method: str,
    get_header: HeaderGetter,
    response_field: Callable[[str], Any],
    status: int,
    complete_length: int | None,
    accept_ranges: bool,
) -> tuple[int, tuple[tuple[int, int], ...]]:
    """_decide with the request fields read through a HeaderGetter."""
    return _decide(
        method.upper(),
        get_header("if-match"),
        get_header("if-unmodified-since"),
        get_header("if-none-match"),
        get_header("if-modified-since"),
        get_header("range"),
        get_header("if-range"),
        response_field,
        status,
        complete_length,
        accept_ranges,
    )


def _text(value: object) -> str | None:
    # A field value from a getter or an environ: anything but text counts as absent.
    return value if isinstance(value, str) else None


def _decide(
    method: str,
    if_match: object,
    if_unmodified_since: object,
    if_none_match: object,
    if_modified_since: object,
    range_value: object,
    if_range: object,
    response_field: Callable[[str], Any],
    status: int,
    complete_length: int | None,
    accept_ranges: bool,
) -> tuple[int, tuple[tuple[int, int], ...]]:
    """evaluate_conditional as (status, spans), for any source of the request fields.

    The request fields come as read (None: absent; a value that is not text counts as absent).
    ``response_field`` reads the response's "etag", "last-modified" and "date" (None: absent) and
    is called only when a request field needs them, so a request without conditional fields parses
    nothing.
    """
    if 200 <= status < 300 and (
        if_match is not None
        or if_unmodified_since is not None
        or if_none_match is not None
        or if_modified_since is not None
    ):
        etag = response_field("etag")
        if (
            if_none_match is not None
            and if_none_match == etag
            and if_match is None
            and if_unmodified_since is None
            and method in ("GET", "HEAD")
            and type(if_none_match) is str
            and _entity_tag(if_none_match) is not None
        ):
            # The client sends back the very ETag field value, one valid entity-tag: it matches
            # by weak comparison and steps 1 and 2 are absent, so this is step 3's 304 without
            # parsing the list.
            return 304, ()
        failed = _preconditions(
            method,
            _text(if_match),
            _text(if_unmodified_since),
            _text(if_none_match),
            _text(if_modified_since),
            etag,
            response_field("last-modified"),
        )
        if failed is not None:
            return failed, ()
    if (
        status != 200
        or method != "GET"
        or not accept_ranges
        or complete_length is None
        or not isinstance(range_value, str)
    ):
        return status, ()
    # Step 5: If-Range is evaluated only together with a Range (13.1.5).
    if isinstance(if_range, str) and not evaluate_if_range(
        if_range,
        response_field("etag"),
        response_field("last-modified"),
        response_field("date"),
    ):
        return status, ()
    spans = resolve_ranges(range_value, complete_length)
    if spans is None:
        return status, ()  # an unknown unit, a malformed or excessive range set: ignored (14.2)
    if not spans:
        return 416, ()
    return 206, spans


# -- range bodies ----------------------------------------------------------------------------------


def _seekable_file(body: object) -> Any | None:
    """The seekable binary file behind a body, if any: the body itself, or the ``file`` /
    ``filelike`` of a file wrapper (Werkzeug's FileWrapper, waitress's and wsgiref's wrappers)."""
    for candidate in (getattr(body, "file", None), getattr(body, "filelike", None), body):
        if candidate is None or isinstance(candidate, io.TextIOBase):
            continue
        seekable = getattr(candidate, "seekable", None)
        if not callable(getattr(candidate, "read", None)) or not callable(seekable):
            continue
        try:
            if seekable() and callable(getattr(candidate, "seek", None)):
                return candidate
        except (OSError, ValueError):
            continue
    return None


class RangeStream:
    """A response iterable yielding byte spans of ``source`` interleaved with literal bytes.

    A seekable file source is read span by span with seek + bounded reads; any other iterable is
    walked once, skipping what lies between spans and stopping after the last one (so its spans
    must be in ascending order). Closing the stream closes the source.
    """

    __slots__ = ("source", "pieces")

    def __init__(self, source: Any, pieces: Iterable[bytes | tuple[int, int]]) -> None:
        self.source = source
        self.pieces = list(pieces)

    def __iter__(self) -> Iterator[bytes]:
        file = _seekable_file(self.source)
        if file is not None:
            return self._from_file(file)
        return self._by_skipping()

    def _from_file(self, file: Any) -> Iterator[bytes]:
        for piece in self.pieces:
            if isinstance(piece, bytes):
                yield piece
                continue
            start, stop = piece
            file.seek(start)
            remaining = stop - start
            while remaining > 0:
                chunk = file.read(min(_BLOCK_SIZE, remaining))
                if not chunk:
                    return  # the file is shorter than announced: stop rather than pad
                remaining -= len(chunk)
                yield chunk

    def _by_skipping(self) -> Iterator[bytes]:
        items = iter(self.source)
        buf = b""
        buf_start = 0  # offset of buf[0] in the body
        for piece in self.pieces:
            if isinstance(piece, bytes):
                yield piece
                continue
            start, stop = piece
            while start < stop:
                buf_stop = buf_start + len(buf)
                if start >= buf_stop:
                    try:
                        item = next(items)
                    except StopIteration:
                        return
                    buf_start = buf_stop
                    buf = item.encode() if isinstance(item, str) else bytes(item)
                    continue
                low = start - buf_start
                high = min(stop, buf_stop) - buf_start
                yield buf[low:high]
                start = buf_start + high

    def close(self) -> None:
        """Close the source (a file, a generator) if it can be closed."""
        close = getattr(self.source, "close", None)
        if callable(close):
            close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self.source!r}>"


def multipart_byteranges(
    spans: Iterable[tuple[int, int]],
    complete_length: int,
    content_type: str | None,
    boundary: str,
) -> tuple[list[bytes | tuple[int, int]], int]:
    """The pieces of a multipart/byteranges body (RFC 9110 14.6) and its total length.

    Each part has its own Content-Type (when the representation has one) and Content-Range.
    """
    # multipart-body per RFC 2046 5.1.1: each part is "--boundary" CRLF headers CRLF CRLF data, the
    # CRLF before each following delimiter belongs to that delimiter; the last is "--boundary--".
    pieces: list[bytes | tuple[int, int]] = []
    total = 0
    lead = b""
    for start, stop in spans:
        head = f"--{boundary}\r\n"
        if content_type:
            head += f"Content-Type: {content_type}\r\n"
        head += f"Content-Range: bytes {start}-{stop - 1}/{complete_length}\r\n\r\n"
        literal = lead + head.encode("latin-1")
        pieces.append(literal)
        pieces.append((start, stop))
        total += len(literal) + stop - start
        lead = b"\r\n"
    tail = f"\r\n--{boundary}--\r\n".encode("latin-1")
    pieces.append(tail)
    return pieces, total + len(tail)


def _buffered(pieces: list[bytes | tuple[int, int]], body: Iterable[Any]) -> bytes:
    """Build a range body from an in-memory body (a list or tuple of bytes/str)."""
    data = b"".join(item.encode() if isinstance(item, str) else bytes(item) for item in body)
    return b"".join(p if isinstance(p, bytes) else data[p[0] : p[1]] for p in pieces)


# -- the response mixin ----------------------------------------------------------------------------

# The Date value of the current second, (unix second, IMF-fixdate): make_conditional formats the
# clock once a second rather than on every call. The pair is replaced whole, so a thread reading it
# sees a matching second and text.
_date_now: tuple[int, str] = (-1, "")


def _http_date_at(second: int) -> str:
    """The Date value for a unix second, remembered as the current one."""
    global _date_now
    text = http_date(second)
    _date_now = (second, text)
    return text


class _ConditionalResponse(Protocol):
    """What ConditionalMixin needs from the response it is mixed into."""

    headers: Headers
    response: Any
    automatically_set_content_length: bool

    @property
    def status_code(self) -> int: ...

    @status_code.setter
    def status_code(self, code: int) -> None: ...

    def get_data(self) -> Any: ...

    def calculate_content_length(self) -> int | None: ...

    def set_etag(self, etag: str, weak: bool = False) -> None: ...


class ConditionalMixin:
    """ETag helpers and make_conditional (RFC 9110 13 and 14) for the response."""

    __slots__ = ()

    def get_etag(self: _ConditionalResponse) -> tuple[str, bool] | tuple[None, None]:
        """The ETag as ``(opaque-tag, is_weak)``, or ``(None, None)`` without one."""
        return unquote_etag(self.headers._get1("etag"))

    def set_etag(self: _ConditionalResponse, etag: str, weak: bool = False) -> None:
        """Set the ETag from an unquoted value, replacing any previous one."""
        if type(etag) is str and '"' not in etag and etag.isprintable():
            # Nothing to refuse (no quote, no control): quote it as quote_etag would.
            value = f'W/"{etag}"' if weak else f'"{etag}"'
        else:
            value = quote_etag(etag, weak)
        self.headers._set1("etag", "ETag", value)

    def add_etag(self: _ConditionalResponse, overwrite: bool = False, weak: bool = False) -> None:
        """Set the ETag to the SHA-1 of the body unless there is one (or ``overwrite``).

        The body is buffered to hash it, as in Werkzeug.
        """
        if overwrite or self.headers._get1("etag") is None:
            self.set_etag(generate_etag(self.get_data()), weak)

    def make_conditional(
        self: _ConditionalResponse,
        request_or_environ: Any,
        accept_ranges: bool | str = False,
        complete_length: int | None = None,
    ) -> Any:
        """Make the response answer the request's preconditions and Range (RFC 9110 13.2.2, 14).

        ``request_or_environ`` is a WSGI environ or any request with ``.environ`` (or an ASGI scope,
        or a request with ``.scope``). The response
        becomes a 304 or 412 when a precondition fails, or a 206 (one range, or several as
        multipart/byteranges) when a Range applies; an unsatisfiable Range raises
        RequestedRangeNotSatisfiable carrying ``length``. ``accept_ranges`` (True means "bytes")
        sets Accept-Ranges; ranges are served only with it and a known ``complete_length``.
        Date is set when missing; a Content-Length already set is kept (except on a 206).
        Returns the response.
        """
        headers = self.headers
        if headers._get1("date") is None:
            second = int(time())
            now = _date_now
            headers._set1("date", "Date", now[1] if now[0] == second else _http_date_at(second))

        serve_ranges = False
        if accept_ranges is True:
            headers._set1("accept-ranges", "Accept-Ranges", "bytes")
            serve_ranges = True
        elif accept_ranges:
            unit = check_value("Accept-Ranges", accept_ranges)
            headers._set1("accept-ranges", "Accept-Ranges", unit)
            # Accept-Ranges = acceptable-ranges ; "none" or a list of units  (RFC 9110 14.3)
            serve_ranges = "bytes" in (u.strip().lower() for u in unit.split(","))

        source = request_or_environ
        own_status = self.status_code
        ranges: tuple[tuple[int, int], ...]
        if type(source) is dict and "REQUEST_METHOD" in source:
            # A WSGI environ (the usual case): its keys are read directly, without a getter.
            method = source["REQUEST_METHOD"]
            get = source.get
            status, ranges = _decide(
                (method if type(method) is str else str(method)).upper(),
                get("HTTP_IF_MATCH"),
                get("HTTP_IF_UNMODIFIED_SINCE"),
                get("HTTP_IF_NONE_MATCH"),
                get("HTTP_IF_MODIFIED_SINCE"),
                get("HTTP_RANGE"),
                get("HTTP_IF_RANGE"),
                headers._get1,
                own_status,
                complete_length,
                serve_ranges,
            )
        else:
            method, get_header = _request_of(source)
            status, ranges = _decide_by_getter(
                method, get_header, headers._get1, own_status, complete_length, serve_ranges
            )
        if status == 416:
            # The caller gets an exception instead of this response, and send_file-style callers
            # drop the response: close its body (an open file) now rather than leak it.
            _close_body(self)
            raise RequestedRangeNotSatisfiable(complete_length, response_class=type(self))
        if status == 206:
            assert complete_length is not None
            _apply_ranges(self, ranges, complete_length)
            return self
        if status == 412:
            # The representation is not what the client bargained for: do not send it.
            _close_body(self)
            nothing: list[bytes] = []
            self.response = nothing
            headers._del("content-length")
            headers._del("content-range")
        if status != own_status:
            self.status_code = status
        # A 304 has no body to measure (and measuring would buffer a streamed one).
        if (
            status != 304
            and self.automatically_set_content_length
            and headers._get1("content-length") is None
        ):
            length = self.calculate_content_length()
            if length is not None:
                headers._set1("content-length", "Content-Length", str(length))
        return self


def _close_body(resp: _ConditionalResponse) -> None:
    close = getattr(resp.response, "close", None)
    if callable(close):
        close()


def _apply_ranges(
    resp: _ConditionalResponse, spans: tuple[tuple[int, int], ...], complete_length: int
) -> None:
    """Turn ``resp`` into a 206 carrying ``spans`` of its body (RFC 9110 15.3.7)."""
    headers = resp.headers
    body = resp.response
    if len(spans) == 1 and type(body) is list and len(body) == 1 and type(body[0]) is bytes:
        # One span of one bytes item (what set_data stores): a slice, without joining a copy.
        start, stop = spans[0]
        resp.response = [body[0][start:stop]]
        headers._set1(
            "content-range", "Content-Range", f"bytes {start}-{stop - 1}/{complete_length}"
        )
        headers._set1("content-length", "Content-Length", str(stop - start))
        resp.status_code = 206
        return
    if isinstance(body, (bytes, bytearray, str)):
        body = [body]  # a bare value assigned to .response: iterating it would give ints or chars
    in_memory = isinstance(body, (list, tuple))
    pieces: list[bytes | tuple[int, int]]
    if len(spans) == 1:
        start, stop = spans[0]
        pieces = [(start, stop)]
        length = stop - start
        headers._set1(
            "content-range", "Content-Range", f"bytes {start}-{stop - 1}/{complete_length}"
        )
    else:
        if not in_memory and _seekable_file(body) is None:
            # A one-pass stream can only be cut in ascending order.
            spans = tuple(sorted(spans))
        import secrets  # only multipart answers need it

        boundary = secrets.token_hex(16)
        pieces, length = multipart_byteranges(
            spans, complete_length, headers._get1("content-type"), boundary
        )
        headers._set1("content-type", "Content-Type", f"multipart/byteranges; boundary={boundary}")
        headers._del("content-range")
    resp.response = [_buffered(pieces, body)] if in_memory else RangeStream(body, pieces)
    headers._set1("content-length", "Content-Length", str(length))
    resp.status_code = 206
