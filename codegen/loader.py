"""Load spec/headers.yaml into the model, collecting every error (with file:line) before failing once."""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.machinery
import keyword
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import DEFAULT_CLASS_NAME, KINDS, HeaderSpec, Ref, RFCRef, Spec

# RFC 9110 5.1: a field name is a token.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_REF = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*")
_RFC = re.compile(r"(\d+)#([\w.-]+)")
_ATTR = re.compile(r"[a-z][a-z0-9_]*")

_ENTRY_KEYS = {
    "field",
    "kind",
    "doc",
    "rfc",
    "parse",
    "dump",
    "type",
    "accepts",
    "default",
    "read_only",
    "versions",
    "standard",
}
# Every entry names where its header is defined: an RFC section, or (for non-IETF headers) a standard.
_REQUIRED = ("field", "kind", "doc")


@dataclass(frozen=True)
class SpecError:
    """One problem in the spec, at a line of its file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class SpecErrors(Exception):
    """Every problem found in a spec; raised once, after the whole file was checked."""

    def __init__(self, errors: Sequence[SpecError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def load_spec(path: str | Path, search_path: Sequence[str] | None = None) -> Spec:
    """Read and validate a spec file; raise SpecErrors listing every problem."""
    path = Path(path)
    display = path.as_posix()
    raw = path.read_bytes()
    return _Loader(display, raw, search_path).load()


class _Loader:
    def __init__(self, display: str, raw: bytes, search_path: Sequence[str] | None) -> None:
        self.display = display
        self.raw = raw
        self.search_path = list(search_path) if search_path is not None else None
        self.errors: list[SpecError] = []
        self._resolved: dict[Ref, str | None] = {}

    def error(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.errors.append(SpecError(self.display, line, message))

    def load(self) -> Spec:
        try:
            root = yaml.compose(self.raw.decode("utf-8"), Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            raise SpecErrors([SpecError(self.display, line, f"invalid YAML: {exc}")]) from None
        except UnicodeDecodeError as exc:
            raise SpecErrors([SpecError(self.display, 1, f"not UTF-8: {exc}")]) from None

        headers: list[HeaderSpec] = []
        class_name = DEFAULT_CLASS_NAME
        if not isinstance(root, yaml.MappingNode):
            self.error(root, "the spec must be a mapping with a 'headers' key")
        else:
            top = self.mapping(root, "spec")
            for key in top:
                if key not in ("headers", "class"):
                    self.error(
                        top[key][0], f"unknown top-level key {key!r} (expected 'headers', 'class')"
                    )
            if "class" in top:
                text = self.scalar(top["class"][1], "class")
                if text is not None and not (text.isidentifier() and text[0].isupper()):
                    self.error(top["class"][1], f"class: {text!r} is not a class name")
                elif text is not None:
                    class_name = text
            if "headers" not in top:
                self.error(root, "missing top-level key 'headers'")
            else:
                node = top["headers"][1]
                if not isinstance(node, yaml.MappingNode):
                    self.error(node, "'headers' must map attribute names to entries")
                else:
                    headers = self.entries(node)
        if self.errors:
            raise SpecErrors(sorted(self.errors, key=lambda e: e.line))
        return Spec(
            source=self.display,
            sha256=hashlib.sha256(self.raw).hexdigest(),
            headers=tuple(headers),
            class_name=class_name,
        )

    def mapping(self, node: yaml.MappingNode, where: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Key -> (key node, value node); duplicate keys are errors (PyYAML would keep the last)."""
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for knode, vnode in node.value:
            key = knode.value if isinstance(knode, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.error(knode, f"{where}: keys must be strings")
                continue
            if key in out:
                first = out[key][0].start_mark.line + 1
                self.error(knode, f"{where}: duplicate key {key!r} (first at line {first})")
                continue
            out[key] = (knode, vnode)
        return out

    def entries(self, node: yaml.MappingNode) -> list[HeaderSpec]:
        out: list[HeaderSpec] = []
        fields_seen: dict[str, int] = {}
        for attr, (knode, vnode) in self.mapping(node, "headers").items():
            where = f"headers.{attr}"
            if not _ATTR.fullmatch(attr) or keyword.iskeyword(attr):
                self.error(knode, f"{where}: attribute name must be a lower-case Python identifier")
            if not isinstance(vnode, yaml.MappingNode):
                self.error(vnode, f"{where}: entry must be a mapping")
                continue
            spec = self.entry(attr, knode, vnode, fields_seen)
            if spec is not None:
                out.append(spec)
        return out

    def scalar(self, node: yaml.Node, where: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or not isinstance(node.value, str):
            self.error(node, f"{where}: expected a scalar")
            return None
        return node.value

    def entry(
        self,
        attr: str,
        knode: yaml.Node,
        node: yaml.MappingNode,
        fields_seen: dict[str, int],
    ) -> HeaderSpec | None:
        where = f"headers.{attr}"
        items = self.mapping(node, where)
        ok = True
        for key, (kn, _) in items.items():
            if key not in _ENTRY_KEYS:
                self.error(
                    kn, f"{where}: unknown key {key!r} (known: {', '.join(sorted(_ENTRY_KEYS))})"
                )
                ok = False
        for key in _REQUIRED:
            if key not in items:
                self.error(knode, f"{where}: missing required key {key!r}")
                ok = False
        values: dict[str, str] = {}
        for key, (_, vn) in items.items():
            if key in ("versions",):
                continue
            text = self.scalar(vn, f"{where}.{key}")
            if text is None:
                ok = False
            else:
                values[key] = text

        def line_of(key: str) -> yaml.Node:
            return items[key][1] if key in items else knode

        field_name = values.get("field")
        if field_name is not None:
            if not _TOKEN.fullmatch(field_name):
                self.error(line_of("field"), f"{where}.field: {field_name!r} is not an HTTP token")
                ok = False
            else:
                lower = field_name.lower()
                if lower in fields_seen:
                    self.error(
                        line_of("field"),
                        f"{where}.field: duplicate field name {field_name!r}"
                        f" (first at line {fields_seen[lower]})",
                    )
                    ok = False
                else:
                    fields_seen[lower] = line_of("field").start_mark.line + 1

        kind = None
        kind_name = values.get("kind")
        if kind_name is not None:
            kind = KINDS.get(kind_name)
            if kind is None:
                known = ", ".join(KINDS)
                self.error(
                    line_of("kind"), f"{where}.kind: unknown kind {kind_name!r} (known: {known})"
                )
                ok = False

        doc = values.get("doc")
        if "doc" in items and (doc is None or not doc.strip()):
            self.error(line_of("doc"), f"{where}.doc: the docstring is empty")
            ok = False

        if "rfc" not in items and "standard" not in items:
            self.error(
                knode, f"{where}: missing 'rfc' (NUMBER#SECTION) or 'standard' (name and URL)"
            )
            ok = False
        rfc = None
        if "rfc" in values:
            m = _RFC.fullmatch(values["rfc"].strip())
            if m is None:
                self.error(line_of("rfc"), f"{where}.rfc: expected NUMBER#SECTION, e.g. 9110#8.6")
                ok = False
            else:
                rfc = RFCRef(int(m.group(1)), m.group(2))

        refs: dict[str, Ref | None] = {}
        for key in ("parse", "dump", "type"):
            text = values.get(key)
            if text is None:
                refs[key] = None
                continue
            if not _REF.fullmatch(text):
                self.error(
                    line_of(key), f"{where}.{key}: expected 'package.module:name', got {text!r}"
                )
                ok = False
                refs[key] = None
                continue
            ref = Ref.parse(text)
            problem = self.resolve(ref)
            if problem is not None:
                self.error(line_of(key), f"{where}.{key}: cannot import {ref}: {problem}")
                ok = False
            refs[key] = ref

        read_only = False
        if "read_only" in values:
            flag = values["read_only"].lower()
            if flag not in ("true", "false"):
                self.error(line_of("read_only"), f"{where}.read_only: expected true or false")
                ok = False
            read_only = flag == "true"

        versions: tuple[str, ...] = ()
        if "versions" in items:
            vnode = items["versions"][1]
            if not isinstance(vnode, yaml.SequenceNode):
                self.error(vnode, f"{where}.versions: expected a list of strings")
                ok = False
            else:
                texts = [self.scalar(v, f"{where}.versions") for v in vnode.value]
                versions = tuple(t for t in texts if t)

        if kind is not None:
            if kind.needs_type and refs["type"] is None and "type" not in items:
                self.error(knode, f"{where}: kind {kind.name!r} needs a 'type'")
                ok = False
            if kind.needs_parse and "parse" not in items:
                self.error(knode, f"{where}: kind {kind.name!r} needs a 'parse' function")
                ok = False
            if kind.name == "enum" and "default" not in values:
                self.error(knode, f"{where}: kind 'enum' needs a 'default' member name")
                ok = False
        default = values.get("default")
        if default is not None and not default.isidentifier():
            self.error(line_of("default"), f"{where}.default: expected an enum member name")
            ok = False
        accepts = values.get("accepts")

        if kind is not None:
            # The kind's default codecs must exist too (a custom spec may run against an older package).
            for key, default_ref in (("parse", kind.parse), ("dump", kind.dump)):
                if refs.get(key) is None and default_ref is not None:
                    ref = default_ref
                    problem = self.resolve(ref)
                    if problem is not None:
                        self.error(line_of("kind"), f"{where}.kind: default {key} {ref}: {problem}")
                        ok = False

        if not ok or kind is None or field_name is None or doc is None:
            return None
        return HeaderSpec(
            attr=attr,
            field=field_name,
            kind=kind,
            doc=doc.strip(),
            rfc=rfc,
            parse=refs["parse"] or kind.parse,
            dump=refs["dump"] or kind.dump,
            type=refs["type"],
            accepts=accepts,
            standard=values.get("standard"),
            default=default,
            read_only=read_only,
            versions=versions,
            line=knode.start_mark.line + 1,
        )

    def resolve(self, ref: Ref) -> str | None:
        """Check that `ref` names something importable, without running the module when we can.

        Modules are located on the path and their source read with `ast`, so that a spec can name functions in
        a package whose generated code is missing or stale (the loader runs before anything is generated).
        """
        if ref not in self._resolved:
            self._resolved[ref] = _resolve(ref, self.search_path)
        return self._resolved[ref]


def _resolve(ref: Ref, search_path: list[str] | None) -> str | None:
    path: list[str] | None = search_path if search_path is not None else sys.path
    spec = None
    parts = ref.module.split(".")
    for i in range(len(parts)):
        name = ".".join(parts[: i + 1])
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None:
            break
        path = list(spec.submodule_search_locations or [])
    origin = spec.origin if spec is not None else None
    if origin is None or not origin.endswith(".py"):
        # Built-in or compiled modules have no source to read: import them instead.
        try:
            module = importlib.import_module(ref.module)
        except ImportError as exc:
            return f"no module {ref.module!r} ({exc})"
        return None if hasattr(module, ref.name) else f"{ref.module!r} has no {ref.name!r}"
    try:
        tree = ast.parse(Path(origin).read_text(encoding="utf-8"))
    except (OSError, SyntaxError) as exc:
        return f"cannot read {origin}: {exc}"
    return None if ref.name in _top_level_names(tree) else f"{ref.module!r} has no {ref.name!r}"


def _top_level_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(stmt.name)
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    names.add(target.id)
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            names.add(stmt.target.id)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            for alias in stmt.names:
                names.add(alias.asname or alias.name.split(".")[0])
    return names
