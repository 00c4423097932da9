"""HTTP headers, as an ordered, case-insensitive multi-dict that refuses header injection."""

from __future__ import annotations

from _collections_abc import Callable, Collection, Iterable, Iterator, Mapping

from .._cache import remember
from .._grammar import TOKEN_RE, check_value, dump_options_header
from .._typing import Any, Protocol, TypeVar, overload

__all__ = ["LAYOUT_VERSION", "Headers", "check_name", "check_value"]

T = TypeVar("T")
_missing: Any = object()

# Lower-cased forms of names already validated: one dict probe replaces the token check and the lower().
_names: dict[str, str] = {}


def check_name(name: str) -> str:
    """Validate a field name and return it lower-cased; ValueError if it is not an HTTP token."""
    lname = _names.get(name)
    if lname is not None:
        return lname
    if not isinstance(name, str):
        raise TypeError(f"Header name must be a str, not {type(name).__name__}: {name!r}")
    # RFC 9110 5.1: field-name = token
    if TOKEN_RE.fullmatch(name) is None:
        raise ValueError(f"Invalid header name {name!r}: it must be an HTTP token (RFC 9110 5.1)")
    return remember(_names, name, name.lower())


def _options_value(name: str, value: Any, options: Mapping[str, Any]) -> str:
    text = check_value(name, value)
    if not options:
        return text
    # Keyword arguments cannot hold "-": filename_star=... is the filename-star parameter.
    params = {key.replace("_", "-"): param for key, param in options.items()}
    return check_value(name, dump_options_header(text, params))


class _Renders(Protocol):
    """A structured value: its header text on demand (see Headers._defer)."""

    def to_header(self) -> str: ...


class _Waiting(dict[str, list[tuple[str, str]]]):
    """Headers._more while structured values wait to be rendered: the repeated lines as items, and
    in `pending`, by lower-cased name: (pair the value replaces, Name, value, whether that pair is a
    placeholder). (No __init__ of its own: built in C, then `pending` is set.)"""

    __slots__ = ("pending",)

    pending: dict[str, tuple[tuple[str, str], str, _Renders, bool]]


# The lower-cased forms of names given to readers (a bounded cache, like _names): one probe where
# `_names` would miss for every name only the descriptors store, and lower() cost a call per read.
_read_keys: dict[str, str] = {}


def _read_key(key: str) -> str:
    """The lower-cased form of a str name read, remembered (readers first probe _read_keys)."""
    return remember(_read_keys, key, key.lower())


def _lower_key(key: object) -> str | None:
    """The lower-cased name to look up, or None for a key that cannot name a header."""
    if type(key) is str:
        return _read_keys.get(key) or _read_key(key)
    if not isinstance(key, str):
        return None
    return key.lower()  # a str subclass: not remembered (its hash and equality are its own)


#: The version of the storage layout of `Headers` (`_d`, `_more`) that generated descriptors inline. Any change
#: to that layout bumps it, so that a module generated for the old layout refuses to load (see genresp.descriptors).
LAYOUT_VERSION = 2


class Headers:
    """HTTP headers, as an ordered, case-insensitive multi-dict.

    Values of one name keep their order; names iterate in order of first appearance (RFC 9110 5.3 makes the
    relative order of different names insignificant).

    Storage layout (the contract between this class and the generated descriptors):

    - ``_d: dict[str, tuple[str, str]]`` maps each present field name, lower-cased, to its first field
      line as a ``(Name, value)`` pair; the dict's order is the order of first appearance.
    - ``_more: dict[str, list[tuple[str, str]]] | None`` holds the 2nd..nth lines of a name that
      repeats (Set-Cookie, mostly); None until a name repeats.
    - While structured values changed in place wait to be rendered (see ``_defer``), ``_more`` is a
      ``_Waiting``: the same dict of repeated lines, with those values in its ``pending`` attribute
      (no extra slot: a live response stays small). The text in ``_d`` of a waiting name is stale,
      and every reader renders first. Only structured fields ever wait; the descriptors inline reads
      of string, int and date fields only (layout version 2).

    Invariants, which every method keeps (tests/test_headers_layout.py checks them after each step
    of random sequences of operations):

    1. every key of ``_more`` is a key of ``_d``;
    2. no list in ``_more`` is empty;
    3. every key equals the ``Name`` of each of its pairs, lower-cased;
    4. every ``Name`` is an HTTP token and every value passed ``check_value`` (no CR, LF, NUL or other
       control character but HTAB).

    Pairs are never changed in place, only replaced: a pair may be shared by many responses (the
    Content-Type of a mimetype, small Content-Lengths), and storing a new pair is how a reader that
    remembered a value parsed from the old one (the structured descriptors) sees the change.

    Only this class and the generated descriptors touch ``_d`` and ``_more``: the descriptors inline
    the reads and single-pair stores of their own field, where the saved call measurably pays. A few
    hand-written hot spots do the same and must follow a layout change too: the sans-IO Response
    constructor builds a fresh instance's two attributes in one step; the ASGI glue reads
    ``tuple(_d.values())`` when ``_more`` is None (as ``_unrepeated_pairs`` does); make_conditional
    (sansio.conditional) stores the ETag, Date, Accept-Ranges and a one-range 206's fields as
    ``_set_item`` does (tests/test_call_budget.py counts those saved calls). Everything
    else goes through the internal methods below (keys already lower-cased, values already valid). A change to the layout is a change to the templates in codegen/ too: bump LAYOUT_VERSION
    (above) when what the descriptors may read or write changes, so that a module generated for the
    old layout refuses to load (genresp.descriptors.require_layout).
    """

    __slots__ = ("_d", "_more")

    _d: dict[str, tuple[str, str]]
    _more: dict[str, list[tuple[str, str]]] | None

    def __init__(
        self,
        defaults: Headers | Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
    ) -> None:
        self._d = {}
        self._more = None
        if defaults is not None:
            self.extend(defaults)

    # -- fast internal API (keys lower-cased, values already valid) --------------------------------

    def _get1(self, lkey: str) -> str | None:
        """The first value of the name, or None."""
        if self._more.__class__ is _Waiting:
            self._render_pending()
        item = self._d.get(lkey)
        return None if item is None else item[1]

    def _first(self, lkey: str) -> tuple[str, str] | None:
        """The first (Name, value) pair of the name as stored (its identity tells a rewrite), or None.

        Unlike every reader, this renders nothing: for a name with a value waiting (see _defer) it
        gives the pair that value will replace."""
        return self._d.get(lkey)

    def _only(self, lkey: str) -> tuple[str, str] | None:
        """The pair of the name when it has exactly one line, else None (renders nothing: see
        _first)."""
        more = self._more
        if more is not None and lkey in more:
            return None
        return self._d.get(lkey)

    # -- structured values rendered when the headers are next read -------------------------------

    def _defer(self, lkey: str, name: str, value: _Renders) -> None:
        """`value`, a structured value just changed in place, is the new content of the name: it is
        rendered (value.to_header(), checked) when the headers are next read, copied or pickled,
        not now, so that a run of changes is rendered once. A name that is absent gets an empty
        placeholder pair now: it keeps its place, and a write of the name before the rendering
        (which replaces or removes that very pair) wins over the value, as it would have."""
        d = self._d
        item = d.get(lkey)
        placeholder = item is None
        if item is None:
            item = d[lkey] = (name, "")
        more = self._more
        if more.__class__ is not _Waiting:
            waiting = _Waiting(more) if more else _Waiting()
            waiting.pending = {lkey: (item, name, value, placeholder)}
            self._more = waiting
            return
        pending = more.pending
        previous = pending.get(lkey)
        if previous is not None and previous[0] is item:
            if previous[2] is value:
                return  # a further change of the value waiting: nothing new to note
            placeholder = previous[3]
        pending[lkey] = (item, name, value, placeholder)

    def _waiting_or_first(self, lkey: str) -> _Renders | tuple[str, str] | None:
        """For a structured descriptor, in one call: the value waiting to be rendered for the name
        (see _waiting), else its first pair as stored (see _first), else None."""
        more = self._more
        if more.__class__ is _Waiting:
            # (_waiting, inline: this runs for every read of a structured attribute.)
            entry = more.pending.get(lkey)
            if entry is not None:
                item = self._d.get(lkey)
                if entry[0] is item:
                    return entry[2]
                self._waiting(lkey)  # the name was written since: drop the value
                return item
        return self._d.get(lkey)

    def _waiting(self, lkey: str) -> _Renders | None:
        """The value waiting to be rendered for the name, unless the name was written since."""
        more = self._more
        if more.__class__ is not _Waiting:
            return None
        pending = more.pending
        entry = pending.get(lkey)
        if entry is None:
            return None
        if entry[0] is self._d.get(lkey):
            return entry[2]
        del pending[lkey]  # the name was written since: that write won
        if not pending:
            self._more = dict(more) if more else None
        return None

    def _render_pending(self) -> None:
        """Store the text of every value waiting; a value whose text is refused leaves its name as
        it was before the change (every line of it; a placeholder is removed) and the first such
        error is raised once the others are stored."""
        more = self._more
        if more.__class__ is not _Waiting:
            return
        pending = more.pending
        # Back to a plain dict of repeated lines (the renders below may change it further).
        self._more = dict(more) if more else None
        error: BaseException | None = None
        d = self._d
        for lkey, (item, name, value, placeholder) in pending.items():
            if d.get(lkey) is not item:
                continue  # the name was written since the change: that write won
            try:
                text = value.to_header()
                if text:
                    text = check_value(name, text)
            except (ValueError, TypeError) as exc:
                if placeholder:
                    self._del(lkey)
                else:
                    self._renew(lkey)
                error = error or exc
                continue
            if text:
                d[lkey] = (name, text)  # (_set_item, inline)
                more = self._more
                if more is not None and lkey in more:
                    del more[lkey]
            else:
                self._del(lkey)
        if error is not None:
            raise error

    def _set_item(self, lkey: str, item: tuple[str, str]) -> None:
        """Replace every line of the name with this one pair, which may be shared between responses."""
        self._d[lkey] = item
        more = self._more
        if more is not None and lkey in more:
            del more[lkey]

    def _set1(self, lkey: str, name: str, value: str) -> None:
        """Replace every line of the name with one (Name, value)."""
        self._set_item(lkey, (name, value))

    def _renew(self, lkey: str) -> None:
        """Store the first pair of the name again as a new, equal pair, keeping every other line: the
        text is unchanged, but a value remembered for the old pair is no longer taken as current."""
        item = self._d.get(lkey)
        if item is not None:
            self._d[lkey] = (item[0], item[1])

    def _del(self, lkey: str) -> None:
        if self._d.pop(lkey, None) is not None:
            more = self._more
            if more is not None and lkey in more:
                del more[lkey]

    def _add(self, lkey: str, name: str, value: str) -> None:
        if self._more.__class__ is _Waiting:
            self._render_pending()
        d = self._d
        if lkey not in d:
            d[lkey] = (name, value)
            return
        more = self._more
        if more is None:
            self._more = {lkey: [(name, value)]}
        else:
            lst = more.get(lkey)
            if lst is None:
                more[lkey] = [(name, value)]
            else:
                lst.append((name, value))

    def _all(self, lkey: str) -> list[tuple[str, str]]:
        if self._more.__class__ is _Waiting:
            self._render_pending()
        first = self._d.get(lkey)
        if first is None:
            return []
        more = self._more
        if more is None or lkey not in more:
            return [first]
        return [first, *more[lkey]]

    def _items(self) -> list[tuple[str, str]]:
        if self._more.__class__ is _Waiting:
            self._render_pending()
        more = self._more
        if not more:
            return list(self._d.values())
        out: list[tuple[str, str]] = []
        for lkey, item in self._d.items():
            out.append(item)
            extra = more.get(lkey)
            if extra:
                out.extend(extra)
        return out

    def _items_if_unset(
        self, lkey1: str, lkey2: str | None, required: str | None
    ) -> list[tuple[str, str]] | None:
        """Every pair in order (a new list) when neither `lkey1` nor `lkey2` (unless None) is
        present and `required` (unless None) is; else None. One call for the WSGI fast path."""
        if self._more.__class__ is _Waiting:
            self._render_pending()
        d = self._d
        if (
            lkey1 in d
            or (lkey2 is not None and lkey2 in d)
            or (required is not None and required not in d)
        ):
            return None
        if not self._more:
            return [*d.values()]  # (faster than list(): no global lookup or call)
        return self._items()

    def _unrepeated_pairs(self) -> tuple[tuple[str, str], ...] | None:
        """Every pair in order, as a tuple, when no name repeats; else None. (The key under which
        the ASGI glue remembers what it sends for these headers.)"""
        more = self._more
        if more is not None:
            if more.__class__ is _Waiting:
                self._render_pending()
                more = self._more
            if more:
                return None
        return tuple(self._d.values())  # (faster than a starred tuple display)

    def _items_replacing(
        self, drop: Collection[str], replaced: Mapping[str, tuple[str, str]]
    ) -> list[tuple[str, str]]:
        """Every pair in order (a new list), without the names in `drop`, and with each name of
        `replaced` sent as that one pair, in the place of its first line."""
        if not drop and not replaced:
            return self._items()
        if self._more.__class__ is _Waiting:
            self._render_pending()
        more = self._more
        if not more and not replaced:
            return [item for lkey, item in self._d.items() if lkey not in drop]
        out: list[tuple[str, str]] = []
        for lkey, item in self._d.items():
            if lkey in drop:
                continue
            new = replaced.get(lkey)
            if new is not None:
                out.append(new)
                continue
            out.append(item)
            if more:
                extra = more.get(lkey)
                if extra:
                    out.extend(extra)
        return out

    def _replace_all(self, items: Iterable[tuple[str, str]]) -> None:
        self._d = {}
        self._more = None
        for name, value in items:
            self._add(name.lower(), name, value)

    # -- reading -------------------------------------------------------------------------------

    @overload
    def __getitem__(self, key: str) -> str: ...
    @overload
    def __getitem__(self, key: int) -> tuple[str, str]: ...
    @overload
    def __getitem__(self, key: slice) -> Headers: ...
    def __getitem__(self, key: str | int | slice) -> str | tuple[str, str] | Headers:
        if self._more.__class__ is _Waiting:
            self._render_pending()
        if type(key) is str:
            try:  # (subscripts: no method call when the name was read before and is present)
                return self._d[_read_keys[key]][1]
            except KeyError:
                item = self._d.get(_read_key(key))
                if item is None:
                    raise KeyError(key) from None
                return item[1]
        if isinstance(key, str):
            item = self._d.get(key.lower())
            if item is None:
                raise KeyError(key)
            return item[1]
        if isinstance(key, int):
            return self._items()[key]
        if isinstance(key, slice):
            return self.__class__(self._items()[key])
        raise TypeError(f"Header keys must be str, int or slice, not {type(key).__name__}")

    @overload
    def get(self, key: str) -> str | None: ...
    @overload
    def get(self, key: str, default: str) -> str: ...
    @overload
    def get(self, key: str, default: T) -> str | T: ...
    @overload
    def get(self, key: str, *, type: Callable[[str], T]) -> T | None: ...
    @overload
    def get(self, key: str, default: T, type: Callable[[str], T]) -> T: ...
    def get(self, key: str, default: Any = None, type: Callable[[str], Any] | None = None) -> Any:
        """The first value of `key`, or `default`; with `type`, converted (a ValueError gives `default`)."""
        if self._more.__class__ is _Waiting:
            self._render_pending()
        if key.__class__ is str:  # (_lower_key, inline; `type` is the parameter here)
            item = self._d.get(_read_keys.get(key) or _read_key(key))
        else:
            lkey = _lower_key(key)
            item = None if lkey is None else self._d.get(lkey)
        if item is None:
            return default
        if type is None:
            return item[1]
        try:
            return type(item[1])
        except ValueError:  # only ValueError, as in Werkzeug: a TypeError is a bug in `type`
            return default

    def getlist(self, key: str, type: Callable[[str], T] | None = None) -> list[Any]:
        """Every value of `key` in order; with `type`, values that fail to convert are skipped."""
        lkey = _lower_key(key)
        items = [] if lkey is None else self._all(lkey)
        if type is None:
            return [v for _, v in items]
        out = []
        for _, v in items:
            try:
                out.append(type(v))
            except ValueError:
                continue
        return out

    get_all = getlist

    def __contains__(self, key: object) -> bool:
        if type(key) is str:  # (_lower_key, inline)
            lkey = _read_keys.get(key) or _read_key(key)
        elif isinstance(key, str):
            lkey = key.lower()
        else:
            return False
        if self._more.__class__ is _Waiting:
            self._render_pending()
        return lkey in self._d

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._items())

    def __len__(self) -> int:
        if self._more.__class__ is _Waiting:
            self._render_pending()
        more = self._more
        if not more:
            return len(self._d)
        return len(self._d) + sum(len(v) for v in more.values())

    def __bool__(self) -> bool:
        if self._more.__class__ is _Waiting:
            self._render_pending()
        return bool(self._d)

    def keys(self, lower: bool = False) -> Iterator[str]:
        for name, _ in self._items():
            yield name.lower() if lower else name

    def values(self) -> Iterator[str]:
        for _, value in self._items():
            yield value

    def items(self, lower: bool = False) -> Iterator[tuple[str, str]]:
        for name, value in self._items():
            yield (name.lower() if lower else name), value

    def to_wsgi_list(self) -> list[tuple[str, str]]:
        """The headers as a new list of (name, value) tuples, as WSGI's start_response wants."""
        return self._items()

    def copy(self) -> Headers:
        if self._more.__class__ is _Waiting:
            self._render_pending()
        new = self.__class__.__new__(self.__class__)
        new._d = self._d.copy()
        more = self._more
        new._more = None if more is None else {k: v.copy() for k, v in more.items()}
        return new

    def __getstate__(self) -> dict[str, Any]:
        """What pickle and deepcopy keep: the rendered pairs (a value waiting is rendered first)."""
        if self._more.__class__ is _Waiting:
            self._render_pending()
        return {"_d": self._d, "_more": self._more}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._d = state["_d"]
        self._more = state["_more"]

    __copy__ = copy

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Headers):
            return NotImplemented
        mine = sorted((n.lower(), v) for n, v in self._items())
        theirs = sorted((n.lower(), v) for n, v in other._items())
        return mine == theirs

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        lines = [f"{name}: {value}\r\n" for name, value in self._items()]
        lines.append("\r\n")
        return "".join(lines)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._items()!r})"

    # -- writing: every path validates name and value before anything changes ------------------

    def add(self, key: str, value: Any, /, **kw: Any) -> None:
        """Add a value, keeping existing ones; keyword arguments become options (`; key=value`)."""
        lkey = check_name(key)
        self._add(lkey, key, _options_value(key, value, kw))

    def add_header(self, key: str, value: Any, /, **kw: Any) -> None:
        """Same as `add`, named after the standard library's `email.message` method."""
        self.add(key, value, **kw)

    def set(self, key: str, value: Any, /, **kw: Any) -> None:
        """Replace every value of `key` with this one; keyword arguments become options."""
        lkey = check_name(key)
        self._set1(lkey, key, _options_value(key, value, kw))

    def setlist(self, key: str, values: Iterable[Any]) -> None:
        """Replace every value of `key` with these (an empty iterable removes the header)."""
        lkey = check_name(key)
        checked = [(key, check_value(key, v)) for v in values]
        if not checked:
            self._del(lkey)
            return
        self._d[lkey] = checked[0]
        more = self._more
        if len(checked) > 1:
            if more is None:
                self._more = {lkey: checked[1:]}
            else:
                more[lkey] = checked[1:]
        elif more is not None and lkey in more:
            del more[lkey]

    def setdefault(self, key: str, default: Any) -> str:
        """The first value of `key`; when missing, set it to `default` first."""
        lkey = check_name(key)
        if self._more.__class__ is _Waiting:
            self._render_pending()
        item = self._d.get(lkey)
        if item is not None:
            return item[1]
        value = check_value(key, default)
        self._d[lkey] = (key, value)
        return value

    def setlistdefault(self, key: str, default: Iterable[Any]) -> list[str]:
        """Every value of `key`; when missing, set them to `default` first."""
        lkey = check_name(key)
        if self._more.__class__ is _Waiting:
            self._render_pending()
        if lkey not in self._d:
            self.setlist(key, default)
        return [v for _, v in self._all(lkey)]

    def __setitem__(self, key: str | int | slice, value: Any) -> None:
        if isinstance(key, str):
            self.set(key, value)
        elif isinstance(key, (int, slice)):
            new = [value] if isinstance(key, int) else list(value)
            checked = []
            for name, item_value in new:
                check_name(name)  # raises for a name that is not a token
                checked.append((name, check_value(name, item_value)))
            items = self._items()
            if isinstance(key, int):
                items[key] = checked[0]
            else:
                items[key] = checked
            self._replace_all(items)
        else:
            raise TypeError(f"Header keys must be str, int or slice, not {type(key).__name__}")

    def _pairs(
        self, args: tuple[Any, ...], kwargs: Mapping[str, Any]
    ) -> list[tuple[str, str, Any]]:
        """Flatten extend/update arguments into validated (lkey, Name, value-or-list) triples."""
        if len(args) > 1:
            raise TypeError(f"expected at most 1 positional argument, got {len(args)}")
        sources: list[Any] = [*args, kwargs] if kwargs else list(args)
        out: list[tuple[str, str, Any]] = []
        for src in sources:
            if isinstance(src, Headers):
                pairs: Iterable[tuple[str, Any]] = src._items()
            elif isinstance(src, Mapping):
                pairs = src.items()
            else:
                pairs = src
            for name, value in pairs:
                lkey = check_name(name)
                if isinstance(value, (list, tuple, set)):
                    out.append((lkey, name, [check_value(name, v) for v in value]))
                else:
                    out.append((lkey, name, check_value(name, value)))
        return out

    def extend(self, *args: Any, **kwargs: Any) -> None:
        """Add every pair of a mapping, Headers or iterable of pairs; lists in a mapping add each item."""
        for lkey, name, value in self._pairs(args, kwargs):
            if isinstance(value, list):
                for v in value:
                    self._add(lkey, name, v)
            else:
                self._add(lkey, name, value)

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Replace the values of the names given, as Werkzeug does: a Headers replaces each name with
        all its values, a mapping with its value (a list gives several), an iterable of pairs sets
        each pair in turn (so the last value of a name wins)."""
        if len(args) > 1:
            raise TypeError(f"expected at most 1 positional argument, got {len(args)}")
        # Everything is checked before anything changes: a rejected update leaves the headers as they were.
        planned: dict[str, tuple[str, list[str]]] = {}
        for src in [*args, kwargs] if kwargs else args:
            if isinstance(src, Headers):
                grouped: dict[str, tuple[str, list[str]]] = {}
                for name, value in src._items():
                    grouped.setdefault(check_name(name), (name, []))[1].append(value)
                planned.update(grouped)
            elif isinstance(src, Mapping):
                for name, value in src.items():
                    values = value if isinstance(value, (list, tuple)) else [value]
                    planned[check_name(name)] = (name, [check_value(name, v) for v in values])
            else:
                for name, value in src:
                    planned[check_name(name)] = (name, [check_value(name, value)])
        for lkey, (name, values) in planned.items():
            # In place, as set() and Werkzeug do: an updated name keeps its position.
            if not values:
                self._del(lkey)
                continue
            self._set1(lkey, name, values[0])
            for value in values[1:]:
                self._add(lkey, name, value)

    def __ior__(self, other: Any) -> Headers:
        if not isinstance(other, (Headers, Mapping)):
            return NotImplemented
        self.update(other)
        return self

    def __or__(self, other: Any) -> Headers:
        if not isinstance(other, (Headers, Mapping)):
            return NotImplemented
        new = self.copy()
        new.update(other)
        return new

    def __delitem__(self, key: str | int | slice) -> None:
        if isinstance(key, str):
            self._del(_names.get(key) or key.lower())
            return
        items = self._items()
        del items[key]
        self._replace_all(items)

    def remove(self, key: str) -> None:
        """Remove every value of `key` (no error when it is missing)."""
        lkey = _lower_key(key)
        if lkey is None:
            raise TypeError(f"Header names are str, not {type(key).__name__}: {key!r}")
        self._del(lkey)

    def pop(self, key: str | int | None = None, default: Any = _missing) -> Any:
        """Remove and return: the last item (no key), the item at an index, or the first value of a name."""
        if key is None or isinstance(key, int):
            items = self._items()
            if not items:
                raise IndexError("pop from empty Headers")
            item = items.pop(-1 if key is None else key)
            self._replace_all(items)
            return item
        lkey = _lower_key(key)
        if lkey is None:
            raise TypeError(f"Header names are str, not {type(key).__name__}: {key!r}")
        if self._more.__class__ is _Waiting:
            self._render_pending()
        first = self._d.get(lkey)
        if first is None:
            if default is _missing:
                raise KeyError(key)
            return default
        self._del(lkey)
        return first[1]

    def popitem(self) -> tuple[str, str]:
        """Remove and return the last (name, value) pair."""
        item: tuple[str, str] = self.pop()
        return item

    def clear(self) -> None:
        self._d.clear()
        self._more = None
