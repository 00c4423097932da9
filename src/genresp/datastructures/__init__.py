"""Headers, HeaderSet and the structured header value types."""

from __future__ import annotations

from .headers import Headers, check_name, check_value

__all__ = ["Headers", "check_name", "check_value"]
