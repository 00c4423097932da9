from __future__ import annotations

import importlib.util
import sys
import textwrap
from collections.abc import Callable, Iterator
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
def import_module() -> Iterator[Callable[[Path], ModuleType]]:
    """Import a generated module from its file, as a module of its generated package (its descriptors
    import the package's value classes on first use), under a package name of its own."""
    packages: list[str] = []

    def load(path: Path) -> ModuleType:
        package = f"gen_{path.parent.parent.name}_{len(packages)}"
        init = importlib.util.spec_from_file_location(
            package, path.parent / "__init__.py", submodule_search_locations=[str(path.parent)]
        )
        assert init is not None and init.loader is not None
        sys.modules[package] = importlib.util.module_from_spec(init)
        packages.append(package)
        init.loader.exec_module(sys.modules[package])
        return importlib.import_module(f"{package}.{path.stem}")

    yield load
    for package in packages:
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]
