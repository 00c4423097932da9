"""ServerTiming: the Server-Timing response field (W3C Server Timing, section 3).

    Server-Timing             = #server-timing-metric
    server-timing-metric      = metric-name *( OWS ";" OWS server-timing-param )
    metric-name               = token
    server-timing-param       = server-timing-param-name OWS "=" OWS server-timing-param-value
    server-timing-param-value = token / quoted-string

``dur`` is a duration in milliseconds and ``desc`` a description; the first of each counts (4.2),
other parameters are kept as they were read.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, MutableSequence
from datetime import timedelta

from .._cache import remember
from .._typing import Any, overload
from ._params import (
    TOKEN_RE,
    Param,
    check_token,
    check_value,
    dump_value,
    format_param,
    is_plain_iterable,
    is_writable,
    lazy_pattern,
    parse_elements,
)

__all__ = ["ServerTiming", "ServerTimingMetric", "dump_server_timing", "parse_server_timing"]

FIELD = "Server-Timing"
# (name, desc) already checked -> the text after the duration (";desc=...").
_checked: dict[Any, str] = {}
_decimal = lazy_pattern(r"[0-9]{1,20}(?:\.[0-9]{1,20})?")


def _check_dur(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        value = value.total_seconds() * 1000
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError(
            f"{FIELD}: dur must be milliseconds (a number or timedelta), not "
            f"{type(value).__name__}: {value!r}"
        )
    if not math.isfinite(value) or value < 0 or value >= 1e20:
        raise ValueError(f"{FIELD}: dur must be a finite, non-negative duration: {value!r}")
    return float(value)


def _format_dur(dur: float) -> str:
    # The shortest text that reads back as the same float, when that is in fixed notation with at
    # most nanosecond resolution; else fixed notation rounded to the nanosecond (agents parse
    # decimals, not exponents).
    text = repr(dur)
    if "e" in text or len(text) > 15:
        return f"{dur:.6f}".rstrip("0").rstrip(".")
    return text[:-2] if text.endswith(".0") else text


def _check_tail(
    name: str, desc: str | None, params: Iterable[Param]
) -> tuple[str, tuple[Param, ...]]:
    """Check a metric's name, desc and other parameters: the text after its duration and the
    parameters kept (names lower-cased)."""
    check_token(FIELD, "the metric name", name)
    parts = [""]
    if desc is not None:
        parts.append(format_param(FIELD, "desc", desc))
    checked: list[Param] = []
    for pname, value in params:
        lname = check_token(FIELD, "a parameter name", pname).lower()
        if lname in ("dur", "desc"):
            raise ValueError(f"{FIELD}: give {lname} as its own argument, not a parameter")
        if value is None:
            raise ValueError(f"{FIELD}: parameter {lname} needs a value (section 3)")
        parts.append(format_param(FIELD, lname, value))
        checked.append((lname, value))
    return ";".join(parts), tuple(checked)


class ServerTimingMetric:
    """One metric: ``name`` (a token), ``dur`` in milliseconds, ``desc``, other parameters.

    Immutable; equal metrics compare equal.
    """

    __slots__ = ("_name", "_dur", "_desc", "_params", "_text")
    _name: str
    _dur: float | None
    _desc: str | None
    _params: tuple[Param, ...]
    _text: str

    def __init__(
        self,
        name: str,
        dur: float | timedelta | None = None,
        desc: str | None = None,
        params: Iterable[Param] = (),
    ) -> None:
        # Names and descriptions repeat from response to response, durations do not: the checked
        # text after the duration (";desc=...") is remembered per (name, desc).
        tail = None
        cacheable = params == ()
        if cacheable:
            try:
                tail = _checked[name, desc]
            except KeyError:
                pass
            except TypeError:  # an unhashable argument: refused by the checks below
                cacheable = False
        checked: tuple[Param, ...] = ()
        if tail is None:
            tail, checked = _check_tail(name, desc, params)
            if cacheable:
                remember(_checked, (name, desc), tail)
        self._name = name
        self._desc = desc
        self._params = checked
        if type(dur) is float and 0.0 <= dur < 1e20:
            # The usual duration, printed here as _format_dur prints it (one call less).
            text = repr(dur)
            if len(text) > 15 or "e" in text:
                text = _format_dur(dur)
            elif text[-2:] == ".0":
                text = text[:-2]
            self._dur = dur
            self._text = f"{name};dur={text}{tail}"
            return
        if type(dur) is int and 0 <= dur < 1e20:
            dur_ms: float | None = float(dur)
        else:
            dur_ms = _check_dur(dur)
        self._dur = dur_ms
        self._text = name + tail if dur_ms is None else f"{name};dur={_format_dur(dur_ms)}{tail}"

    @property
    def name(self) -> str:
        return self._name

    @property
    def dur(self) -> float | None:
        """The duration in milliseconds."""
        return self._dur

    @property
    def desc(self) -> str | None:
        """A description for people reading the timings."""
        return self._desc

    @property
    def params(self) -> tuple[Param, ...]:
        """Other parameters, as read."""
        return self._params

    def to_header(self) -> str:
        """This metric as one server-timing-metric."""
        return self._text

    def _key(self) -> tuple[object, ...]:
        return (self._name, self._dur, self._desc, self._params)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ServerTimingMetric):
            return self._key() == other._key()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()!r}>"


class ServerTiming(MutableSequence[ServerTimingMetric]):
    """The metrics of a Server-Timing field, in order. ``on_update`` is called after every change."""

    __slots__ = ("_metrics", "on_update")

    def __init__(
        self,
        metrics: Iterable[ServerTimingMetric] = (),
        on_update: Callable[[ServerTiming], None] | None = None,
    ) -> None:
        # (No comprehension for the usual empty start: a fresh response's first read.)
        self._metrics = [self._check(m) for m in metrics] if metrics != () else []
        self.on_update = on_update

    @staticmethod
    def _check(metric: object) -> ServerTimingMetric:
        if not isinstance(metric, ServerTimingMetric):
            raise TypeError(
                f"{FIELD}: items must be ServerTimingMetric objects, not {type(metric).__name__}"
            )
        return metric

    def _changed(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    def add(
        self,
        name: str,
        dur: float | timedelta | None = None,
        desc: str | None = None,
        **params: str,
    ) -> ServerTimingMetric:
        """Append a metric (``dur`` in milliseconds, or a timedelta) and return it."""
        metric = ServerTimingMetric(name, dur, desc, tuple(params.items()) if params else ())
        self._metrics.append(metric)
        on_update = self.on_update
        if on_update is not None:
            on_update(self)
        return metric

    def get(self, name: str) -> ServerTimingMetric | None:
        """The first metric called ``name``."""
        for metric in self._metrics:
            if metric.name == name:
                return metric
        return None

    @overload
    def __getitem__(self, index: int) -> ServerTimingMetric: ...
    @overload
    def __getitem__(self, index: slice) -> list[ServerTimingMetric]: ...
    def __getitem__(self, index: int | slice) -> ServerTimingMetric | list[ServerTimingMetric]:
        return self._metrics[index]

    @overload
    def __setitem__(self, index: int, value: ServerTimingMetric) -> None: ...
    @overload
    def __setitem__(self, index: slice, value: Iterable[ServerTimingMetric]) -> None: ...
    def __setitem__(
        self, index: int | slice, value: ServerTimingMetric | Iterable[ServerTimingMetric]
    ) -> None:
        if isinstance(index, slice):
            self._metrics[index] = [self._check(v) for v in value]  # type: ignore[union-attr]
        else:
            self._metrics[index] = self._check(value)
        self._changed()

    def __delitem__(self, index: int | slice) -> None:
        del self._metrics[index]
        self._changed()

    def insert(self, index: int, value: ServerTimingMetric) -> None:
        self._metrics.insert(index, self._check(value))
        self._changed()

    def clear(self) -> None:
        self._metrics.clear()
        self._changed()

    def __len__(self) -> int:
        return len(self._metrics)

    def __iter__(self) -> Iterator[ServerTimingMetric]:
        return iter(self._metrics)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ServerTiming):
            return self._metrics == other._metrics
        if isinstance(other, list):
            return self._metrics == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable

    def to_header(self) -> str:
        """The field value; ``""`` when there is no metric."""
        # The text each metric printed when it was checked (not an override of to_header).
        texts = []  # (a loop: a comprehension is one more call, for a few metrics)
        for metric in self._metrics:
            texts.append(metric._text)
        return ", ".join(texts)

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._metrics!r})"


def _metric(name: str, params: list[Param], strict: bool) -> ServerTimingMetric | None:
    dur: float | None = None
    desc: str | None = None
    seen: set[str] = set()
    kept: list[Param] = []
    for key, value in params:
        if key in ("dur", "desc"):
            if key in seen:
                continue  # 4.2: the first occurrence counts
            seen.add(key)
            if key == "dur":
                if value is not None and _decimal().fullmatch(value) is not None:
                    dur = float(value)
                elif strict:
                    return None
            elif value is not None and is_writable(value):
                desc = value
            elif strict:
                return None
        elif value is not None and is_writable(value):
            kept.append((key, value))
        elif strict:
            return None
    try:
        return ServerTimingMetric(name, dur, desc, kept)
    except ValueError:  # a dur that rounds out of range; a read never raises
        return None


def _parse(value: str, strict: bool) -> ServerTiming | None:
    elements = parse_elements(value, TOKEN_RE.match, strict)
    if elements is None:
        return None
    metrics = []
    for head, params in elements:
        metric = _metric(head.group(), params, strict)
        if metric is None:
            if strict:
                return None
            continue
        metrics.append(metric)
    return ServerTiming(metrics)


def parse_server_timing(
    value: str | None, on_update: Callable[[ServerTiming], None] | None = None
) -> ServerTiming:
    """Every well-formed metric of the field (malformed ones are left out). Never raises."""
    if not value:  # an absent header: a fresh response's first read (built here: one call less)
        empty = object.__new__(ServerTiming)
        empty._metrics = []
        empty.on_update = on_update
        return empty
    parsed = _parse(value, strict=False)
    if parsed is None:
        parsed = ServerTiming()
    parsed.on_update = on_update
    return parsed


def _parse_strict(value: str) -> ServerTiming | None:
    return _parse(value, strict=True)


def dump_server_timing(field: str, value: object) -> str | None:
    """ServerTiming, an iterable of ServerTimingMetric, or a well-formed str; empty removes it."""
    if is_plain_iterable(value):
        return check_value(field, ServerTiming(value).to_header()) or None  # type: ignore[arg-type]
    return dump_value(field, value, ServerTiming, _parse_strict)
