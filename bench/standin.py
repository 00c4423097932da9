"""A stand-in for genresp while it is being written: Werkzeug 2.3 from the project venv.

genresp reproduces Werkzeug 2.3's Response API, so Werkzeug 2.3 exercises the genresp slot of the
harness. It cannot share the name ``werkzeug`` with the 3.x peer in one process, so it is imported
from the project venv first and its modules are then renamed to ``_standin_werkzeug...``; the
later ``import werkzeug`` finds 3.x. Only ``--standin`` uses this; the real run uses genresp.
"""

from __future__ import annotations

import glob
import importlib
import sys
from pathlib import Path
from typing import Any

PREFIX = "_standin_werkzeug"
# Werkzeug 2.3 imports these inside functions on the response paths the scenarios take.
_EAGER = ("werkzeug.wrappers", "werkzeug.exceptions", "werkzeug.test")


def load(root: Path) -> tuple[Any, str]:
    """Return (Response class, version) of Werkzeug 2.3 from ``root/.venv``."""
    if any(name == "werkzeug" or name.startswith("werkzeug.") for name in sys.modules):
        raise RuntimeError("the stand-in must be loaded before werkzeug 3.x is imported")
    found = glob.glob(str(root / ".venv" / "lib" / "python*" / "site-packages"))
    if not found:
        raise RuntimeError(f"no project venv under {root / '.venv'} (run `make venv`)")
    sys.path.insert(0, found[0])
    try:
        for name in _EAGER:
            importlib.import_module(name)
    finally:
        sys.path.remove(found[0])
    werkzeug = sys.modules["werkzeug"]
    version = getattr(werkzeug, "__version__", "2.3")
    response_cls = sys.modules["werkzeug.wrappers"].Response
    for name in [n for n in sys.modules if n == "werkzeug" or n.startswith("werkzeug.")]:
        module = sys.modules.pop(name)
        new = PREFIX + name[len("werkzeug") :]
        # Relative imports inside functions resolve through __package__ / __spec__.parent.
        module.__name__ = new
        if module.__spec__ is not None:
            module.__spec__.name = new
        package = getattr(module, "__package__", None)
        if package:
            module.__package__ = PREFIX + package[len("werkzeug") :]
        sys.modules[new] = module
    if not str(version).startswith("2.3"):
        raise RuntimeError(f"expected Werkzeug 2.3 in .venv, found {version}")
    return response_cls, str(version)
