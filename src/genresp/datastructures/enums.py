"""Enumerations for cross-origin isolation headers."""

from __future__ import annotations

from enum import Enum

__all__ = ["COEP", "COOP"]


class COEP(str, Enum):
    """Cross-Origin-Embedder-Policy values (HTML Living Standard, "coep")."""

    UNSAFE_NONE = "unsafe-none"
    REQUIRE_CORP = "require-corp"


class COOP(str, Enum):
    """Cross-Origin-Opener-Policy values (HTML Living Standard, "cross-origin-opener-policies")."""

    UNSAFE_NONE = "unsafe-none"
    SAME_ORIGIN_ALLOW_POPUPS = "same-origin-allow-popups"
    SAME_ORIGIN = "same-origin"
