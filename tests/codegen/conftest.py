from __future__ import annotations

import importlib.util
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

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


@pytest.fixture
def import_module() -> Callable[[Path], ModuleType]:
    """Import a generated module from its file, under a name of its own."""

    def load(path: Path) -> ModuleType:
        spec = importlib.util.spec_from_file_location(f"gen_{path.parent.parent.name}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load
