"""Support for the spec's structured-field kinds (sf_item, sf_list, sf_dictionary).

The generator emits one small class per declared shape (a Dictionary with typed attributes, a List of
typed entries, a Dictionary of typed values) on top of the base classes here; this module holds the
member types of the spec (`integer`, `token`, ... the TYPES table), the never-raising loaders and the
checking dumpers the descriptors call.

Reading never raises: text that is not a valid Structured Field reads as an empty value, a member of
the wrong type or out of its range reads as absent (its default) and is kept, as it was, for the
round trip. Writing checks every value (ValueError/TypeError naming the header) before anything
changes, and after every change in place calls `on_update(value)`: the descriptor then stores
`value.to_header()` (an empty text removes the header).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, MutableSequence
from datetime import date, datetime, timezone
from decimal import Decimal

from . import sf
from ._cache import remember
from ._typing import TYPE_CHECKING, Any, TypeVar, overload
from .datastructures.headers import check_value
from .sf import _CHECKED_KEYS as _known_keys
from .sf import _CHECKED_TOKENS as _known_tokens
from .sf import InnerList as _InnerList
from .sf import Item as _Item
from .sf import Token as _Token
from .sf import _string_texts

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "SUBCLASS_API",
    "TYPES",
    "SFDictionaryValue",
    "SFEntry",
    "SFListValue",
    "SFMappingValue",
    "SFValue",
    "check_member",
    "declared_texts",
    "dump_sf_item",
    "item_texts",
    "dump_sf_value",
    "load_sf_item",
    "remember",
    "text_bytes",
    "text_date",
    "text_decimal",
    "text_display",
    "text_inner",
    "text_keyed",
    "text_of",
    "text_string",
    "text_token_or_string",
    "token_or_string_texts",
]

#: What generated subclasses may use of the base classes besides their public API: part of the
#: generated-code contract (see genresp.descriptors), kept within a major version.
SUBCLASS_API = frozenset(
    {"_set", "_set_value", "_extra", "_value", "_member_params", "_owner", "_to_header_generic"}
)

_TOKEN = re.compile(r"[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*\Z")
_PRINTABLE = re.compile(r"[ -~]*\Z")
# Texts already found to be tokens (cache and proxy names repeat; bounded like every module cache).
_tokens_seen: dict[str, bool] = {}
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

E = TypeVar("E", bound="SFEntry")
V = TypeVar("V")


# -- the member types of the spec -----------------------------------------------------------------
# take(member) -> the Python value of a parsed Item / Inner List, or None when it is of another type;
# check(where, value) -> the value to keep, or ValueError/TypeError naming `where`;
# text(value) -> the canonical text of a value that passed check.


def _bare(member: sf.Member) -> Any:
    return member.value if type(member) is sf.Item else None


def _take_integer(member: sf.Member) -> int | None:
    value = _bare(member)
    return value if type(value) is int else None


def _take_decimal(member: sf.Member) -> Decimal | None:
    value = _bare(member)
    return value if type(value) is Decimal else None


def _take_string(member: sf.Member) -> str | None:
    value = _bare(member)
    return value if type(value) is str else None


def _take_token(member: sf.Member) -> str | None:
    value = _bare(member)
    return value.value if type(value) is sf.Token else None


def _take_token_or_string(member: sf.Member) -> str | None:
    value = _bare(member)
    if type(value) is sf.Token:
        return value.value
    return value if type(value) is str else None


def _take_bytes(member: sf.Member) -> bytes | None:
    value = _bare(member)
    return value if type(value) is bytes else None


def _take_boolean(member: sf.Member) -> bool | None:
    value = _bare(member)
    return value if type(value) is bool else None


def _take_date(member: sf.Member) -> datetime | None:
    value = _bare(member)
    if type(value) is not sf.Date:
        return None
    try:
        return value.to_datetime()
    except OverflowError:  # a valid Date beyond datetime's years 1..9999
        return None


def _take_display(member: sf.Member) -> str | None:
    value = _bare(member)
    return value.value if type(value) is sf.DisplayString else None


def _take_inner(item_take: Callable[[sf.Member], Any]) -> Callable[[sf.Member], Any]:
    def take(member: sf.Member) -> tuple[Any, ...] | None:
        if type(member) is not sf.InnerList:
            return None
        values = tuple(item_take(item) for item in member.items)
        return None if None in values else values

    return take


def _take_bare(member: sf.Member) -> Any:
    return _bare(member)


def _take_member(member: sf.Member) -> sf.Member:
    return member


def _refuse(where: str, value: Any, expected: str) -> TypeError:
    return TypeError(f"{where} must be {expected}, not {type(value).__name__}: {value!r}")


def _check_integer(where: str, value: Any) -> int:
    if type(value) is not int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _refuse(where, value, "an int")
        value = int(value)
    number: int = value
    if not sf.MIN_INTEGER <= number <= sf.MAX_INTEGER:
        raise ValueError(f"{where} must have at most 15 digits: {value!r}")
    return number


def _check_decimal(where: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise _refuse(where, value, "a Decimal, float or int")
    number = Decimal(value)
    try:
        sf.serialize_bare_item(number)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    return number


def _check_string(where: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _refuse(where, value, "a str")
    text: str = str.__str__(value)
    if _PRINTABLE.match(text) is None:
        raise ValueError(f"{where} takes printable ASCII only: {text!r}")
    return text


def _check_token(where: str, value: Any) -> str:
    if isinstance(value, sf.Token):
        value = value.value
    if not isinstance(value, str):
        raise _refuse(where, value, "a token (str)")
    text: str = str.__str__(value)
    if text in _tokens_seen:
        return text
    if _TOKEN.match(text) is None:
        raise ValueError(f"{where} must be a token: {text!r}")
    remember(_tokens_seen, text, True)
    return text


def _check_token_or_string(where: str, value: Any) -> str:
    if isinstance(value, sf.Token):
        return _check_token(where, value)
    return _check_string(where, value)


def _check_bytes(where: str, value: Any) -> bytes:
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise _refuse(where, value, "bytes")
    return bytes(value)


def _check_boolean(where: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _refuse(where, value, "a bool")
    return value


def _check_date(where: str, value: Any) -> datetime:
    """A datetime (naive ones are taken as UTC, fractions of a second dropped) or a timestamp."""
    if isinstance(value, sf.Date):
        value = value.seconds
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            value = value.replace(tzinfo=timezone.utc)
        moment: datetime = value.astimezone(timezone.utc).replace(microsecond=0)
        return moment
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(int(value), timezone.utc)
        except (OverflowError, OSError, ValueError):
            raise ValueError(f"{where}: timestamp out of range: {value!r}") from None
    raise _refuse(where, value, "a datetime, date or timestamp")


def _check_display(where: str, value: Any) -> str:
    if isinstance(value, sf.DisplayString):
        value = value.value
    if not isinstance(value, str):
        raise _refuse(where, value, "a str")
    text: str = str.__str__(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{where} is not valid Unicode: {text!r}") from None
    return text


def _check_inner(item_check: Callable[[str, Any], Any]) -> Callable[[str, Any], tuple[Any, ...]]:
    def check(where: str, value: Any) -> tuple[Any, ...]:
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            raise _refuse(where, value, "an iterable of values")
        return tuple(item_check(where, item) for item in value)

    return check


def _check_bare(where: str, value: Any) -> Any:
    try:
        sf.serialize_bare_item(value)
    except (ValueError, TypeError) as exc:
        raise type(exc)(f"{where}: {exc}") from None
    return value


def _check_member(where: str, value: Any) -> sf.Member:
    member = value if isinstance(value, (sf.Item, sf.InnerList)) else sf.Item(value)
    try:
        sf.serialize_member(member)
    except (ValueError, TypeError) as exc:
        raise type(exc)(f"{where}: {exc}") from None
    return member


def text_string(value: str) -> str:
    if "\\" in value or '"' in value:
        value = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{value}"'


#: The texts of token_or_string values already printed, by value (cache and proxy names repeat:
#: each is matched once; generated code probes it inline). Part of the generated-code contract.
token_or_string_texts: dict[str, str] = {}


def text_token_or_string(value: str) -> str:
    """A token when the text is one, else a String (Cache-Status and Proxy-Status allow both)."""
    text = token_or_string_texts.get(value)
    if text is None:
        text = value if _TOKEN.match(value) is not None else text_string(value)
        remember(token_or_string_texts, value, text)
    return text


def text_bytes(value: bytes) -> str:
    return sf.serialize_bare_item(value)


def text_decimal(value: Decimal) -> str:
    return sf.serialize_bare_item(value)


def text_date(value: datetime) -> str:
    delta = value - _EPOCH
    return f"@{delta.days * 86400 + delta.seconds}"


def text_display(value: str) -> str:
    return sf.serialize_bare_item(sf.DisplayString(value))


def text_keyed(prefix: str, value: Any) -> str:
    """A parameter or Dictionary member whose value may be any bare item or member: `prefix` is
    `;key` or `key`. A true Boolean is the key alone (RFC 9651 4.1.1.2 and 4.1.2). Printing checks
    the value: ValueError/TypeError for one that cannot be serialised."""
    if value is True:
        return prefix
    if type(value) is sf.Item and value.value is True:
        return prefix + sf.serialize_params(value.params)
    return prefix + "=" + sf.serialize_member(value)


def _text_integer(value: int) -> str:
    return str(value)


def _text_boolean(value: bool) -> str:
    return "?1" if value else "?0"


def _text_token(value: str) -> str:
    return value


class _Type:
    __slots__ = ("name", "take", "check", "text")

    def __init__(
        self,
        name: str,
        take: Callable[[sf.Member], Any],
        check: Callable[[str, Any], Any],
        text: Callable[[Any], str],
    ) -> None:
        self.name = name
        self.take = take
        self.check = check
        self.text = text


def _inner_text(item_text: Callable[[Any], str]) -> Callable[[tuple[Any, ...]], str]:
    def text(values: tuple[Any, ...]) -> str:
        return "(" + " ".join([item_text(v) for v in values]) + ")"

    return text


#: The member types a spec may name, with their Python types (see spec/README.md).
TYPES: dict[str, _Type] = {
    t.name: t
    for t in (
        _Type("integer", _take_integer, _check_integer, _text_integer),
        _Type("decimal", _take_decimal, _check_decimal, text_decimal),
        _Type("string", _take_string, _check_string, text_string),
        _Type("token", _take_token, _check_token, _text_token),
        _Type(
            "token_or_string", _take_token_or_string, _check_token_or_string, text_token_or_string
        ),
        _Type("byte_sequence", _take_bytes, _check_bytes, text_bytes),
        _Type("boolean", _take_boolean, _check_boolean, _text_boolean),
        _Type("date", _take_date, _check_date, text_date),
        _Type("display_string", _take_display, _check_display, text_display),
        _Type(
            "string_list",
            _take_inner(_take_string),
            _check_inner(_check_string),
            _inner_text(text_string),
        ),
        _Type(
            "token_list",
            _take_inner(_take_token),
            _check_inner(_check_token),
            _inner_text(_text_token),
        ),
        _Type("bare", _take_bare, _check_bare, sf.serialize_bare_item),
        _Type("member", _take_member, _check_member, sf.serialize_member),
    )
}


def text_of(type_name: str, value: Any) -> str:
    """The text of a checked value of a spec type."""
    return TYPES[type_name].text(value)


def text_inner(type_name: str, value: tuple[Any, ...]) -> str:
    return TYPES[type_name].text(value)


def check_member(
    field: str,
    key: str,
    type_name: str,
    value: Any,
    low: int | None = None,
    high: int | None = None,
) -> Any:
    """Check a value written to member `key` of header `field`; the value to keep."""
    # The common cases first, without building the error context: an int in range, a bool.
    if type_name == "integer":
        if type(value) is int and (sf.MIN_INTEGER if low is None else low) <= value <= (
            sf.MAX_INTEGER if high is None else high
        ):
            return value
    elif type_name == "boolean":
        if value is True or value is False:
            return value
    elif type_name == "string" or type_name == "token_or_string":
        # isascii() and isprintable() together are exactly %x20-7E (a String's characters).
        if type(value) is str and value.isascii() and value.isprintable():
            return value
    where = f"{field} {key}" if key else field
    checked = TYPES[type_name].check(where, value)
    if low is not None and checked < low or high is not None and checked > high:
        raise ValueError(f"{where} must be in {low}..{high}: {value!r}")
    return checked


def _take(type_name: str, member: sf.Member, low: int | None, high: int | None) -> Any:
    value = TYPES[type_name].take(member)
    if value is None:
        return None
    if low is not None and value < low or high is not None and value > high:
        return None
    return value


def _check_key(field: str, key: Any) -> str:
    """A Dictionary key or parameter name, checked; errors name the header."""
    try:
        return sf.serialize_key(key)
    except (ValueError, TypeError) as exc:
        raise type(exc)(f"{field}: {exc}") from None


def _parse_list(text: str | None) -> list[sf.Member]:
    if text is not None:
        try:
            return sf.parse_list(text)
        except ValueError:
            pass
    return []


def _parse_dictionary(text: str | None) -> dict[str, sf.Member]:
    if text is not None:
        try:
            return sf.parse_dictionary(text)
        except ValueError:
            pass
    return {}


# -- sf_item ------------------------------------------------------------------------------------

_item_cache: dict[tuple[str, str], Any] = {}


def load_sf_item(raw: str | None, type_name: str) -> Any:
    """The value of an Item header of a spec type, or None (absent, malformed or of another type).

    The results are immutable, so they are remembered per text in a small bounded cache.
    """
    if raw is None:
        return None
    key = (raw, type_name)
    try:
        return _item_cache[key]
    except KeyError:
        pass
    try:
        item = sf.parse_item(raw)
    except ValueError:
        return remember(_item_cache, key, None)
    return remember(_item_cache, key, TYPES[type_name].take(item))


#: The texts of sf_item values already checked and printed, by (field, type name, the value's type,
#: the value): values are immutable (dates, booleans, texts) and an application sets the same few
#: (the type is part of the key: True == 1). Generated descriptors probe it inline before calling
#: dump_sf_item, which fills it (genresp._cache's bound). Part of the generated-code contract.
item_texts: dict[tuple[str, str, type, Any], str] = {}


def dump_sf_item(field: str, value: Any, type_name: str) -> str:
    """The text of an Item header from a value of its spec type (or its own SF text, checked),
    remembered in item_texts."""
    key = (field, type_name, type(value), value)
    try:
        return item_texts[key]
    except KeyError:
        pass
    except TypeError:  # unhashable: not a value of any item type, refused below
        return _dump_sf_item(field, value, type_name)
    return remember(item_texts, key, _dump_sf_item(field, value, type_name))


def _dump_sf_item(field: str, value: Any, type_name: str) -> str:
    if isinstance(value, str) and type_name not in ("string", "token", "token_or_string"):
        try:
            item = sf.parse_item(value)
        except ValueError as exc:
            raise ValueError(f"{field}: not a Structured Field Item: {exc}") from None
        if TYPES[type_name].take(item) is None:
            raise ValueError(f"{field}: {value!r} is not a {type_name.replace('_', ' ')}")
        # Stored in canonical form, like every other text a typed attribute accepts.
        return check_value(field, sf.serialize_item(item))
    kind = TYPES[type_name]
    return kind.text(kind.check(field, value))


# -- values with write-back -----------------------------------------------------------------------

#: The texts of the declared members of generated Dictionary classes, by (class, the members'
#: values): an application sets the same few priorities, cache directives... Generated code fills
#: it with `remember` (genresp._cache's bound). Part of the generated-code contract.
declared_texts: dict[tuple[Any, ...], str] = {}


class SFValue:
    """Base of the generated value classes: write-back and comparison by the header text."""

    __slots__ = ("on_update",)
    #: The header the generated subclass is for (error messages name it).
    field = ""

    def __init__(self, on_update: Callable[[Any], None] | None = None) -> None:
        self.on_update = on_update

    def _changed(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    def to_header(self) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()!r}>"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, SFValue)
            and type(other) is type(self)
            and (other.to_header() == self.to_header())
        )

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def check_text(cls, text: str) -> str:
        """The canonical form of SF text for this header (RFC 9651 section 4.1); ValueError naming
        the header when `text` is not valid for it."""
        raise NotImplementedError

    @classmethod
    def from_python(cls, value: Any) -> SFValue:
        """A value of this class from plain Python data (an iterable of entries, a mapping)."""
        raise TypeError(
            f"{cls.field} must be a {cls.__name__} or a str, not {type(value).__name__}"
        )

    @classmethod
    def text_of_python(cls, value: Any) -> str:
        """The header text of plain Python data, checked as `from_python` checks it (the
        subclasses print it directly: no value object is built only to be printed)."""
        return cls.from_python(value).to_header()


_canonical_cache: dict[tuple[type[SFValue], str], str] = {}


def dump_sf_value(field: str, value: Any, cls: type[SFValue]) -> str | None:
    """The text to store for an sf_list / sf_dictionary header: its value object, a str of SF text
    (checked, stored in canonical form), or what the class's constructor takes (an iterable of
    entries, a mapping)."""
    kind = type(value)
    # A value of the generated class itself, or plain data: printed from checked members by the
    # generated code and RFC 9651's serialisers, which refuse every character check_value refuses
    # (an entry of a subclass, whose to_text is not genresp's, is checked as it is printed).
    if kind is cls:
        return value.to_header() or None
    if kind is list or kind is tuple or kind is dict:  # the usual plain data, without ABC checks
        return cls.text_of_python(value) or None
    if isinstance(value, str):
        raw = str.__str__(value)
        key = (cls, raw)
        text = _canonical_cache.get(key)
        if text is None:
            # An application writes the same few texts: each is parsed and printed once.
            text = remember(_canonical_cache, key, check_value(field, cls.check_text(raw)))
        return text or None
    if isinstance(value, cls):
        text = value.to_header()
    elif isinstance(value, SFValue) or not isinstance(value, (Iterable, Mapping)):
        raise TypeError(
            f"{field} must be a {cls.__name__} or a str, not {type(value).__name__}: {value!r}"
        )
    else:
        text = cls.text_of_python(value)
    return check_value(field, text) if text else None


class SFDictionaryValue(SFValue):
    """A Dictionary header with declared members as typed attributes; other members are kept.

    The generated subclass sets `_fields` (key, slot, type, low, high) and defines the attributes and
    a specialised `to_header`.
    """

    __slots__ = ("_extra", "_member_params")
    _fields: tuple[tuple[str, str, str, int | None, int | None], ...] = ()

    def __init__(self, on_update: Callable[[Any], None] | None = None) -> None:
        # The generated constructors set these slots themselves (one frame less): a slot added here
        # is added to codegen/templates/sf/values.py.jinja too.
        self.on_update = on_update
        self._extra: dict[str, sf.Member] = {}
        # Parameters read on declared members (`u=1;x=2`), kept for the round trip; None: none.
        self._member_params: dict[str, sf.Params] | None = None

    @classmethod
    def from_header(cls, text: str | None, on_update: Callable[[Self], None] | None = None) -> Self:
        """The value of header text; never raises (invalid text gives an empty value)."""
        value = cls()
        if text is None:  # an absent header: nothing to parse (a fresh response's first read)
            value.on_update = on_update
            return value
        members = _parse_dictionary(text)
        for key, slot, type_name, low, high in cls._fields:
            member = members.get(key)
            if member is not None:
                taken = _take(type_name, member, low, high)
                if taken is not None:
                    object.__setattr__(value, slot, taken)
                    del members[key]
                    if member.params and type_name != "member":  # a member keeps its own
                        if value._member_params is None:
                            value._member_params = {}
                        value._member_params[key] = member.params
        value._extra = members
        value.on_update = on_update
        return value

    @classmethod
    def check_text(cls, text: str) -> str:
        try:
            return sf.serialize_dictionary(sf.parse_dictionary(text))
        except ValueError as exc:
            raise ValueError(f"{cls.field}: not a Structured Field Dictionary: {exc}") from None

    def _set(
        self,
        slot: str,
        key: str,
        type_name: str,
        value: Any,
        low: int | None = None,
        high: int | None = None,
    ) -> None:
        """Check and store a declared member (None: absent), then write back."""
        checked = (
            None if value is None else check_member(self.field, key, type_name, value, low, high)
        )
        object.__setattr__(self, slot, checked)
        if self._extra:
            # A value of the wrong type read from the header was kept under this key: replaced.
            self._extra.pop(key, None)
        if self._member_params:
            self._member_params.pop(key, None)  # they belonged to the value replaced
        on_update = self.on_update
        if on_update is not None:
            on_update(self)

    def _to_header_generic(self) -> str:
        """The text when declared members carry parameters read from the header (the generated
        `to_header` prints the usual case, without them)."""
        params_of = self._member_params or {}
        parts = []
        for key, slot, type_name, _low, _high in self._fields:
            value = getattr(self, slot)
            if value is None:
                continue
            if value is True:
                text = key
            elif type_name in ("bare", "member"):
                text = text_keyed(key, value)
            else:
                text = f"{key}={TYPES[type_name].text(value)}"
            params = params_of.get(key)
            parts.append(text + sf.serialize_params(params) if params else text)
        if self._extra:
            parts.append(sf.serialize_dictionary(self._extra))
        return ", ".join(parts)

    @property
    def extra(self) -> dict[str, sf.Member]:
        """The members the spec does not declare (and declared ones of the wrong type), a copy."""
        return dict(self._extra)

    def set_extra(self, key: str, member: sf.MemberLike | None) -> None:
        """Add, replace or (with None) remove an undeclared member."""
        key = _check_key(self.field, key)
        if any(key == f[0] for f in self._fields):
            raise ValueError(f"{self.field}: {key!r} is a declared member: use its attribute")
        if member is None:
            self._extra.pop(key, None)
        else:
            self._extra[key] = _check_member(f"{self.field} {key}", member)
        self._changed()


class SFEntry:
    """Base of a generated List entry: a typed value, declared parameters as attributes, other
    parameters kept. A change tells the List holding it."""

    __slots__ = ("_owner", "_extra", "_value")
    field = ""
    _value_type = "bare"
    _fields: tuple[tuple[str, str, str, int | None, int | None], ...] = ()

    def __init__(self, value: Any) -> None:
        # The generated constructors set these slots themselves (one frame less): a slot added here
        # is added to codegen/templates/sf/values.py.jinja too.
        self._owner: SFValue | None = None
        self._extra: sf.Params = {}
        self._value: Any = check_member(self.field, "", self._value_type, value)

    def _changed(self) -> None:
        if self._owner is not None:
            self._owner._changed()

    def to_text(self) -> str:
        raise NotImplementedError

    @classmethod
    def from_member(cls, member: sf.Member) -> Self | None:
        """The entry of a parsed member, or None when its value is not of the declared type."""
        value = TYPES[cls._value_type].take(member)
        if value is None:
            return None
        entry = cls.__new__(cls)
        entry._owner = None
        entry._value = value
        params = dict(member.params)
        for key, slot, type_name, low, high in cls._fields:
            object.__setattr__(entry, slot, None)
            if key in params:
                taken = _take(type_name, sf.Item(params[key]), low, high)
                if taken is not None:
                    object.__setattr__(entry, slot, taken)
                    del params[key]
        entry._extra = params
        return entry

    def _set(
        self,
        slot: str,
        key: str,
        type_name: str,
        value: Any,
        low: int | None = None,
        high: int | None = None,
    ) -> None:
        """Check and store a declared member (None: absent), then write back."""
        checked = (
            None if value is None else check_member(self.field, key, type_name, value, low, high)
        )
        object.__setattr__(self, slot, checked)
        if self._extra:
            # A value of the wrong type read from the header was kept under this key: replaced.
            self._extra.pop(key, None)
        self._changed()

    def _set_value(self, value: Any) -> None:
        self._value = check_member(self.field, "", self._value_type, value)
        self._changed()

    @property
    def extra(self) -> sf.Params:
        """The parameters the spec does not declare (and declared ones of the wrong type), a copy."""
        return dict(self._extra)

    def set_extra(self, key: str, value: sf.BareItemLike | None) -> None:
        key = _check_key(self.field, key)
        if any(key == f[0] for f in self._fields):
            raise ValueError(f"{self.field}: {key!r} is a declared parameter: use its attribute")
        if value is None:
            self._extra.pop(key, None)
        else:
            self._extra[key] = _check_bare(f"{self.field} {key}", value)
        self._changed()

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, SFEntry)
            and type(other) is type(self)
            and (other.to_text() == self.to_text())
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_text()!r}>"


class SFListValue(SFValue, MutableSequence[E]):
    """A List header of typed entries (the generated subclass names `entry_type`).

    Members whose value is not of the declared type are kept, after the entries, in `ignored`.
    Appending a plain value makes an entry of it.
    """

    __slots__ = ("_entries", "_ignored")
    entry_type: type[E]

    def __init__(
        self,
        entries: Iterable[E | Any] = (),
        on_update: Callable[[Any], None] | None = None,
    ) -> None:
        self.on_update = None
        self._ignored: list[sf.Member] = []
        self._entries: list[E] = [self._adopt(entry) for entry in entries]
        self.on_update = on_update

    def _adopt(self, entry: E | Any) -> E:
        if not isinstance(entry, self.entry_type):
            entry = self.entry_type(entry)
        entry._owner = self
        return entry

    @classmethod
    def from_header(cls, text: str | None, on_update: Callable[[Self], None] | None = None) -> Self:
        """The value of header text; never raises (invalid text gives an empty list)."""
        value = cls()
        for member in _parse_list(text):
            entry = cls.entry_type.from_member(member)
            if entry is None:
                value._ignored.append(member)
            else:
                entry._owner = value
                value._entries.append(entry)
        value.on_update = on_update
        return value

    @classmethod
    def check_text(cls, text: str) -> str:
        try:
            return sf.serialize_list(sf.parse_list(text))
        except ValueError as exc:
            raise ValueError(f"{cls.field}: not a Structured Field List: {exc}") from None

    @property
    def ignored(self) -> list[sf.Member]:
        """Members kept for the round trip whose value is not of the declared type, a copy."""
        return list(self._ignored)

    @classmethod
    def from_python(cls, value: Any) -> Self:
        if isinstance(value, Mapping):
            raise TypeError(f"{cls.field} must be a list of entries, not a mapping: {value!r}")
        return cls(value)

    @classmethod
    def text_of_python(cls, value: Any) -> str:
        kind = type(value)
        entry_type = cls.entry_type
        if kind is list and len(value) == 1:  # the usual list (one cache, one proxy): no join
            entry = value[0]
            if type(entry) is entry_type:
                text: str = entry.to_text()
                return text
        if kind is not list and kind is not tuple and isinstance(value, Mapping):
            raise TypeError(f"{cls.field} must be a list of entries, not a mapping: {value!r}")
        texts = []  # (a loop, not a comprehension: lists are short, a comprehension is a call)
        for entry in value:
            texts.append(
                entry.to_text() if type(entry) is entry_type else cls._text_of_other(entry)
            )
        return ", ".join(texts)

    @classmethod
    def _text_of_other(cls, entry: Any) -> str:
        """The text of an entry that is not exactly of the entry type: a plain value, made an entry;
        an entry of a subclass, whose text is checked (its to_text is not genresp's)."""
        entry_type = cls.entry_type
        if not isinstance(entry, entry_type):
            return entry_type(entry).to_text()
        return check_value(cls.field, entry.to_text())

    def values(self) -> list[Any]:
        """The entries' values."""
        return [entry._value for entry in self._entries]

    def to_header(self) -> str:
        entry_type = self.entry_type
        texts = []
        for entry in self._entries:
            texts.append(
                entry.to_text() if type(entry) is entry_type else self._text_of_other(entry)
            )
        if self._ignored:
            texts.extend(sf.serialize_member(member) for member in self._ignored)
        return ", ".join(texts)

    def __contains__(self, value: object) -> bool:
        if isinstance(value, SFEntry):
            return value in self._entries
        return any(entry._value == value for entry in self._entries)

    @overload
    def __getitem__(self, index: int) -> E: ...

    @overload
    def __getitem__(self, index: slice) -> MutableSequence[E]: ...

    def __getitem__(self, index: int | slice) -> E | MutableSequence[E]:
        return self._entries[index]

    @overload
    def __setitem__(self, index: int, value: E) -> None: ...

    @overload
    def __setitem__(self, index: slice, value: Iterable[E]) -> None: ...

    def __setitem__(self, index: int | slice, value: Any) -> None:
        if isinstance(index, slice):
            self._entries[index] = [self._adopt(entry) for entry in value]
        else:
            self._entries[index] = self._adopt(value)
        self._changed()

    def __delitem__(self, index: int | slice) -> None:
        del self._entries[index]
        self._changed()

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[E]:
        return iter(self._entries)

    def insert(self, index: int, value: E | Any) -> None:
        self._entries.insert(index, self._adopt(value))
        self._changed()

    def append(self, value: E | Any) -> None:
        self._entries.append(self._adopt(value))
        self._changed()

    def clear(self) -> None:
        self._entries.clear()
        self._ignored.clear()
        self._changed()


class SFMappingValue(SFValue, MutableMapping[str, V]):
    """A Dictionary header whose members all have one type (the generated subclass names
    `value_type`); members of another type are kept, after the others, in `ignored`."""

    __slots__ = ("_values", "_ignored")
    value_type = "member"

    def __init__(
        self,
        values: Mapping[str, V] | Iterable[tuple[str, V]] = (),
        on_update: Callable[[Any], None] | None = None,
    ) -> None:
        self.on_update = None
        self._ignored: dict[str, sf.Member] = {}
        self._values: dict[str, V] = {}
        self.update(values)
        self.on_update = on_update

    @classmethod
    def from_header(cls, text: str | None, on_update: Callable[[Self], None] | None = None) -> Self:
        """The value of header text; never raises (invalid text gives an empty mapping)."""
        value = cls()
        take = TYPES[cls.value_type].take
        for key, member in _parse_dictionary(text).items():
            taken = take(member)
            if taken is None:
                value._ignored[key] = member
            else:
                value._values[key] = taken
        value.on_update = on_update
        return value

    @classmethod
    def check_text(cls, text: str) -> str:
        try:
            return sf.serialize_dictionary(sf.parse_dictionary(text))
        except ValueError as exc:
            raise ValueError(f"{cls.field}: not a Structured Field Dictionary: {exc}") from None

    @classmethod
    def from_python(cls, value: Any) -> Self:
        if not isinstance(value, Mapping):
            raise TypeError(f"{cls.field} must be a mapping, not {type(value).__name__}: {value!r}")
        return cls(value)

    @classmethod
    def text_of_python(cls, value: Any) -> str:
        parts: list[str] = []
        if type(value) is dict and cls.value_type == "member":
            # Generic members (an allowlist per feature, say). The usual dict, of Inner Lists of
            # tokens and Strings already printed, is printed here in one pass (this runs for every
            # response that sets one); any other value, whole, by the general loop below.
            for key, member in value.items():
                if (
                    type(key) is not str
                    or key not in _known_keys
                    or type(member) is not _InnerList
                    or member.params
                ):
                    break
                items = member.items
                if not items:
                    parts.append(key + "=()")
                    continue
                texts = []
                text: str | None
                for item in items:
                    if type(item) is not _Item or item.params:
                        break
                    bare: Any = item.value
                    if type(bare) is _Token:
                        text = bare.value
                        if type(text) is not str or text not in _known_tokens:
                            break
                    else:
                        text = _string_texts.get(bare) if type(bare) is str else None
                        if text is None:
                            break
                    texts.append(text)
                else:
                    parts.append(f"{key}=({' '.join(texts)})")
                    continue
                break
            else:
                return ", ".join(parts)
            parts = []
        elif type(value) is not dict and not isinstance(value, Mapping):
            raise TypeError(f"{cls.field} must be a mapping, not {type(value).__name__}: {value!r}")
        field = cls.field
        if cls.value_type != "member":
            kind = TYPES[cls.value_type]
            for key, member in value.items():
                if type(key) is not str or key not in _known_keys:
                    key = _check_key(field, key)
                checked = kind.check(f"{field} {key}", member)
                parts.append(key if checked is True else f"{key}={kind.text(checked)}")
            return ", ".join(parts)
        # Each member checked completely, once, as it is printed.
        for key, member in value.items():
            if type(key) is not str or key not in _known_keys:
                key = _check_key(field, key)
            try:
                if type(member) is _InnerList:  # no Boolean to shorten
                    parts.append(key + "=" + sf.inner_list_text(member))
                else:
                    parts.append(text_keyed(key, member))
            except (ValueError, TypeError) as exc:
                raise type(exc)(f"{field} {key}: {exc}") from None
        return ", ".join(parts)

    @property
    def ignored(self) -> dict[str, sf.Member]:
        """Members kept for the round trip whose value is not of the declared type, a copy."""
        return dict(self._ignored)

    def to_header(self) -> str:
        if self.value_type == "member":
            # Values are generic members: an Item(True) is printed as its key alone.
            parts = [text_keyed(key, value) for key, value in self._values.items()]
        else:
            text_of_value = TYPES[self.value_type].text
            parts = [
                key if value is True else f"{key}={text_of_value(value)}"
                for key, value in self._values.items()
            ]
        if self._ignored:
            parts.append(sf.serialize_dictionary(self._ignored))
        return ", ".join(parts)

    def __getitem__(self, key: str) -> V:
        return self._values[key]

    def __setitem__(self, key: str, value: V) -> None:
        key = _check_key(self.field, key)
        checked = TYPES[self.value_type].check(f"{self.field} {key}", value)
        self._values[key] = checked
        self._ignored.pop(key, None)
        self._changed()

    def __delitem__(self, key: str) -> None:
        del self._values[key]
        self._changed()

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)
