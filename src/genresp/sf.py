"""RFC 9651 Structured Field Values for HTTP: parse and serialise Items, Lists and Dictionaries.

Standard library only. The Python types of the bare items:

| RFC 9651 type  | Python                                             |
| -------------- | -------------------------------------------------- |
| Integer        | `int` (15 digits at most)                          |
| Decimal        | `decimal.Decimal` (serialising also takes `float`) |
| String         | `str` (printable ASCII)                            |
| Token          | `Token` (not a str)                                |
| Byte Sequence  | `bytes` (serialising also takes `bytearray`)       |
| Boolean        | `bool`                                             |
| Date           | `Date` (any 15-digit second count; serialising also takes an aware `datetime`) |
| Display String | `DisplayString` (not a str)                        |

An Item is an `Item(value, params)`, an Inner List an `InnerList(items, params)`, a List a
`list[Item | InnerList]` and a Dictionary a `dict[str, Item | InnerList]`; parameters are a
`dict[str, bare item]`. Serialisers also take a bare item wherever an Item is expected.

Parsing is one left-to-right pass (every character is looked at a bounded number of times), invalid
text raises `StructuredFieldError` (a ValueError) saying where; serialising gives the canonical form
(RFC 9651 section 4.1) or raises ValueError (a value outside its type's range or alphabet) or
TypeError (a value of no Structured Field type).
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation

from ._cache import remember
from ._typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import TypeAlias

__all__ = [
    "BareItem",
    "Date",
    "DisplayString",
    "InnerList",
    "Item",
    "Member",
    "Params",
    "StructuredFieldError",
    "Token",
    "parse_dictionary",
    "parse_item",
    "parse_list",
    "serialize_bare_item",
    "serialize_dictionary",
    "serialize_item",
    "serialize_key",
    "serialize_list",
    "serialize_member",
    "serialize_params",
]

#: RFC 9651 3.3.1 / 3.3.7: Integers and Dates have at most 15 digits.
MAX_INTEGER = 999_999_999_999_999
MIN_INTEGER = -MAX_INTEGER

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class Token:
    """An RFC 9651 Token (3.3.4): a short textual word, distinct from a String."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return type(other) is Token and other.value == self.value

    def __hash__(self) -> int:
        return hash((Token, self.value))

    def __repr__(self) -> str:
        return f"Token({self.value!r})"

    def __str__(self) -> str:
        return self.value


class DisplayString:
    """An RFC 9651 Display String (3.3.8): Unicode text, sent percent-encoded, distinct from a String."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return type(other) is DisplayString and other.value == self.value

    def __hash__(self) -> int:
        return hash((DisplayString, self.value))

    def __repr__(self) -> str:
        return f"DisplayString({self.value!r})"

    def __str__(self) -> str:
        return self.value


class Date:
    """An RFC 9651 Date (3.3.7): whole seconds since 1970-01-01T00:00:00Z, up to 15 digits either way.

    That range is far wider than `datetime`'s (years 1 to 9999): `to_datetime()` converts when it can.
    """

    __slots__ = ("seconds",)

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds

    @classmethod
    def from_datetime(cls, value: datetime) -> Date:
        """The Date of an aware datetime with whole seconds (ValueError otherwise)."""
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"a Date needs an aware datetime, not {value!r}")
        delta = value - _EPOCH
        if delta.microseconds:
            raise ValueError(f"a Date has whole seconds, not {value!r}")
        return cls(delta.days * 86400 + delta.seconds)

    def to_datetime(self) -> datetime:
        """The aware UTC datetime of this Date; OverflowError outside datetime's years 1 to 9999."""
        return _EPOCH + timedelta(seconds=self.seconds)

    def __eq__(self, other: object) -> bool:
        return type(other) is Date and other.seconds == self.seconds

    def __hash__(self) -> int:
        return hash((Date, self.seconds))

    def __repr__(self) -> str:
        return f"Date({self.seconds!r})"


if TYPE_CHECKING:
    BareItem: TypeAlias = int | Decimal | str | Token | bytes | bool | Date | DisplayString
    Params: TypeAlias = dict[str, BareItem]
    #: What serialisers take where a bare item goes: also floats, aware datetimes and bytearrays.
    BareItemLike: TypeAlias = BareItem | float | datetime | bytearray
    ParamsLike: TypeAlias = Mapping[str, BareItemLike]
    Member: TypeAlias = "Item | InnerList"
    MemberLike: TypeAlias = "Item | InnerList | BareItemLike"
else:
    # Annotations only (they are never evaluated at run time); importable names all the same.
    BareItem = Params = BareItemLike = ParamsLike = Member = MemberLike = object


class Item:
    """An RFC 9651 Item (3.3): a bare item with its parameters."""

    __slots__ = ("value", "params")

    def __init__(self, value: BareItem, params: Params | None = None) -> None:
        self.value = value
        self.params: Params = {} if params is None else params

    def __eq__(self, other: object) -> bool:
        # Compare types too: True == 1 and Decimal(1) == 1, but they are different Items.
        return (
            type(other) is Item
            and type(other.value) is type(self.value)
            and other.value == self.value
            and _same_params(other.params, self.params)
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, like its params

    def __repr__(self) -> str:
        if self.params:
            return f"Item({self.value!r}, {self.params!r})"
        return f"Item({self.value!r})"


class InnerList:
    """An RFC 9651 Inner List (3.1.1): a list of Items with parameters of its own."""

    __slots__ = ("items", "params")

    def __init__(self, items: list[Item] | None = None, params: Params | None = None) -> None:
        self.items: list[Item] = [] if items is None else items
        self.params: Params = {} if params is None else params

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is InnerList
            and other.items == self.items
            and _same_params(other.params, self.params)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        if self.params:
            return f"InnerList({self.items!r}, {self.params!r})"
        return f"InnerList({self.items!r})"


def _same_params(a: Params, b: Params) -> bool:
    if len(a) != len(b) or list(a) != list(b):
        return False
    return all(type(v) is type(b[k]) and v == b[k] for k, v in a.items())


class StructuredFieldError(ValueError):
    """Text that is not a valid Structured Field; `position` is the index where parsing failed."""

    def __init__(self, message: str, text: str, position: int) -> None:
        shown = text if len(text) <= 120 else text[max(0, position - 40) : position + 40]
        super().__init__(f"{message} at position {position} of {shown!r}")
        self.position = position


# -- parsing (RFC 9651 section 4.2) -------------------------------------------------------------

_KEY = re.compile(r"[a-z*][a-z0-9_\-.*]*")
_TOKEN = re.compile(r"[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*")
# Digits, and a fraction if there is a ".": the lengths are checked after the match.
_NUMBER = re.compile(r"([0-9]+)(\.[0-9]*)?")
# A run of String characters that need no escape: printable ASCII but DQUOTE and backslash.
_STRING_RUN = re.compile(r"[ !#-\[\]-~]*")
# A run of Display String characters taken as they are: printable ASCII but DQUOTE and "%".
_DISPLAY_RUN = re.compile(r"[ !#$&-~]*")
_HEX2 = re.compile(r"[0-9a-f]{2}")
# Byte Sequence content: base64 data, then at most two "=" (RFC 9651 4.2.7 asks parsers not to fail
# on missing padding or non-zero pad bits, so padding is synthesised and pad bits are not checked).
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def _fail(text: str, pos: int, message: str) -> StructuredFieldError:
    return StructuredFieldError(message, text, pos)


def _skip_sp(s: str, i: int) -> int:
    n = len(s)
    while i < n and s[i] == " ":
        i += 1
    return i


def _skip_ows(s: str, i: int) -> int:
    n = len(s)
    while i < n and (s[i] == " " or s[i] == "\t"):
        i += 1
    return i


def parse_item(text: str) -> Item:
    """Parse a whole field value as an Item (RFC 9651 4.2.3); StructuredFieldError if invalid."""
    i = _skip_sp(text, 0)
    item, i = _item(text, i)
    i = _skip_sp(text, i)
    if i != len(text):
        raise _fail(text, i, "unexpected character after the Item")
    return item


def parse_list(text: str) -> list[Member]:
    """Parse a whole field value as a List (RFC 9651 4.2.1); StructuredFieldError if invalid."""
    s = text
    n = len(s)
    i = _skip_sp(s, 0)
    members: list[Member] = []
    while i < n:
        member, i = _item_or_inner_list(s, i)
        members.append(member)
        i = _members_separator(s, i)
    return members


def parse_dictionary(text: str) -> dict[str, Member]:
    """Parse a whole field value as a Dictionary (RFC 9651 4.2.2); StructuredFieldError if invalid.

    A key given twice keeps its first place and its last value.
    """
    s = text
    n = len(s)
    i = _skip_sp(s, 0)
    members: dict[str, Member] = {}
    while i < n:
        key, i = _key(s, i)
        member: Member
        if i < n and s[i] == "=":
            member, i = _item_or_inner_list(s, i + 1)
        else:
            params, i = _params(s, i)
            member = Item(True, params)
        members[key] = member
        i = _members_separator(s, i)
    return members


def _members_separator(s: str, i: int) -> int:
    """After a List or Dictionary member: OWS, then the end or a comma followed by another member."""
    n = len(s)
    i = _skip_ows(s, i)
    if i == n:
        return i
    if s[i] != ",":
        raise _fail(s, i, "expected ',' after a member")
    i = _skip_ows(s, i + 1)
    if i == n:
        raise _fail(s, i, "trailing comma")
    return i


def _item_or_inner_list(s: str, i: int) -> tuple[Member, int]:
    if i < len(s) and s[i] == "(":
        return _inner_list(s, i)
    return _item(s, i)


def _inner_list(s: str, i: int) -> tuple[InnerList, int]:
    n = len(s)
    i += 1  # "("
    items: list[Item] = []
    while True:
        i = _skip_sp(s, i)
        if i >= n:
            raise _fail(s, i, "Inner List without ')'")
        if s[i] == ")":
            params, i = _params(s, i + 1)
            return InnerList(items, params), i
        item, i = _item(s, i)
        items.append(item)
        if i >= n:
            raise _fail(s, i, "Inner List without ')'")
        if s[i] != " " and s[i] != ")":
            raise _fail(s, i, "expected ' ' or ')' in an Inner List")


def _item(s: str, i: int) -> tuple[Item, int]:
    value, i = _bare_item(s, i)
    if i < len(s) and s[i] == ";":
        params, i = _params(s, i)
        return Item(value, params), i
    return Item(value, {}), i


def _params(s: str, i: int) -> tuple[Params, int]:
    n = len(s)
    params: Params = {}
    while i < n and s[i] == ";":
        i = _skip_sp(s, i + 1)
        key, i = _key(s, i)
        value: BareItem = True
        if i < n and s[i] == "=":
            value, i = _bare_item(s, i + 1)
        params[key] = value
    return params, i


def _key(s: str, i: int) -> tuple[str, int]:
    match = _KEY.match(s, i)
    if match is None:
        raise _fail(s, i, "expected a key (lower-case letter or '*')")
    return match.group(), match.end()


def _bare_item(s: str, i: int) -> tuple[BareItem, int]:
    if i >= len(s):
        raise _fail(s, i, "expected an Item, found the end")
    c = s[i]
    if c == '"':
        return _string(s, i)
    if c == "-" or "0" <= c <= "9":
        return _number(s, i)
    if "a" <= c <= "z" or "A" <= c <= "Z" or c == "*":
        match = _TOKEN.match(s, i)
        assert match is not None  # the first character matched
        return Token(match.group()), match.end()
    if c == ":":
        return _byte_sequence(s, i)
    if c == "?":
        v = s[i + 1 : i + 2]
        if v == "1":
            return True, i + 2
        if v == "0":
            return False, i + 2
        raise _fail(s, i + 1, "expected '0' or '1' after '?'")
    if c == "@":
        return _date(s, i)
    if c == "%":
        return _display_string(s, i)
    raise _fail(s, i, f"no Item starts with {c!r}")


def _number(s: str, i: int) -> tuple[int | Decimal, int]:
    start = i
    if s.startswith("-", i):
        i += 1
    match = _NUMBER.match(s, i)
    if match is None:
        raise _fail(s, i, "expected a digit")
    digits, fraction = match.group(1, 2)
    end = match.end()
    if fraction is None:
        if len(digits) > 15:
            raise _fail(s, i + 15, "Integer longer than 15 digits")
        return int(s[start:end]), end
    if len(digits) > 12:
        raise _fail(s, i + 12, "Decimal with more than 12 integer digits")
    if len(fraction) == 1:
        raise _fail(s, end - 1, "Decimal ending in '.'")
    if len(fraction) > 4:
        raise _fail(s, i + len(digits) + 4, "Decimal with more than 3 fraction digits")
    return Decimal(s[start:end]), end


def _string(s: str, i: int) -> tuple[str, int]:
    i += 1  # DQUOTE
    parts: list[str] = []
    n = len(s)
    while True:
        end = _STRING_RUN.match(s, i).end()  # type: ignore[union-attr]  # matches empty text
        if end >= n:
            raise _fail(s, end, "String without closing '\"'")
        c = s[end]
        if c == '"':
            if not parts:
                return s[i:end], end + 1
            parts.append(s[i:end])
            return "".join(parts), end + 1
        if c != "\\":
            raise _fail(s, end, f"character {c!r} not allowed in a String")
        escaped = s[end + 1 : end + 2]
        if escaped != '"' and escaped != "\\":
            raise _fail(s, end + 1, "only '\"' and '\\' may be escaped in a String")
        parts.append(s[i:end])
        parts.append(escaped)
        i = end + 2


def _byte_sequence(s: str, i: int) -> tuple[bytes, int]:
    end = s.find(":", i + 1)
    if end < 0:
        raise _fail(s, len(s), "Byte Sequence without closing ':'")
    content = s[i + 1 : end]
    match = _BASE64.match(content)
    assert match is not None  # matches empty text
    if match.end() != len(content):
        raise _fail(s, i + 1 + match.end(), "character not allowed in a Byte Sequence")
    data = content.rstrip("=")
    if (data == "" and content != "") or len(data) % 4 == 1:
        raise _fail(s, i + 1, "Byte Sequence is not base64")
    return binascii.a2b_base64(data + "=" * (-len(data) % 4)), end + 1


def _date(s: str, i: int) -> tuple[Date, int]:
    value, end = _number(s, i + 1)
    if type(value) is not int:
        raise _fail(s, i + 1, "a Date is an Integer, not a Decimal")
    return Date(value), end


def _display_string(s: str, i: int) -> tuple[DisplayString, int]:
    if s[i + 1 : i + 2] != '"':
        raise _fail(s, i + 1, "expected '\"' after '%'")
    i += 2
    n = len(s)
    chunks: list[bytes] = []
    while True:
        end = _DISPLAY_RUN.match(s, i).end()  # type: ignore[union-attr]  # matches empty text
        if end > i:
            chunks.append(s[i:end].encode("ascii"))
        if end >= n:
            raise _fail(s, end, "Display String without closing '\"'")
        c = s[end]
        if c == '"':
            try:
                return DisplayString(b"".join(chunks).decode("utf-8")), end + 1
            except UnicodeDecodeError:
                raise _fail(s, end, "Display String is not UTF-8") from None
        if c != "%":
            raise _fail(s, end, f"character {c!r} not allowed in a Display String")
        if _HEX2.match(s, end + 1) is None:
            raise _fail(s, end + 1, "expected two lower-case hex digits after '%'")
        chunks.append(bytes((int(s[end + 1 : end + 3], 16),)))
        i = end + 3


# -- serialising (RFC 9651 section 4.1) ---------------------------------------------------------

_KEY_FULL = re.compile(r"[a-z*][a-z0-9_\-.*]*\Z")
_TOKEN_FULL = re.compile(r"[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*\Z")
# Display String bytes sent as they are: printable ASCII but "%" and DQUOTE.
_DISPLAY_PLAIN = frozenset(range(0x20, 0x7F)) - {0x22, 0x25}
_DECIMAL_CONTEXT = Context(prec=40, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation])
_THOUSANDTH = Decimal("0.001")


# Keys and tokens already checked (a bounded set: applications use few of them).
_CHECKED_KEYS: set[str] = set()
_CHECKED_TOKENS: set[str] = set()
_CHECKED_MAX = 512


def _remember(checked: set[str], text: str) -> None:
    if len(checked) >= _CHECKED_MAX:
        checked.clear()
    checked.add(text)


def serialize_key(key: str) -> str:
    """A Dictionary or parameter key, checked (RFC 9651 4.1.1.3)."""
    if type(key) is str and key in _CHECKED_KEYS:
        return key
    if type(key) is not str:
        if not isinstance(key, str):
            raise TypeError(f"a Structured Field key must be a str, not {type(key).__name__}")
        key = str.__str__(key)
    if _KEY_FULL.match(key) is None:
        raise ValueError(f"not a Structured Field key: {key!r}")
    _remember(_CHECKED_KEYS, key)
    return key


def _ser_integer(value: int) -> str:
    if MIN_INTEGER <= value <= MAX_INTEGER:
        return int.__repr__(value)
    raise ValueError(f"Integer out of range (15 digits at most): {value!r}")


def _ser_decimal(value: Decimal | float) -> str:
    if isinstance(value, float):
        value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"Decimal must be finite: {value!r}")
    if value and value.adjusted() >= 12:
        raise ValueError(f"Decimal with more than 12 integer digits: {value!r}")
    rounded = value.quantize(_THOUSANDTH, context=_DECIMAL_CONTEXT)
    text = format(abs(rounded), "f")
    if len(text) > 16:  # rounding carried into a 13th integer digit
        raise ValueError(f"Decimal with more than 12 integer digits: {value!r}")
    text = text.rstrip("0")
    if text.endswith("."):
        text += "0"
    return "-" + text if rounded < 0 else text


def _ser_string(value: str) -> str:
    # isascii() and isprintable() together are exactly RFC 9651's %x20-7E, in C.
    if not (value.isascii() and value.isprintable()):
        raise ValueError(f"a String takes printable ASCII only: {value!r}")
    if "\\" in value or '"' in value:
        value = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{value}"'


# The texts of Strings already printed, by value (a bounded cache: the origins of an allowlist, the
# names of a cache repeat from response to response).
_string_texts: dict[str, str] = {}


def _string_text(value: str) -> str:
    """The text of a String (a str, not a subclass), checked, remembered."""
    return remember(_string_texts, value, _ser_string(value))


def _ser_token(value: Token) -> str:
    text = value.value
    if type(text) is str and text in _CHECKED_TOKENS:
        return text
    if type(text) is not str or _TOKEN_FULL.match(text) is None:
        raise ValueError(f"not a Structured Field Token: {text!r}")
    _remember(_CHECKED_TOKENS, text)
    return text


def _ser_bytes(value: bytes | bytearray) -> str:
    return f":{binascii.b2a_base64(value, newline=False).decode('ascii')}:"


def _ser_bool(value: bool) -> str:
    return "?1" if value else "?0"


def _ser_date(value: Date) -> str:
    seconds = value.seconds
    if type(seconds) is not int or not MIN_INTEGER <= seconds <= MAX_INTEGER:
        raise ValueError(f"Date out of range (15 digits at most): {seconds!r}")
    return f"@{seconds}"


def _ser_datetime(value: datetime) -> str:
    return _ser_date(Date.from_datetime(value))


def _ser_display_string(value: DisplayString) -> str:
    text = value.value
    if type(text) is not str:
        raise TypeError(f"a DisplayString holds a str, not {type(text).__name__}")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"Display String is not valid Unicode: {text!r}") from None
    plain = _DISPLAY_PLAIN
    return '%"' + "".join(chr(b) if b in plain else f"%{b:02x}" for b in data) + '"'


_SERIALIZERS: dict[type, Callable[[Any], str]] = {
    int: _ser_integer,
    bool: _ser_bool,
    str: _ser_string,
    Token: _ser_token,
    Decimal: _ser_decimal,
    float: _ser_decimal,
    bytes: _ser_bytes,
    bytearray: _ser_bytes,
    Date: _ser_date,
    datetime: _ser_datetime,
    DisplayString: _ser_display_string,
}


def serialize_bare_item(value: BareItemLike) -> str:
    """The canonical text of a bare item (RFC 9651 4.1.3.1)."""
    serializer: Callable[[Any], str] | None = _SERIALIZERS.get(type(value))
    if serializer is not None:
        return serializer(value)
    # Subclasses (IntEnum, str enums, ...): serialise the underlying value.
    if isinstance(value, bool):
        return _ser_bool(value)
    if isinstance(value, int):
        return _ser_integer(int(value))
    if isinstance(value, str):
        return _ser_string(str.__str__(value))
    if isinstance(value, float):
        return _ser_decimal(float(value))
    if isinstance(value, Decimal):
        return _ser_decimal(value)
    if isinstance(value, datetime):
        return _ser_datetime(value)
    raise TypeError(f"not a Structured Field bare item: {type(value).__name__} {value!r}")


def serialize_params(params: ParamsLike) -> str:
    """The canonical text of parameters (RFC 9651 4.1.1.2), with each ';'."""
    if not params:
        return ""
    parts = []
    for key, value in params.items():
        if value is True:
            parts.append(f";{serialize_key(key)}")
        else:
            parts.append(f";{serialize_key(key)}={serialize_bare_item(value)}")
    return "".join(parts)


def serialize_item(item: Item | BareItemLike) -> str:
    """The canonical text of an Item, or of a bare item without parameters (RFC 9651 4.1.3)."""
    if type(item) is Item:
        text = serialize_bare_item(item.value)
        return text + serialize_params(item.params) if item.params else text
    if isinstance(item, InnerList):
        raise TypeError("an Inner List is not an Item")
    return serialize_bare_item(item)  # type: ignore[arg-type]


def serialize_member(member: MemberLike) -> str:
    """The canonical text of a List or Dictionary member: an Item, Inner List or bare item."""
    if type(member) is InnerList:
        return inner_list_text(member)
    return serialize_item(member)  # type: ignore[arg-type]


def inner_list_text(member: InnerList) -> str:
    """The canonical text of an Inner List (RFC 9651 4.1.1.1)."""
    texts = []
    for item in member.items:
        if type(item) is Item and not item.params:
            # The usual items of an Inner List (the tokens and strings of an allowlist, ...)
            # printed here, without the calls of the general path below.
            value: Any = item.value
            kind = type(value)
            if kind is Token:
                text = value.value
                if type(text) is str and text in _CHECKED_TOKENS:
                    texts.append(text)
                    continue
            elif kind is str:
                text = _string_texts.get(value)
                if text is None:
                    text = _string_text(value)
                texts.append(text)
                continue
        texts.append(_ser_inner_item(item))
    params = member.params
    if params:
        return "(" + " ".join(texts) + ")" + serialize_params(params)
    return "(" + " ".join(texts) + ")"


def _ser_inner_item(item: Item | BareItemLike) -> str:
    if isinstance(item, InnerList):
        raise TypeError("an Inner List cannot hold an Inner List")
    return serialize_item(item)


def serialize_list(members: Iterable[MemberLike]) -> str:
    """The canonical text of a List (RFC 9651 4.1.1); "" for an empty list (send no field)."""
    if isinstance(members, (str, bytes, Mapping)):
        raise TypeError(f"a List is an iterable of members, not {type(members).__name__}")
    return ", ".join([serialize_member(member) for member in members])


def serialize_dictionary(members: Mapping[str, MemberLike]) -> str:
    """The canonical text of a Dictionary (RFC 9651 4.1.2); "" for an empty one (send no field)."""
    if not isinstance(members, Mapping):
        raise TypeError(f"a Dictionary is a mapping, not {type(members).__name__}")
    parts = []
    for key, member in members.items():
        key = serialize_key(key)
        if type(member) is Item and member.value is True:
            parts.append(key + serialize_params(member.params))
        elif member is True:
            parts.append(key)
        else:
            parts.append(f"{key}={serialize_member(member)}")
    return ", ".join(parts)
