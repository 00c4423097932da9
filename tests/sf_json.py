"""The JSON form of the structured-field-tests vectors, to and from genresp.sf values.

Numbers are loaded with `parse_float=Decimal`, so a vector's Decimal is compared exactly and an
Integer never equals a Decimal (each converts to a tagged pair).
"""

from __future__ import annotations

import base64
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from genresp.sf import Date, DisplayString, InnerList, Item, Token

VECTORS = Path(__file__).parent / "vectors" / "structured-field-tests"


def load_vectors(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        cases: list[dict[str, Any]] = json.load(f, parse_float=Decimal)
    return cases


# -- JSON form -> genresp.sf values -------------------------------------------------------------


def bare_from_json(value: Any) -> Any:
    if isinstance(value, dict):
        kind, inner = value["__type"], value["value"]
        if kind == "token":
            return Token(inner)
        if kind == "binary":
            return base64.b32decode(inner)
        if kind == "date":
            return Date(inner)
        if kind == "displaystring":
            return DisplayString(inner)
        raise AssertionError(f"unknown __type {kind}")
    return value


def params_from_json(params: list[list[Any]]) -> dict[str, Any]:
    return {key: bare_from_json(value) for key, value in params}


def member_from_json(member: list[Any]) -> Item | InnerList:
    value, params = member
    if isinstance(value, list):
        return InnerList([member_from_json(item) for item in value], params_from_json(params))  # type: ignore[misc]
    return Item(bare_from_json(value), params_from_json(params))


def from_json(header_type: str, expected: Any) -> Any:
    if header_type == "item":
        return member_from_json(expected)
    if header_type == "list":
        return [member_from_json(member) for member in expected]
    return {key: member_from_json(member) for key, member in expected}


# -- genresp.sf values -> a comparable form -----------------------------------------------------


def tagged(value: Any) -> Any:
    """A form in which values of different Structured Field types never compare equal."""
    if isinstance(value, Item):
        return ("item", tagged_bare(value.value), tagged_params(value.params))
    if isinstance(value, InnerList):
        return ("inner", [tagged(item) for item in value.items], tagged_params(value.params))
    if isinstance(value, list):
        return ("list", [tagged(member) for member in value])
    if isinstance(value, dict):
        return ("dict", [(key, tagged(member)) for key, member in value.items()])
    raise AssertionError(f"not a structured value: {value!r}")


def tagged_bare(value: Any) -> tuple[str, Any]:
    return (type(value).__name__, value)


def tagged_params(params: dict[str, Any]) -> list[tuple[str, tuple[str, Any]]]:
    return [(key, tagged_bare(value)) for key, value in params.items()]
