"""Modules imported on first use, so that `import genresp` loads only what a plain response needs.

Generated descriptors bind their rarely needed modules this way (see genresp.descriptors), and the core
binds ``datetime`` so: a response without a date header, a date precondition or a cookie expiry never
imports it (with ``math`` and ``operator``, it was about a tenth of the import time).
"""

from __future__ import annotations

import sys

from ._typing import Any


class LazyModule:
    """A module imported on its first attribute read, for generated code: ``_m = LazyModule("pkg.mod",
    globals(), "_m")``. That first read imports ``pkg.mod`` and puts the module itself in the proxy's place
    (``namespace["_m"]``), so every later ``_m.name`` is an ordinary module attribute read."""

    __slots__ = ("_lazy_name", "_lazy_namespace", "_lazy_binding")

    def __init__(self, name: str, namespace: dict[str, Any], binding: str) -> None:
        self._lazy_name = name
        self._lazy_namespace = namespace
        self._lazy_binding = binding

    def __getattr__(self, attr: str) -> Any:
        # Only reached for names that are not slots, i.e. the module's own.
        __import__(self._lazy_name)
        module = sys.modules[self._lazy_name]
        if self._lazy_namespace.get(self._lazy_binding) is self:
            self._lazy_namespace[self._lazy_binding] = module
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<LazyModule {self._lazy_name!r} (not imported yet)>"
