"""ResponseCacheControl: the Cache-Control response directives (RFC 9111 5.2.2) as attributes."""

from __future__ import annotations

from _collections_abc import Callable, Iterable, Mapping

from .._grammar import quote_header_value
from .._typing import Any, overload
from ._callback_dict import CallbackDict

__all__ = ["ResponseCacheControl"]

_Value = str | int | None
_INT_RE_DIGITS = frozenset("0123456789")


def _as_int(value: object) -> int | None:
    # RFC 9111 1.2.2: delta-seconds = 1*DIGIT.  Anything else is treated as absent rather than
    # surfacing a string from an int-typed attribute.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value and _INT_RE_DIGITS.issuperset(value):
        return int(value)
    return None


class _BoolDirective:
    """A directive with no argument: present -> True."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> _BoolDirective: ...
    @overload
    def __get__(self, obj: _CacheControlBase, owner: type[Any]) -> bool: ...
    def __get__(self, obj: _CacheControlBase | None, owner: type[Any]) -> bool | _BoolDirective:
        if obj is None:
            return self
        return self.key in obj

    def __set__(self, obj: _CacheControlBase, value: bool | None) -> None:
        if value:
            obj._store(self.key, None)
        else:
            obj.pop(self.key, None)

    def __delete__(self, obj: _CacheControlBase) -> None:
        obj.pop(self.key, None)


class _IntDirective:
    """A delta-seconds directive; ``empty`` is returned when it is present without an argument."""

    __slots__ = ("key", "empty")

    def __init__(self, key: str, empty: int | None) -> None:
        self.key = key
        self.empty = empty

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> _IntDirective: ...
    @overload
    def __get__(self, obj: _CacheControlBase, owner: type[Any]) -> int | None: ...
    def __get__(
        self, obj: _CacheControlBase | None, owner: type[Any]
    ) -> int | None | _IntDirective:
        if obj is None:
            return self
        if self.key not in obj:
            return None
        value = obj[self.key]
        if value is None:
            return self.empty
        return _as_int(value)

    def __set__(self, obj: _CacheControlBase, value: int | float | str | bool | None) -> None:
        if type(value) is int and value >= 0:
            obj._store(self.key, value)
        elif value is None or value is False:
            obj.pop(self.key, None)
        elif value is True:
            obj._store(self.key, None)
        elif type(value) is float and 0 <= value < float("inf"):
            # Werkzeug stores int(value): 3.1 seconds is sent as 3. NaN fails both comparisons.
            obj._store(self.key, int(value))
        else:
            # No stripping: it would hide a CR/LF around the digits.
            number = _as_int(value)
            if number is None or number < 0:
                raise ValueError(f"Invalid value for Cache-Control {self.key}: {value!r}")
            obj._store(self.key, number)

    def __delete__(self, obj: _CacheControlBase) -> None:
        obj.pop(self.key, None)


class _OptionalArgDirective:
    """A directive with an optional field-name list (``no-cache``, ``private``): bare -> "*"."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> _OptionalArgDirective: ...
    @overload
    def __get__(self, obj: _CacheControlBase, owner: type[Any]) -> str | None: ...
    def __get__(
        self, obj: _CacheControlBase | None, owner: type[Any]
    ) -> str | None | _OptionalArgDirective:
        if obj is None:
            return self
        if self.key not in obj:
            return None
        value = obj[self.key]
        return "*" if value is None else str(value)

    def __set__(self, obj: _CacheControlBase, value: str | bool | None) -> None:
        if value is None or value is False:
            obj.pop(self.key, None)
        elif value is True or value == "*":
            obj._store(self.key, None)
        else:
            obj[self.key] = str(value)

    def __delete__(self, obj: _CacheControlBase) -> None:
        obj.pop(self.key, None)


class _CacheControlBase(CallbackDict[_Value]):
    __slots__ = ("provided",)
    _what = "Cache-Control"

    def __init__(
        self,
        values: Mapping[str, _Value] | Iterable[tuple[str, _Value]] | None = (),
        on_update: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(values, on_update)
        # True when the object was built from a header rather than from nothing.
        self.provided = values is not None

    @classmethod
    def _from_parsed(
        cls, items: Iterable[tuple[str, _Value]] | None, on_update: Callable[[Any], None] | None
    ) -> _CacheControlBase:
        """Build from items a parser already checked (token names, values without controls); None
        builds the empty value of an absent header."""
        obj = cls.__new__(cls)
        if items is not None:
            dict.update(obj, items)
        obj.on_update = on_update
        obj.provided = items is not None
        return obj

    def to_header(self) -> str:
        """The Cache-Control field value (RFC 9111 5.2)."""
        # cache-directive = token [ "=" ( token / quoted-string ) ]
        if len(self) == 1:
            # The common case, one directive: no generator (and an int needs no quoting).
            for key, value in self.items():
                if value is None:
                    return key
                if type(value) is int:
                    return f"{key}={value}"
                return f"{key}={quote_header_value(value)}"
        return ", ".join(
            key if value is None else f"{key}={quote_header_value(value)}"
            for key, value in self.items()
        )

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        kv = " ".join(f"{k}={v!r}" for k, v in sorted(self.items()))
        return f"<{type(self).__name__} {kv}>"


class ResponseCacheControl(_CacheControlBase):
    """Cache-Control directives of a response; unknown directives stay reachable as dict items."""

    __slots__ = ()

    # RFC 9111 5.2.2.4 / 5.2.2.7: optional field-name list, "*" when given bare.
    no_cache = _OptionalArgDirective("no-cache")
    private = _OptionalArgDirective("private")
    # RFC 9111 5.2.2.1 / 5.2.2.10: delta-seconds.
    # Present without its required argument: None, as in Werkzeug 3.1 (2.3 returned -1).
    max_age = _IntDirective("max-age", None)
    s_maxage = _IntDirective("s-maxage", None)
    # RFC 5861 3 and 4: delta-seconds.
    stale_while_revalidate = _IntDirective("stale-while-revalidate", None)
    stale_if_error = _IntDirective("stale-if-error", None)
    # RFC 9111 5.2.2.x: no arguments.
    no_store = _BoolDirective("no-store")
    no_transform = _BoolDirective("no-transform")
    public = _BoolDirective("public")
    must_revalidate = _BoolDirective("must-revalidate")
    proxy_revalidate = _BoolDirective("proxy-revalidate")
    must_understand = _BoolDirective("must-understand")
    # RFC 8246 2.
    immutable = _BoolDirective("immutable")
