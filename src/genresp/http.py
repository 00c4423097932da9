"""HTTP field-value codecs under Werkzeug 2.3's names.

Every ``parse_*`` function accepts any string and returns a value or None: malformed input never
raises, and every grammar is matched by precompiled, linear-time regular expressions or single
passes.  The ABNF each parser follows sits above it, with the RFC section it comes from.
"""

from __future__ import annotations

import sys
from _collections_abc import Callable, Iterable, Mapping

from ._cache import remember as _remember
from ._grammar import (
    ASCTIME_DATE,
    CSP_DIRECTIVE_NAME_RE,
    DAY_NAME_SET,
    DAY_NAMES_L,
    ENTITY_TAG_MEMBER_RE,
    EXT_VALUE_RE,
    IMF_FIXDATE_RE,
    MONTH_NUMBER,
    OWS,
    OWS_RE,
    QUOTED_PAIR_RE,
    QUOTED_STRING_INNER,
    REFUSED_IN_VALUE_RE,
    RFC850_DATE,
    TCHAR,
    TOKEN,
    TOKEN_RE,
    compile_lazily,
    decode_ext_value,
    dump_options_header,
    http_date,
    lazy_pattern,
    parse_dict_header,
    quote_etag,
    split_list,
    unquote_etag,
)
from ._grammar import quote_header_value as _quote_header_value
from ._grammar import unquote_header_value as _unquote_header_value
from ._lazy import LazyModule
from ._typing import TYPE_CHECKING, Any, TypeVar
from .cookies import dump_cookie
from .datastructures import _enums_on_first_use
from .datastructures.cache_control import ResponseCacheControl
from .datastructures.content_range import ContentRange, is_byte_range_valid
from .datastructures.csp import ContentSecurityPolicy
from .datastructures.etags import ETags, IfRange, Range
from .datastructures.header_set import HeaderSet

if TYPE_CHECKING:
    from .datastructures.enums import COEP, COOP
else:
    __getattr__ = _enums_on_first_use(__name__)

# datetime is imported on first use unless it is loaded anyway (as in nearly every application).
# Annotations name its types through _dt, so typing.get_type_hints resolves them either way (the
# lazy module imports datetime then).
if TYPE_CHECKING or "datetime" in sys.modules:
    import datetime as _dt
else:
    _dt = LazyModule("datetime", globals(), "_dt")

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
    if value.__class__ is str and allow_token and TOKEN_RE.fullmatch(value) is not None:
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


def parse_list_header(value: str) -> list[str]:
    """Split a comma-separated list; quoted items are unquoted."""
    if not value:
        return []
    return [_unquote_header_value(item) for item in split_list(value)]


def parse_set_header(
    value: str | None, on_update: Callable[[HeaderSet], None] | None = None
) -> HeaderSet:
    """Parse a comma-separated list into a :class:`HeaderSet` (empty items are dropped)."""
    if not value:
        return HeaderSet(None, on_update)
    items = [item for item in parse_list_header(value) if item and _is_clean(item)]
    return HeaderSet(items, on_update)


def _is_clean(text: str) -> bool:
    # A parsed item that the write rule refuses (a control character, C1 included) cannot be stored
    # (setters refuse it); the parsers drop such items instead of raising.
    return REFUSED_IN_VALUE_RE.search(text) is None


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
_param_name_re = lazy_pattern(rf";{OWS}({TOKEN})=")
# The common case, name=token, for a name without "*" (a starred name is RFC 2231 / 8187 syntax).
_TCHAR_NO_STAR = TCHAR.replace("*", "")
_param_simple_re = lazy_pattern(rf";{OWS}([{_TCHAR_NO_STAR}]+)=({TOKEN})")
_PARAM_QUOTED_RE = compile_lazily(rf'(?s)"({QUOTED_STRING_INNER})"')
# RFC 2231 3: name*N (continuation) and name*N* (encoded continuation); name* alone is RFC 8187.
_CONTINUATION_RE = compile_lazily(r"(.+?)\*([0-9]+)(\*?)")


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
    if not main:
        return "", {}  # parameters of nothing (";a=b"): none, as in Werkzeug
    end = len(value)
    params: dict[str, str] = {}
    # Set once a quoted-string was found unterminated: the rest is read the fallback way directly,
    # so a value with many such parameters is still read in linear time.
    unterminated = False
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
            quoted = None if unterminated else _PARAM_QUOTED_RE.match(value, cursor)
            if quoted is not None:
                text = quoted.group(1)
                if "\\" in text:
                    text = QUOTED_PAIR_RE.sub(r"\1", text)
                cursor = quoted.end()
            else:
                # No closing quote once quoted-pairs are honoured: as Werkzeug does, the next quote
                # closes the value and backslashes are literal (filename="C:\dir\"); without any,
                # this parameter is dropped and the next one is read.
                unterminated = True
                close = value.find('"', cursor + 1)
                if close < 0:
                    pos = value.find(";", cursor)
                    if pos < 0:
                        break
                    continue
                text = value[cursor + 1 : close]
                cursor = close + 1
            was_quoted = True
        else:
            token = TOKEN_RE.match(value, cursor)
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
                params[name[:-1]] = decode_ext_value(text) if not was_quoted else text
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
            match = EXT_VALUE_RE().fullmatch(text)
            if match is not None:
                charset = match.group(1) or "utf-8"
                text = match.group(3)
        chunks.append(_percent_decode(text))
    raw = b"".join(chunks)
    try:
        return raw.decode(charset, "replace")
    except LookupError:
        return raw.decode("utf-8", "replace")


_PERCENT_RE = compile_lazily(r"%([0-9A-Fa-f]{2})")


def _percent_decode(text: str) -> bytes:
    out = bytearray()
    last = 0
    for match in _PERCENT_RE.finditer(text):
        out += text[last : match.start()].encode("utf-8", "surrogateescape")
        out.append(int(match.group(1), 16))
        last = match.end()
    out += text[last:].encode("utf-8", "surrogateescape")
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# Dates (RFC 9110 5.6.7) and ages (RFC 9111 5.1)
# ---------------------------------------------------------------------------------------------

# Parse caches: a resource's Last-Modified, Expires or Age is parsed again for every response. A
# full cache is emptied, which bounds its memory. (Formatting has its cache in genresp._grammar.)
_PARSE_CACHE_TEXT_MAX = 40

# HTTP-date = IMF-fixdate / obs-date (the rules are in genresp._grammar)
# The weekday is redundant; like Werkzeug (and RFC 9110's "recipients SHOULD be lenient") a wrong
# weekday is not an error. The obsolete forms (and the further variants seen in the wild) go
# through email.utils, whose parser is lenient in the way Werkzeug 2.3 is. Longer input cannot be
# a date; cutting it off bounds the work done on junk. parse_request_date is the strict twin.
_MAX_DATE_LENGTH = 128


# Parse results by input text. Responses carry the same Date / Last-Modified / Expires / Age values
# again and again, and the results are immutable, so a hit skips the parse. Only short texts are
# kept (see the caches above).
_date_cache: dict[str, _dt.datetime | None] = {}
_age_cache: dict[str, _dt.timedelta | None] = {}
_NOT_CACHED: Any = object()


def _parse_and_remember(cache: dict[str, _T], parse: Callable[[str], _T], value: str) -> _T:
    """Parse a text that missed its cache, and remember the result if the text is short."""
    parsed = parse(value)
    if len(value) <= _PARSE_CACHE_TEXT_MAX:
        _remember(cache, value, parsed)
    return parsed


def parse_date(value: str | None) -> _dt.datetime | None:
    """Parse an HTTP date into an aware UTC datetime; None if it is not a date."""
    if not value:
        return None
    hit = _date_cache.get(value, _NOT_CACHED)
    if hit is not _NOT_CACHED:
        return hit  # type: ignore[no-any-return]
    return _parse_and_remember(_date_cache, _parse_date, value)


def _parse_date(value: str) -> _dt.datetime | None:
    match = IMF_FIXDATE_RE.fullmatch(value)
    if match is not None and match.group(1) in DAY_NAME_SET and match.group(3) in MONTH_NUMBER:
        _, day, month, year, hour, minute, second = match.groups()
        try:
            return _dt.datetime(
                int(year),
                MONTH_NUMBER[month],
                int(day),
                int(hour),
                int(minute),
                int(second),
                tzinfo=_dt.timezone.utc,
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
        return parsed.replace(tzinfo=_dt.timezone.utc)
    try:
        return parsed.astimezone(_dt.timezone.utc)
    except (OverflowError, ValueError):
        return None


def parse_request_date(value: str | None) -> _dt.datetime | None:
    """A request field that must be exactly one HTTP-date (If-Modified-Since, If-Unmodified-Since,
    the date form of If-Range) as a UTC datetime; None for anything else, lists included.

    RFC 9110 13.1.3 and 13.1.4 require ignoring a value that is not a valid HTTP-date or has more
    than one member, so unlike parse_date nothing lenient is accepted. The weekday is not checked
    against the date (parse_date does not either).
    """
    if not value:
        return None
    text = value.strip(" \t")
    match = IMF_FIXDATE_RE.fullmatch(text)
    if match is not None:
        if match.group(1) not in DAY_NAME_SET or match.group(3) not in MONTH_NUMBER:
            return None
        # The form is parse_date's own first form, so it converts it exactly (and from its cache).
        return parse_date(text)
    # The obsolete forms are rare: compiled on first use, not at import.
    match = _RFC850_DATE_RE.fullmatch(text)
    if match is not None:
        name, day, month, year, hour, minute, second = match.groups()
        if name not in DAY_NAMES_L:
            return None
        # RFC 9110 5.6.7: a two-digit year more than 50 years in the future is the most recent
        # past year with those digits.
        this_year = _dt.datetime.now(_dt.timezone.utc).year
        full_year = this_year // 100 * 100 + int(year)
        if full_year > this_year + 50:
            full_year -= 100
        return _utc(full_year, month, day, hour, minute, second)
    match = _ASCTIME_DATE_RE.fullmatch(text)
    if match is not None:
        name, month, day, hour, minute, second, year = match.groups()
        if name not in DAY_NAME_SET:
            return None
        return _utc(int(year), month, day, hour, minute, second)
    return None


_RFC850_DATE_RE = compile_lazily(RFC850_DATE)
_ASCTIME_DATE_RE = compile_lazily(ASCTIME_DATE)


def _utc(
    year: int, month: str, day: str, hour: str, minute: str, second: str
) -> _dt.datetime | None:
    number = MONTH_NUMBER.get(month)
    if number is None:
        return None
    try:
        return _dt.datetime(
            year, number, int(day), int(hour), int(minute), int(second), tzinfo=_dt.timezone.utc
        )
    except ValueError:  # 31 Feb, 25:00:00, ...
        return None


# delta-seconds = 1*DIGIT   (RFC 9111 1.2.2)
_DELTA_SECONDS_RE = compile_lazily(rf"{OWS}([0-9]{{1,15}}){OWS}")


def parse_age(value: str | None = None) -> _dt.timedelta | None:
    """Parse delta-seconds into a timedelta; None for anything else (including negatives)."""
    if not value:
        return None
    hit = _age_cache.get(value, _NOT_CACHED)
    if hit is not _NOT_CACHED:
        return hit  # type: ignore[no-any-return]
    return _parse_and_remember(_age_cache, _parse_age, value)


def _parse_age(value: str) -> _dt.timedelta | None:
    match = _DELTA_SECONDS_RE.fullmatch(value)
    if match is None:
        return None
    try:
        return _dt.timedelta(seconds=int(match.group(1)))
    except OverflowError:
        return None


def dump_age(age: _dt.timedelta | int | None = None) -> str | None:
    """Format a timedelta or a number of seconds as delta-seconds; None stays None."""
    if age is None:
        return None
    seconds = int(age.total_seconds()) if isinstance(age, _dt.timedelta) else int(age)
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
            if TOKEN_RE.fullmatch(key) and (val is None or _is_clean(val))
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
_CSP_NAME_RE = CSP_DIRECTIVE_NAME_RE


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


# Read leniently: any text but DQUOTE inside the quotes (the field may come from anywhere).
_etag_item_re = lazy_pattern(rf'{OWS}(W/)?"([^"]*)"{OWS}(?:,|\Z)')


def parse_etags(value: str | None) -> ETags:
    """Parse If-Match / If-None-Match: ``*`` or a list of (possibly weak) entity-tags.

    Unquoted tags are accepted as Werkzeug does.
    """
    # If-None-Match = "*" / #entity-tag
    if not value:
        return ETags()
    if REFUSED_IN_VALUE_RE.search(value) is not None:
        # A tag with a control character cannot be stored (or echoed back safely): drop those.
        value = ",".join(item for item in split_list(value) if _is_clean(item))
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
    for item in split_list(value):
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


def parse_request_etags(value: str | None) -> list[tuple[str, bool]] | None:
    """The strict twin of parse_etags, for evaluating If-Match / If-None-Match (RFC 9110 13.1.1,
    13.1.2): the entity-tags as ``(opaque-tag, is_weak)``; None when a member is ``*``.

    A bare tag (``v1``) is the strong tag ``"v1"``; other members that are not entity-tags (a
    lower-case ``w/``, a half-quoted tag, junk) are skipped. Linear in the length of the value.
    """
    tags: list[tuple[str, bool]] = []
    if not value:
        return tags
    pos = 0
    end = len(value)
    member = ENTITY_TAG_MEMBER_RE.match
    ows_end = OWS_RE.match
    while pos < end:
        found = member(value, pos)
        if found is not None:
            after = ows_end(value, found.end()).end()  # type: ignore[union-attr]  # always matches
            if after == end or value[after] == ",":
                weak, opaque, star, bare = found.groups()
                if star is not None:
                    return None
                if opaque is not None:
                    tags.append((opaque, weak is not None))
                else:
                    tags.append((bare, False))
                pos = after + 1
                continue
        # Not one member followed by a comma: skip it, whatever it holds, to the next comma.
        comma = value.find(",", pos)
        if comma < 0:
            break
        pos = comma + 1
    return tags


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
_int_range_re = lazy_pattern(rf"{OWS}([0-9]{{1,19}}){OWS}-{OWS}([0-9]{{0,19}}){OWS}")
_SUFFIX_RANGE_RE = compile_lazily(rf"{OWS}-{OWS}([0-9]{{1,19}}){OWS}")


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
    rf"{OWS}({TOKEN})[ \t]+(?:([0-9]{{1,19}})-([0-9]{{1,19}})|(\*))/([0-9]{{1,19}}|\*){OWS}"
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


def _dt_as_utc(dt: _dt.datetime) -> _dt.datetime:
    if dt.tzinfo is None:
        return dt.replace(tzinfo=_dt.timezone.utc)
    return dt.astimezone(_dt.timezone.utc)


def is_resource_modified(
    environ: Mapping[str, Any],
    etag: str | None = None,
    data: bytes | None = None,
    last_modified: _dt.datetime | str | None = None,
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

    since: _dt.datetime | None
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
