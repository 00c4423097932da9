"""Render the loaded spec through the Jinja templates: render_all(spec) -> {relative path: source text}."""

from __future__ import annotations

import textwrap
from collections import defaultdict
from pathlib import Path
from typing import Any

import jinja2

from .model import HeaderSpec, Ref, Spec

TEMPLATES = Path(__file__).parent / "templates"


def _docstring(h: HeaderSpec) -> str:
    """The descriptor's docstring, built from the spec's data (summary, type, source, version notes)."""
    parts = [textwrap.fill(" ".join(h.doc.split()), width=88)]
    facts = [f"Field: ``{h.field}``; value: ``{h.getter_type}``."]
    if h.rfc is not None:
        facts.append(f"Defined in {h.rfc}: {h.rfc.url}")
    if h.standard is not None:
        facts.append(f"Defined in {h.standard}")
    parts.append("\n".join(facts))
    if h.versions:
        parts.append("\n".join(h.versions))
    text = "\n\n".join(parts).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return '"""' + text + '\n"""'


def _imports(refs: list[Ref]) -> list[tuple[str, list[str]]]:
    by_module: dict[str, set[str]] = defaultdict(set)
    for ref in refs:
        by_module[ref.module].add(ref.name)
    return [(module, sorted(names)) for module, names in sorted(by_module.items())]


FILTERS: dict[str, Any] = {
    "pyrepr": repr,
    "docstring": _docstring,
    "indent_block": lambda text, n: textwrap.indent(text, " " * n),
}


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(FILTERS)
    return env


def render_all(spec: Spec) -> dict[str, str]:
    """Every generated file, keyed by its path relative to the output directory."""
    env = environment()
    # What every descriptor module needs besides the codecs the spec names.
    runtime = [
        # From genresp._typing, not typing: importing typing would double genresp's import time.
        Ref("genresp._typing", "Any"),
        Ref("genresp._typing", "overload"),
        Ref("genresp._fields", "HasHeaders"),
        Ref("genresp._fields", "write_back"),
        Ref("genresp._fields", "remember_parsed"),
        Ref("genresp._fields", "PARSED"),
        Ref("genresp.datastructures.headers", "Headers"),
    ]
    if any(h.kind.name == "header_set" for h in spec.headers):
        runtime.append(Ref("genresp.datastructures.header_set", "HeaderSet"))
    context = {"spec": spec, "imports": _imports([*runtime, *spec.refs()])}
    return {
        "__init__.py": env.get_template("init.py.jinja").render(context),
        "headers.py": env.get_template("headers.py.jinja").render(context),
    }
