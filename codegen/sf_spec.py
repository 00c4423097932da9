"""The structured-field kinds of the spec (sf_item, sf_list, sf_dictionary): their shape model and the
checks of their entry keys (`item`, `params`, `members`, `values`, `value_class`).

A shape says what the generator emits besides the descriptor: for a Dictionary with `members`, a class with
one typed attribute per member; for a Dictionary with `values`, a mapping of one value type; for a List, a
class of entries with a typed `value` and one attribute per declared parameter. Runtime support is in
`genresp.sf_fields`.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from .model import VALUES_MODULE, HeaderSpec, Ref

if TYPE_CHECKING:
    from .loader import _Entry, _Loader

SUPPORT = "genresp.sf_fields"
_KEY = re.compile(r"[a-z*][a-z0-9_\-.*]*")
_ATTR = re.compile(r"[a-z][a-z0-9_]*")
_CLASS = re.compile(r"[A-Z][A-Za-z0-9]*")

#: Spec type -> (Python type read, Python type accepted on write, names to import for them).
TYPES: dict[str, tuple[str, str, tuple[Ref, ...]]] = {
    "integer": ("int", "int", ()),
    "decimal": ("Decimal", "Decimal | float | int", (Ref("decimal", "Decimal"),)),
    "string": ("str", "str", ()),
    "token": ("str", "str", ()),
    "token_or_string": ("str", "str", ()),
    "byte_sequence": ("bytes", "bytes", ()),
    "boolean": ("bool", "bool", ()),
    "date": (
        "datetime",
        "datetime | date | int",
        (Ref("datetime", "datetime"), Ref("datetime", "date")),
    ),
    "display_string": ("str", "str", ()),
    "string_list": ("tuple[str, ...]", "Iterable[str]", (Ref("collections.abc", "Iterable"),)),
    "token_list": ("tuple[str, ...]", "Iterable[str]", (Ref("collections.abc", "Iterable"),)),
    "bare": (
        "BareItem",
        "BareItemLike",
        (Ref("genresp.sf", "BareItem"), Ref("genresp.sf", "BareItemLike")),
    ),
    "member": (
        "Member",
        "MemberLike",
        (Ref("genresp.sf", "Member"), Ref("genresp.sf", "MemberLike")),
    ),
}
#: How to print a checked value of a type in a template (an expression of `{v}`); others use text_of.
_TEXT = {
    "integer": "str({v})",
    "token": "{v}",
    "string": "text_string({v})",
    # (texts already printed are looked up inline: cache and proxy names repeat)
    "token_or_string": "(token_or_string_texts.get({v}) or text_token_or_string({v}))",
    "byte_sequence": "text_bytes({v})",
    "date": "text_date({v})",
    "decimal": "text_decimal({v})",
    "display_string": "text_display({v})",
}
_TEXT_FUNCS = {
    "token_or_string_texts",
    "text_string",
    "text_token_or_string",
    "text_bytes",
    "text_date",
    "text_decimal",
    "text_display",
}

_MAX_INTEGER = 999_999_999_999_999
#: Member types whose texts a Dictionary may remember by value (see SFShape.cached_text).
_CACHED_TYPES = frozenset({"integer", "boolean", "token", "string", "token_or_string"})


def _bound(value: int | None, default: str) -> str:
    if value is None or abs(value) == _MAX_INTEGER:
        return default if value is None else ("MAX_INTEGER" if value > 0 else "MIN_INTEGER")
    return repr(value)


#: The names the conditions of `accepts` use besides the value's.
_CONDITION_NAMES = frozenset({"type", "int", "str", "MIN_INTEGER", "MAX_INTEGER"})


def accepts(type_name: str, v: str, low: int | None = None, high: int | None = None) -> str | None:
    """The usual values of a type that `genresp.sf_fields.check_member` keeps unchanged, as a
    condition on `v` (the same fast paths as check_member's); None for the other types."""
    if type_name == "integer":
        return f"type({v}) is int and {_bound(low, 'MIN_INTEGER')} <= {v} <= {_bound(high, 'MAX_INTEGER')}"
    if type_name == "boolean":
        return f"{v} is True or {v} is False"
    if type_name in ("string", "token_or_string"):
        return f"type({v}) is str and {v}.isascii() and {v}.isprintable()"
    return None


#: Names the generated classes already use: a member or parameter attribute must not take them.
RESERVED = frozenset(
    {
        "extra",
        "set_extra",
        "to_header",
        "to_text",
        "on_update",
        "field",
        "from_header",
        "from_member",
        "from_python",
        "check_text",
        "ignored",
        "values",
        "value",
        "entry_type",
        "value_type",
    }
)


@dataclass(frozen=True)
class SFMember:
    """A declared Dictionary member or List-entry parameter, shown as a typed attribute."""

    attr: str
    key: str
    type: str
    low: int | None = None
    high: int | None = None
    default: Any = None

    @property
    def slot(self) -> str:
        return "_" + self.attr

    @property
    def getter(self) -> str:
        read = TYPES[self.type][0]
        return read if self.default is not None else f"{read} | None"

    @property
    def setter(self) -> str:
        return f"{TYPES[self.type][1]} | None"

    @property
    def stored(self) -> str:
        return f"{TYPES[self.type][0]} | None"

    @property
    def field_row(self) -> list[str]:
        """The items of this member's row of the class's `_fields` table."""
        return [
            f'"{self.key}"',
            f'"{self.slot}"',
            f'"{self.type}"',
            repr(self.low),
            repr(self.high),
        ]

    @property
    def init_arg(self) -> str:
        return f"{self.attr}: {self.setter} = None"

    def set_args(self, value: str) -> list[str]:
        """The arguments of the `_set` call that checks and stores `value` in this member."""
        args = [f'"{self.slot}"', f'"{self.key}"', f'"{self.type}"', value]
        if self.low is not None or self.high is not None:
            args += [repr(self.low), repr(self.high)]
        return args

    def accepts(self, v: str) -> str | None:
        """A condition true when `v` is a value of this member that check_member would return as it
        is (the constructors then store it without the call), or None when every value goes
        through check_member (see also SFShape.inline_checks)."""
        return accepts(self.type, v, self.low, self.high)

    def text(self, v: str) -> str:
        """An expression for the text of the value `v` (already checked)."""
        pattern = _TEXT.get(self.type)
        return pattern.format(v=v) if pattern else f"text_of({self.type!r}, {v})".replace("'", '"')


@dataclass(frozen=True)
class SFShape:
    """What an sf_* entry declares: `item` type (item, list), `members` (dictionary members or list
    parameters), `values` (a dictionary of one type) and the generated value class."""

    kind: str
    item: str | None = None
    members: tuple[SFMember, ...] = ()
    values: str | None = None
    class_name: str | None = None

    @property
    def entry_class(self) -> str:
        return f"{self.class_name}Entry"

    @property
    def item_getter(self) -> str:
        return TYPES[self.item or "bare"][0]

    @property
    def item_setter(self) -> str:
        return TYPES[self.item or "bare"][1]

    @property
    def values_getter(self) -> str:
        return TYPES[self.values or "bare"][0]

    @property
    def getter(self) -> str:
        if self.kind == "sf_item":
            return f"{self.item_getter} | None"
        return str(self.class_name)

    @property
    def setter(self) -> str:
        if self.kind == "sf_item":
            return f"{TYPES[self.item or 'bare'][1]} | str | None"
        if self.kind == "sf_list":
            return f"{self.class_name} | Iterable[{self.entry_class} | {self.item_getter}] | str | None"
        if self.values is not None:
            return f"{self.class_name} | Mapping[str, {TYPES[self.values][1]}] | str | None"
        return f"{self.class_name} | str | None"

    @property
    def inline_checks(self) -> bool:
        """Whether the constructor may check values inline (see `accepts`): not when an argument's
        name hides a name the conditions use (`type`, ...)."""
        return not any(m.attr in _CONDITION_NAMES for m in self.members)

    @property
    def cached_text(self) -> bool:
        """Whether the text of a Dictionary's declared members is remembered by their values (see
        genresp.sf_fields.declared_texts): when every member has a hashable type whose equal values
        print the same (True == 1, but a member's values all have one type)."""
        return (
            self.kind == "sf_dictionary"
            and self.values is None
            and bool(self.members)
            and all(m.type in _CACHED_TYPES for m in self.members)
        )

    @property
    def text_key(self) -> list[str]:
        """The items of the key under which the text of the declared members is remembered."""
        return [str(self.class_name)] + [f"self.{m.slot}" for m in self.members]

    def item_accepts(self, v: str) -> str | None:
        """The condition of `accepts` for an entry's value."""
        return accepts(self.item or "bare", v)

    def text(self, v: str) -> str:
        """An expression for the text of an entry's value `v`, assigned as it is (no parentheses)."""
        pattern = _TEXT.get(self.item or "bare")
        if not pattern:
            return f"text_of({self.item!r}, {v})".replace("'", '"')
        text = pattern.format(v=v)
        return text[1:-1] if pattern.startswith("(") else text

    def runtime_refs(self) -> set[Ref]:
        """What the descriptor of this entry runs (the value classes' imports are `imports()`)."""
        if self.kind == "sf_item":
            return {
                Ref(SUPPORT, "load_sf_item"),
                Ref(SUPPORT, "dump_sf_item"),
                Ref(SUPPORT, "item_texts"),
            }
        return {
            Ref(SUPPORT, "dump_sf_value"),
            Ref("genresp.descriptors", "structured_value"),
            Ref(VALUES_MODULE, str(self.class_name)),
        }

    def annotation_refs(self) -> set[Ref]:
        """The names the descriptor's annotations use besides builtins."""
        refs: set[Ref] = set()
        for type_name in (self.item, self.values):
            if type_name is not None:
                refs.update(TYPES[type_name][2])
        if self.kind == "sf_list":
            refs |= {Ref(VALUES_MODULE, self.entry_class), Ref("collections.abc", "Iterable")}
        elif self.values is not None:
            refs.add(Ref("collections.abc", "Mapping"))
        return refs

    def imports(self) -> set[Ref]:
        """Every name the value classes of this entry use."""
        refs: set[Ref] = set()
        types = [m.type for m in self.members] + [t for t in (self.item, self.values) if t]
        for type_name in types:
            refs.update(TYPES[type_name][2])
        if self.kind == "sf_item":
            refs |= {Ref(SUPPORT, "load_sf_item"), Ref(SUPPORT, "dump_sf_item")}
            return refs
        refs.add(Ref("collections.abc", "Callable"))
        if self.members or self.kind == "sf_list":
            refs.add(Ref(SUPPORT, "check_member"))  # the constructors check their arguments
        conditions = [m.accepts("v") or "" for m in self.members]
        if self.kind == "sf_list":
            conditions.append(accepts(self.item or "bare", "v") or "")
        for bound in ("MIN_INTEGER", "MAX_INTEGER"):
            if any(bound in condition for condition in conditions):
                refs.add(Ref("genresp.sf", bound))
        if self.kind == "sf_list":
            refs |= {
                Ref("genresp.descriptors", "TYPE_CHECKING"),
                Ref(SUPPORT, "SFEntry"),
                Ref(SUPPORT, "SFListValue"),
                Ref("collections.abc", "Iterable"),
                Ref("genresp.sf", "serialize_params"),
            }
        elif self.values is not None:
            refs |= {Ref(SUPPORT, "SFMappingValue"), Ref("collections.abc", "Mapping")}
        else:
            refs |= {Ref(SUPPORT, "SFDictionaryValue"), Ref("genresp.sf", "serialize_dictionary")}
            if self.cached_text:
                refs |= {Ref(SUPPORT, "declared_texts"), Ref(SUPPORT, "remember")}
        for text in [m.text("v") for m in self.members] + ([self.text("v")] if self.item else []):
            for name in re.findall(r"[A-Za-z_]\w*", text):
                if name in _TEXT_FUNCS or name == "text_of":
                    refs.add(Ref(SUPPORT, name))
        if any(m.type in ("bare", "member") for m in self.members):
            refs.add(Ref(SUPPORT, "text_keyed"))  # a true Boolean is printed as the key alone
        return refs


# -- the entry keys ------------------------------------------------------------------------------

KEYS = ("item", "params", "members", "values", "value_class")


def _type(loader: _Loader, e: _Entry, node: yaml.Node, where: str) -> str | None:
    text = loader.scalar(node, f"{e.where}.{where}")
    if text is None:
        e.ok = False
        return None
    if text not in TYPES:
        loader.fail(e, node, f"unknown type {text!r} (known: {', '.join(TYPES)})", where)
        return None
    return text


def _check_item(loader: _Loader, e: _Entry, node: yaml.Node) -> None:
    type_name = _type(loader, e, node, "item")
    if type_name is not None:
        e.values["item"] = type_name


def _check_values(loader: _Loader, e: _Entry, node: yaml.Node) -> None:
    type_name = _type(loader, e, node, "values")
    if type_name is not None:
        e.values["values"] = type_name


def _check_value_class(loader: _Loader, e: _Entry, node: yaml.Node) -> None:
    text = loader.scalar(node, f"{e.where}.value_class")
    if text is None or not _CLASS.fullmatch(text):
        loader.fail(e, node, f"{text!r} is not a class name (CamelCase)", "value_class")
        return
    e.values["value_class"] = text


def _members(key: str) -> Callable[[_Loader, _Entry, yaml.Node], None]:
    """`members:` / `params:` map attribute names to {key, type, range, default}."""

    def check(loader: _Loader, e: _Entry, node: yaml.Node) -> None:
        if not isinstance(node, yaml.MappingNode):
            loader.fail(e, node, "expected a mapping of attribute names to members", key)
            return
        out: list[SFMember] = []
        for attr, (knode, vnode) in loader.mapping(node, f"{e.where}.{key}").items():
            member = _member(loader, e, key, attr, knode, vnode)
            if member is not None:
                out.append(member)
        keys = [m.key for m in out]
        for m in out:
            if keys.count(m.key) > 1:
                loader.fail(e, node, f"the key {m.key!r} is declared twice", key)
                return
        e.values[key] = tuple(out)

    return check


def _member(
    loader: _Loader, e: _Entry, where: str, attr: str, knode: yaml.Node, vnode: yaml.Node
) -> SFMember | None:
    where = f"{where}.{attr}"
    if not _ATTR.fullmatch(attr) or keyword.iskeyword(attr) or attr in RESERVED:
        loader.fail(e, knode, "not a usable attribute name (lower-case, not reserved)", where)
        return None
    if not isinstance(vnode, yaml.MappingNode):
        loader.fail(
            e, vnode, "expected a mapping with 'type' (and 'key', 'range', 'default')", where
        )
        return None
    items = loader.mapping(vnode, f"{e.where}.{where}")
    unknown = sorted(set(items) - {"key", "type", "range", "default"})
    if unknown:
        loader.fail(e, vnode, f"unknown key(s) {', '.join(unknown)}", where)
        return None
    if "type" not in items:
        loader.fail(e, vnode, "missing 'type'", where)
        return None
    type_name = _type(loader, e, items["type"][1], f"{where}.type")
    key = attr.replace("_", "-")
    if "key" in items:
        key = loader.scalar(items["key"][1], f"{e.where}.{where}.key") or ""
    if not _KEY.fullmatch(key):
        loader.fail(e, vnode, f"{key!r} is not a Structured Field key", where)
        return None
    low = high = None
    if "range" in items:
        rnode = items["range"][1]
        bounds = [loader.scalar(n, where) for n in getattr(rnode, "value", [])]
        if (
            type_name != "integer"
            or not isinstance(rnode, yaml.SequenceNode)
            or len(bounds) != 2
            or not all(b is not None and re.fullmatch(r"-?\d+", b) for b in bounds)
        ):
            loader.fail(e, rnode, "range is [low, high] of an integer member", where)
            return None
        low, high = (int(b) for b in bounds if b is not None)
    default: Any = None
    if "default" in items:
        text = loader.scalar(items["default"][1], where)
        default = _default(type_name, text)
        if default is None:
            loader.fail(e, items["default"][1], f"bad default {text!r} for type {type_name}", where)
            return None
        if low is not None and high is not None and not low <= default <= high:
            loader.fail(e, items["default"][1], "default out of range", where)
            return None
    if type_name is None:
        return None
    return SFMember(attr, key, type_name, low, high, default)


def _default(type_name: str | None, text: str | None) -> Any:
    if text is None:
        return None
    if type_name == "integer" and re.fullmatch(r"-?\d{1,15}", text):
        return int(text)
    if type_name == "boolean" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if type_name in ("token", "token_or_string") and re.fullmatch(
        r"[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*", text
    ):
        return text
    if type_name == "string" and re.fullmatch(r"[ -~]*", text):
        return text
    return None


KEY_CHECKS: dict[str, Callable[[_Loader, _Entry, yaml.Node], None]] = {
    "item": _check_item,
    "params": _members("params"),
    "members": _members("members"),
    "values": _check_values,
    "value_class": _check_value_class,
}


def check_shape(loader: _Loader, e: _Entry, kind_name: str) -> None:
    """Check the keys of an sf_* entry together and record its shape in `e.values["sf"]`."""
    if not kind_name.startswith("sf_"):
        return
    class_name = e.values.get("value_class") or "".join(p.capitalize() for p in e.attr.split("_"))
    if kind_name in ("sf_item", "sf_list") and "item" not in e.items:
        loader.fail(e, e.knode, f"kind {kind_name!r} needs an 'item' type")
        return
    if kind_name == "sf_dictionary" and ("members" in e.items) == ("values" in e.items):
        loader.fail(e, e.knode, "kind 'sf_dictionary' needs either 'members' or 'values'")
        return
    if not e.ok:
        return
    members = e.values.get("members", e.values.get("params", ()))
    e.values["sf"] = SFShape(
        kind=kind_name,
        item=e.values.get("item"),
        members=members,
        values=e.values.get("values"),
        class_name=None if kind_name == "sf_item" else class_name,
    )


def tuple_literal(indent: int, head: str, items: list[str] | list[list[str]]) -> str:
    """`head` + a tuple's items + ")" as black prints it (a one-item tuple keeps its comma). Items that
    are lists are tuples themselves (rows of a table), split in turn when too long."""
    from .render import LINE_LENGTH  # render imports this module

    pad = " " * indent
    inner = " " * (indent + 4)
    texts = [f"({', '.join(i)})" if isinstance(i, list) else i for i in items]
    line = f"{pad}{head}{', '.join(texts)}{',' if len(texts) == 1 else ''})"
    if len(line) <= LINE_LENGTH:
        return line
    lines = [f"{pad}{head}"]
    for item, text in zip(items, texts, strict=True):
        if isinstance(item, list) and len(f"{inner}{text},") > LINE_LENGTH:
            lines += [f"{inner}(", *(f"{inner}    {x}," for x in item), f"{inner}),"]
        else:
            lines.append(f"{inner}{text},")
    lines.append(f"{pad})")
    return "\n".join(lines)


def example(h: HeaderSpec) -> str:
    """Lines of Python that use an sf_* attribute, for the reference page."""
    shape = h.sf
    assert shape is not None
    if shape.kind == "sf_item":
        sample = _SAMPLES.get(shape.item or "", None)
        lines = [f"value = resp.{h.attr}  # {h.getter_type}"]
        if sample is not None:
            lines.insert(0, f"resp.{h.attr} = {sample}")
    else:
        lines = [f"value = resp.{h.attr}  # a {shape.class_name}; changing it rewrites {h.field}"]
        if shape.kind == "sf_list":
            lines.append(f"resp.{h.attr}.append({_SAMPLES.get(shape.item or '', 'value')})")
        elif shape.values is not None:
            lines.append(f'resp.{h.attr}["key"] = {_SAMPLES.get(shape.values, "value")}')
        elif shape.members:
            m = shape.members[0]
            lines.append(f"resp.{h.attr}.{m.attr} = {_SAMPLES.get(m.type, 'value')}")
    lines.append(f"del resp.{h.attr}  # removes {h.field}")
    return "\n".join(lines)


_SAMPLES = {
    "integer": "1",
    "boolean": "True",
    "string": '"example"',
    "token": '"example"',
    "token_or_string": '"example"',
    "byte_sequence": 'b"\\x00\\x01"',
    "date": "datetime(2026, 1, 31, tzinfo=timezone.utc)",
    "display_string": '"exemple"',
}
