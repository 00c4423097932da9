"""What a valid header spec is: frozen dataclasses, built only by the loader."""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .sf_spec import SFShape


@dataclass(frozen=True, order=True)
class Ref:
    """An importable name, written `package.module:name` in the spec."""

    module: str
    name: str

    @classmethod
    def parse(cls, text: str) -> Ref:
        module, _, name = text.partition(":")
        return cls(module, name)

    def __str__(self) -> str:
        return f"{self.module}:{self.name}"


#: The public module generated code imports its support from (see its docstring for the contract).
SUPPORT = "genresp.descriptors"

#: The generated module beside headers.py that holds the value classes of sf_list / sf_dictionary entries.
VALUES_MODULE = ".values"

#: Modules `import genresp` loads anyway: a descriptor module imports what it runs from them at the top, at
#: no cost. Every other module a descriptor runs code from (genresp's structured-field and modern-header
#: support, a project's own codecs and types, the generated value classes) is imported on first use through
#: `genresp.descriptors.LazyModule`, so importing the descriptors costs only their own classes.
#: tests/test_import_laziness.py holds this list to what `import genresp` really loads.
EAGER_MODULES = frozenset(
    {
        SUPPORT,
        "genresp.http",
        "genresp.datastructures.cache_control",
        "genresp.datastructures.content_range",
        "genresp.datastructures.csp",
        "genresp.datastructures.etags",
        "genresp.datastructures.header_set",
        "genresp.datastructures.headers",
        "genresp.datastructures.www_authenticate",
    }
)

# Names an annotation may use without the spec naming them: where each comes from.
_ANNOTATION_NAMES = {
    "Iterable": Ref("collections.abc", "Iterable"),
    "date": Ref("datetime", "date"),
    "datetime": Ref("datetime", "datetime"),
    "timedelta": Ref("datetime", "timedelta"),
    "HeaderSet": Ref(SUPPORT, "HeaderSet"),
}
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
#: Names an annotation uses without importing them.
BUILTIN_NAMES = frozenset(dir(builtins))


def accepts_names(accepts: str) -> list[str]:
    """The names of an `accepts` annotation that must be imported from the entry's type module: all
    but builtins, `{type}` and the names of _ANNOTATION_NAMES."""
    names = _IDENTIFIER.findall(accepts.replace("{type}", ""))
    return [n for n in names if n not in BUILTIN_NAMES and n not in _ANNOTATION_NAMES]


# Optional entry keys every kind accepts; a kind lists the others it takes in `Kind.keys`.
COMMON_KEYS = frozenset({"dump", "accepts", "read_only", "versions", "override"})


@dataclass(frozen=True)
class Kind:
    """How a family of headers maps to Python: value types, default codecs, and what the template needs.

    `getter` and `setter` are annotation templates in which `{type}` stands for the entry's own type (enum and
    structured kinds name their type per entry). `support` lists the names of the support module the kind's
    template uses; `keys` the optional entry keys besides COMMON_KEYS that apply to it.
    """

    name: str
    getter: str
    setter: str
    parse: Ref | None
    dump: Ref
    support: tuple[str, ...] = ()
    keys: frozenset[str] = frozenset()
    needs_type: bool = False
    needs_parse: bool = False
    needs_default: bool = False
    #: How the template calls the entry's parse function (None: the kind has none).
    parse_signature: str | None = None

    @property
    def parse_arity(self) -> int | None:
        if self.parse_signature is None:
            return None
        inner = self.parse_signature.partition("(")[2].rstrip(")")
        return len(inner.split(", "))


def _support(name: str) -> Ref:
    return Ref(SUPPORT, name)


_WRITE_BACK = ("structured_value",)

# The kinds the templates know. A kind is a template (codegen/templates/kinds/<name>.py.jinja) plus this row.
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("string", "str | None", "str | None", None, _support("dump_str")),
        Kind(
            "int",
            "int | None",
            "int | None",
            _support("load_int"),
            _support("dump_int"),
            keys=frozenset({"parse"}),
            parse_signature="parse(raw)",
        ),
        Kind(
            "bool",
            "bool",
            "bool | None",
            _support("load_bool"),
            _support("dump_bool"),
            keys=frozenset({"parse"}),
            parse_signature="parse(raw_or_None)",
        ),
        Kind(
            "date",
            "datetime | None",
            "datetime | date | int | float | str | None",
            Ref("genresp.http", "parse_date"),
            _support("dump_date"),
            keys=frozenset({"parse"}),
            parse_signature="parse(raw)",
        ),
        Kind(
            "timedelta",
            "timedelta | None",
            "timedelta | int | None",
            Ref("genresp.http", "parse_age"),
            _support("dump_age"),
            keys=frozenset({"parse"}),
            parse_signature="parse(raw)",
        ),
        Kind(
            "header_set",
            "HeaderSet",
            "HeaderSet | Iterable[str] | str | None",
            Ref("genresp.http", "parse_set_header"),
            _support("dump_set"),
            support=_WRITE_BACK,
            keys=frozenset({"parse"}),
            parse_signature="parse(raw_or_None, on_update)",
        ),
        Kind(
            "enum",
            "{type}",
            "{type} | str | None",
            _support("load_enum"),
            _support("dump_enum"),
            keys=frozenset({"parse", "type", "default"}),
            needs_type=True,
            needs_default=True,
            parse_signature="parse(EnumType, raw, default_member)",
        ),
        Kind(
            "structured",
            "{type}",
            "{type} | str | None",
            None,
            _support("dump_structured"),
            support=_WRITE_BACK,
            keys=frozenset({"parse", "type"}),
            needs_type=True,
            needs_parse=True,
            parse_signature="parse(raw_or_None, on_update)",
        ),
        # RFC 9651 Structured Fields: the shape (codegen/sf_spec.py) gives the types and value classes.
        Kind(
            "sf_item",
            "{type}",
            "{type}",
            None,
            Ref("genresp.sf_fields", "dump_sf_item"),
            keys=frozenset({"item"}),
        ),
        Kind(
            "sf_list",
            "{type}",
            "{type}",
            None,
            Ref("genresp.sf_fields", "dump_sf_value"),
            keys=frozenset({"item", "params", "value_class"}),
        ),
        Kind(
            "sf_dictionary",
            "{type}",
            "{type}",
            None,
            Ref("genresp.sf_fields", "dump_sf_value"),
            keys=frozenset({"members", "values", "value_class"}),
        ),
    )
}

#: What every generated descriptor module uses, whatever its kinds.
BASE_SUPPORT = ("Any", "HasHeaders", "Headers", "overload", "require_layout")


@dataclass(frozen=True)
class RFCRef:
    """Where a header is defined: an RFC number and section."""

    number: int
    section: str

    @property
    def url(self) -> str:
        return f"https://www.rfc-editor.org/rfc/rfc{self.number}#section-{self.section}"

    def __str__(self) -> str:
        return f"RFC {self.number}, section {self.section}"


@dataclass(frozen=True)
class HeaderSpec:
    """One typed header attribute of the response."""

    attr: str
    field: str
    kind: Kind
    doc: str
    rfc: RFCRef | None
    parse: Ref | None
    dump: Ref
    type: Ref | None = None
    accepts: str | None = None
    standard: str | None = None
    default: str | None = None
    read_only: bool = False
    versions: tuple[str, ...] = ()
    line: int = 0
    sf: SFShape | None = None

    @property
    def key(self) -> str:
        """The lower-cased field name: the key the descriptors use in `Headers`."""
        return self.field.lower()

    @property
    def class_name(self) -> str:
        return "".join(part.capitalize() for part in self.attr.split("_")) + "Header"

    @property
    def getter_type(self) -> str:
        if self.sf is not None:
            return self.sf.getter
        return self.kind.getter.format(type=self.type.name if self.type else "")

    @property
    def setter_type(self) -> str:
        if self.sf is not None:
            return self.accepts or self.sf.setter
        template = self.accepts or self.kind.setter
        return template.format(type=self.type.name if self.type else "")

    def runtime_refs(self) -> set[Ref]:
        """The names this entry's descriptor runs: its kind's support, its codecs, an enum's type, the
        value class of an sf_* entry. (Its other names only appear in annotations.)"""
        refs = {_support(name) for name in self.kind.support}
        refs.update(ref for ref in (self.parse, self.dump) if ref is not None)
        if self.kind.name == "enum" and self.type is not None:
            refs.add(self.type)
        if self.sf is not None:
            refs |= self.sf.runtime_refs()
        return refs

    def get_imports(self) -> set[Ref]:
        """Every name this entry's descriptor uses: what it runs, its type and its annotation names."""
        refs = self.runtime_refs()
        if self.type is not None:
            refs.add(self.type)
        if self.sf is not None:
            refs |= self.sf.annotation_refs()
        for annotation in (self.getter_type, self.setter_type):
            for name in _IDENTIFIER.findall(annotation):
                if name in _ANNOTATION_NAMES:
                    refs.add(_ANNOTATION_NAMES[name])
        if self.accepts is not None and self.type is not None:
            # Other classes an `accepts` names live beside the entry's type (spec/README.md).
            refs.update(Ref(self.type.module, name) for name in accepts_names(self.accepts))
        return refs


#: The mixin the descriptors are composed into, unless the spec names another (`class:` at the top).
DEFAULT_CLASS_NAME = "GeneratedResponseHeaders"
#: The class whose members a spec's attributes must not shadow, unless it names another (`base:`).
DEFAULT_BASE = Ref("genresp", "Response")


@dataclass(frozen=True)
class Spec:
    """A whole loaded spec: the source it came from, its hash, its headers (in spec order), the name of
    the mixin class that composes them and the class it is meant to sit beside."""

    source: str
    sha256: str
    headers: tuple[HeaderSpec, ...] = field(default_factory=tuple)
    class_name: str = DEFAULT_CLASS_NAME
    base: Ref = DEFAULT_BASE

    @property
    def value_classes(self) -> list[str]:
        """The value classes generated for sf_* entries (exported by the generated module)."""
        names: list[str] = []
        for h in self.headers:
            if h.sf is not None and h.sf.class_name:
                if h.sf.kind == "sf_list":
                    names.append(h.sf.entry_class)
                names.append(h.sf.class_name)
        return names

    def get_imports(self) -> Imports:
        """The imports of the descriptor module (headers.py), grouped as the template prints them."""
        support = {_support(name) for name in BASE_SUPPORT}
        runtime = set(support)
        refs = set(support)
        for h in self.headers:
            runtime |= h.runtime_refs()
            refs |= h.get_imports()
        lazy = sorted(
            {ref.module for ref in runtime if ref.module not in EAGER_MODULES},
            key=lambda module: _module_order((module, None)),
        )
        if lazy:
            runtime.add(_support("LazyModule"))
        if lazy or refs - runtime:
            runtime.add(_support("TYPE_CHECKING"))
        aliases = _aliases(lazy)
        eager = {ref for ref in runtime if ref.module in EAGER_MODULES}
        return Imports(
            eager=_by_module(eager),
            typing=_by_module(refs - eager),
            lazy=[(module, aliases[module]) for module in lazy],
            code={
                ref: ref.name if ref in eager else f"{aliases[ref.module]}.{ref.name}"
                for ref in runtime
            },
        )

    def get_value_imports(self) -> list[tuple[str, list[str]]]:
        """(module, sorted names) for every import of the value classes module (values.py)."""
        refs: set[Ref] = set()
        for h in self.headers:
            if h.sf is not None and h.sf.class_name:
                refs |= h.sf.imports()
        return _by_module(refs)


@dataclass(frozen=True)
class Imports:
    """What a descriptor module imports: `eager` at the top, `typing` only for the type checker (names
    that appear in annotations, and those of lazily imported modules), `lazy` as (module, alias) imported
    on first use; `code` is how the module's code spells each name it runs."""

    eager: list[tuple[str, list[str]]]
    typing: list[tuple[str, list[str]]]
    lazy: list[tuple[str, str]]
    code: dict[Ref, str]

    def alias(self, module: str) -> str:
        """The name a lazily imported module goes by."""
        return dict(self.lazy)[module]


def _by_module(refs: set[Ref]) -> list[tuple[str, list[str]]]:
    """(module, sorted names) for an import block, sorted for determinism."""
    by_module: dict[str, set[str]] = {}
    for ref in refs:
        by_module.setdefault(ref.module, set()).add(ref.name)
    return [
        (module, sorted(names, key=_import_order))
        for module, names in sorted(by_module.items(), key=_module_order)
    ]


def _module_order(item: tuple[str, object]) -> tuple[bool, str]:
    # Absolute imports first, then the generated package's own modules (isort's order).
    return (item[0].startswith("."), item[0])


def _aliases(modules: list[str]) -> dict[str, str]:
    """The name a lazily imported module goes by: `_` and its last component, or its whole dotted
    path when two modules share the last component (`_` appended until it is unique)."""
    last = [module.rpartition(".")[2] for module in modules]
    aliases: dict[str, str] = {}
    for module, tail in zip(modules, last, strict=True):
        name = tail if last.count(tail) == 1 else module.strip(".").replace(".", "_")
        alias = "_" + name.lstrip("_")  # never two underscores: class bodies would mangle it
        while alias in aliases.values():
            alias += "_"
        aliases[module] = alias
    return aliases


def _import_order(name: str) -> tuple[int, str]:
    # isort's order inside one import: CONSTANTS, then Classes, then functions.
    if name.isupper():
        return (0, name)
    return (1 if name[0].isupper() else 2, name)
