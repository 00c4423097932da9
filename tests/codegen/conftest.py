from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = str(ROOT / "src")
SEARCH = [SRC, *sys.path]


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[[str], Path]:
    """Write an inline spec (dedented) to a temporary file and return its path."""

    def write(text: str) -> Path:
        path = tmp_path / "headers.yaml"
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
