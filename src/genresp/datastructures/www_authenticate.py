"""WWWAuthenticate: one challenge of the WWW-Authenticate response field (RFC 9110 11.6.1)."""

from __future__ import annotations

from _collections_abc import Callable, Mapping

from .._grammar import (
    TOKEN_RE,
    check_value,
    compile_lazily,
    parse_dict_header,
    quote_header_value,
)
from .._typing import Any
from ._callback_dict import _MISSING, CallbackDict

__all__ = ["WWWAuthenticate"]

# RFC 9110 11.2
#   token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
_TOKEN68_RE = compile_lazily(r"[A-Za-z0-9\-._~+/]+=*")
# RFC 7616 3.3: these Digest parameters are tokens and must not be quoted; all others are.
_DIGEST_UNQUOTED = frozenset({"algorithm", "stale"})
_OWN_ATTRS = ("_type", "_parameters", "_token", "_on_update")
_PROPERTIES = frozenset({"type", "parameters", "token", "on_update"})


def _lower(key: Any) -> Any:
    return key.lower() if isinstance(key, str) else key


class _Parameters(CallbackDict[str | None]):
    """auth-params by lower-cased name: names are case-insensitive (RFC 9110 11.2), so ``Realm="x"``
    is reachable as ``realm``."""

    __slots__ = ()
    _what = "WWW-Authenticate"

    def __setitem__(self, key: str, value: str | None) -> None:
        super().__setitem__(_lower(key), value)

    def __getitem__(self, key: str) -> str | None:
        return super().__getitem__(_lower(key))

    def __delitem__(self, key: str) -> None:
        super().__delitem__(_lower(key))

    def __contains__(self, key: object) -> bool:
        return super().__contains__(_lower(key))

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(_lower(key), default)

    def pop(self, key: str, default: Any = _MISSING) -> Any:
        return super().pop(_lower(key), default)

    def update(self, *args: Any, **kwargs: str | None) -> None:
        items = dict(*args, **kwargs)
        super().update({_lower(key): value for key, value in items.items()})


class WWWAuthenticate:
    """An auth scheme with either auth-params or a token68.

    Parameters are also reachable as attributes (``challenge.realm``) and items.
    """

    __slots__ = _OWN_ATTRS
    _type: str
    _parameters: _Parameters
    _token: str | None
    _on_update: Callable[[WWWAuthenticate], None] | None

    def __init__(
        self,
        auth_type: str,
        values: Mapping[str, str | None] | None = None,
        token: str | None = None,
    ) -> None:
        object.__setattr__(self, "_on_update", None)
        object.__setattr__(self, "_type", self._check_type(auth_type))
        object.__setattr__(self, "_parameters", _Parameters(values, self._param_changed))
        object.__setattr__(self, "_token", self._check_token(token))

    @staticmethod
    def _check_type(auth_type: str) -> str:
        if not isinstance(auth_type, str) or TOKEN_RE.fullmatch(auth_type) is None:
            raise ValueError(f"Invalid WWW-Authenticate auth scheme: {auth_type!r}")
        return auth_type.lower()

    @staticmethod
    def _check_token(token: str | None) -> str | None:
        if token is not None:
            check_value("WWW-Authenticate token", token)
        return token

    def _param_changed(self, _: Any) -> None:
        self._trigger()

    def _trigger(self) -> None:
        callback = self._on_update
        if callback is not None:
            callback(self)

    @property
    def on_update(self) -> Callable[[WWWAuthenticate], None] | None:
        """Called with this object after every change (the header write-back)."""
        return self._on_update

    @on_update.setter
    def on_update(self, value: Callable[[WWWAuthenticate], None] | None) -> None:
        object.__setattr__(self, "_on_update", value)

    @property
    def type(self) -> str:
        """The lower-cased auth scheme, e.g. ``basic``."""
        return self._type

    @type.setter
    def type(self, value: str) -> None:
        object.__setattr__(self, "_type", self._check_type(value))
        self._trigger()

    @property
    def parameters(self) -> dict[str, str | None]:
        """The auth-params; editing the dict updates the header."""
        return self._parameters

    @parameters.setter
    def parameters(self, value: Mapping[str, str | None]) -> None:
        object.__setattr__(self, "_parameters", _Parameters(value, self._param_changed))
        self._trigger()

    @property
    def token(self) -> str | None:
        """The token68 for schemes that use one instead of parameters."""
        return self._token

    @token.setter
    def token(self, value: str | None) -> None:
        object.__setattr__(self, "_token", self._check_token(value))
        self._trigger()

    def __getitem__(self, key: str) -> str | None:
        return self.parameters.get(key.lower())

    def __setitem__(self, key: str, value: str | None) -> None:
        if value is None:
            self.parameters.pop(key.lower(), None)
        else:
            self.parameters[key.lower()] = value

    def __delitem__(self, key: str) -> None:
        self.parameters.pop(key.lower(), None)

    def __getattr__(self, name: str) -> str | None:
        # Only reached for names that are not real attributes: treat them as parameters.
        if name.startswith("__"):
            raise AttributeError(name)
        return self.parameters.get(name.lower())

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _OWN_ATTRS:
            object.__setattr__(self, name, value)
        elif name in _PROPERTIES:
            # Route through the property so validation and on_update still happen.
            prop = getattr(type(self), name)
            prop.fset(self, value)
        else:
            self[name] = value

    def __delattr__(self, name: str) -> None:
        del self[name]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self.parameters

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, WWWAuthenticate)
            and other.type == self.type
            and other.token == self.token
            and other.parameters == self.parameters
        )

    __hash__ = None  # type: ignore[assignment]

    def get(self, key: str, default: str | None = None) -> str | None:
        """A parameter, or ``default``."""
        return self.parameters.get(key.lower(), default)

    @classmethod
    def from_header(cls, value: str | None) -> WWWAuthenticate | None:
        """Parse one challenge; None for an empty or unparsable value."""
        # challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
        # auth-param = token BWS "=" BWS ( token / quoted-string )
        if not value:
            return None
        scheme, _, rest = value.strip().partition(" ")
        if TOKEN_RE.fullmatch(scheme) is None:
            return None
        rest = rest.strip()
        if not rest:
            return cls(scheme, None, None)
        if _TOKEN68_RE.fullmatch(rest) is not None:
            return cls(scheme, None, rest)
        params = parse_dict_header(rest)
        try:
            return cls(scheme, params, None)
        except ValueError:
            return None

    def to_header(self) -> str:
        """The challenge as a field value."""
        scheme = self.type.title()
        if self.token is not None:
            return f"{scheme} {self.token}"
        params = self.parameters
        if not params:
            return scheme
        parts = []
        digest = self.type == "digest"
        for key, value in params.items():
            if value is None:
                parts.append(key)
            elif digest and key not in _DIGEST_UNQUOTED:
                parts.append(f"{key}={quote_header_value(value, allow_token=False)}")
            else:
                parts.append(f"{key}={quote_header_value(value)}")
        return f"{scheme} {', '.join(parts)}"

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()}>"
