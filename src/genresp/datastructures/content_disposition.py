"""ContentDisposition: the Content-Disposition response field (RFC 6266) with RFC 8187 filenames.

    content-disposition = disposition-type *( ";" disposition-parm )
    disposition-type    = "inline" / "attachment" / disp-ext-type      ; case-insensitive token
    disposition-parm    = filename-parm / disp-ext-parm
    filename-parm       = "filename" "=" value / "filename*" "=" ext-value

A filename is any printable Unicode text. One that is not plain ASCII (or holds a quote, a
backslash or a ``%xx`` that old agents would decode, RFC 6266 appendix D) is sent as
``filename*=UTF-8''...`` after an ASCII ``filename`` fallback for agents without RFC 8187.
Reading prefers ``filename*`` (RFC 6266 4.3).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from .._cache import remember
from ._params import (
    TOKEN_RE,
    Param,
    check_token,
    decode_ext_value,
    dump_value,
    encode_ext_value,
    format_param,
    is_writable,
    lazy_pattern,
    parse_elements,
)

__all__ = [
    "ContentDisposition",
    "ascii_fallback",
    "dump_content_disposition",
    "parse_content_disposition",
]

FIELD = "Content-Disposition"
_percent_escape = lazy_pattern(r"%[0-9A-Fa-f]{2}")
_plain_filename = lazy_pattern(r"[ !#-\[\]-~]*")  # printable ASCII but '"' and '\\'


def _check_type(value: object) -> str | None:
    if value is None:
        return None
    if type(value) is str and (value == "attachment" or value == "inline"):
        return value
    return check_token(FIELD, "the disposition type", value).lower()


def _check_filename(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{FIELD}: filename must be a str, not {type(value).__name__}: {value!r}")
    if not value or not value.isprintable():
        raise ValueError(f"{FIELD}: filename must be non-empty printable text: {value!r}")
    return value


def _needs_ext(filename: str) -> bool:
    return _plain_filename().fullmatch(filename) is None or (
        "%" in filename and _percent_escape().search(filename) is not None
    )


# Filenames already printed: an application serves the same few downloads again and again.
_printed: dict[str, str] = {}


def _filename_parameters(filename: str) -> str:
    """``filename="..."``, with ``filename*`` after an ASCII fallback when the name needs it."""
    text = _printed.get(filename)
    if text is None:
        if _needs_ext(filename):
            text = (
                f'filename="{ascii_fallback(filename)}"; '
                f"filename*={encode_ext_value(FIELD, filename)}"
            )
        else:
            text = f'filename="{filename}"'
        remember(_printed, filename, text)
    return text


def ascii_fallback(filename: str) -> str:
    """An ASCII stand-in for ``filename`` (accents dropped, other characters as ``_``)."""
    import unicodedata

    out = []
    for char in unicodedata.normalize("NFKD", filename):
        if unicodedata.combining(char):
            continue
        out.append(char if " " <= char <= "~" and char not in '"\\%' else "_")
    return "".join(out) or "_"


class ContentDisposition:
    """``type`` (``inline``, ``attachment``, ...; None when unset), ``filename`` (any text) and
    the other parameters. ``on_update`` is called after every change.

    Setting a filename or a parameter on an unset value makes it an ``attachment``.
    """

    __slots__ = ("_type", "_filename", "_params", "on_update")

    def __init__(
        self,
        type: str | None = None,
        filename: str | None = None,
        parameters: Mapping[str, str | None] | Iterable[Param] = (),
        on_update: Callable[[ContentDisposition], None] | None = None,
    ) -> None:
        # The usual arguments pass inline (`type` is the argument here, hence __class__).
        if type.__class__ is str and (type == "attachment" or type == "inline"):
            self._type: str | None = type
        else:
            self._type = _check_type(type)
        self._filename: str | None = filename
        if filename is not None and not (
            filename.__class__ is str and filename and filename.isprintable()
        ):
            self._filename = _check_filename(filename)
        self._params: dict[str, str | None] = {}
        if parameters != ():
            items = parameters.items() if isinstance(parameters, Mapping) else parameters
            for name, value in items:
                self._params[self._check_param(name, value)] = value
        if self._type is None and (self._filename is not None or self._params):
            self._type = "attachment"
        self.on_update = on_update

    @staticmethod
    def _check_param(name: str, value: str | None) -> str:
        key = check_token(FIELD, "a parameter name", name).lower()
        if key in ("filename", "filename*") or key.endswith("*"):
            raise ValueError(f"{FIELD}: use the filename attribute, not parameter {name!r}")
        format_param(FIELD, key, value, ext=True)  # refuses what would not print
        return key

    def _changed(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    @property
    def type(self) -> str | None:
        """The disposition type, lower-cased: ``inline``, ``attachment`` or an extension token."""
        return self._type

    @type.setter
    def type(self, value: str | None) -> None:
        self._type = _check_type(value)
        self._changed()

    @property
    def filename(self) -> str | None:
        """The suggested file name, as Unicode text."""
        return self._filename

    @filename.setter
    def filename(self, value: str | None) -> None:
        self._filename = _check_filename(value)
        if self._type is None and value is not None:
            self._type = "attachment"
        self._changed()

    @property
    def parameters(self) -> dict[str, str | None]:
        """The other parameters (a copy; change them with :meth:`set_parameter`)."""
        return dict(self._params)

    def set_parameter(self, name: str, value: str | None) -> None:
        """Set (or with ``value=None`` remove) a parameter other than the filename."""
        key = self._check_param(name, "x" if value is None else value)
        if value is None:
            self._params.pop(key, None)
        else:
            self._params[key] = value
            if self._type is None:
                self._type = "attachment"
        self._changed()

    def unset(self) -> None:
        """Clear everything; the write-back then removes the header."""
        self._type = self._filename = None
        self._params = {}
        self._changed()

    def to_header(self) -> str:
        """The field value; ``""`` when unset."""
        if self._type is None:
            return ""
        filename = self._filename
        if not self._params:  # the usual field: a type and maybe a filename, printed once
            if filename is None:
                return self._type
            return self._type + "; " + (_printed.get(filename) or _filename_parameters(filename))
        parts = [self._type]
        if filename is not None:
            parts.append(_filename_parameters(filename))
        if self._params:
            parts.extend(format_param(FIELD, k, v, ext=True) for k, v in self._params.items())
        return "; ".join(parts)

    def __bool__(self) -> bool:
        return self._type is not None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ContentDisposition):
            return (self._type, self._filename, self._params) == (
                other._type,
                other._filename,
                other._params,
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()!r}>"


def _parse(value: str, strict: bool) -> ContentDisposition | None:
    elements = parse_elements(value, TOKEN_RE.match, strict=True)
    if not elements or len(elements) != 1:
        return None
    head, params = elements[0]
    names = [name for name, _ in params]
    if len(set(names)) != len(names):
        return None  # RFC 6266 4.1: a repeated parameter makes the field invalid
    plain: dict[str, str | None] = {}
    extended: dict[str, str] = {}
    for name, raw in params:
        if name.endswith("*"):
            decoded = None if raw is None else decode_ext_value(raw)
            if decoded is None:
                if strict:
                    return None
                continue
            extended[name[:-1]] = decoded
        else:
            plain[name] = raw
    plain.update(extended)  # 4.3: the RFC 8187 form wins
    filename = plain.pop("filename", None)
    if filename is not None and (not filename or not filename.isprintable()):
        if strict:
            return None
        filename = None
    kept: dict[str, str | None] = {}
    for name, text in plain.items():
        if text is not None and not text.isascii() and text.isprintable():
            kept[name] = text  # sent back as an ext-value
        elif is_writable(text):
            kept[name] = text
        elif strict:
            return None
    try:
        return ContentDisposition(head.group(), filename, kept)
    except ValueError:  # not expected: everything above was checked; a read never raises
        return None


def parse_content_disposition(
    value: str | None, on_update: Callable[[ContentDisposition], None] | None = None
) -> ContentDisposition:
    """The parsed field; unset when absent or malformed. Never raises."""
    parsed = _parse(value, strict=False) if value else None
    if parsed is None:
        parsed = ContentDisposition()
    parsed.on_update = on_update
    return parsed


def _parse_strict(value: str) -> ContentDisposition | None:
    return _parse(value, strict=True)


def dump_content_disposition(field: str, value: object) -> str | None:
    """A ContentDisposition, or a str that is a well-formed field value (sent in canonical form)."""
    if type(value) is ContentDisposition:
        return value.to_header() or None  # checked parts, ASCII text (filename* for the rest)
    return dump_value(field, value, ContentDisposition, _parse_strict)
