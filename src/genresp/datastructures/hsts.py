"""StrictTransportSecurity: the Strict-Transport-Security field (RFC 6797 6.1).

    Strict-Transport-Security = [ directive ] *( ";" [ directive ] )
    directive                 = directive-name [ "=" directive-value ]
    directive-name            = token
    directive-value           = token / quoted-string
    max-age = delta-seconds (REQUIRED); includeSubDomains (no value); preload (hstspreload.org)

A user agent ignores a field whose directives repeat, whose syntax is broken or that lacks max-age
(6.1), and of several fields it processes only the first (8.1): such a field reads as unset here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import timedelta

from ._params import Param, check_token, dump_value, format_param, is_writable, parse_elements

__all__ = ["StrictTransportSecurity", "dump_hsts", "parse_hsts"]

FIELD = "Strict-Transport-Security"
_EMPTY = re.compile("")
# delta-seconds = 1*DIGIT; more digits than anyone sends are refused (int() stays cheap).
_MAX_DIGITS = 19
_MAX_AGE_LIMIT = 10**_MAX_DIGITS


def _check_max_age(value: object) -> int | None:
    if value is None:
        return None
    if type(value) is int and 0 <= value < _MAX_AGE_LIMIT:
        return value
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{FIELD}: max_age must be an int, not {type(value).__name__}: {value!r}")
    if value < 0 or len(str(value)) > _MAX_DIGITS:
        raise ValueError(f"{FIELD}: max_age must be 0..{10**_MAX_DIGITS - 1} seconds: {value!r}")
    return value


def _check_flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{FIELD}: {name} must be a bool, not {type(value).__name__}: {value!r}")
    return value


def _check_extensions(items: Iterable[Param]) -> list[Param]:
    checked: list[Param] = []
    seen = {"max-age", "includesubdomains", "preload"}
    for name, value in items:
        check_token(FIELD, "a directive name", name)
        if name.lower() in seen:
            raise ValueError(f"{FIELD}: directive {name!r} given twice (RFC 6797 6.1)")
        seen.add(name.lower())
        format_param(FIELD, name, value)  # refuses what would not print back
        checked.append((name, value))
    return checked


class StrictTransportSecurity:
    """HSTS policy: ``max_age`` seconds (None: unset, no header), ``include_subdomains``,
    ``preload``, and unknown directives kept in ``extensions`` (name, value or None).

    ``on_update`` is called after every change. ``max_age=0`` tells the browser to forget the host.
    """

    __slots__ = ("_max_age", "_include_subdomains", "_preload", "_extensions", "on_update")
    _max_age: int | None
    _include_subdomains: bool
    _preload: bool
    _extensions: tuple[Param, ...]
    on_update: Callable[[StrictTransportSecurity], None] | None

    def __init__(
        self,
        max_age: int | None = None,
        include_subdomains: bool = False,
        preload: bool = False,
        extensions: Iterable[Param] = (),
        on_update: Callable[[StrictTransportSecurity], None] | None = None,
    ) -> None:
        if (
            type(max_age) is int
            and 0 <= max_age < _MAX_AGE_LIMIT
            and (include_subdomains is True or include_subdomains is False)
            and (preload is True or preload is False)
            and extensions == ()
        ):
            # The usual policy: nothing more to check.
            self._max_age, self._include_subdomains, self._preload = (
                max_age,
                include_subdomains,
                preload,
            )
            self._extensions = ()
            self.on_update = on_update
            return
        self._max_age = _check_max_age(max_age)
        self._include_subdomains = _check_flag("include_subdomains", include_subdomains)
        self._preload = _check_flag("preload", preload)
        self._extensions = () if extensions == () else tuple(_check_extensions(extensions))
        if self._max_age is None and (include_subdomains or preload or self._extensions):
            raise ValueError(f"{FIELD}: max_age is required (RFC 6797 6.1.1)")
        self.on_update = on_update

    def _changed(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    def _require_max_age(self, name: str) -> None:
        # Checked when the change is made: the header is rendered later, when nothing can be undone.
        if self._max_age is None:
            raise ValueError(f"{FIELD}: set max_age before {name} (RFC 6797 6.1.1)")

    @property
    def max_age(self) -> int | None:
        """How many seconds the browser keeps using HTTPS only for this host."""
        return self._max_age

    @max_age.setter
    def max_age(self, value: int | None) -> None:
        self._max_age = _check_max_age(value)
        self._changed()

    @property
    def include_subdomains(self) -> bool:
        """Whether the policy covers every subdomain too."""
        return self._include_subdomains

    @include_subdomains.setter
    def include_subdomains(self, value: bool) -> None:
        checked = _check_flag("include_subdomains", value)
        if checked:
            self._require_max_age("include_subdomains")
        self._include_subdomains = checked
        self._changed()

    @property
    def preload(self) -> bool:
        """Consent to inclusion in the browsers' preload lists (not in RFC 6797; hstspreload.org)."""
        return self._preload

    @preload.setter
    def preload(self, value: bool) -> None:
        checked = _check_flag("preload", value)
        if checked:
            self._require_max_age("preload")
        self._preload = checked
        self._changed()

    @property
    def extensions(self) -> tuple[Param, ...]:
        """Directives this class does not know, as read: (name, value or None)."""
        return self._extensions

    def unset(self) -> None:
        """Clear the policy; the write-back then removes the header."""
        self._max_age = None
        self._include_subdomains = self._preload = False
        self._extensions = ()
        self._changed()

    def to_header(self) -> str:
        """The field value; ``""`` (no header) when max_age is None: agents ignore a field without it."""
        if self._max_age is None:
            return ""
        if not self._extensions:
            if self._include_subdomains:
                if self._preload:
                    return f"max-age={self._max_age}; includeSubDomains; preload"
                return f"max-age={self._max_age}; includeSubDomains"
            return (
                f"max-age={self._max_age}; preload" if self._preload else f"max-age={self._max_age}"
            )
        parts = [f"max-age={self._max_age}"]
        if self._include_subdomains:
            parts.append("includeSubDomains")
        if self._preload:
            parts.append("preload")
        parts.extend(format_param(FIELD, name, value) for name, value in self._extensions)
        return "; ".join(parts)

    def __bool__(self) -> bool:
        return self._max_age is not None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StrictTransportSecurity):
            return self._key() == other._key()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable

    def _key(self) -> tuple[object, ...]:
        return (self._max_age, self._include_subdomains, self._preload, self._extensions)

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} {self.to_header()!r}>"
            if self
            else f"<{type(self).__name__} unset>"
        )


def _parse(value: str, strict: bool) -> StrictTransportSecurity | None:
    # The first directive has no ";" before it: read the field as one parameter list.
    elements = parse_elements(";" + value, _EMPTY.match, strict)
    if not elements or (strict and len(elements) != 1):
        return None
    params = elements[0][1]
    names = [name for name, _ in params]
    if len(set(names)) != len(names):
        return None  # 6.1: every directive appears at most once
    directives = dict(params)
    raw_age = directives.pop("max-age", None)
    if (
        raw_age is None
        or not raw_age.isascii()
        or not raw_age.isdigit()
        or len(raw_age) > _MAX_DIGITS
    ):
        return None
    include = "includesubdomains" in directives
    preload = "preload" in directives
    extensions = [(n, v) for n, v in params if n not in ("max-age", "includesubdomains", "preload")]
    if not all(is_writable(v) for _, v in extensions):
        if strict:
            return None
        extensions = [(n, v) for n, v in extensions if is_writable(v)]
    return StrictTransportSecurity(int(raw_age), include, preload, extensions)


def parse_hsts(
    value: str | None, on_update: Callable[[StrictTransportSecurity], None] | None = None
) -> StrictTransportSecurity:
    """The policy of the first field; unset when absent or ignored by RFC 6797. Never raises."""
    parsed = _parse(value, strict=False) if value else None
    if parsed is None:
        parsed = StrictTransportSecurity()
    parsed.on_update = on_update
    return parsed


def _parse_strict(value: str) -> StrictTransportSecurity | None:
    return _parse(value, strict=True)


def dump_hsts(field: str, value: object) -> str | None:
    """A StrictTransportSecurity, an int or timedelta of max-age seconds, or a well-formed str."""
    if type(value) is StrictTransportSecurity:
        return value.to_header() or None  # its parts were checked; the text is plain ASCII
    if isinstance(value, timedelta):
        value = int(value.total_seconds())
    if isinstance(value, int) and not isinstance(value, bool):
        return StrictTransportSecurity(value).to_header()
    return dump_value(field, value, StrictTransportSecurity, _parse_strict)
