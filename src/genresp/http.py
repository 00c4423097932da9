"""HTTP field-value codecs under Werkzeug 2.3's names.

Every ``parse_*`` function accepts any string and returns a value or None: malformed input never
raises, and every grammar is matched by precompiled, linear-time regular expressions or single
passes.  The ABNF each parser follows sits above it, with the RFC section it comes from.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from time import struct_time

from ._cache import remember as _remember
from ._typing import Any, TypeVar
from .datastructures._syntax import TOKEN_RE, check_value, lazy_pattern
from .datastructures._syntax import quote_header_value as _quote_header_value
from .datastructures._syntax import unquote_header_value as _unquote_header_value
from .datastructures.cache_control import ResponseCacheControl
from .datastructures.content_range import ContentRange, is_byte_range_valid
from .datastructures.csp import ContentSecurityPolicy
from .datastructures.enums import COEP, COOP
from .datastructures.etags import ETags, IfRange, Range
from .datastructures.header_set import HeaderSet

__all__ = [
    "COEP",
    "COOP",
    "HTTP_STATUS_CODES",
    "dump_age",
    "dump_cookie",
    "dump_csp_header",
    "dump_header",
    "dump_options_header",
    "generate_etag",
    "http_date",
    "is_byte_range_valid",
    "is_entity_header",
    "is_hop_by_hop_header",
    "is_resource_modified",
    "parse_age",
    "parse_cache_control_header",
    "parse_content_range_header",
    "parse_csp_header",
    "parse_date",
    "parse_dict_header",
    "parse_etags",
    "parse_if_range_header",
    "parse_list_header",
    "parse_options_header",
    "parse_range_header",
    "parse_set_header",
    "quote_etag",
    "remove_entity_headers",
    "remove_hop_by_hop_headers",
    "quote_header_value",
    "unquote_etag",
    "unquote_header_value",
]

_is_token = TOKEN_RE.fullmatch
_CC = TypeVar("_CC", bound=ResponseCacheControl)
_CSP = TypeVar("_CSP", bound=ContentSecurityPolicy)
_T = TypeVar("_T")

# Reason phrases, kept identical to Werkzeug 2.3's table so status lines match byte for byte
# (some differ from the RFC 9110 15 wording, e.g. 203 and 207).
HTTP_STATUS_CODES: dict[int, str] = {
    100: "Continue",
    101: "Switching Protocols",
    102: "Processing",
    103: "Early Hints",  # RFC 8297
    200: "OK",
    201: "Created",
    202: "Accepted",
    203: "Non Authoritative Information",
    204: "No Content",
    205: "Reset Content",
    206: "Partial Content",
    207: "Multi Status",
    208: "Already Reported",  # RFC 5842
    226: "IM Used",  # RFC 3229
    300: "Multiple Choices",
    301: "Moved Permanently",
    302: "Found",
    303: "See Other",
    304: "Not Modified",
    305: "Use Proxy",
    306: "Switch Proxy",  # unused
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    407: "Proxy Authentication Required",
    408: "Request Timeout",
    409: "Conflict",
    410: "Gone",
    411: "Length Required",
    412: "Precondition Failed",
    413: "Request Entity Too Large",
    414: "Request URI Too Long",
    415: "Unsupported Media Type",
    416: "Requested Range Not Satisfiable",
    417: "Expectation Failed",
    418: "I'm a teapot",  # RFC 2324
    421: "Misdirected Request",  # RFC 7540
    422: "Unprocessable Entity",
    423: "Locked",
    424: "Failed Dependency",
    425: "Too Early",  # RFC 8470
    426: "Upgrade Required",
    428: "Precondition Required",  # RFC 6585
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    449: "Retry With",  # proprietary MS extension
    451: "Unavailable For Legal Reasons",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    505: "HTTP Version Not Supported",
    506: "Variant Also Negotiates",  # RFC 2295
    507: "Insufficient Storage",
    508: "Loop Detected",  # RFC 5842
    510: "Not Extended",
    511: "Network Authentication Failed",
}


# ---------------------------------------------------------------------------------------------
# Quoting (RFC 9110 5.6.4)
# ---------------------------------------------------------------------------------------------


def quote_header_value(value: Any, extra_chars: str = "", allow_token: bool = True) -> str:
    """Return ``value`` as a token if it is one, else as a quoted-string.

    ``extra_chars`` (kept for Werkzeug 2.3's signature) are also accepted inside a bare token.
    """
    if value.__class__ is str and allow_token and _is_token(value) is not None:
        return value
    if extra_chars and allow_token:
        text = value if isinstance(value, str) else str(value)
        if text and all(ch in extra_chars or TOKEN_RE.fullmatch(ch) for ch in text):
            return text
    return _quote_header_value(value, allow_token=allow_token)


def unquote_header_value(value: str, is_filename: bool = False) -> str:
    """Strip the quotes of a quoted-string and resolve its quoted-pairs.

    A value that is not quoted is returned unchanged.  With ``is_filename``, a quoted UNC path
    (``"\\\\server\\share"``, as old browsers sent) keeps its backslashes.
    """
    if is_filename and len(value) >= 4 and value[0] == value[-1] == '"' and value[1:3] == "\\\\":
        return value[1:-1]
    return _unquote_header_value(value)


# ---------------------------------------------------------------------------------------------
# Lists (RFC 9110 5.6.1)
# ---------------------------------------------------------------------------------------------

# #element => [ element ] *( OWS "," OWS [ element ] )
# The splitter below yields the raw text between top-level commas.  A quoted-string may contain
# commas; an unterminated one runs to the end of the value (there is no closing quote to stop at).
# Each alternative consumes at least one character and none overlaps another, so the scan is
# linear.
_list_piece_re = lazy_pattern(
    r"""
    [^",]+                               # plain run
  | "[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)   # quoted-string (or an unterminated one up to the end)
  | ,                                    # separator
    """,
    re.VERBOSE | re.DOTALL,
)


def _split_list(value: str) -> list[str]:
    """Split a #list at top-level commas; items are stripped, the trailing empty one dropped."""
    if '"' not in value:
        # No quoted-strings: every comma separates.
        parts = value.split(",")
        if not parts[-1]:
            parts.pop()
        return [part.strip() for part in parts]
    items: list[str] = []
    current: list[str] = []
    for piece in _list_piece_re().findall(value):
        if piece == ",":
            items.append("".join(current).strip())
            current = []
        else:
            current.append(piece)
    last = "".join(current)
    if last:
        items.append(last.strip())
    return items


def parse_list_header(value: str) -> list[str]:
    """Split a comma-separated list; quoted items are unquoted."""
    if not value:
        return []
    return [_unquote_header_value(item) for item in _split_list(value)]


# RFC 8187 3.2 (was RFC 5987 / RFC 2231 4)
#   ext-value     = charset  "'" [ language ] "'" value-chars
#   charset       = "UTF-8" / "ISO-8859-1" / mime-charset
#   mime-charsetc = ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "+" / "-" / "^" / "_" / "`"
#                   / "{" / "}" / "~"
#   language      = <Language-Tag, see RFC 5646>
_ext_value_re = lazy_pattern(r"([A-Za-z0-9!#$%&+\-^_`{}~]*)'([A-Za-z0-9\-]*)'(.*)", re.DOTALL)


def _decode_ext_value(value: str) -> str:
    """Decode an RFC 8187 ext-value.

    Without a usable charset the value-chars are returned still percent-encoded (as Werkzeug does).
    """
    match = _ext_value_re().fullmatch(value)
    if match is None:
        return value
    charset, _, chars = match.groups()
    if not charset:
        return chars
    try:
        from urllib.parse import unquote

        return unquote(chars, encoding=charset, errors="replace")
    except LookupError:
        return chars


def parse_dict_header(
    value: str, cls: type[dict[str, str | None]] | None = None
) -> dict[str, str | None]:
    """Parse a comma-separated list of ``key=value`` pairs; bare keys map to None.

    ``key*=charset'lang'value`` (RFC 8187) is decoded and stored under ``key``.
    """
    # #auth-param / #cache-directive style:
    #   item = token [ BWS "=" BWS ( token / quoted-string ) ]
    result: dict[str, str | None] = {} if cls is None else cls()
    if not value:
        return result
    for item in _split_list(value):
        key, has_value, raw = item.partition("=")
        key = key.strip()
        if not key:
            continue
        if not has_value:
            result[key] = None
            continue
        raw = raw.strip()
        if key[-1] == "*" and len(key) > 1:
            key = key[:-1]
            result[key] = _decode_ext_value(_unquote_header_value(raw))
        else:
            result[key] = _unquote_header_value(raw)
    return result


def parse_set_header(
    value: str | None, on_update: Callable[[HeaderSet], None] | None = None
) -> HeaderSet:
    """Parse a comma-separated list into a :class:`HeaderSet` (empty items are dropped)."""
    if not value:
        return HeaderSet(None, on_update)
    items = [item for item in parse_list_header(value) if item and _is_clean(item)]
    return HeaderSet(items, on_update)


_CTL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def _is_clean(text: str) -> bool:
    # A parsed item with a control character cannot be stored (setters refuse it); the parsers
    # drop such items instead of raising.
    return _CTL_RE.search(text) is None


def dump_header(iterable: Iterable[Any] | Mapping[str, Any], allow_token: bool = True) -> str:
    """Join items (or ``key=value`` pairs of a mapping) with ``", "``, quoting where needed."""
    if isinstance(iterable, Mapping):
        return ", ".join(
            key if value is None else f"{key}={_quote_header_value(value, allow_token)}"
            for key, value in iterable.items()
        )
    return ", ".join(_quote_header_value(item, allow_token) for item in iterable)


# ---------------------------------------------------------------------------------------------
# Parameters (RFC 9110 5.6.6, RFC 8187, RFC 2231 3)
# ---------------------------------------------------------------------------------------------

# parameters      = *( OWS ";" OWS [ parameter ] )
# parameter       = parameter-name "=" parameter-value
# parameter-name  = token
# parameter-value = ( token / quoted-string )
#
# There is no whitespace around "=" (RFC 9110 5.6.6).  Text after a value and before the next
# ";" is ignored.  An unterminated quoted-string swallows the rest of the field, so parsing stops.
_param_name_re = lazy_pattern(r";[ \t]*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)=")
_param_simple_re = lazy_pattern(
    r";[ \t]*([!#$%&'+\-.^_`|~0-9A-Za-z]+)=([!#$%&'*+\-.^_`|~0-9A-Za-z]+)"
)
_PARAM_TOKEN_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_PARAM_QUOTED_RE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"', re.DOTALL)
_QUOTED_PAIR_RE = re.compile(r"\\(.)", re.DOTALL)
# RFC 2231 3: name*N (continuation) and name*N* (encoded continuation); name* alone is RFC 8187.
_CONTINUATION_RE = re.compile(r"(.+?)\*([0-9]+)(\*?)")


def parse_options_header(value: str | None) -> tuple[str, dict[str, str]]:
    """Split ``value; key=value; ...`` into the value and a dict of lower-cased parameters.

    Handles RFC 8187 ``key*=utf-8''...`` and RFC 2231 continuations (``key*0``, ``key*1*``).
    """
    if not value:
        return "", {}
    pos = value.find(";")
    if pos < 0:
        return value.strip(), {}
    main = value[:pos].strip()
    end = len(value)
    params: dict[str, str] = {}
    # name -> list of (index, text, encoded) for RFC 2231 continuations
    continued: dict[str, list[tuple[int, str, bool]]] = {}
    while pos < end:
        simple = _param_simple_re().match(value, pos)
        if simple is not None:
            # The common case: name=token, no RFC 2231/8187 star.
            params[simple.group(1).lower()] = simple.group(2)
            pos = value.find(";", simple.end())
            if pos < 0:
                break
            continue
        match = _param_name_re().match(value, pos)
        if match is None:
            pos = value.find(";", pos + 1)
            if pos < 0:
                break
            continue
        name = match.group(1).lower()
        cursor = match.end()
        if cursor < end and value[cursor] == '"':
            quoted = _PARAM_QUOTED_RE.match(value, cursor)
            if quoted is None:
                break
            text = quoted.group(1)
            if "\\" in text:
                text = _QUOTED_PAIR_RE.sub(r"\1", text)
            cursor = quoted.end()
            was_quoted = True
        else:
            token = _PARAM_TOKEN_RE.match(value, cursor)
            if token is None:
                pos = value.find(";", cursor)
                if pos < 0:
                    break
                continue
            text = token.group()
            cursor = token.end()
            was_quoted = False
        if "*" not in name:
            params[name] = text
        elif name[-1] == "*" and len(name) > 1:
            cont = _CONTINUATION_RE.fullmatch(name[:-1])
            if cont is not None:
                continued.setdefault(cont.group(1), []).append((int(cont.group(2)), text, True))
            else:
                params[name[:-1]] = _decode_ext_value(text) if not was_quoted else text
        else:
            cont = _CONTINUATION_RE.fullmatch(name)
            if cont is not None:
                continued.setdefault(cont.group(1), []).append((int(cont.group(2)), text, False))
            else:
                params[name] = text
        pos = value.find(";", cursor)
        if pos < 0:
            break
    for key, parts in continued.items():
        params[key] = _join_continuations(parts)
    return main, params


def _join_continuations(parts: list[tuple[int, str, bool]]) -> str:
    # RFC 2231 3/4.1: the pieces are joined in order of their index; the charset of an encoded
    # value is named only by the first piece and applies to every encoded piece.
    parts = sorted(parts, key=lambda part: part[0])
    charset = "utf-8"
    chunks: list[bytes] = []
    for i, (_, text, encoded) in enumerate(parts):
        if not encoded:
            chunks.append(text.encode("utf-8", "surrogateescape"))
            continue
        if i == 0:
            match = _ext_value_re().fullmatch(text)
            if match is not None:
                charset = match.group(1) or "utf-8"
                text = match.group(3)
        chunks.append(_percent_decode(text))
    raw = b"".join(chunks)
    try:
        return raw.decode(charset, "replace")
    except LookupError:
        return raw.decode("utf-8", "replace")


_PERCENT_RE = re.compile(r"%([0-9A-Fa-f]{2})")


def _percent_decode(text: str) -> bytes:
    out = bytearray()
    last = 0
    for match in _PERCENT_RE.finditer(text):
        out += text[last : match.start()].encode("utf-8", "surrogateescape")
        out.append(int(match.group(1), 16))
        last = match.end()
    out += text[last:].encode("utf-8", "surrogateescape")
    return bytes(out)


def dump_options_header(header: str | None, options: Mapping[str, Any]) -> str:
    """Build ``header; key=value; ...``; options whose value is None are left out."""
    segments = [] if header is None else [header]
    for key, value in options.items():
        if value is None:
            continue
        segments.append(f"{key}={_quote_header_value(value)}")
    return "; ".join(segments)


# ---------------------------------------------------------------------------------------------
# Dates (RFC 9110 5.6.7) and ages (RFC 9111 5.1)
# ---------------------------------------------------------------------------------------------

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NUMBER = {name: i for i, name in enumerate(_MONTHS, 1)}
_WEEKDAY_NAMES = frozenset(_WEEKDAYS)


# Date caches (formatting here, parsing below): a resource's Last-Modified, Expires or Age is
# formatted or parsed again for every response. A full cache is emptied, which bounds its memory.
_PARSE_CACHE_TEXT_MAX = 40

# Formatted dates by the value given.
_format_cache: dict[datetime | int | float, str] = {}


def http_date(timestamp: datetime | date | int | float | struct_time | None = None) -> str:
    """Format a point in time as an IMF-fixdate, e.g. ``Sun, 06 Nov 1994 08:49:37 GMT``.

    Naive datetimes are taken as UTC; aware ones are converted; None means now.
    """
    cls = type(timestamp)
    if cls is datetime or cls is int or cls is float:
        key: datetime | int | float = timestamp  # type: ignore[assignment]
        text = _format_cache.get(key)
        if text is None:
            text = _format_date(key)
            _remember(_format_cache, key, text)
        return text
    return _format_date(timestamp)


def _format_date(timestamp: datetime | date | int | float | struct_time | None) -> str:
    # IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT
    if isinstance(timestamp, datetime):
        dt = timestamp if timestamp.tzinfo is None else timestamp.astimezone(timezone.utc)
    elif isinstance(timestamp, date):
        dt = datetime(timestamp.year, timestamp.month, timestamp.day)
    elif isinstance(timestamp, (int, float)):
        dt = datetime.fromtimestamp(timestamp, timezone.utc)
    elif isinstance(timestamp, struct_time):
        dt = datetime(*timestamp[:6])
    elif timestamp is None:
        dt = datetime.now(timezone.utc)
    else:
        raise TypeError(f"Invalid value for an HTTP date: {timestamp!r}")
    return (
        f"{_WEEKDAYS[dt.weekday()]}, {dt.day:02d} {_MONTHS[dt.month - 1]} {dt.year:04d} "
        f"{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d} GMT"
    )


# IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT
# date1        = day SP month SP year          ; e.g., 02 Jun 1982
# time-of-day  = hour ":" minute ":" second
# The weekday is redundant; like Werkzeug (and RFC 9110's "recipients SHOULD be lenient") a wrong
# weekday is not an error. Day and month names are checked against the tables, not spelled out in
# the pattern: its twelve-way alternation took half a millisecond to compile at import.
_IMF_FIXDATE_RE = re.compile(
    r"([A-Z][a-z]{2}), ([0-9]{2}) ([A-Z][a-z]{2}) ([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT"
)
# rfc850-date  = day-name-l "," SP date2 SP time-of-day SP GMT
# date2        = day "-" month "-" 2DIGIT
# asctime-date = day-name SP date3 SP time-of-day SP year
# date3        = month SP ( 2DIGIT / ( SP DIGIT ))
# These obsolete forms (and the further variants seen in the wild) go through email.utils, whose
# parser is lenient in the way Werkzeug 2.3 is.  Longer input cannot be a date; cutting it off
# bounds the work done on junk.
_MAX_DATE_LENGTH = 128


# Parse results by input text. Responses carry the same Date / Last-Modified / Expires / Age values
# again and again, and the results are immutable, so a hit skips the parse. Only short texts are
# kept (see the caches above).
_date_cache: dict[str, datetime | None] = {}
_age_cache: dict[str, timedelta | None] = {}
_NOT_CACHED: Any = object()


def _parse_and_remember(cache: dict[str, _T], parse: Callable[[str], _T], value: str) -> _T:
    """Parse a text that missed its cache, and remember the result if the text is short."""
    parsed = parse(value)
    if len(value) <= _PARSE_CACHE_TEXT_MAX:
        _remember(cache, value, parsed)
    return parsed


def parse_date(value: str | None) -> datetime | None:
    """Parse an HTTP date into an aware UTC datetime; None if it is not a date."""
    if not value:
        return None
    hit = _date_cache.get(value, _NOT_CACHED)
    if hit is not _NOT_CACHED:
        return hit  # type: ignore[no-any-return]
    return _parse_and_remember(_date_cache, _parse_date, value)


def _parse_date(value: str) -> datetime | None:
    match = _IMF_FIXDATE_RE.fullmatch(value)
    if match is not None and match.group(1) in _WEEKDAY_NAMES and match.group(3) in _MONTH_NUMBER:
        _, day, month, year, hour, minute, second = match.groups()
        try:
            return datetime(
                int(year),
                _MONTH_NUMBER[month],
                int(day),
                int(hour),
                int(minute),
                int(second),
                tzinfo=timezone.utc,
            )
        except ValueError:
            return None
    if len(value) > _MAX_DATE_LENGTH:
        return None
    try:
        # Imported here: email.utils (with socket, calendar, urllib) is a third of a cold import.
        import email.utils

        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    try:
        return parsed.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None


# delta-seconds = 1*DIGIT   (RFC 9111 1.2.2)
_DELTA_SECONDS_RE = re.compile(r"[ \t]*([0-9]{1,15})[ \t]*")


def parse_age(value: str | None = None) -> timedelta | None:
    """Parse delta-seconds into a timedelta; None for anything else (including negatives)."""
    if not value:
        return None
    hit = _age_cache.get(value, _NOT_CACHED)
    if hit is not _NOT_CACHED:
        return hit  # type: ignore[no-any-return]
    return _parse_and_remember(_age_cache, _parse_age, value)


def _parse_age(value: str) -> timedelta | None:
    match = _DELTA_SECONDS_RE.fullmatch(value)
    if match is None:
        return None
    try:
        return timedelta(seconds=int(match.group(1)))
    except OverflowError:
        return None


def dump_age(age: timedelta | int | None = None) -> str | None:
    """Format a timedelta or a number of seconds as delta-seconds; None stays None."""
    if age is None:
        return None
    seconds = int(age.total_seconds()) if isinstance(age, timedelta) else int(age)
    if seconds < 0:
        raise ValueError(f"Invalid age: {age!r} is negative")
    return str(seconds)


# ---------------------------------------------------------------------------------------------
# Cache-Control (RFC 9111 5.2) and Content-Security-Policy (CSP3 2.2.1)
# ---------------------------------------------------------------------------------------------


# Checked items by header text: responses of one application repeat the same few policies, and a
# read after each change (resp.cache_control.x = ...) parses the header again.
_CACHE_TEXT_MAX = 256
_cache_control_items: dict[str, tuple[tuple[str, str | None], ...]] = {}


def parse_cache_control_header(
    value: str | None,
    on_update: Callable[[Any], None] | None = None,
    cls: type[_CC] | None = None,
) -> _CC:
    """Parse Cache-Control into ``cls`` (ResponseCacheControl by default).

    Directive names are lower-cased (RFC 9111 5.2: they are case-insensitive).
    """
    # Cache-Control   = #cache-directive
    # cache-directive = token [ "=" ( token / quoted-string ) ]
    factory: type[Any] = ResponseCacheControl if cls is None else cls
    if not value:
        if factory is ResponseCacheControl:
            return ResponseCacheControl._from_parsed(None, on_update)  # type: ignore[return-value]
        return factory(None, on_update)  # type: ignore[no-any-return]
    items = _cache_control_items.get(value)
    if items is None:
        parsed = parse_dict_header(value)
        # Items whose name is not a token are dropped: the value object would refuse them on write.
        items = tuple(
            (key.lower(), val)
            for key, val in parsed.items()
            if _is_token(key) and (val is None or _is_clean(val))
        )
        if len(value) <= _CACHE_TEXT_MAX:
            _remember(_cache_control_items, value, items)
    if factory is ResponseCacheControl:
        # The items are checked already: skip the per-item validation of the constructor.
        return ResponseCacheControl._from_parsed(items, on_update)  # type: ignore[return-value]
    return factory(items, on_update)  # type: ignore[no-any-return]


# serialized-policy    = serialized-directive *( OWS ";" [ OWS serialized-directive ] )
# serialized-directive = directive-name [ RWS directive-value ]
# directive-name       = 1*( ALPHA / DIGIT / "-" )
# directive-value      = *( %x09 / %x20-%x2B / %x2D-%x3A / %x3C-%x7E )
# The name is matched by a regex and the rest is cut with str methods: a single regex with
# optional whitespace on both sides of a lazy value backtracks quadratically on runs of spaces.
_CSP_NAME_RE = re.compile(r"[A-Za-z0-9\-]+")


def parse_csp_header(
    value: str | None,
    on_update: Callable[[Any], None] | None = None,
    cls: type[_CSP] | None = None,
) -> _CSP:
    """Parse Content-Security-Policy into ``cls`` (ContentSecurityPolicy by default)."""
    factory: type[Any] = ContentSecurityPolicy if cls is None else cls
    if not value:
        return factory(None, on_update)  # type: ignore[no-any-return]
    items: dict[str, str] = {}
    for part in value.split(";"):
        part = part.strip(" \t")
        match = _CSP_NAME_RE.match(part)
        if match is None:
            continue
        rest = part[match.end() :]
        if rest and rest[0] not in " \t":
            continue
        key = match.group().lower()
        directive_value = rest.lstrip(" \t")
        if _is_clean(directive_value) and "," not in directive_value:
            items[key] = directive_value
    return factory(items, on_update)  # type: ignore[no-any-return]


def dump_csp_header(header: ContentSecurityPolicy) -> str:
    """The Content-Security-Policy field value of ``header``."""
    return header.to_header()


# ---------------------------------------------------------------------------------------------
# Header classes
# ---------------------------------------------------------------------------------------------

# Representation metadata and content fields (RFC 9110 8), which a 304 response leaves out.
_ENTITY_HEADERS = frozenset(
    {
        "allow",
        "content-encoding",
        "content-language",
        "content-length",
        "content-location",
        "content-md5",
        "content-range",
        "content-type",
        "expires",
        "last-modified",
    }
)
# Connection-specific fields (RFC 9110 7.6.1) that a proxy must not forward.
_HOP_BY_HOP_HEADERS = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)


def is_entity_header(header: str) -> bool:
    """Whether ``header`` describes the representation (Content-*, Expires, ...)."""
    return header.lower() in _ENTITY_HEADERS


def is_hop_by_hop_header(header: str) -> bool:
    """Whether ``header`` is connection-specific (Connection, Upgrade, ...)."""
    return header.lower() in _HOP_BY_HOP_HEADERS


def _remove_headers(headers: Any, drop: Callable[[str], bool]) -> None:
    if isinstance(headers, list):
        headers[:] = [(key, value) for key, value in headers if not drop(key)]
        return
    for name in {key for key, _ in headers if drop(key)}:
        headers.remove(name)


def remove_entity_headers(
    headers: Any, allowed: Iterable[str] = ("expires", "content-location")
) -> None:
    """Remove the entity headers but ``allowed`` from a list of pairs or a Headers, in place."""
    removable = _ENTITY_HEADERS.difference(name.lower() for name in allowed)
    _remove_headers(headers, lambda key: key.lower() in removable)


def remove_hop_by_hop_headers(headers: Any) -> None:
    """Remove the hop-by-hop headers from a list of pairs or a Headers, in place."""
    _remove_headers(headers, is_hop_by_hop_header)


# ---------------------------------------------------------------------------------------------
# Entity tags (RFC 9110 8.8.3) and conditional requests (RFC 9110 13)
# ---------------------------------------------------------------------------------------------


def quote_etag(etag: str, weak: bool = False) -> str:
    """Quote ``etag`` as an entity-tag, ``W/``-prefixed when ``weak``."""
    # entity-tag = [ weak ] opaque-tag ; weak = %s"W/" ; opaque-tag = DQUOTE *etagc DQUOTE
    # etagc      = %x21 / %x23-7E / obs-text
    if '"' in etag:
        raise ValueError(f"Invalid ETag: {etag!r} contains a double quote")
    check_value("ETag", etag)
    return f'W/"{etag}"' if weak else f'"{etag}"'


def unquote_etag(etag: str | None) -> tuple[str, bool] | tuple[None, None]:
    """Split an entity-tag into ``(opaque value, is_weak)``; ``(None, None)`` for no value."""
    if not etag:
        return None, None
    etag = etag.strip()
    weak = etag[:2] in ("W/", "w/")
    if weak:
        etag = etag[2:]
    if len(etag) >= 2 and etag[0] == etag[-1] == '"':
        etag = etag[1:-1]
    return etag, weak


_etag_item_re = lazy_pattern(r'[ \t]*(W/)?"([^"]*)"[ \t]*(?:,|\Z)')


def parse_etags(value: str | None) -> ETags:
    """Parse If-Match / If-None-Match: ``*`` or a list of (possibly weak) entity-tags.

    Unquoted tags are accepted as Werkzeug does.
    """
    # If-None-Match = "*" / #entity-tag
    if not value:
        return ETags()
    if _CTL_RE.search(value) is not None:
        # A tag with a control character cannot be stored (or echoed back safely): drop those.
        value = ",".join(item for item in _split_list(value) if _is_clean(item))
    strong: list[str] = []
    weak: list[str] = []
    # Fast path for the well-formed case: a run of [W/]"..." items.
    pos = 0
    end = len(value)
    while pos < end:
        match = _etag_item_re().match(value, pos)
        if match is None:
            break
        (weak if match.group(1) else strong).append(match.group(2))
        pos = match.end()
    else:
        return ETags(strong, weak)
    strong.clear()
    weak.clear()
    for item in _split_list(value):
        if not item:
            continue
        if item == "*":
            return ETags(star_tag=True)
        is_weak = item[:2] in ("W/", "w/")
        if is_weak:
            item = item[2:]
        if len(item) >= 2 and item[0] == item[-1] == '"':
            item = item[1:-1]
        (weak if is_weak else strong).append(item)
    return ETags(strong, weak)


def generate_etag(data: bytes) -> str:
    """A strong validator for ``data``: its SHA-1 hex digest."""
    import hashlib  # imported on first use: it loads OpenSSL

    return hashlib.sha1(data).hexdigest()


def parse_if_range_header(value: str | None) -> IfRange:
    """Parse If-Range: an HTTP-date or an entity-tag (weakness is dropped)."""
    # If-Range = entity-tag / HTTP-date
    if not value or not _is_clean(value):
        return IfRange()
    parsed = parse_date(value)
    if parsed is not None:
        return IfRange(date=parsed)
    return IfRange(unquote_etag(value)[0])


# ranges-specifier = range-unit "=" range-set          (RFC 9110 14.1.1)
# range-set        = 1#range-spec
# range-spec       = int-range / suffix-range / other-range
# int-range        = first-pos "-" [ last-pos ]
# suffix-range     = "-" suffix-length
# Werkzeug only accepts ranges in ascending, non-overlapping order, and a suffix range only last;
# this parser makes the same choice so range answers match.
_int_range_re = lazy_pattern(r"[ \t]*([0-9]{1,19})[ \t]*-[ \t]*([0-9]{0,19})[ \t]*")
_SUFFIX_RANGE_RE = re.compile(r"[ \t]*-[ \t]*([0-9]{1,19})[ \t]*")


def parse_range_header(value: str | None, make_inclusive: bool = True) -> Range | None:
    """Parse a Range request field; None if it is malformed or its ranges are out of order."""
    if not value or "=" not in value:
        return None
    units, _, range_set = value.partition("=")
    units = units.strip().lower()
    if TOKEN_RE.fullmatch(units) is None:
        return None
    ranges: list[tuple[int, int | None]] = []
    last_end = 0
    for spec in range_set.split(","):
        if last_end < 0:
            # Nothing can follow a suffix or open-ended range.
            return None
        match = _int_range_re().fullmatch(spec)
        if match is not None:
            begin = int(match.group(1))
            if begin < last_end:
                return None
            if match.group(2):
                end = int(match.group(2)) + 1
                if begin >= end:
                    return None
                ranges.append((begin, end))
                last_end = end
            else:
                ranges.append((begin, None))
                last_end = -1
            continue
        match = _SUFFIX_RANGE_RE.fullmatch(spec)
        if match is None:
            return None
        ranges.append((-int(match.group(1)), None))
        last_end = -1
    return Range(units, ranges)


# Content-Range       = range-unit SP ( range-resp / unsatisfied-range )   (RFC 9110 14.4)
# range-resp          = incl-range "/" ( complete-length / "*" )
# incl-range          = first-pos "-" last-pos
# unsatisfied-range   = "*/" complete-length
_content_range_re = lazy_pattern(
    r"[ \t]*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)[ \t]+"
    r"(?:([0-9]{1,19})-([0-9]{1,19})|(\*))/([0-9]{1,19}|\*)[ \t]*"
)


def parse_content_range_header(
    value: str | None, on_update: Callable[[ContentRange], None] | None = None
) -> ContentRange | None:
    """Parse Content-Range; None when malformed or the range is impossible."""
    if not value:
        return None
    match = _content_range_re().fullmatch(value)
    if match is None:
        return None
    units, first, last, star, length_text = match.groups()
    length = None if length_text == "*" else int(length_text)
    if star:
        return ContentRange(units, None, None, length, on_update)
    start = int(first)
    stop = int(last) + 1
    if not is_byte_range_valid(start, stop, length):
        return None
    return ContentRange(units, start, stop, length, on_update)


def _dt_as_utc(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def is_resource_modified(
    environ: Mapping[str, Any],
    etag: str | None = None,
    data: bytes | None = None,
    last_modified: datetime | str | None = None,
    ignore_if_range: bool = True,
) -> bool:
    """Whether the request's conditional headers call for a full response (RFC 9110 13.2.2).

    ``False`` means the client's copy is current (a 304 for GET/HEAD).
    """
    if etag is None and data is not None:
        etag = generate_etag(data)
    elif data is not None:
        raise TypeError("Pass either etag or data to is_resource_modified, not both")

    if isinstance(last_modified, str):
        last_modified = parse_date(last_modified)
    if last_modified is not None:
        # HTTP dates have whole seconds; microseconds would make every resource look newer.
        last_modified = _dt_as_utc(last_modified.replace(microsecond=0))

    since: datetime | None
    if_range: IfRange | None = None
    if not ignore_if_range and environ.get("HTTP_RANGE") is not None:
        # RFC 9110 13.1.5: If-Range is ignored without a Range field.
        if_range = parse_if_range_header(environ.get("HTTP_IF_RANGE"))

    if if_range is not None and if_range.date is not None:
        since = if_range.date
    else:
        since = parse_date(environ.get("HTTP_IF_MODIFIED_SINCE"))

    unmodified = since is not None and last_modified is not None and last_modified <= since

    if etag:
        tag = unquote_etag(etag)[0] or ""
        if if_range is not None and if_range.etag is not None:
            unmodified = parse_etags(if_range.etag).contains(tag)
        else:
            if_none_match = parse_etags(environ.get("HTTP_IF_NONE_MATCH"))
            if if_none_match:
                # RFC 9110 13.1.2: If-None-Match uses the weak comparison.
                unmodified = if_none_match.contains_weak(tag)
            if_match = parse_etags(environ.get("HTTP_IF_MATCH"))
            if if_match:
                # RFC 9110 13.1.1: If-Match uses the strong comparison.
                unmodified = not if_match.is_strong(tag)
    return not unmodified


# ---------------------------------------------------------------------------------------------
# Set-Cookie (RFC 6265 4.1)
# ---------------------------------------------------------------------------------------------

# cookie-value  = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE )
# cookie-octet  = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
_COOKIE_OCTETS_RE = re.compile(r"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*")
# Outside that set, a value is sent quoted with the offending bytes written as backslash + three
# octal digits (what http.cookies does and browsers' cookie parsers hand back untouched); '"' and
# '\' take a plain backslash.  Space needs no escape inside the quotes.
_COOKIE_ESCAPE_RE = re.compile(rb'[\x00-\x1f",;\\\x7f-\xff]')
_COOKIE_ESCAPES: dict[bytes, bytes] = {bytes([b]): b"\\%03o" % b for b in range(256)}
_COOKIE_ESCAPES[b'"'] = b'\\"'
_COOKIE_ESCAPES[b"\\"] = b"\\\\"
# av-octet = %x20-3A / %x3C-7E   (any CHAR except CTLs or ";")
_BAD_ATTR_RE = re.compile(r"[\x00-\x1f\x7f;]")
_SAMESITE = {"strict": "Strict", "lax": "Lax", "none": "None"}
# Percent-encode a path like a URL path segment would be, leaving what is already escaped.
_PATH_SAFE = "%!$&'()*+,/:=@"
# Paths made only of characters quote() keeps (unreserved plus _PATH_SAFE) skip the call.
_PLAIN_PATH_RE = re.compile(r"[A-Za-z0-9_.~\-%!$&'()*+,/:=@]*")


# Cookie names and paths already checked (paths with their quoted form): an application sets the
# same few again and again. Bounded like the date caches.
_cookie_names: dict[str, str] = {}
_cookie_paths: dict[str, str] = {}
_cookie_domains: dict[str, str] = {}


def _quote_cookie_value(value: str) -> str:
    if _COOKIE_OCTETS_RE.fullmatch(value) is not None:
        return value
    escaped = _COOKIE_ESCAPE_RE.sub(lambda m: _COOKIE_ESCAPES[m.group()], value.encode())
    return '"' + escaped.decode("ascii") + '"'


def dump_cookie(
    key: str,
    value: str = "",
    max_age: timedelta | int | None = None,
    expires: str | datetime | int | float | None = None,
    path: str | None = "/",
    domain: str | None = None,
    secure: bool = False,
    httponly: bool = False,
    sync_expires: bool = True,
    max_size: int = 4093,
    samesite: str | None = None,
    partitioned: bool = False,
) -> str:
    """Build a Set-Cookie field value.

    Attribute order: Domain, Expires, Max-Age, Secure, HttpOnly, Path, SameSite, Partitioned.
    Warns (UserWarning) when the result is longer than ``max_size`` (0 disables the check).
    """
    # set-cookie-string = cookie-pair *( ";" SP cookie-av )
    # cookie-pair       = cookie-name "=" cookie-value ; cookie-name = token
    if type(key) is not str or key not in _cookie_names:
        if not isinstance(key, str) or TOKEN_RE.fullmatch(key) is None:
            raise ValueError(f"Invalid cookie name: {key!r} is not a token")
        _remember(_cookie_names, key, key)
    if type(value) is not str and isinstance(value, bytes):
        value = value.decode("latin-1")
    if _COOKIE_OCTETS_RE.fullmatch(value) is None:
        value = _quote_cookie_value(value)

    if path is not None:
        quoted_path = _cookie_paths.get(path) if type(path) is str else None
        if quoted_path is None:
            if _BAD_ATTR_RE.search(path) is not None:
                raise ValueError(f"Invalid cookie path for {key!r}: {path!r}")
            quoted_path = path
            if _PLAIN_PATH_RE.fullmatch(path) is None:
                from urllib.parse import quote

                quoted_path = quote(path, safe=_PATH_SAFE)
            _remember(_cookie_paths, path, quoted_path)
        path = quoted_path
    if domain:
        ascii_domain = _cookie_domains.get(domain) if type(domain) is str else None
        if ascii_domain is None:
            if _BAD_ATTR_RE.search(domain) is not None:
                raise ValueError(f"Invalid cookie domain for {key!r}: {domain!r}")
            # RFC 6265 5.2.3: a leading dot is ignored; a port is not part of a domain.
            ascii_domain = domain.partition(":")[0].lstrip(".").encode("idna").decode("ascii")
            _remember(_cookie_domains, domain, ascii_domain)
        domain = ascii_domain
    else:
        domain = None
    if max_age is not None:
        max_age = int(max_age.total_seconds()) if isinstance(max_age, timedelta) else int(max_age)
    expires_text: str | None
    if expires is not None:
        if isinstance(expires, str):
            if _BAD_ATTR_RE.search(expires) is not None:
                raise ValueError(f"Invalid cookie expires for {key!r}: {expires!r}")
            expires_text = expires
        else:
            expires_text = http_date(expires)
    elif max_age is not None and sync_expires:
        expires_text = http_date(datetime.now(timezone.utc).timestamp() + max_age)
    else:
        expires_text = None
    samesite_text: str | None = None
    if samesite is not None:
        samesite_text = _SAMESITE.get(str(samesite).lower())
        if samesite_text is None:
            raise ValueError(
                f"Invalid cookie SameSite for {key!r}: {samesite!r} (use Strict, Lax or None)"
            )
    if partitioned:
        # CHIPS: a partitioned cookie is only accepted with Secure.
        secure = True

    parts = [f"{key}={value}"]
    if domain:
        parts.append(f"Domain={domain}")
    if expires_text is not None:
        parts.append(f"Expires={expires_text}")
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    if httponly:
        parts.append("HttpOnly")
    if path is not None:
        parts.append(f"Path={path}")
    if samesite_text is not None:
        parts.append(f"SameSite={samesite_text}")
    if partitioned:
        parts.append("Partitioned")
    header = "; ".join(parts)

    size = len(header)
    if max_size and size > max_size:
        warnings.warn(
            f"The {key!r} cookie is too large: the header is {size} bytes ({len(value)} of them"
            f" the value), over the {max_size}-byte limit; browsers may silently drop it.",
            stacklevel=2,
        )
    return header
