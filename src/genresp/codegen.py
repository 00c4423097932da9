"""The ``genresp-codegen`` command: typed header descriptors from your own header spec.

It needs the ``codegen`` extra (``pip install "genresp[codegen]"``); genresp itself does not. The generator
ships inside the wheel as ``genresp._codegen``; in a source checkout it is the ``codegen/`` directory at the
top of the repository. Run ``genresp-codegen --help`` (or ``python -m genresp.codegen --help``).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

EXTRA_HINT = 'genresp-codegen needs the codegen extra: pip install "genresp[codegen]"'


def main(argv: Sequence[str] | None = None) -> int:
    """Run the generator with `argv` (default: the command line); return its exit status."""
    try:
        generator = _load()
    except ModuleNotFoundError as exc:
        print(f"{EXTRA_HINT} (missing: {exc.name})", file=sys.stderr)
        return 2
    status: int = generator.main(argv)
    return status


def _load() -> ModuleType:
    try:
        return importlib.import_module("genresp._codegen.__main__")
    except ModuleNotFoundError as exc:
        if exc.name not in ("genresp._codegen", "genresp._codegen.__main__"):
            raise  # the generator is there, one of its dependencies is not
    # A source checkout: src/genresp/codegen.py -> codegen/ at the top of the repository.
    root = Path(__file__).resolve().parents[2]
    if not (root / "codegen" / "__main__.py").is_file():
        raise ModuleNotFoundError("genresp._codegen", name="genresp._codegen")
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return importlib.import_module("codegen.__main__")


if __name__ == "__main__":
    raise SystemExit(main())
