"""The implementations under test; each module builds an Impl from its library."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from harness import Case


@dataclass(frozen=True)
class Impl:
    """One library: its scenario cases (those that fit it) and a hello-response factory."""

    name: str
    version: str
    cases: dict[str, Callable[[], Case]]
    live_hello: Callable[[], Any]
