"""What a valid header spec is: frozen dataclasses, built only by the loader."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Kind:
    """How a family of headers maps to Python: value types and default codecs.

    `getter` and `setter` are annotation templates in which `{type}` stands for the entry's own type (enum and
    structured kinds name their type per entry).
    """

    name: str
    getter: str
    setter: str
    parse: Ref | None
    dump: Ref | None
    needs_type: bool = False
    needs_parse: bool = False
    needs_dump: bool = False


_FIELDS = "genresp._fields"

# The kinds the templates know. A kind is a template (codegen/templates/kinds/<name>.py.jinja) plus this row.
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("string", "str | None", "str | None", None, Ref(_FIELDS, "dump_str")),
        Kind("int", "int | None", "int | None", Ref(_FIELDS, "load_int"), Ref(_FIELDS, "dump_int")),
        Kind("bool", "bool", "bool | None", Ref(_FIELDS, "load_bool"), Ref(_FIELDS, "dump_bool")),
        Kind(
            "date",
            "datetime | None",
            "datetime | date | int | float | str | None",
            Ref("genresp.http", "parse_date"),
            Ref(_FIELDS, "dump_date"),
        ),
        Kind(
            "timedelta",
            "timedelta | None",
            "timedelta | int | None",
            Ref("genresp.http", "parse_age"),
            Ref(_FIELDS, "dump_age"),
        ),
        Kind(
            "header_set",
            "HeaderSet",
            "HeaderSet | Iterable[str] | str | None",
            Ref("genresp.http", "parse_set_header"),
            Ref(_FIELDS, "dump_set"),
        ),
        Kind(
            "enum",
            "{type}",
            "{type} | str | None",
            Ref(_FIELDS, "load_enum"),
            Ref(_FIELDS, "dump_enum"),
            needs_type=True,
        ),
        Kind(
            "structured",
            "{type}",
            "{type} | str | None",
            None,
            Ref(_FIELDS, "dump_structured"),
            needs_type=True,
            needs_parse=True,
        ),
    )
}


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
    dump: Ref | None
    type: Ref | None = None
    accepts: str | None = None
    standard: str | None = None
    default: str | None = None
    read_only: bool = False
    versions: tuple[str, ...] = ()
    line: int = 0

    @property
    def key(self) -> str:
        """The lower-cased field name: the key the descriptors use in `Headers`."""
        return self.field.lower()

    @property
    def class_name(self) -> str:
        return "".join(part.capitalize() for part in self.attr.split("_")) + "Header"

    @property
    def getter_type(self) -> str:
        return self.kind.getter.format(type=self.type.name if self.type else "")

    @property
    def setter_type(self) -> str:
        template = self.accepts or self.kind.setter
        return template.format(type=self.type.name if self.type else "")


#: The mixin the descriptors are composed into, unless the spec names another (`class:` at the top).
DEFAULT_CLASS_NAME = "GeneratedResponseHeaders"


@dataclass(frozen=True)
class Spec:
    """A whole loaded spec: the source it came from, its hash, its headers (in spec order) and the
    name of the mixin class that composes them."""

    source: str
    sha256: str
    headers: tuple[HeaderSpec, ...] = field(default_factory=tuple)
    class_name: str = DEFAULT_CLASS_NAME

    def refs(self) -> list[Ref]:
        """Every importable name the generated code needs, sorted for determinism."""
        seen = set()
        for h in self.headers:
            for ref in (h.parse, h.dump, h.type):
                if ref is not None:
                    seen.add(ref)
        return sorted(seen, key=lambda r: (r.module, r.name))
