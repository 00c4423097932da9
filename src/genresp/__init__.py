"""genresp: the Flask/Werkzeug HTTP response, generated from a header spec."""

from __future__ import annotations

from .datastructures.headers import Headers
from .response import Response

__all__ = ["Headers", "Response"]
