"""Per-kind codecs used by the generated descriptors (spec/headers.yaml names them as parse/dump).

Loaders take the raw header text and never raise: malformed input gives None or the kind's empty value.
Dumpers take the field name and a Python value and return the text to store, or None to remove the header;
they raise TypeError/ValueError naming the header and the value, before anything is changed.
"""

from __future__ import annotations

import sys
from _collections_abc import Callable, Iterable
from _weakref import ref as weakref

from ._cache import remember as remember_bounded
from ._grammar import TOKEN, compile_lazily
from ._lazy import LazyModule
from ._typing import TYPE_CHECKING, Any, Protocol, TypeVar
from .datastructures.content_range import ContentRange
from .datastructures.header_set import HeaderSet
from .datastructures.headers import Headers, check_value
from .datastructures.www_authenticate import WWWAuthenticate
from .http import dump_header, http_date, parse_age, parse_content_range_header, parse_date

if TYPE_CHECKING:
    from enum import Enum

# datetime is imported on first use unless it is loaded anyway (as in nearly every application).
# Annotations name its types through _dt, so typing.get_type_hints resolves them either way (the
# lazy module imports datetime then).
if TYPE_CHECKING or "datetime" in sys.modules:
    import datetime as _dt
else:
    _dt = LazyModule("datetime", globals(), "_dt")

E = TypeVar("E", bound="Enum")


class HasHeaders(Protocol):
    """Anything the descriptors can sit on: an object with a `headers` attribute."""

    headers: Headers


class _HasToHeader(Protocol):
    def to_header(self) -> str: ...


def _refuse(field: str, value: Any, expected: str) -> TypeError:
    return TypeError(f"{field} must be {expected}, not {type(value).__name__}: {value!r}")


def write_back(headers: Headers, lkey: str, field: str, value: _HasToHeader) -> None:
    """Store a structured value that was changed in place; an empty value removes the header."""
    try:
        text = value.to_header()
        if text:
            headers._set1(lkey, field, check_value(field, text))
        else:
            headers._del(lkey)
    except BaseException:
        # The header stays as it was (every line of it), but the object no longer matches it: store
        # the first pair anew, so a value remembered for the old pair is not returned again.
        headers._renew(lkey)
        raise


# The owner's __dict__ key under which parsed structured values are remembered.
PARSED = "_parsed_headers"

_P = TypeVar("_P")


def structured_value(
    obj: HasHeaders, lkey: str, field: str, parse: Callable[[str | None, Any], _P]
) -> _P:
    """The value object of a structured header of `obj` (what its descriptor's __get__ returns).

    Parsed once per stored pair and remembered in the owner's __dict__ (see remember_parsed). A
    change made in place is not rendered at once: the owner's headers hold the value until they are
    next read, copied, pickled or sent (Headers._defer), so a run of changes is rendered once, and
    reading the attribute again meanwhile gives that same value. Changes go to the owner's headers
    *at the time of the change*: a value read before `obj.headers` was replaced writes to the new
    Headers, as Werkzeug's does. The value refers to its owner weakly (the owner remembers the
    value: a strong reference would be a cycle), and falls back on the Headers it was read from
    when the owner is gone or cannot be weakly referenced.
    """
    headers = obj.headers
    found = headers._waiting_or_first(lkey)
    item: tuple[str, str] | None = None
    state: dict[str, Any] | None = None
    if found is not None:
        if type(found) is not tuple:
            current: _P = found  # type: ignore[assignment]  # a value of this field's type
            return current
        item = found
        state = getattr(obj, "__dict__", None)
        if state is not None:
            memo = state.get(PARSED)
            if memo is not None:
                remembered = memo.get(lkey)
                if remembered is not None:
                    known: _P
                    for_headers, for_item, known = remembered
                    if for_item is item and for_headers is headers:
                        return known
    # The write-back callback (inline: this runs for every structured value handed out).
    try:
        owner: Callable[[], HasHeaders | None] | None = weakref(obj)
    except TypeError:  # no __weakref__ slot: keep writing to the Headers the value came from
        owner = None

    def on_update(value: _HasToHeader) -> None:
        current = None if owner is None else owner()
        (headers if current is None else current.headers)._defer(lkey, field, value)

    if item is None:
        return parse(None, on_update)
    parsed = parse(item[1], on_update)
    if state is not None:
        remember_parsed(state, lkey, headers, item, parsed)
    return parsed


def remember_parsed(
    state: dict[str, Any], lkey: str, headers: Headers, item: tuple[str, str], value: Any
) -> None:
    """Remember `value` as the parsed form of the pair `item` of `headers` in the owner's state.

    The memo lives in the owner (the response), not in its Headers: the value's write-back callback
    refers to the Headers, so keeping the memo there would make a reference cycle. Pickling the
    owner leaves it out (see sansio.Response.__getstate__): it holds those callbacks.
    """
    memo = state.get(PARSED)
    if memo is None:
        state[PARSED] = {lkey: (headers, item, value)}
    else:
        memo[lkey] = (headers, item, value)


# -- string ------------------------------------------------------------------------------------


def dump_str(field: str, value: Any) -> str:
    if isinstance(value, (str, bytes, bytearray)):
        return check_value(field, value)
    raise _refuse(field, value, "a str")


# -- int ---------------------------------------------------------------------------------------


# Longer digit strings are not a size anyone sends; refusing them keeps int() linear and below
# Python's int-string limit (which would raise).
_MAX_DIGITS = 32


def load_int(raw: str) -> int | None:
    """A non-negative decimal integer (RFC 9110 uses 1*DIGIT); anything else reads as None."""
    raw = raw.strip(" \t")
    if raw.isascii() and raw.isdigit() and len(raw) <= _MAX_DIGITS:
        return int(raw)
    return None


def dump_int(field: str, value: Any) -> str:
    if type(value) is int or (isinstance(value, int) and not isinstance(value, bool)):
        if value < 0:
            raise ValueError(f"{field} must not be negative: {value!r}")
        return str(int(value))
    if isinstance(value, str):
        # Exactly 1*DIGIT: no stripping, which would hide a CR/LF inside the value.
        if value.isascii() and value.isdigit():
            return value
        raise ValueError(f"{field} must be a non-negative integer: {value!r}")
    raise _refuse(field, value, "an int")


# -- bool --------------------------------------------------------------------------------------


def load_bool(raw: str | None) -> bool:
    return raw == "true"


def dump_bool(field: str, value: Any) -> str | None:
    if value is True:
        return "true"
    if value is False:
        return None
    raise _refuse(field, value, "a bool")


# -- dates and durations -----------------------------------------------------------------------


def dump_date(field: str, value: Any) -> str:
    """Accept a datetime (naive means UTC), a date, a POSIX timestamp, or a str that parses as a date."""
    if isinstance(value, (_dt.datetime, _dt.date)) or (
        isinstance(value, (int, float)) and not isinstance(value, bool)
    ):
        try:
            return http_date(value)
        except (OverflowError, OSError, ValueError) as exc:
            raise ValueError(f"{field}: cannot format {value!r} as an HTTP date ({exc})") from None
    if isinstance(value, str):
        check_value(field, value)  # the lenient date parser would drop an injected tail
        parsed = parse_date(value)
        if parsed is None:
            raise ValueError(f"{field}: {value!r} is not an HTTP date")
        return http_date(parsed)
    raise _refuse(field, value, "a datetime, date or timestamp")


def _seconds(field: str, value: Any) -> int:
    """Whole seconds from a timedelta, an int or a str of digits (RFC 9111 1.2.2: delta-seconds)."""
    if isinstance(value, _dt.timedelta):
        seconds = int(value.total_seconds())
    elif isinstance(value, int) and not isinstance(value, bool):
        seconds = value
    elif isinstance(value, str):
        if not (value.isascii() and value.isdigit()) or len(value) > _MAX_DIGITS:
            raise ValueError(f"{field} must be a number of seconds (1*DIGIT): {value!r}")
        seconds = int(value)
    else:
        raise _refuse(field, value, "a timedelta, an int or a str of seconds")
    if seconds < 0:
        raise ValueError(f"{field} must not be negative: {value!r}")
    return seconds


def dump_age(field: str, value: Any) -> str:
    return str(_seconds(field, value))


def load_retry_after(raw: str) -> _dt.datetime | None:
    """RFC 9110 10.2.3: Retry-After = HTTP-date / delay-seconds; seconds are counted from now."""
    text = raw.strip()
    if text.isascii() and text.isdigit():
        delay = parse_age(text)
        if delay is None:
            return None
        try:
            return _dt.datetime.now(_dt.timezone.utc) + delay
        except OverflowError:
            return None
    return parse_date(text)


def dump_retry_after(field: str, value: Any) -> str:
    if isinstance(value, _dt.datetime):
        return http_date(value)
    return str(_seconds(field, value))


# -- header sets -------------------------------------------------------------------------------


# A comma-separated list of tokens: what most set-valued headers hold (methods, header names, tags).
_TOKEN_LIST = compile_lazily(rf"{TOKEN}(?:, {TOKEN})*")
# Lists already found to be plain tokens: an application sends the same few Vary or Allow values.
_token_lists: dict[str, bool] = {}


def dump_set(field: str, value: Any) -> str | None:
    """A HeaderSet, an iterable of str, or a str taken as already formatted; empty removes the header."""
    if type(value) is tuple or type(value) is list:
        # Fast path: items that are all tokens need no quoting and no further check.
        try:
            joined = ", ".join(value)
        except TypeError:
            joined = None
        # A token holds no comma, so k tokens join with exactly k-1: an item such as "a, b" (which
        # joined looks like two tokens) fails this count and is quoted by the general path below.
        if joined is not None and joined.count(",") == len(value) - 1:
            if joined in _token_lists:
                return joined
            if _TOKEN_LIST.fullmatch(joined) is not None:
                remember_bounded(_token_lists, joined, True)
                return joined
    if isinstance(value, str):
        return check_value(field, value) if value else None
    if isinstance(value, (HeaderSet, Iterable)) and not isinstance(value, (bytes, bytearray)):
        items = list(value)
        for item in items:
            if not isinstance(item, str):
                raise _refuse(field, item, "a str item")
        return check_value(field, dump_header(items)) if items else None
    raise _refuse(field, value, "a HeaderSet, an iterable of str or a str")


# -- enums -------------------------------------------------------------------------------------


def load_enum(enum: type[E], raw: str, default: E) -> E:
    try:
        return enum(raw.strip())
    except ValueError:
        return default


def dump_enum(field: str, enum: type[Enum], value: Any) -> str:
    if isinstance(value, enum):
        return str(value.value)
    if isinstance(value, str):
        try:
            return str(enum(value).value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in enum)
            raise ValueError(f"{field}: {value!r} is not one of {allowed}") from None
    raise _refuse(field, value, f"a {enum.__name__} member")


# -- structured values -------------------------------------------------------------------------


def dump_structured(field: str, value: Any) -> str | None:
    """An object with to_header(), or a str taken as already formatted; empty removes the header."""
    if isinstance(value, str):
        return check_value(field, value) if value else None
    to_header = getattr(value, "to_header", None)
    if to_header is None:
        raise _refuse(field, value, "a str or a header value object")
    text = to_header()
    return check_value(field, text) if text else None


def load_content_range(raw: str | None, on_update: Callable[[ContentRange], None]) -> ContentRange:
    """The parsed Content-Range, or an unset ContentRange when absent or malformed."""
    parsed = parse_content_range_header(raw, on_update)
    if parsed is None:
        return ContentRange(None, None, None, on_update=on_update)
    return parsed


def load_www_authenticate(
    raw: str | None, on_update: Callable[[WWWAuthenticate], None]
) -> WWWAuthenticate:
    """The first challenge, or an empty Basic challenge when absent or malformed."""
    parsed = WWWAuthenticate.from_header(raw)
    if parsed is None:
        parsed = WWWAuthenticate("basic")
    parsed._on_update = on_update
    return parsed


def dump_www_authenticate(field: str, value: Any) -> str | list[str] | None:
    if isinstance(value, (list, tuple)):
        texts = [dump_structured(field, item) for item in value]
        return [t for t in texts if t] or None
    return dump_structured(field, value)
