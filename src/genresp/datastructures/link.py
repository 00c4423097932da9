"""Link and Links: the Link response field (RFC 8288 3) as a list of typed links.

    Link       = #link-value
    link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
    link-param = token BWS [ "=" BWS ( token / quoted-string ) ]

``rel`` appears once (later occurrences are ignored, 3.3); a parameter named ``x*`` carries an
RFC 8187 ext-value (3.4.1, e.g. ``title*``) and is read as its decoded text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, MutableSequence

from .._cache import ENTRY_TEXT_MAX, remember, text_size
from .._typing import Any, overload
from ._params import (
    Param,
    check_token,
    check_value,
    decode_ext_value,
    dump_value,
    encode_ext_value,
    format_param,
    is_plain_iterable,
    is_writable,
    lazy_pattern,
    parse_elements,
)

__all__ = ["Link", "Links", "dump_links", "parse_links"]

FIELD = "Link"
# RFC 3986 4.1 URI-reference characters: unreserved, reserved and "%".
_uri_reference = lazy_pattern(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
# Links already checked and shared (a Link is immutable): (href, rel, *keyword items) -> Link.
_known: dict[Any, Link] = {}
_link_head = lazy_pattern(r"<([^>]*)>")
# relation-type *( 1*SP relation-type ), each a registered name or a URI (RFC 8288 3.3).
_relation_types = lazy_pattern(
    r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+(?: +[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+)*"
)


def _check_href(href: object) -> str:
    if not isinstance(href, str):
        raise TypeError(f"{FIELD}: href must be a str, not {type(href).__name__}: {href!r}")
    if not href.isascii() and href.isprintable():
        # An IRI: percent-encode the non-ASCII characters as UTF-8 (RFC 3987 3.1).
        try:
            href = "".join(
                c if c.isascii() else "".join(f"%{b:02X}" for b in c.encode("utf-8")) for c in href
            )
        except UnicodeEncodeError:
            pass  # a lone surrogate: refused below
    if _uri_reference().fullmatch(href) is None:
        raise ValueError(
            f"{FIELD}: href must be a URI reference (no spaces, quotes, <, > or controls): {href!r}"
        )
    return href


def _format_param(name: str, value: str | None) -> str:
    if name.endswith("*") and value is not None:
        check_token(FIELD, "a parameter name", name[:-1])
        if not value.isprintable():
            raise ValueError(f"{FIELD}: parameter {name} must be printable text: {value!r}")
        return f"{name}={encode_ext_value(FIELD, value)}"
    return format_param(FIELD, name, value, ext=True)


def _make(
    cls: type[Link],
    href: str,
    rel: str | None,
    params: Mapping[str, str | None] | Iterable[Param],
    attrs: dict[str, str | None],
) -> Link:
    """A checked Link: from the cache when the same arguments were seen (an application sends the
    same few links again and again; the key holds exactly what is checked), else built, checked
    and printed once."""
    key: Any = None
    if params == () and cls is Link:
        key = (href, rel, *attrs.items())
        try:
            hit = _known.get(key)
        except TypeError:  # an unhashable argument: refused by the checks below
            key = None
        else:
            if hit is not None:
                return hit
    items = list(params.items() if isinstance(params, Mapping) else params)
    items.extend((name.rstrip("_"), value) for name, value in attrs.items())
    checked: list[Param] = []
    href = _check_href(href)
    parts = [f"<{href}>"]
    if rel is not None:
        if not isinstance(rel, str) or _relation_types().fullmatch(rel) is None:
            raise ValueError(f"{FIELD}: rel must be relation types separated by spaces: {rel!r}")
        parts.append(_format_param("rel", rel))
    for name, value in items:
        lname = check_token(FIELD, "a parameter name", name).lower()
        if lname == "rel":
            raise ValueError(f"{FIELD}: give rel as the rel argument, not a parameter")
        parts.append(_format_param(lname, value))  # refuses what would not print
        checked.append((lname, value))
    link = object.__new__(cls)
    link._href, link._rel, link._params = href, rel, tuple(checked)
    link._text = text = "; ".join(parts)
    # Bounded by what the link holds: its text (an IRI's is longer than the href given).
    if key is not None and text_size(key) + len(text) <= ENTRY_TEXT_MAX:
        remember(_known, key, link)
    return link


class Link:
    """One link: target ``href``, relation type(s) ``rel`` and the other target attributes.

    Immutable; ``Link("/app.css", "preload", as_="style")`` (a trailing ``_`` is dropped from
    keyword names, for Python keywords such as ``as``). Being immutable, equal links built from
    keyword arguments are one shared object (see ``_make``).
    """

    __slots__ = ("_href", "_rel", "_params", "_text")
    _href: str
    _rel: str | None
    _params: tuple[Param, ...]
    _text: str

    def __new__(
        cls,
        href: str,
        rel: str | None = None,
        params: Mapping[str, str | None] | Iterable[Param] = (),
        **attrs: str | None,
    ) -> Link:
        return _make(cls, href, rel, params, attrs)

    def __reduce__(self) -> tuple[type[Link], tuple[str, str | None, tuple[Param, ...]]]:
        # (__new__ takes the link's arguments: copy and pickle rebuild it from them.)
        return (type(self), (self._href, self._rel, self._params))

    @property
    def href(self) -> str:
        """The target URI reference, as sent between ``<`` and ``>``."""
        return self._href

    @property
    def rel(self) -> str | None:
        """The relation type(s), space-separated (``preload``, ``next``, ...)."""
        return self._rel

    @property
    def params(self) -> tuple[Param, ...]:
        """The other target attributes in order: (lower-cased name, value or None)."""
        return self._params

    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value of parameter ``name`` (``as``, ``type``, ...); for ``title`` a ``title*``
        (RFC 8187, decoded) wins over a plain ``title``, as RFC 8288 3.4.1 asks."""
        key = name.lower()
        plain = extended = None
        for param, value in self._params:
            if param == key and plain is None:
                plain = (value,)
            elif param == key + "*" and extended is None:
                extended = (value,)
        found = extended or plain
        return default if found is None else found[0]

    def has_rel(self, relation: str) -> bool:
        """Whether ``relation`` is one of the link's relation types (case-insensitive)."""
        return self._rel is not None and relation.lower() in self._rel.lower().split()

    def to_header(self) -> str:
        """This link as one link-value."""
        return self._text

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Link):
            return (self._href, self._rel, self._params) == (other._href, other._rel, other._params)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._href, self._rel, self._params))

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()!r}>"


class Links(MutableSequence[Link]):
    """The links of a Link field, in order. ``on_update`` is called after every change."""

    __slots__ = ("_links", "on_update")

    def __init__(
        self, links: Iterable[Link] = (), on_update: Callable[[Links], None] | None = None
    ) -> None:
        # (No comprehension for the usual empty start: a fresh response's first read.)
        self._links: list[Link] = [self._check(link) for link in links] if links != () else []
        self.on_update = on_update

    @staticmethod
    def _check(link: object) -> Link:
        if not isinstance(link, Link):
            raise TypeError(f"{FIELD}: items must be Link objects, not {type(link).__name__}")
        return link

    def _changed(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    def add(
        self,
        href: str,
        rel: str | None = None,
        params: Mapping[str, str | None] | Iterable[Param] = (),
        **attrs: str | None,
    ) -> Link:
        """Append ``Link(href, rel, params, **attrs)`` and return it."""
        link = None
        if params == ():
            # _make's cache, looked up here (one call less for the links an application repeats).
            try:
                link = _known.get((href, rel, *attrs.items()))
            except TypeError:  # an unhashable argument: refused by _make's checks
                pass
        if link is None:
            link = _make(Link, href, rel, params, attrs)
        self._links.append(link)
        on_update = self.on_update
        if on_update is not None:
            on_update(self)
        return link

    def find(self, relation: str) -> list[Link]:
        """The links that have ``relation`` among their relation types."""
        return [link for link in self._links if link.has_rel(relation)]

    @overload
    def __getitem__(self, index: int) -> Link: ...
    @overload
    def __getitem__(self, index: slice) -> list[Link]: ...
    def __getitem__(self, index: int | slice) -> Link | list[Link]:
        return self._links[index]

    @overload
    def __setitem__(self, index: int, value: Link) -> None: ...
    @overload
    def __setitem__(self, index: slice, value: Iterable[Link]) -> None: ...
    def __setitem__(self, index: int | slice, value: Link | Iterable[Link]) -> None:
        if isinstance(index, slice):
            self._links[index] = [self._check(v) for v in value]  # type: ignore[union-attr]
        else:
            self._links[index] = self._check(value)
        self._changed()

    def __delitem__(self, index: int | slice) -> None:
        del self._links[index]
        self._changed()

    def insert(self, index: int, value: Link) -> None:
        self._links.insert(index, self._check(value))
        self._changed()

    def clear(self) -> None:
        self._links.clear()
        self._changed()

    def __len__(self) -> int:
        return len(self._links)

    def __iter__(self) -> Iterator[Link]:
        return iter(self._links)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Links):
            return self._links == other._links
        if isinstance(other, list):
            return self._links == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable

    def to_header(self) -> str:
        """The field value: the links joined by ``", "``; ``""`` when there is none."""
        # The text Link printed when it checked its parts, not an override of to_header: a
        # subclass cannot print what Link refused.
        texts = []  # (a loop: a comprehension is one more call, for a few links)
        for link in self._links:
            texts.append(link._text)
        return ", ".join(texts)

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._links!r})"


def _link(href: str, params: list[Param], strict: bool) -> Link | None:
    rel: str | None = None
    seen_rel = False
    kept: list[Param] = []
    for name, value in params:
        if name == "rel":
            if not seen_rel:
                rel, seen_rel = value, True
            continue
        if name.endswith("*"):
            decoded = None if value is None else decode_ext_value(value)
            if decoded is None or not decoded.isprintable():
                if strict:
                    return None
                continue
            value = decoded
        elif not is_writable(value):
            if strict:
                return None
            continue
        kept.append((name, value))
    if rel is not None and not is_writable(rel):
        return None
    try:
        return Link(href, rel, kept)
    except ValueError:  # an href that is not a URI reference
        return None


def _parse(value: str, strict: bool) -> Links | None:
    elements = parse_elements(value, _link_head().match, strict)
    if elements is None:
        return None
    links = []
    for head, params in elements:
        link = _link(head.group(1), params, strict)
        if link is None:
            if strict:
                return None
            continue
        links.append(link)
    return Links(links)


def parse_links(value: str | None, on_update: Callable[[Links], None] | None = None) -> Links:
    """Every well-formed link of the field (malformed ones are left out). Never raises."""
    if not value:  # an absent header: a fresh response's first read (built here: one call less)
        empty = object.__new__(Links)
        empty._links = []
        empty.on_update = on_update
        return empty
    parsed = _parse(value, strict=False)
    if parsed is None:
        parsed = Links()
    parsed.on_update = on_update
    return parsed


def _parse_strict(value: str) -> Links | None:
    return _parse(value, strict=True)


def dump_links(field: str, value: object) -> str | None:
    """Links, a Link, an iterable of Link, or a well-formed str; empty removes the header."""
    if isinstance(value, Link):
        return check_value(field, value._text)
    if is_plain_iterable(value):
        return check_value(field, Links(value).to_header()) or None  # type: ignore[arg-type]
    return dump_value(field, value, Links, _parse_strict)
