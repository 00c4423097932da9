"""Render the loaded spec through the Jinja templates: render_all(spec) -> {relative path: source text}.

No formatter runs afterwards: the templates print code already in black's style (line length 100), so the output
of a genresp version does not depend on which black, if any, the user has. Lines whose length depends on the
spec (signatures, calls naming a field, tuples) go through `fit`, which splits them the way black does.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

from . import sf_spec
from .model import HeaderSpec, Ref, Spec

TEMPLATES = Path(__file__).parent / "templates"
LINE_LENGTH = 100


def fit(
    indent: int, head: str, items: Sequence[str], tail: str = "", collection: bool = False
) -> str:
    """`head` + items joined by ", " + `tail`, split over lines as black would if it is too long.

    `head` ends with the opening bracket and `tail` starts with the closing one. A call or a signature first
    moves its arguments to a line of their own; a collection literal (and anything still too long) gets one
    item per line with a trailing comma, which black keeps as it is.
    """
    pad = " " * indent
    line = f"{pad}{head}{', '.join(items)}{tail}"
    if len(line) <= LINE_LENGTH:
        return line
    inner = " " * (indent + 4)
    body = f"{inner}{', '.join(items)}"
    closing = _closing(pad, tail)
    if not collection and len(body) <= LINE_LENGTH:
        return f"{pad}{head}\n{body}\n{closing}"
    lines = [f"{inner}{item}," for item in items]
    return "\n".join([f"{pad}{head}", *lines, closing])


_RETURNS = re.compile(r"\) -> (.+?)(:(?: \.\.\.)?)")


def _closing(pad: str, tail: str) -> str:
    """The closing line of a split signature; a return annotation too long for it goes in parentheses
    of its own, split before each `|` if it is still too long."""
    m = _RETURNS.fullmatch(tail)
    if m is None or len(pad + tail) <= LINE_LENGTH:
        return pad + tail
    annotation, colon = m.groups()
    inner = pad + "    "
    if len(inner + annotation) <= LINE_LENGTH:
        body = inner + annotation
    else:
        first, *rest = annotation.split(" | ")
        body = "\n".join([inner + first, *(f"{inner}| {part}" for part in rest)])
    return f"{pad}) -> (\n{body}\n{pad}){colon}"


def assign(indent: int, name: str, value: str, op: str = "=") -> str:
    """`name = value` (or another assignment operator); when too long, black wraps the value in
    parentheses on lines of its own."""
    pad = " " * indent
    line = f"{pad}{name} {op} {value}"
    if len(line) <= LINE_LENGTH:
        return line
    return f"{pad}{name} {op} (\n{pad}    {value}\n{pad})"


def import_block(module: str, names: Sequence[str], indent: int = 0) -> str:
    """`from module import names`, parenthesised one name a line when it does not fit (as black does)."""
    line = f"{' ' * indent}from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return line
    return fit(indent, f"from {module} import (", names, ")", collection=True)


def import_as(module: str, alias: str, indent: int = 0) -> str:
    """The import statement that binds `module` (absolute, or relative like `.values`) to `alias`."""
    package, _, name = module.rpartition(".")
    if module.startswith(".") and not package.strip("."):
        return f"{' ' * indent}from {package or '.'} import {name} as {alias}"
    return f"{' ' * indent}import {module} as {alias}"


def module_name_expr(module: str) -> str:
    """A Python expression for the absolute name of `module`, seen from the generated package."""
    if module.startswith("."):
        return f"__package__ + {_pyrepr(module)}"
    return _pyrepr(module)


def docstring(h: HeaderSpec) -> str:
    """The descriptor's docstring, built from the spec's data (summary, type, source, version notes)."""
    # Printed as `self.__doc__ = """...` at 8 columns: the first line starts 18 columns further right.
    summary = textwrap.fill(" ".join(h.doc.split()), width=88, initial_indent=" " * 18).lstrip()
    parts = [summary]
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


# A value of each kind to show in the reference page.
_SAMPLES = {
    "string": '"example"',
    "int": "42",
    "bool": "True",
    "date": "datetime(2026, 1, 31, 12, 0, tzinfo=timezone.utc)",
    "timedelta": "timedelta(minutes=5)",
    "header_set": '["example", "other"]',
}


def example(h: HeaderSpec) -> str:
    """A few lines of Python that use the attribute, for the reference page."""
    if h.read_only:
        return f"value = resp.{h.attr}  # {h.getter_type}"
    if h.sf is not None:
        return sf_spec.example(h)
    if h.kind.name == "enum" and h.type is not None:
        sample = f"{h.type.name}.{h.default}"
    elif h.kind.name == "structured" and h.type is not None:
        return (
            f"value = resp.{h.attr}  # a {h.type.name}; changing it rewrites {h.field}\n"
            f"resp.{h.attr} = None  # removes {h.field}"
        )
    else:
        sample = _SAMPLES[h.kind.name]
    lines = [f"resp.{h.attr} = {sample}", f"value = resp.{h.attr}  # {h.getter_type}"]
    if h.kind.name == "header_set":
        lines.append(f'resp.{h.attr}.add("more")  # rewrites {h.field}')
    lines.append(f"del resp.{h.attr}  # removes {h.field}")
    return "\n".join(lines)


def _pyrepr(value: object) -> str:
    """repr() with double quotes for plain strings, as black normalises them."""
    text = repr(value)
    if isinstance(value, str) and text.startswith("'") and '"' not in value and "\\" not in text:
        return '"' + text[1:-1] + '"'
    return text


FILTERS: dict[str, Any] = {
    "pyrepr": _pyrepr,
    "docstring": docstring,
    "indent_block": lambda text, n: textwrap.indent(text, " " * n),
}
GLOBALS: dict[str, Any] = {
    "assign": assign,
    "fit": fit,
    "import_block": import_block,
    "import_as": import_as,
    "module_name_expr": module_name_expr,
    "example": example,
    "sf_tuple": sf_spec.tuple_literal,
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
    env.globals.update(GLOBALS)
    return env


def render_all(spec: Spec, layout_version: int) -> dict[str, str]:
    """Every generated module, keyed by its path relative to the output directory."""
    env = environment()
    imports = spec.get_imports()

    def code(ref: Ref | str) -> str:
        """How the descriptor module spells a name it runs (`module:name` or a Ref): by its own name,
        or through its lazily imported module."""
        return imports.code[Ref.parse(ref) if isinstance(ref, str) else ref]

    # Macros of imported templates see the environment's globals, not the render context.
    env.globals["code"] = code
    context = {"spec": spec, "imports": imports, "layout_version": layout_version}
    outputs = {
        "__init__.py": env.get_template("init.py.jinja").render(context),
        "headers.py": env.get_template("headers.py.jinja").render(context),
    }
    if spec.value_classes:
        context["value_imports"] = spec.get_value_imports()
        outputs["values.py"] = env.get_template("values.py.jinja").render(context)
    return outputs


def render_docs(spec: Spec) -> str:
    """The reference page (Markdown) of the spec's attributes."""
    return environment().get_template("docs.md.jinja").render({"spec": spec})
