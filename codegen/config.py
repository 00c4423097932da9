"""The [tool.genresp-codegen] table of a project's pyproject.toml: where the spec and the output live."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 (the codegen extra installs tomli there)
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

TABLE = "genresp-codegen"
_KEYS = {"spec", "out", "class", "docs", "command"}


class ConfigError(Exception):
    """The pyproject table is unreadable or has unknown or mistyped keys."""


@dataclass(frozen=True)
class Config:
    """Where to read and write, with paths already resolved against the project root."""

    root: Path
    spec: Path | None = None
    out: Path | None = None
    docs: Path | None = None
    class_name: str | None = None
    #: What the stamp of generated files tells a reader to run.
    command: str = "genresp-codegen"

    @property
    def version(self) -> str:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("genresp")
        except PackageNotFoundError:  # pragma: no cover - a source tree used without installing it
            return "(source)"

    def override(
        self, spec: str | None, out: str | None, class_name: str | None, docs: str | None
    ) -> Config:
        """Command-line options win over the table; their paths are relative to the current directory."""
        changes: dict[str, Any] = {}
        if spec is not None:
            changes["spec"] = Path(spec).resolve()
        if out is not None:
            changes["out"] = Path(out).resolve()
        if docs is not None:
            changes["docs"] = Path(docs).resolve()
        if class_name is not None:
            changes["class_name"] = class_name
        if changes.keys() & {"spec", "out"}:
            # The command that regenerates is no longer the bare one.
            changes["command"] = "genresp-codegen " + " ".join(
                f"--{key} {value}"
                for key, value in (
                    ("spec", spec),
                    ("out", out),
                    ("class", class_name),
                    ("docs", docs),
                )
                if value is not None
            )
        return replace(self, **changes)

    def display(self, path: Path) -> str:
        """`path` as the generated files name it: relative to the project root when inside it."""
        for base in (self.root, Path.cwd()):
            try:
                return path.resolve().relative_to(base.resolve()).as_posix()
            except ValueError:
                continue
        return path.as_posix()


def find_config(start: Path) -> Config:
    """The table of the nearest pyproject.toml at or above `start` (an empty Config if there is none)."""
    for directory in (start, *start.parents):
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            return _read(pyproject)
    return Config(root=start)


def _read(pyproject: Path) -> Config:
    root = pyproject.parent
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{pyproject}: cannot read it: {exc}") from None
    table = data.get("tool", {}).get(TABLE)
    if table is None:
        return Config(root=root)
    where = f"{pyproject.as_posix()}: [tool.{TABLE}]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))})"
        )
    for key, value in table.items():
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{where}: {key} must be a non-empty string")

    def path(key: str) -> Path | None:
        return root / table[key] if key in table else None

    return Config(
        root=root,
        spec=path("spec"),
        out=path("out"),
        docs=path("docs"),
        class_name=table.get("class"),
        command=table.get("command", "genresp-codegen"),
    )
