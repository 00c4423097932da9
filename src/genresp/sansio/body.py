"""Body bookkeeping of the sans-IO response (owned by the body/WSGI issue; this is the seam)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class BodyMixin:
    """The response body: the wrapped iterable, buffering and closing."""

    __slots__ = ()

    response: Any
    direct_passthrough: bool

    def _init_body(
        self, response: Iterable[bytes] | Iterable[str] | bytes | str | None, direct_passthrough: bool
    ) -> None:
        self.direct_passthrough = direct_passthrough
        self.response = [] if response is None else response
