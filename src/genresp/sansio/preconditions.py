"""Conditional and range requests, evaluated: RFC 9110 13.1 (preconditions), 13.2.2 (their order)
and 14.2 (Range).

Sans-IO: plain functions take the request method, the request fields and the response's
validators and return the status to send (and the byte spans of a 206), so the WSGI mixin
(`genresp.sansio.conditional`) and an ASGI front share one implementation. The request fields are
read with the strict parsers of `genresp.http` (parse_request_date, parse_request_etags).

Where this differs from Werkzeug 2.3 on purpose, docs/differences.md ("Conditional and range
requests") says so and why.
"""

from __future__ import annotations

import sys
from _collections_abc import Callable, Iterator, Mapping

from .._cache import remember
from .._grammar import ENTITY_TAG_RE, lazy_pattern, unquote_etag
from .._lazy import LazyModule
from .._typing import TYPE_CHECKING, Any
from ..http import parse_date, parse_request_date, parse_request_etags

# datetime is imported on first use unless it is loaded anyway (as in nearly every application).
# Annotations name its types through _dt, so typing.get_type_hints resolves them either way (the
# lazy module imports datetime then).
if TYPE_CHECKING or "datetime" in sys.modules:
    import datetime as _dt
else:
    _dt = LazyModule("datetime", globals(), "_dt")

__all__ = [
    "MAX_RANGE_SPECS",
    "Decision",
    "HeaderGetter",
    "RequestFields",
    "decide",
    "decide_by_getter",
    "environ_header_getter",
    "evaluate_conditional",
    "evaluate_if_range",
    "evaluate_preconditions",
    "request_fields",
    "request_of",
    "resolve_ranges",
    "scope_header_getter",
]

#: Reads one request field by its lower-cased name ("if-match"); None when the field is absent.
HeaderGetter = Callable[[str], str | None]

#: A Range field with more range-specs than this is ignored (RFC 9110 14.2 allows ignoring it):
#: many small ranges are a known denial-of-service pattern (RFC 9110 17.15).
MAX_RANGE_SPECS = 64

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


def request_of(request_or_environ: Any) -> tuple[str, HeaderGetter]:
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


def _as_utc(value: _dt.datetime | str | None) -> _dt.datetime | None:
    """A response date (Last-Modified, Date) as an aware UTC datetime with whole seconds (HTTP
    dates have no fractions)."""
    if isinstance(value, str):
        value = parse_date(value)
    if value is None:
        return None
    value = value.replace(microsecond=0)
    if value.tzinfo is None:
        return value.replace(tzinfo=_dt.timezone.utc)
    return value.astimezone(_dt.timezone.utc)


def _present(value: str) -> bool:
    """A field counts as present when it has a non-empty list member (RFC 9110 5.6.1)."""
    return value.replace(",", "").strip() != ""


# -- preconditions (RFC 9110 13.1 and the order of 13.2.2) -----------------------------------------


def _if_match_holds(value: str, etag: str | None) -> bool:
    # "*" is true when a current representation exists; the response is one. Otherwise the strong
    # comparison (8.8.3.2): both tags strong and their opaque-tags equal.
    tags = parse_request_etags(value)
    if tags is None:
        return True
    current = _current_tag(etag)
    if current is None or current[1]:
        return False
    return (current[0], False) in tags


def _if_none_match_holds(value: str, etag: str | None) -> bool:
    # False for "*" (a representation exists) or when any tag matches by weak comparison.
    tags = parse_request_etags(value)
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
    last_modified: _dt.datetime | str | None,
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
        since = parse_request_date(if_unmodified_since)
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
        since = parse_request_date(if_modified_since)
        if since is not None:
            modified = _as_utc(last_modified)
            if modified is not None and modified <= since:
                return 304
    return None


def evaluate_preconditions(
    method: str,
    get_header: HeaderGetter,
    etag: str | None = None,
    last_modified: _dt.datetime | str | None = None,
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
    last_modified: _dt.datetime | str | None = None,
    date: _dt.datetime | str | None = None,
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
    tag = ENTITY_TAG_RE.fullmatch(text)
    if tag is not None:
        current = _current_tag(etag)
        if tag.group(1) is not None or current is None or current[1]:
            return False
        return tag.group(2) == current[0]
    since = parse_request_date(text)
    modified = _as_utc(last_modified)
    if since is None or modified is None or modified != since:
        return False
    sent = _as_utc(_dt.datetime.now(_dt.timezone.utc) if date is None else date)
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
    # Leading zeros first: "0000000000000000009" is 9, not a position beyond any length.
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) < 19 else _HUGE


def resolve_ranges(value: str, complete_length: int) -> tuple[tuple[int, int], ...] | None:
    """Resolve a Range field against a representation of ``complete_length`` bytes.

    Returns None when the field is to be ignored (an unknown unit, more than MAX_RANGE_SPECS specs,
    or an empty representation), ``()`` for a 416 (no range is satisfiable, or the byte range-set
    is malformed: invalid syntax, a last-pos before its first-pos), else the ``(start, stop)`` spans
    to send, stop exclusive.

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
    # An unknown unit MUST be ignored (RFC 9110 14.2). A malformed byte range-set may be ignored or
    # rejected (14.2): it is rejected with a 416, as Werkzeug does, so a client learns its error.
    unit, sep, range_set = value.partition("=")
    if unit.strip().lower() != "bytes" or complete_length <= 0:
        return None
    specs = [item.strip() for item in range_set.split(",")]
    specs = [item for item in specs if item]
    if len(specs) > MAX_RANGE_SPECS:
        return None  # 14.2, 17.15: too many ranges are ignored
    if not sep or not specs:
        return ()  # "bytes" or "bytes=" alone
    spans: list[tuple[int, int]] = []
    for spec in specs:
        match = _range_spec_re().fullmatch(spec)
        if match is None:
            return ()  # other-range, or junk: not a valid byte range-set
        first, last = match.groups()
        if first:
            start = _position(first)
            if last and _position(last) < start:
                return ()  # 14.1.1: such a range-spec is invalid
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
            return ()  # a lone "-"
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
    last_modified: _dt.datetime | str | None = None,
    *,
    status: int = 200,
    complete_length: int | None = None,
    accept_ranges: bool = False,
    date: _dt.datetime | str | None = None,
) -> Decision:
    """The whole RFC 9110 13.2.2 evaluation for a response of ``status``.

    Preconditions are evaluated only for a 2xx response (13.2.1); a failed one wins over any Range.
    The Range is then considered only for a GET whose response would be 200 (14.2), when byte
    ranges are accepted, the complete length is known and If-Range (if present) holds; ``date`` is
    the response's Date, which decides whether Last-Modified is strong (see evaluate_if_range).
    """
    validators = {"etag": etag, "last-modified": last_modified, "date": date}
    return Decision(
        *decide_by_getter(
            method, get_header, validators.get, status, complete_length, accept_ranges
        )
    )


#: The request as the conditional engine reads it: (METHOD, If-Match, If-Unmodified-Since,
#: If-None-Match, If-Modified-Since, Range, If-Range); None for an absent field.
RequestFields = tuple[str, object, object, object, object, object, object]


def request_fields(method: str, get_header: HeaderGetter) -> RequestFields:
    """The request fields decide reads, through a HeaderGetter."""
    return (
        method.upper(),
        get_header("if-match"),
        get_header("if-unmodified-since"),
        get_header("if-none-match"),
        get_header("if-modified-since"),
        get_header("range"),
        get_header("if-range"),
    )


def decide_by_getter(
    method: str,
    get_header: HeaderGetter,
    response_field: Callable[[str], Any],
    status: int,
    complete_length: int | None,
    accept_ranges: bool,
) -> tuple[int, tuple[tuple[int, int], ...]]:
    """decide with the request fields read through a HeaderGetter."""
    return decide(
        *request_fields(method, get_header),
        response_field,
        status,
        complete_length,
        accept_ranges,
    )


def _text(value: object) -> str | None:
    # A field value from a getter or an environ: anything but text counts as absent.
    return value if isinstance(value, str) else None


# If-None-Match texts -> whether each is one valid entity-tag: a client echoing an ETag sends the
# same text again and again, and the pattern match was the largest step of that 304. Bounded by
# genresp._cache.
_one_entity_tag: dict[str, bool] = {}


def _is_one_entity_tag(value: str) -> bool:
    return remember(_one_entity_tag, value, ENTITY_TAG_RE.fullmatch(value) is not None)


def decide(
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
            and (_one_entity_tag.get(if_none_match) or _is_one_entity_tag(if_none_match))
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
