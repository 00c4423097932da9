"""Load a header spec into the model, collecting every error (with file:line) before failing once.

Each entry key has one small check (`_KEY_CHECKS`); what involves several keys (required keys, keys that do not
apply to the kind, a name that shadows a member of the response class) is checked once the keys are read.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.machinery
import keyword
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import sf_spec
from .model import (
    _ANNOTATION_NAMES,
    COMMON_KEYS,
    DEFAULT_BASE,
    DEFAULT_CLASS_NAME,
    KINDS,
    HeaderSpec,
    Kind,
    Ref,
    RFCRef,
    Spec,
    accepts_names,
)

# RFC 9110 5.1: a field name is a token.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_REF = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*")
_RFC = re.compile(r"(\d+)#([\w.-]+)")
_ATTR = re.compile(r"[a-z][a-z0-9_]*")
_TOP_KEYS = ("headers", "class", "base")
# Longer names would not fit the generated code's 100 columns (real field names stay under 45).
MAX_NAME = 64
# Every entry names where its header is defined: an RFC section, or (for non-IETF headers) a standard.
_REQUIRED = ("field", "kind", "doc")


@dataclass(frozen=True)
class SpecError:
    """One problem in the spec, at a line of its file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        if self.line == 0:  # about the file as a whole (it cannot be read)
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class SpecErrors(Exception):
    """Every problem found in a spec; raised once, after the whole file was checked."""

    def __init__(self, errors: Sequence[SpecError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def load_spec(
    path: str | Path,
    search_path: Sequence[str] | None = None,
    members: Callable[[Ref, str], dict[str, str | None]] | None = None,
    display: str | None = None,
) -> Spec:
    """Read and validate a spec file; raise SpecErrors listing every problem.

    `members(base, class_name)` gives the attribute names an entry must not shadow, with the field each
    handles (default: the members of the spec's `base` class that the mixin `class_name` does not provide).
    """
    path = Path(path)
    display = display or path.as_posix()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise SpecErrors([SpecError(display, 0, f"cannot read the spec: {reason}")]) from None
    return _Loader(display, raw, search_path, members or base_members).load()


@dataclass
class _Entry:
    """One entry while it is checked: its YAML nodes, and each key's value once that key passed."""

    attr: str
    knode: yaml.Node
    items: dict[str, tuple[yaml.Node, yaml.Node]]
    values: dict[str, Any] = field(default_factory=dict)
    ok: bool = True

    @property
    def where(self) -> str:
        return f"headers.{self.attr}"

    def node(self, key: str) -> yaml.Node:
        """The value node of `key`, or the entry's own name when the key is absent (for error lines)."""
        return self.items[key][1] if key in self.items else self.knode


class _Loader:
    def __init__(
        self,
        display: str,
        raw: bytes,
        search_path: Sequence[str] | None,
        members: Callable[[Ref, str], dict[str, str | None]],
    ) -> None:
        self.display = display
        self.raw = raw
        self.search_path = list(search_path) if search_path is not None else None
        self.members = members
        self.errors: list[SpecError] = []
        self._resolved: dict[Ref, str | None] = {}
        self.fields_seen: dict[str, int] = {}
        self._overrides: set[str] = set()

    def error(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.errors.append(SpecError(self.display, line, message))

    # -- the file ------------------------------------------------------------------------------

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
        base = DEFAULT_BASE
        if not isinstance(root, yaml.MappingNode):
            self.error(root, "the spec must be a mapping with a 'headers' key")
        else:
            top = self.mapping(root, "spec")
            for key in top:
                if key not in _TOP_KEYS:
                    expected = ", ".join(repr(k) for k in _TOP_KEYS)
                    self.error(top[key][0], f"unknown top-level key {key!r} (expected {expected})")
            if "class" in top:
                class_name = self.class_name(top["class"][1]) or class_name
            if "base" in top:
                base = self.ref(top["base"][1], "base") or base
            if "headers" not in top:
                self.error(root, "missing top-level key 'headers'")
            elif not isinstance(top["headers"][1], yaml.MappingNode):
                self.error(top["headers"][1], "'headers' must map attribute names to entries")
            else:
                headers = self.entries(top["headers"][1])
                self.check_clashes(headers, base, class_name)
        if self.errors:
            raise SpecErrors(sorted(self.errors, key=lambda e: e.line))
        return Spec(
            source=self.display,
            sha256=hashlib.sha256(self.raw).hexdigest(),
            headers=tuple(headers),
            class_name=class_name,
            base=base,
        )

    def class_name(self, node: yaml.Node) -> str | None:
        text = self.scalar(node, "class")
        if text is not None and not (text.isidentifier() and text[0].isupper()):
            self.error(node, f"class: {text!r} is not a class name")
            return None
        return text

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

    def scalar(self, node: yaml.Node, where: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or not isinstance(node.value, str):
            self.error(node, f"{where}: expected a scalar")
            return None
        return node.value

    def ref(self, node: yaml.Node, where: str) -> Ref | None:
        """A `package.module:name` that can be imported, or None after reporting why not."""
        text = self.scalar(node, where)
        if text is None:
            return None
        if not _REF.fullmatch(text):
            self.error(node, f"{where}: expected 'package.module:name', got {text!r}")
            return None
        ref = Ref.parse(text)
        problem = self.resolve(ref)
        if problem is not None:
            self.error(node, f"{where}: cannot import {ref}: {problem}")
            return None
        return ref

    # -- entries -------------------------------------------------------------------------------

    def entries(self, node: yaml.MappingNode) -> list[HeaderSpec]:
        out: list[HeaderSpec] = []
        for attr, (knode, vnode) in self.mapping(node, "headers").items():
            if not _ATTR.fullmatch(attr) or keyword.iskeyword(attr):
                self.error(
                    knode, f"headers.{attr}: attribute name must be a lower-case Python identifier"
                )
            elif len(attr) > MAX_NAME:
                self.error(
                    knode, f"headers.{attr}: attribute name longer than {MAX_NAME} characters"
                )
            if not isinstance(vnode, yaml.MappingNode):
                self.error(vnode, f"headers.{attr}: entry must be a mapping")
                continue
            entry = _Entry(attr, knode, self.mapping(vnode, f"headers.{attr}"))
            spec = self.entry(entry)
            if spec is not None:
                out.append(spec)
        return out

    def entry(self, e: _Entry) -> HeaderSpec | None:
        for key, (knode, vnode) in e.items.items():
            check = _KEY_CHECKS.get(key)
            if check is None:
                known = ", ".join(sorted(_KEY_CHECKS))
                self.fail(e, knode, f"unknown key {key!r} (known: {known})")
                continue
            check(self, e, vnode)
        for key in _REQUIRED:
            if key not in e.items:
                self.fail(e, e.knode, f"missing required key {key!r}")
        if "rfc" not in e.items and "standard" not in e.items:
            self.fail(e, e.knode, "missing 'rfc' (NUMBER#SECTION) or 'standard' (name and URL)")
        kind: Kind | None = e.values.get("kind")
        if kind is not None:
            self.check_kind_keys(e, kind)
            sf_spec.check_shape(self, e, kind.name)
        if "accepts" in e.values:
            self.check_accepts(e)
        if e.values.get("override"):
            self._overrides.add(e.attr)
        if not e.ok or kind is None:
            return None
        return HeaderSpec(
            attr=e.attr,
            field=e.values["field"],
            kind=kind,
            doc=e.values["doc"],
            rfc=e.values.get("rfc"),
            parse=e.values.get("parse", kind.parse),
            dump=e.values.get("dump", kind.dump),
            type=e.values.get("type"),
            accepts=e.values.get("accepts"),
            standard=e.values.get("standard"),
            default=e.values.get("default"),
            read_only=e.values.get("read_only", False),
            versions=e.values.get("versions", ()),
            line=e.knode.start_mark.line + 1,
            sf=e.values.get("sf"),
        )

    def check_accepts(self, e: _Entry) -> None:
        """The classes an `accepts` annotation names must be defined in the module of the entry's type."""
        node = e.items["accepts"][1]
        names = accepts_names(e.values["accepts"])
        if not names:
            return
        type_ref: Ref | None = e.values.get("type")
        if type_ref is None:
            self.fail(
                e,
                node,
                f"names {', '.join(names)}: without a 'type' an annotation may use only builtins and "
                + ", ".join(sorted(_ANNOTATION_NAMES)),
                "accepts",
            )
            return
        for name in names:
            problem = self.resolve(Ref(type_ref.module, name))
            if problem is not None:
                self.fail(e, node, f"{name!r} is not in the module of 'type': {problem}", "accepts")

    def fail(self, e: _Entry, node: yaml.Node, message: str, key: str | None = None) -> None:
        e.ok = False
        self.error(node, f"{e.where}.{key}: {message}" if key else f"{e.where}: {message}")

    def check_kind_keys(self, e: _Entry, kind: Kind) -> None:
        """Keys the kind does not use are errors; keys it cannot do without are required."""
        allowed = COMMON_KEYS | kind.keys | {"field", "kind", "doc", "rfc", "standard"}
        for key, (knode, _) in e.items.items():
            if key in _KEY_CHECKS and key not in allowed:
                self.fail(e, knode, f"{key!r} does not apply to kind {kind.name!r}")
        if kind.needs_type and "type" not in e.items:
            self.fail(e, e.knode, f"kind {kind.name!r} needs a 'type'")
        if kind.needs_parse and "parse" not in e.items:
            self.fail(e, e.knode, f"kind {kind.name!r} needs a 'parse' function")
        if kind.needs_default and "default" not in e.items:
            self.fail(e, e.knode, f"kind {kind.name!r} needs a 'default' member name")
        parse = e.values.get("parse")
        if parse is not None and kind.parse_arity is not None:
            arity = _positional_arity(parse, self.search_path)
            least, most = arity if arity is not None else (0, None)
            n = kind.parse_arity
            if not (least <= n and (most is None or n <= most)):
                self.fail(
                    e,
                    e.node("parse"),
                    f"{parse} cannot be called with {n} positional argument(s)"
                    f" ({kind.name} calls {kind.parse_signature})",
                    "parse",
                )
        # The kind's default codecs must exist too (a custom spec may run against an older package).
        defaults: tuple[tuple[str, Ref | None], ...] = (("parse", kind.parse), ("dump", kind.dump))
        for key, default_ref in defaults:
            if key not in e.items and default_ref is not None:
                problem = self.resolve(default_ref)
                if problem is not None:
                    self.fail(e, e.node("kind"), f"default {key} {default_ref}: {problem}", "kind")

    def check_clashes(self, headers: list[HeaderSpec], base: Ref, class_name: str) -> None:
        """An attribute that is already a member of the base class would be silently shadowed (or shadow)."""
        wanted = [h for h in headers if h.attr not in self._overrides]
        if not wanted:
            return
        try:
            taken = self.members(base, class_name)
        except Exception as exc:
            # A stale generated module may refuse to load (see genresp.descriptors.require_layout): the
            # regeneration that fixes it must still run, so this is a warning, not an error.
            print(
                f"{self.display}: warning: cannot import {base} to check for clashes ({exc})",
                file=sys.stderr,
            )
            return
        owners = {field: name for name, field in taken.items() if field is not None}
        for h in wanted:
            if h.attr in taken:
                problem = f"{h.attr!r} is already a member of {base.name}"
            elif h.key in owners:
                # Two descriptors of one field would disagree (one may hold a value not rendered yet).
                problem = f"{h.field} is already the field of {base.name}.{owners[h.key]}"
            else:
                continue
            self.errors.append(
                SpecError(
                    self.display,
                    h.line,
                    f"headers.{h.attr}: {problem} (rename it, or add 'override: true' if it replaces"
                    " that member on purpose)",
                )
            )

    def resolve(self, ref: Ref) -> str | None:
        """Check that `ref` names something importable, without running the module when we can.

        Modules are located on the path and their source read with `ast`, so that a spec can name functions in
        a package whose generated code is missing or stale (the loader runs before anything is generated).
        """
        if ref not in self._resolved:
            self._resolved[ref] = _resolve(ref, self.search_path)
        return self._resolved[ref]


# -- one check per entry key -------------------------------------------------------------------
# Each reads its value node, reports what is wrong with it, and records the value in `e.values`.


def _text(loader: _Loader, e: _Entry, node: yaml.Node, key: str) -> str | None:
    text = loader.scalar(node, f"{e.where}.{key}")
    if text is None:
        e.ok = False
    return text


def _check_field(loader: _Loader, e: _Entry, node: yaml.Node) -> None:
    text = _text(loader, e, node, "field")
    if text is None:
        return
    if not _TOKEN.fullmatch(text):
        loader.fail(e, node, f"{text!r} is not an HTTP token", "field")
        return
    if len(text) > MAX_NAME:
        loader.fail(e, node, f"{text!r} is longer than {MAX_NAME} characters", "field")
        return
    first = loader.fields_seen.setdefault(text.lower(), node.start_mark.line + 1)
    if first != node.start_mark.line + 1:
        loader.fail(e, node, f"duplicate field name {text!r} (first at line {first})", "field")
        return
    e.values["field"] = text


def _check_kind(loader: _Loader, e: _Entry, node: yaml.Node) -> None:
    text = _text(loader, e, node, "kind")
    if text is None:
        return
    if text not in KINDS:
        loader.fail(e, node, f"unknown kind {text!r} (known: {', '.join(KINDS)})", "kind")
        return
    e.values["kind"] = KINDS[text]


def _check_doc(loader: _Loader, e: _Entry, node: yaml.Node) -> None:
    text = _text(loader, e, node, "doc")
    if text is None:
        return
    if not text.strip():
        loader.fail(e, node, "the docstring is empty", "doc")
        return
    e.values["doc"] = text.strip()


def _check_rfc(loader: _Loader, e: _Entry, node: yaml.Node) -> None:
    text = _text(loader, e, node, "rfc")
    if text is None:
        return
    m = _RFC.fullmatch(text.strip())
    if m is None:
        loader.fail(e, node, "expected NUMBER#SECTION, e.g. 9110#8.6", "rfc")
        return
    e.values["rfc"] = RFCRef(int(m.group(1)), m.group(2))


def _check_ref(key: str) -> Callable[[_Loader, _Entry, yaml.Node], None]:
    def check(loader: _Loader, e: _Entry, node: yaml.Node) -> None:
        ref = loader.ref(node, f"{e.where}.{key}")
        if ref is None:
            e.ok = False
        else:
            e.values[key] = ref

    return check


def _check_string(key: str) -> Callable[[_Loader, _Entry, yaml.Node], None]:
    def check(loader: _Loader, e: _Entry, node: yaml.Node) -> None:
        text = _text(loader, e, node, key)
        if text is not None:
            e.values[key] = text

    return check


def _check_flag(key: str) -> Callable[[_Loader, _Entry, yaml.Node], None]:
    def check(loader: _Loader, e: _Entry, node: yaml.Node) -> None:
        text = _text(loader, e, node, key)
        if text is None:
            return
        if text.lower() not in ("true", "false"):
            loader.fail(e, node, "expected true or false", key)
            return
        e.values[key] = text.lower() == "true"

    return check


def _check_default(loader: _Loader, e: _Entry, node: yaml.Node) -> None:
    text = _text(loader, e, node, "default")
    if text is None:
        return
    if not text.isidentifier():
        loader.fail(e, node, "expected an enum member name", "default")
        return
    e.values["default"] = text


def _check_versions(loader: _Loader, e: _Entry, node: yaml.Node) -> None:
    if not isinstance(node, yaml.SequenceNode):
        loader.fail(e, node, "expected a list of strings", "versions")
        return
    texts = [loader.scalar(v, f"{e.where}.versions") for v in node.value]
    if None in texts:
        e.ok = False
    e.values["versions"] = tuple(t for t in texts if t)


_KEY_CHECKS: dict[str, Callable[[_Loader, _Entry, yaml.Node], None]] = {
    "field": _check_field,
    "kind": _check_kind,
    "doc": _check_doc,
    "rfc": _check_rfc,
    "standard": _check_string("standard"),
    "parse": _check_ref("parse"),
    "dump": _check_ref("dump"),
    "type": _check_ref("type"),
    "accepts": _check_string("accepts"),
    "default": _check_default,
    "read_only": _check_flag("read_only"),
    "override": _check_flag("override"),
    "versions": _check_versions,
    **sf_spec.KEY_CHECKS,
}


# -- names the attributes must not take --------------------------------------------------------


def base_members(base: Ref, class_name: str) -> dict[str, str | None]:
    """The members of `base` (but those it gets from a mixin called `class_name`), each with the
    lower-cased field name it handles if it is a generated header attribute, else None.

    The exception lets the project's own spec regenerate the mixin `genresp.Response` is built from. If
    `base` cannot be imported (a generated module from an older layout refuses to load), ImportError.
    """
    module = importlib.import_module(base.module)
    cls = getattr(module, base.name)
    if not isinstance(cls, type):
        raise TypeError(f"{base} is not a class")
    members: dict[str, str | None] = {}
    for klass in reversed(cls.__mro__):
        if klass.__name__ == class_name or klass is object:
            continue
        for name, value in vars(klass).items():
            if not name.startswith("__"):
                field = getattr(type(value), "field", None)
                members[name] = field.lower() if isinstance(field, str) else None
    return members


def layout_version(search_path: Sequence[str] | None = None) -> int:
    """The Headers layout version of the genresp that generated code will run on, read without importing
    it (its generated module may be stale and refuse to load)."""
    ref = Ref("genresp.datastructures.headers", "LAYOUT_VERSION")
    origin = _origin(ref.module, list(search_path) if search_path is not None else None)
    if origin is None:
        raise RuntimeError(f"cannot find {ref.module}")
    tree = ast.parse(Path(origin).read_text(encoding="utf-8"))
    for stmt in tree.body:
        if (
            isinstance(stmt, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == ref.name for t in stmt.targets)
            and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, int)
        ):
            return stmt.value.value
    raise RuntimeError(f"{origin} defines no {ref.name} = <int>")


# -- import checks without importing -----------------------------------------------------------


def _origin(module: str, search_path: list[str] | None) -> str | None:
    """The file a module would be imported from, found without running any package's code."""
    path: list[str] | None = search_path if search_path is not None else sys.path
    spec = None
    parts = module.split(".")
    for i in range(len(parts)):
        name = ".".join(parts[: i + 1])
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None:
            return None
        path = list(spec.submodule_search_locations or [])
    return spec.origin if spec is not None else None


def _resolve(ref: Ref, search_path: list[str] | None) -> str | None:
    origin = _origin(ref.module, search_path)
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


def _positional_arity(ref: Ref, search_path: list[str] | None) -> tuple[int, int | None] | None:
    """How many positional arguments the function `ref` takes (least, most; None: any number), read from
    its source; None when it is not a plain function defined there (a class, an import, compiled code).
    """
    origin = _origin(ref.module, search_path)
    if origin is None or not origin.endswith(".py"):
        return None
    try:
        tree = ast.parse(Path(origin).read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return None
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == ref.name:
            args = stmt.args
            positional = len(args.posonlyargs) + len(args.args)
            required_keywords = any(d is None for d in args.kw_defaults)
            if required_keywords:
                return (positional + 1, 0)  # callable with positional arguments only: never
            return (positional - len(args.defaults), None if args.vararg else positional)
    return None


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
