"""ContentSecurityPolicy: the CSP directives (W3C CSP Level 3) as attributes."""

from __future__ import annotations

from _collections_abc import Callable, Iterable, Mapping

from .._grammar import CSP_DIRECTIVE_NAME_RE
from .._typing import Any, overload
from ._callback_dict import CallbackDict

_DIRECTIVE_NAME = CSP_DIRECTIVE_NAME_RE

__all__ = ["ContentSecurityPolicy"]


class _CSPDirective:
    """One directive; the value is the raw source list string, None when absent."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> _CSPDirective: ...
    @overload
    def __get__(self, obj: ContentSecurityPolicy, owner: type[Any]) -> str | None: ...
    def __get__(
        self, obj: ContentSecurityPolicy | None, owner: type[Any]
    ) -> str | None | _CSPDirective:
        if obj is None:
            return self
        return obj.get(self.key)

    def __set__(self, obj: ContentSecurityPolicy, value: str | None) -> None:
        if value is None:
            obj.pop(self.key, None)
        else:
            obj[self.key] = value

    def __delete__(self, obj: ContentSecurityPolicy) -> None:
        obj.pop(self.key, None)


class ContentSecurityPolicy(CallbackDict[str]):
    """A Content-Security-Policy: directive name -> value, in insertion order."""

    __slots__ = ("provided",)
    _what = "Content-Security-Policy"

    def __init__(
        self,
        values: Mapping[str, str] | Iterable[tuple[str, str]] | None = (),
        on_update: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(values, on_update)
        self.provided = values is not None

    def _check(self, key: str, value: str) -> str:
        # ";" and "," would end the directive or the policy early (CSP3 2.2.1), so reject them
        # in addition to the control characters the base class rejects.
        super()._check(key, value)
        if not isinstance(value, str):
            raise TypeError(f"Invalid value for {self._what} directive {key!r}: {value!r}")
        if ";" in value or "," in value:
            raise ValueError(f"Invalid value for {self._what} directive {key!r}: {value!r}")
        # CSP3 2.2.1: directive-name = 1*( ALPHA / DIGIT / "-" )
        if _DIRECTIVE_NAME.fullmatch(key) is None:
            raise ValueError(f"Invalid {self._what} directive name {key!r}")
        return value

    def to_header(self) -> str:
        """The field value: ``directive value; directive value``."""
        # serialized-policy = serialized-directive *( OWS ";" [ OWS serialized-directive ] )
        # serialized-directive = directive-name [ RWS directive-value ]
        return "; ".join(f"{key} {value}" if value else key for key, value in self.items())

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        kv = " ".join(f"{k}={v!r}" for k, v in sorted(self.items()))
        return f"<{type(self).__name__} {kv}>"

    base_uri = _CSPDirective("base-uri")
    child_src = _CSPDirective("child-src")
    connect_src = _CSPDirective("connect-src")
    default_src = _CSPDirective("default-src")
    font_src = _CSPDirective("font-src")
    form_action = _CSPDirective("form-action")
    frame_ancestors = _CSPDirective("frame-ancestors")
    frame_src = _CSPDirective("frame-src")
    img_src = _CSPDirective("img-src")
    manifest_src = _CSPDirective("manifest-src")
    media_src = _CSPDirective("media-src")
    navigate_to = _CSPDirective("navigate-to")
    object_src = _CSPDirective("object-src")
    prefetch_src = _CSPDirective("prefetch-src")
    plugin_types = _CSPDirective("plugin-types")
    report_to = _CSPDirective("report-to")
    report_uri = _CSPDirective("report-uri")
    require_trusted_types_for = _CSPDirective("require-trusted-types-for")
    sandbox = _CSPDirective("sandbox")
    script_src = _CSPDirective("script-src")
    script_src_attr = _CSPDirective("script-src-attr")
    script_src_elem = _CSPDirective("script-src-elem")
    style_src = _CSPDirective("style-src")
    style_src_attr = _CSPDirective("style-src-attr")
    style_src_elem = _CSPDirective("style-src-elem")
    trusted_types = _CSPDirective("trusted-types")
    upgrade_insecure_requests = _CSPDirective("upgrade-insecure-requests")
    worker_src = _CSPDirective("worker-src")
