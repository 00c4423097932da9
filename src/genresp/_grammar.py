"""The HTTP field grammar, each rule once: the bottom layer every other module builds on.

Each rule below carries its ABNF and a link to the RFC that defines it, and larger rules are built
from smaller ones as regular-expression fragments (h11's ``_abnf.py`` works the same way). The
helpers that write or take apart this syntax live here too: quoting, entity-tags, HTTP-dates,
lists and parameters. This module imports only the standard library and the bottom helpers
``genresp._cache``, ``_typing`` and ``_lazy``, so anything in genresp may import it without a cycle.

Where genresp reads more leniently than the RFC (as Werkzeug does, and as RFC 9110 5.6 asks of
recipients), the comment next to the pattern says so. Every pattern is compiled on first use
(`compile_lazily`, `lazy_pattern`), and ``re`` itself is imported then: compiling and importing
``re`` were most of the time ``import genresp`` took, and a plain response needs no regex.
"""

from __future__ import annotations

import sys
from _collections_abc import Callable, Mapping
from time import struct_time

from ._cache import remember
from ._lazy import LazyModule
from ._typing import TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    import re

# datetime is imported on first use unless it is loaded anyway (as in nearly every application).
# Annotations name its types through _dt, so typing.get_type_hints resolves them either way (the
# lazy module imports datetime then).
if TYPE_CHECKING or "datetime" in sys.modules:
    import datetime as _dt
else:
    _dt = LazyModule("datetime", globals(), "_dt")

__all__ = [
    "ASCTIME_DATE",
    "CSP_DIRECTIVE_NAME_RE",
    "CTL_RE",
    "REFUSED_IN_VALUE_RE",
    "DAY_NAMES",
    "DAY_NAMES_L",
    "ENTITY_TAG",
    "ENTITY_TAG_RE",
    "ETAGC",
    "IMF_FIXDATE",
    "IMF_FIXDATE_RE",
    "MONTH_NAMES",
    "MONTH_NUMBER",
    "OWS",
    "OWS_RE",
    "QUOTED_PAIR_RE",
    "QUOTED_STRING_INNER",
    "RFC850_DATE",
    "TCHAR",
    "TOKEN",
    "TOKEN_RE",
    "check_value",
    "compile_lazily",
    "refused_value",
    "decode_ext_value",
    "dump_options_header",
    "http_date",
    "lazy_pattern",
    "parse_dict_header",
    "quote_etag",
    "quote_header_value",
    "split_list",
    "unquote_etag",
    "unquote_header_value",
]


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A regular expression compiled on first use: a grammar few requests need then costs nothing
    when genresp is imported."""
    compiled: list[re.Pattern[str]] = []

    def get() -> re.Pattern[str]:
        if not compiled:
            import re

            compiled.append(re.compile(pattern, flags))
        return compiled[0]

    return get


# The methods of a compiled pattern that genresp calls.
_PATTERN_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")


class _LazyPattern:
    """A regular expression that compiles itself (importing ``re``) on the first call of one of its
    methods, and then holds the compiled pattern's own bound methods as instance attributes: they
    shadow the class's methods, so later calls go straight to the compiled pattern."""

    def __init__(self, pattern: str | bytes) -> None:
        self.pattern = pattern

    def _compile(self) -> Any:
        import re

        compiled = re.compile(self.pattern)
        for name in _PATTERN_METHODS:
            setattr(self, name, getattr(compiled, name))
        return compiled

    def match(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().match(*args, **kwargs)

    def fullmatch(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().fullmatch(*args, **kwargs)

    def search(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().search(*args, **kwargs)

    def sub(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().sub(*args, **kwargs)

    def subn(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().subn(*args, **kwargs)

    def split(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().split(*args, **kwargs)

    def findall(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().findall(*args, **kwargs)

    def finditer(self, *args: Any, **kwargs: Any) -> Any:
        return self._compile().finditer(*args, **kwargs)

    def __repr__(self) -> str:
        return f"compile_lazily({self.pattern!r})"


if TYPE_CHECKING:

    @overload
    def compile_lazily(pattern: str) -> re.Pattern[str]: ...

    @overload
    def compile_lazily(pattern: bytes) -> re.Pattern[bytes]: ...

    def compile_lazily(pattern: str | bytes) -> re.Pattern[str] | re.Pattern[bytes]:
        """A compiled regular expression (flags inline, e.g. ``(?s)``), compiled on first use."""
        return re.compile(pattern)

else:
    compile_lazily = _LazyPattern


# -- tokens, whitespace, field values ---------------------------------------------------------------

# OWS = *( SP / HTAB )                      https://www.rfc-editor.org/rfc/rfc9110#section-5.6.3
OWS = r"[ \t]*"

# tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
#         / DIGIT / ALPHA                   https://www.rfc-editor.org/rfc/rfc9110#section-5.6.2
# (the inside of a character class, so other classes can be built from it)
TCHAR = r"!#$%&'*+\-.^_`|~0-9A-Za-z"

# token = 1*tchar                           https://www.rfc-editor.org/rfc/rfc9110#section-5.6.2
TOKEN = rf"[{TCHAR}]+"
TOKEN_RE = compile_lazily(TOKEN)

# obs-text = %x80-FF                        https://www.rfc-editor.org/rfc/rfc9110#section-5.5
OBS_TEXT = r"\x80-\xff"

# field-value   = *field-content            https://www.rfc-editor.org/rfc/rfc9110#section-5.5
# field-content = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
# field-vchar   = VCHAR / obs-text
# So a value holds no CTL (%x00-1F / %x7F, RFC 5234 B.1) but HTAB. CTL_RE finds the characters
# refused when writing: CR and LF would split the header block, NUL would truncate it. Characters
# above obs-text are allowed (they are sent as Latin-1 or refused by the server's encoder).
CTL_RE = compile_lazily(r"[\x00-\x08\x0a-\x1f\x7f]")
# What a value written by genresp may not hold (one rule for every write path, issue 10): the CTLs
# above, the C1 controls U+0080-U+009F (some consumers take NEL, U+0085, and others as line breaks),
# and anything above U+00FF (a WSGI server sends headers as Latin-1, PEP 3333, and would fail later
# naming nothing). Left: HTAB, 0x20-0x7E and 0xA0-0xFF. Readers of received fields keep CTL_RE.
# Spelled as the complement of what is left: the same set, but a range up to U+10FFFF costs ~5 ms
# to compile at import.
REFUSED_IN_VALUE_RE = compile_lazily(r"[^\t\x20-\x7e\xa0-\xff]")

# quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
# qdtext        = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
# quoted-pair   = "\" ( HTAB / SP / VCHAR / obs-text )
#                                           https://www.rfc-editor.org/rfc/rfc9110#section-5.6.4
# Read leniently: any character but DQUOTE and "\" counts as qdtext, and a quoted-pair may escape
# any character (controls are refused separately, by CTL_RE, where a value is stored).
QDTEXT = r'[^"\\]'
QUOTED_PAIR = r"\\."
# The inside of a quoted-string, unrolled so that the scan is linear (compile with (?s), DOTALL).
QUOTED_STRING_INNER = rf"{QDTEXT}*(?:{QUOTED_PAIR}{QDTEXT}*)*"
QUOTED_PAIR_RE = compile_lazily(r"(?s)\\(.)")
# What quoting must escape: a quoted-string ends at DQUOTE and "\" starts a quoted-pair.
_NEEDS_ESCAPE_RE = compile_lazily(r'(["\\])')


def check_value(what: str, value: object) -> str:
    """Return the value as a str safe to send; ValueError naming ``what`` on a control character.

    Bytes are decoded as Latin-1 (never stored as "b'...'"); other objects go through ``str()``.
    """
    text: str
    if type(value) is str:
        text = value
    elif isinstance(value, (bytes, bytearray)):
        text = bytes(value).decode("latin-1")
    elif value is None:
        raise TypeError(f"Invalid value for {what}: None")
    else:
        text = str(value)
    # isascii() and isprintable() are C calls that are true for almost every value; only the rest
    # get the regex.
    if not (text.isascii() and text.isprintable()) and REFUSED_IN_VALUE_RE.search(text) is not None:
        if what.lower() in _IRI_FIELDS and CTL_RE.search(text) is None:
            return text  # an IRI: sent as a URI (percent-encoded, IDNA), so any character fits
        raise refused_value(what, text)
    return text


# Fields whose value is a URI reference, stored as given (an IRI may be) and turned into a URI when
# sent (RFC 3987 3.1; Werkzeug does the same): only the CTLs are refused there.
_IRI_FIELDS = frozenset({"location", "content-location"})


def refused_value(what: str, text: str) -> ValueError:
    """The ValueError for a value holding a character REFUSED_IN_VALUE_RE finds, saying which rule."""
    found = REFUSED_IN_VALUE_RE.search(text)
    char = found.group() if found is not None else ""
    if char > "\xff":
        reason = (
            f"the character {char!r} is above U+00FF, which a WSGI server cannot send (headers are"
            " Latin-1); encode non-Latin text (RFC 8187 for parameters, percent-encoding for URLs)"
        )
    elif char >= "\x80":
        reason = (
            f"the C1 control character {char!r} is refused (some consumers treat U+0080-U+009F as"
            " line breaks)"
        )
    else:
        reason = (
            "it contains a control character (CR, LF, NUL and other controls are refused to"
            " prevent header injection)"
        )
    return ValueError(f"Invalid value for {what}: {text!r}: {reason}")


def quote_header_value(value: object, allow_token: bool = True) -> str:
    """``value`` as a token if it is one (and ``allow_token``), else as a quoted-string."""
    text: str = value if value.__class__ is str else str(value)
    if allow_token and TOKEN_RE.fullmatch(text) is not None:
        return text
    return '"' + _NEEDS_ESCAPE_RE.sub(r"\\\1", text) + '"'


def unquote_header_value(value: str) -> str:
    """Undo :func:`quote_header_value`: strip the quotes and resolve quoted-pairs."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        inner = value[1:-1]
        if "\\" in inner:
            return QUOTED_PAIR_RE.sub(r"\1", inner)
        return inner
    return value


# -- lists                                   https://www.rfc-editor.org/rfc/rfc9110#section-5.6.1

# #element => [ element ] *( OWS "," OWS [ element ] )
# The splitter yields the raw text between top-level commas. A quoted-string may contain commas; an
# unterminated one runs to the end of the value (there is no closing quote to stop at). Each
# alternative consumes at least one character and none overlaps another, so the scan is linear.
_list_piece_re = lazy_pattern(rf"""(?xs)
    [^",]+                                   # plain run
  | "{QUOTED_STRING_INNER}(?:"|\\?\Z)        # quoted-string (or an unterminated one up to the end)
  | ,                                        # separator
    """)


def split_list(value: str) -> list[str]:
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


# -- parameters                              https://www.rfc-editor.org/rfc/rfc9110#section-5.6.6

# parameters      = *( OWS ";" OWS [ parameter ] )
# parameter       = parameter-name "=" parameter-value
# parameter-name  = token
# parameter-value = ( token / quoted-string )


def dump_options_header(header: str | None, options: Mapping[str, Any]) -> str:
    """Build ``header; key=value; ...``; options whose value is None are left out."""
    segments = [] if header is None else [header]
    for key, value in options.items():
        if value is None:
            continue
        segments.append(f"{key}={quote_header_value(value)}")
    return "; ".join(segments)


# ext-value     = charset  "'" [ language ] "'" value-chars
#                                           https://www.rfc-editor.org/rfc/rfc8187#section-3.2
# charset       = "UTF-8" / "ISO-8859-1" / mime-charset
# mime-charsetc = ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "+" / "-" / "^" / "_" / "`"
#                 / "{" / "}" / "~"
# language      = <Language-Tag, see RFC 5646>
EXT_VALUE_RE = lazy_pattern(r"(?s)([A-Za-z0-9!#$%&+\-^_`{}~]*)'([A-Za-z0-9\-]*)'(.*)")


def decode_ext_value(value: str) -> str:
    """Decode an RFC 8187 ext-value.

    Without a usable charset the value-chars are returned still percent-encoded (as Werkzeug does).
    """
    match = EXT_VALUE_RE().fullmatch(value)
    if match is None:
        return value
    charset, _, chars = match.groups()
    if not charset:
        return chars
    try:
        from urllib.parse import unquote  # rare: keep urllib out of the import of genresp

        return unquote(chars, encoding=charset, errors="replace")
    except LookupError:
        return chars


def parse_dict_header(
    value: str, cls: type[dict[str, str | None]] | None = None
) -> dict[str, str | None]:
    """Parse a comma-separated list of ``key=value`` pairs; bare keys map to None.

    ``key*=charset'lang'value`` (RFC 8187) is decoded and stored under ``key``.
    """
    # #auth-param / #cache-directive style (RFC 9110 11.2, RFC 9111 5.2):
    #   item = token [ BWS "=" BWS ( token / quoted-string ) ]
    result: dict[str, str | None] = {} if cls is None else cls()
    if not value:
        return result
    for item in split_list(value):
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
            result[key] = decode_ext_value(unquote_header_value(raw))
        else:
            result[key] = unquote_header_value(raw)
    return result


# -- Content-Security-Policy directive names   https://www.w3.org/TR/CSP3/#framework-directives

# directive-name = 1*( ALPHA / DIGIT / "-" )
CSP_DIRECTIVE_NAME_RE = compile_lazily(r"[A-Za-z0-9\-]+")


# -- entity-tags                             https://www.rfc-editor.org/rfc/rfc9110#section-8.8.3

# entity-tag = [ weak ] opaque-tag
# weak       = %s"W/"
# opaque-tag = DQUOTE *etagc DQUOTE
# etagc      = %x21 / %x23-7E / obs-text
ETAGC = rf"[\x21\x23-\x7e{OBS_TEXT}]"
# Group 1 is set for a weak tag, group 2 is the opaque-tag without its quotes.
ENTITY_TAG = rf'(W/)?"({ETAGC}*)"'
ENTITY_TAG_RE = compile_lazily(ENTITY_TAG)

# If-Match = "*" / #entity-tag ; If-None-Match = "*" / #entity-tag
#                                           https://www.rfc-editor.org/rfc/rfc9110#section-13.1.1
# The start of one list member (#rule: OWS around commas, empty members allowed). Groups 1 and 2
# are set for a valid entity-tag, group 3 for "*", group 4 for a bare tag: etagc characters without
# quotes, taken as the strong tag of the same characters (RFC 9110 2.2 lets a recipient parse
# leniently; Werkzeug and tests echoing ``get_etag()[0]`` send them). The reader checks that OWS and
# a comma (or the end) follow, and skips anything else to the next comma itself: a pattern that
# matched the rest of the member too would backtrack over runs of spaces (quadratic, issue 10).
ENTITY_TAG_MEMBER_RE = compile_lazily(
    rf"{OWS}(?:{ENTITY_TAG}|(\*)|([\x21\x23-\x2b\x2d-\x7e{OBS_TEXT}]+))"
)
OWS_RE = compile_lazily(OWS)


def quote_etag(etag: str, weak: bool = False) -> str:
    """Quote ``etag`` as an entity-tag, ``W/``-prefixed when ``weak``."""
    if '"' in etag:
        raise ValueError(f"Invalid ETag: {etag!r} contains a double quote")
    check_value("ETag", etag)
    return f'W/"{etag}"' if weak else f'"{etag}"'


def unquote_etag(etag: str | None) -> tuple[str, bool] | tuple[None, None]:
    """Split an entity-tag into ``(opaque value, is_weak)``; ``(None, None)`` for no value.

    Read leniently, as Werkzeug does: a lower-case ``w/`` counts as weak, missing quotes are
    accepted.
    """
    if not etag:
        return None, None
    etag = etag.strip()
    weak = etag[:2] in ("W/", "w/")
    if weak:
        etag = etag[2:]
    if len(etag) >= 2 and etag[0] == etag[-1] == '"':
        etag = etag[1:-1]
    return etag, weak


# -- dates                                   https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7

# HTTP-date    = IMF-fixdate / obs-date
# IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT
# day-name     = %s"Mon" / %s"Tue" / %s"Wed" / %s"Thu" / %s"Fri" / %s"Sat" / %s"Sun"
# date1        = day SP month SP year          ; e.g., 02 Jun 1982 ; day = 2DIGIT, year = 4DIGIT
# month        = %s"Jan" / %s"Feb" / ... / %s"Dec"
# time-of-day  = hour ":" minute ":" second    ; 2DIGIT each
# obs-date     = rfc850-date / asctime-date
# rfc850-date  = day-name-l "," SP date2 SP time-of-day SP GMT
# date2        = day "-" month "-" 2DIGIT
# day-name-l   = %s"Monday" / %s"Tuesday" / ... / %s"Sunday"
# asctime-date = day-name SP date3 SP time-of-day SP year
# date3        = month SP ( 2DIGIT / ( SP DIGIT ) )
# Names are case-sensitive. They are matched by shape in the patterns and checked against the
# tables: a twelve-way alternation took half a millisecond to compile at import.
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_NAME_SET = frozenset(DAY_NAMES)
DAY_NAMES_L = frozenset(
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
)
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NUMBER = {name: number for number, name in enumerate(MONTH_NAMES, 1)}

_TIME_OF_DAY = r"([0-9]{2}):([0-9]{2}):([0-9]{2})"
# Groups: day-name, day, month, year, hour, minute, second.
IMF_FIXDATE = rf"([A-Z][a-z]{{2}}), ([0-9]{{2}}) ([A-Z][a-z]{{2}}) ([0-9]{{4}}) {_TIME_OF_DAY} GMT"
IMF_FIXDATE_RE = compile_lazily(IMF_FIXDATE)
# Groups: day-name-l, day, month, 2-digit year, hour, minute, second.
RFC850_DATE = (
    rf"([A-Z][a-z]{{5,8}}), ([0-9]{{2}})-([A-Z][a-z]{{2}})-([0-9]{{2}}) {_TIME_OF_DAY} GMT"
)
# Groups: day-name, month, day, hour, minute, second, year.
ASCTIME_DATE = (
    rf"([A-Z][a-z]{{2}}) ([A-Z][a-z]{{2}}) ([0-9]{{2}}| [0-9]) {_TIME_OF_DAY} ([0-9]{{4}})"
)

# Formatted dates by the value given: a resource's Last-Modified or Expires is formatted again for
# every response. genresp._cache bounds it.
_format_cache: dict[_dt.datetime | int | float, str] = {}


def http_date(timestamp: _dt.datetime | _dt.date | int | float | struct_time | None = None) -> str:
    """Format a point in time as an IMF-fixdate, e.g. ``Sun, 06 Nov 1994 08:49:37 GMT``.

    Naive datetimes are taken as UTC; aware ones are converted; None means now.
    """
    cls = type(timestamp)
    # A fold=1 datetime (the second 01:30 of a DST change) equals its fold=0 twin and hashes alike,
    # yet is another instant: it bypasses the cache.
    if cls is int or cls is float or (cls is _dt.datetime and not timestamp.fold):  # type: ignore[union-attr]
        key: _dt.datetime | int | float = timestamp  # type: ignore[assignment]
        text = _format_cache.get(key)
        if text is None:
            text = _format_date(key)
            remember(_format_cache, key, text)
        return text
    return _format_date(timestamp)


def _format_date(timestamp: _dt.datetime | _dt.date | int | float | struct_time | None) -> str:
    if isinstance(timestamp, _dt.datetime):
        dt = timestamp if timestamp.tzinfo is None else timestamp.astimezone(_dt.timezone.utc)
    elif isinstance(timestamp, _dt.date):
        dt = _dt.datetime(timestamp.year, timestamp.month, timestamp.day)
    elif isinstance(timestamp, (int, float)):
        dt = _dt.datetime.fromtimestamp(timestamp, _dt.timezone.utc)
    elif isinstance(timestamp, struct_time):
        dt = _dt.datetime(*timestamp[:6])
    elif timestamp is None:
        dt = _dt.datetime.now(_dt.timezone.utc)
    else:
        raise TypeError(f"Invalid value for an HTTP date: {timestamp!r}")
    return (
        f"{DAY_NAMES[dt.weekday()]}, {dt.day:02d} {MONTH_NAMES[dt.month - 1]} {dt.year:04d} "
        f"{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d} GMT"
    )
