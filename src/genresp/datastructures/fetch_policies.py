"""Single-keyword security headers: Referrer-Policy, X-Frame-Options, Cross-Origin-Resource-Policy
and X-Content-Type-Options, with the readers browsers apply to them (never raising).
"""

from __future__ import annotations

from enum import Enum

from .._typing import Any

__all__ = [
    "CrossOriginResourcePolicy",
    "ReferrerPolicy",
    "XFrameOptions",
    "dump_nosniff",
    "load_nosniff",
    "load_referrer_policy",
    "load_x_frame_options",
]


class ReferrerPolicy(str, Enum):
    """Referrer-Policy values (W3C Referrer Policy, section 3)."""

    NO_REFERRER = "no-referrer"
    NO_REFERRER_WHEN_DOWNGRADE = "no-referrer-when-downgrade"
    SAME_ORIGIN = "same-origin"
    ORIGIN = "origin"
    STRICT_ORIGIN = "strict-origin"
    ORIGIN_WHEN_CROSS_ORIGIN = "origin-when-cross-origin"
    STRICT_ORIGIN_WHEN_CROSS_ORIGIN = "strict-origin-when-cross-origin"
    UNSAFE_URL = "unsafe-url"


def load_referrer_policy(
    enum: type[ReferrerPolicy], raw: str, default: ReferrerPolicy
) -> ReferrerPolicy:
    """Referrer Policy 8.1: of a comma-separated list, the last value that is a known policy
    (senders list fallbacks first); ``default`` when there is none."""
    policy = default
    for token in raw.split(","):
        try:
            policy = enum(token.strip(" \t"))
        except ValueError:
            continue
    return policy


class XFrameOptions(str, Enum):
    """X-Frame-Options values (RFC 7034 2.1; HTML "X-Frame-Options" processing). Case-insensitive.

    ``ALLOWALL`` is not in RFC 7034; HTML lists it as meaning no restriction, which is what an
    absent or invalid field means too. ``ALLOW-FROM`` is obsolete: browsers ignore it.
    """

    DENY = "DENY"
    SAMEORIGIN = "SAMEORIGIN"
    ALLOWALL = "ALLOWALL"

    @classmethod
    def _missing_(cls, value: object) -> XFrameOptions | None:
        if isinstance(value, str):
            return cls.__members__.get(value.upper())
        return None


def load_x_frame_options(
    enum: type[XFrameOptions], raw: str, default: XFrameOptions
) -> XFrameOptions:
    """What a browser enforces (HTML, "check a navigation response's adherence to
    X-Frame-Options"): conflicting values deny, unknown ones are ignored."""
    values = {item.strip(" \t").lower() for item in raw.split(",")}
    known = values & {"deny", "sameorigin", "allowall"}
    if len(values) > 1:
        return enum.DENY if known else default
    if known:
        return enum(known.pop())
    return default


class CrossOriginResourcePolicy(str, Enum):
    """Cross-Origin-Resource-Policy values (WHATWG Fetch, "cross-origin-resource-policy-header").

    An absent or unknown value restricts nothing, like ``CROSS_ORIGIN``.
    """

    SAME_ORIGIN = "same-origin"
    SAME_SITE = "same-site"
    CROSS_ORIGIN = "cross-origin"


NOSNIFF = "nosniff"


def load_nosniff(raw: str | None) -> bool:
    """Fetch "determine nosniff": whether the first value is ``nosniff`` (case-insensitive)."""
    if raw is None:
        return False
    return raw.split(",", 1)[0].strip(" \t").lower() == NOSNIFF


def dump_nosniff(field: str, value: Any) -> str | None:
    """True or ``"nosniff"`` sends ``nosniff``; False removes the header."""
    if value is True:
        return NOSNIFF
    if value is False:
        return None
    if isinstance(value, str):
        if value.lower() == NOSNIFF:
            return NOSNIFF
        raise ValueError(f"{field}: the only value is 'nosniff', not {value!r}")
    raise TypeError(f"{field} must be a bool or 'nosniff', not {type(value).__name__}: {value!r}")
