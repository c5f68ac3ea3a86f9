"""Values of the evaluator: Python values, an explicit Unknown, partial strings, cty types.

Inside the evaluator a value is one of:

- `str`, `bool`, `None` (null) and `Num` (a cty number, see `numbers`);
- a plain `list` (a cty tuple), `TfList`, `TfSet` (cty list and set; `list` subclasses);
- a plain `dict` (a cty object) or `TfMap` (a cty map; a `dict` subclass);
- `UNKNOWN` (the one `Unknown`): a value only known after apply, which propagates;
- `PartialString`: a string whose interpolations are partly unknown ("app-", ?, "-tg").

Rules see the same values with numbers as `int`/`float` (`export`). The cty type model
here (`Type`, `type_of`, `convert`, `unify`) follows go-cty's `convert` package: it is
what makes `true ? 1 : "a"` give `"1"` and `tolist(["a", 1])` give `["a", "1"]`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import field
from typing import Any, TypeAlias

from tfjudge.evaluate.numbers import Num, compare, format_number, numbers_equal
from tfjudge.records import record
from tfjudge.schema.values import missing_attributes


class Unknown:
    """A value that is only known after apply (a computed attribute, a data source)."""

    __slots__ = ()
    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN = Unknown()


@record(frozen=True, slots=True)
class PartialString:
    """A string of known and unknown parts: `"${var.app}-${random_id.x.hex}-tg"`.

    `parts` alternates text and `UNKNOWN` (adjacent texts are merged, empty ones
    dropped); there is at least one unknown part and one text part.
    """

    parts: tuple[str | Unknown, ...]

    @property
    def known_length(self) -> int:
        """Characters known to be in the string: its length is at least this."""
        return sum(len(p) for p in self.parts if isinstance(p, str))

    @property
    def prefix(self) -> str:
        """The known text before the first unknown part."""
        first = self.parts[0]
        return first if isinstance(first, str) else ""

    @property
    def suffix(self) -> str:
        """The known text after the last unknown part."""
        last = self.parts[-1]
        return last if isinstance(last, str) else ""

    @property
    def known_parts(self) -> tuple[str, ...]:
        return tuple(p for p in self.parts if isinstance(p, str))

    def render(self, unknown: str = "(known after apply)") -> str:
        """The string with each unknown part replaced by `unknown`."""
        return "".join(p if isinstance(p, str) else unknown for p in self.parts)

    def __str__(self) -> str:
        return self.render("${…}")


def partial(parts: Iterable[Any]) -> str | PartialString | Unknown:
    """The string of `parts` (texts, UNKNOWN, PartialStrings): a str when all known."""
    merged: list[str | Unknown] = []
    for part in parts:
        pieces = part.parts if isinstance(part, PartialString) else (part,)
        for piece in pieces:
            if isinstance(piece, str):
                if not piece:
                    continue
                if merged and isinstance(merged[-1], str):
                    merged[-1] += piece
                    continue
            elif merged and isinstance(merged[-1], Unknown):
                continue
            merged.append(piece)
    if not any(isinstance(p, Unknown) for p in merged):
        return "".join(p for p in merged if isinstance(p, str))
    if all(isinstance(p, Unknown) for p in merged):
        return UNKNOWN
    return PartialString(tuple(merged))


class TfList(list[Any]):
    """A cty list: elements of one type (a plain `list` is a tuple).

    `element` is the element type when it is known without looking at the elements
    (what keeps `tolist([])` a list of string when it came from `split`).
    """

    __slots__ = ("element",)

    def __init__(self, items: Iterable[Any] = (), element: Type | None = None) -> None:
        super().__init__(items)
        self.element = element


class TfSet(list[Any]):
    """A cty set: unique elements of one type, in cty's order (strings and numbers sorted)."""

    __slots__ = ("element",)

    def __init__(self, items: Iterable[Any] = (), element: Type | None = None) -> None:
        super().__init__(items)
        self.element = element


class TfMap(dict[str, Any]):
    """A cty map: values of one type (a plain `dict` is an object)."""

    __slots__ = ("element",)

    def __init__(self, items: Any = (), element: Type | None = None) -> None:
        super().__init__(items)
        self.element = element


Value: TypeAlias = Any


def is_unknown(value: Value) -> bool:
    return isinstance(value, (Unknown, PartialString))


def is_wholly_known(value: Value) -> bool:
    """No unknown anywhere inside (cty IsWhollyKnown)."""
    if isinstance(value, (Unknown, PartialString)):
        return False
    if isinstance(value, list):
        return all(is_wholly_known(v) for v in value)
    if isinstance(value, dict):
        return all(is_wholly_known(v) for v in value.values())
    return True


def is_sequence(value: Value) -> bool:
    return isinstance(value, list)


def is_mapping(value: Value) -> bool:
    return isinstance(value, dict)


# -- types ---------------------------------------------------------------------------------


@record(frozen=True, slots=True)
class Type:
    """A cty type. `kind` is string, number, bool, dynamic, list, set, map, tuple or object.

    `optional` (object types of variable constraints only) names the attributes declared
    with `optional(...)`; `defaults` holds their default values.
    """

    kind: str
    element: Type | None = None
    elements: tuple[Type, ...] = ()
    attributes: tuple[tuple[str, Type], ...] = ()
    optional: frozenset[str] = frozenset()
    defaults: tuple[tuple[str, Any], ...] = field(default=(), compare=False)

    @property
    def is_primitive(self) -> bool:
        return self.kind in ("string", "number", "bool")

    @property
    def is_collection(self) -> bool:
        return self.kind in ("list", "set", "map")

    def attribute_types(self) -> dict[str, Type]:
        return dict(self.attributes)

    def friendly(self) -> str:
        """The type as terraform writes it in messages (`list of string`)."""
        if self.kind == "dynamic":
            return "dynamic"
        if self.element is not None:
            return f"{self.kind} of {self.element.friendly()}"
        return self.kind

    def __repr__(self) -> str:
        if self.element is not None:
            return f"{self.kind}({self.element!r})"
        if self.kind == "tuple":
            return f"tuple([{', '.join(map(repr, self.elements))}])"
        if self.kind == "object":
            inner = ", ".join(f"{k}={v!r}" for k, v in self.attributes)
            return f"object({{{inner}}})"
        return self.kind


STRING = Type("string")
NUMBER = Type("number")
BOOL = Type("bool")
DYNAMIC = Type("dynamic")
# the type of UNKNOWN: it unifies with anything and converts to anything
_WILDCARD = Type("unknown")


def list_of(element: Type) -> Type:
    return Type("list", element)


def set_of(element: Type) -> Type:
    return Type("set", element)


def map_of(element: Type) -> Type:
    return Type("map", element)


def tuple_of(elements: Iterable[Type]) -> Type:
    return Type("tuple", elements=tuple(elements))


def object_of(attributes: dict[str, Type]) -> Type:
    return Type("object", attributes=tuple(sorted(attributes.items())))


def type_of(value: Value) -> Type:
    """The cty type of a value (null is of dynamic type, as a literal `null` is)."""
    if isinstance(value, str):
        return STRING
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, Num):
        return NUMBER
    if isinstance(value, PartialString):
        return STRING
    if value is None:
        return DYNAMIC
    if isinstance(value, Unknown):
        return _WILDCARD
    if isinstance(value, TfList):
        return list_of(value.element or _element_type(value))
    if isinstance(value, TfSet):
        return set_of(value.element or _element_type(value))
    if isinstance(value, TfMap):
        return map_of(value.element or _element_type(value.values()))
    if isinstance(value, list):
        return tuple_of(type_of(v) for v in value)
    if isinstance(value, dict):
        return object_of({k: type_of(v) for k, v in value.items()})
    return DYNAMIC


def _element_type(values: Iterable[Value]) -> Type:
    for value in values:
        if value is not None and not isinstance(value, Unknown):
            return type_of(value)
    return DYNAMIC


class ConversionError(ValueError):
    """A value that cannot become the wanted type (terraform's message in args[0])."""


# -- conversion (go-cty convert, unsafe mode) ---------------------------------------------


def convert(value: Value, target: Type) -> Value:
    """`value` converted to `target`, as terraform converts arguments and variables."""
    if target.kind in ("dynamic", "unknown") or isinstance(value, Unknown):
        return value
    if value is None:
        return None
    kind = target.kind
    if kind == "string":
        return _to_string(value)
    if kind == "number":
        return _to_number(value)
    if kind == "bool":
        return _to_bool(value)
    if kind in ("list", "set"):
        return _to_list_or_set(value, target)
    if kind == "map":
        return _to_map(value, target)
    if kind == "tuple":
        return _to_tuple(value, target)
    if kind == "object":
        return _to_object(value, target)
    raise ConversionError(f"{target.friendly()} required")


def _convert_at(key: int | str, value: Value, target: Type, attribute: bool = False) -> Value:
    """`convert` of an element or attribute, its place prefixed to an error as cty does
    (`element 0: ...`, `element "a": ...`, `attribute "name": ...`)."""
    try:
        return convert(value, target)
    except ConversionError as error:
        place = f'"{key}"' if isinstance(key, str) else str(key)
        kind = "attribute" if attribute else "element"
        raise ConversionError(f"{kind} {place}: {error.args[0]}") from None


def _to_string(value: Value) -> Value:
    if isinstance(value, (str, PartialString)):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Num):
        return format_number(value)
    raise ConversionError("string required")


def _to_number(value: Value) -> Value:
    from tfjudge.evaluate.numbers import parse_number

    if isinstance(value, Num):
        return value
    if isinstance(value, PartialString):
        return UNKNOWN
    if isinstance(value, str):
        number = parse_number(value)
        if number is None:
            raise ConversionError("a number is required")
        return number
    raise ConversionError("number required")


def _to_bool(value: Value) -> Value:
    if isinstance(value, bool):
        return value
    if isinstance(value, PartialString):
        return UNKNOWN
    if isinstance(value, str):
        if value in ("true", "1"):
            return True
        if value in ("false", "0"):
            return False
        lowered = value.lower()
        if lowered in ("true", "false"):
            raise ConversionError(
                f'a bool is required; to convert from string, use lowercase "{lowered}"'
            )
        raise ConversionError("a bool is required")
    raise ConversionError("bool required")


def _to_list_or_set(value: Value, target: Type) -> Value:
    if not isinstance(value, list):
        raise ConversionError(f"{target.kind} of {_element_name(target)} required")
    element = target.element or DYNAMIC
    items = list(value)
    if element.kind == "dynamic":
        if isinstance(value, (TfList, TfSet)):
            converted = items
            element = value.element or DYNAMIC
        else:
            unified = unify_types([type_of(v) for v in items]) if items else DYNAMIC
            if unified is None:
                raise ConversionError(f"all {target.kind} elements must have the same type")
            converted = [_convert_at(i, v, unified) for i, v in enumerate(items)]
            element = unified
    else:
        declared = value.element if isinstance(value, (TfList, TfSet)) else None
        if declared is not None and not can_convert(declared, element):
            raise ConversionError(f"{target.kind} of {element.friendly()} required")
        converted = [_convert_at(i, v, element) for i, v in enumerate(items)]
    known = element if element.kind not in ("dynamic", "unknown") else None
    if target.kind == "list":
        return TfList(converted, known)
    return make_set(converted, known)


def _element_name(target: Type) -> str:
    return target.element.friendly() if target.element else "dynamic"


def _to_map(value: Value, target: Type) -> Value:
    if not isinstance(value, dict):
        raise ConversionError(f"map of {_element_name(target)} required")
    element: Type | None = target.element or DYNAMIC
    if element is not None and element.kind == "dynamic" and not isinstance(value, TfMap):
        element = unify_types([type_of(v) for v in value.values()]) if value else DYNAMIC
        if element is None:
            raise ConversionError("all map elements must have the same type")
    assert element is not None
    if element.kind == "dynamic" and isinstance(value, TfMap):
        element = value.element or DYNAMIC
    elif (
        isinstance(value, TfMap)
        and value.element is not None
        and not can_convert(value.element, element)
    ):
        raise ConversionError(f"map of {element.friendly()} required")
    known = element if element.kind not in ("dynamic", "unknown") else None
    return TfMap({k: _convert_at(k, v, element) for k, v in value.items()}, known)


def _to_tuple(value: Value, target: Type) -> Value:
    if not isinstance(value, list):
        raise ConversionError("tuple required")
    if len(value) != len(target.elements):
        raise ConversionError(f"tuple required with {len(target.elements)} elements")
    return [
        _convert_at(i, v, t) for i, (v, t) in enumerate(zip(value, target.elements, strict=True))
    ]


def _to_object(value: Value, target: Type) -> Value:
    if not isinstance(value, dict):
        raise ConversionError("object required")
    defaults = dict(target.defaults)
    missing = [n for n, _ in target.attributes if n not in value and n not in target.optional]
    if missing:
        raise ConversionError(missing_attributes(missing))
    result: dict[str, Value] = {}
    for name, attribute_type in target.attributes:
        if name in value:
            item = value[name]
            if item is None and name in defaults:
                item = defaults[name]
            result[name] = _convert_at(name, item, attribute_type, attribute=True)
        else:  # optional: its default, or null
            result[name] = convert(defaults.get(name), attribute_type)
    return result


def make_set(values: Iterable[Value], element: Type | None = None) -> TfSet:
    """A set of `values`: duplicates removed, strings and numbers in cty's order."""
    unique: list[Value] = []
    for value in values:
        if not any(values_equal(value, seen) is True for seen in unique):
            unique.append(value)
    if unique and all(isinstance(v, str) for v in unique):
        unique.sort()
    elif unique and all(isinstance(v, Num) for v in unique):
        _sort_numbers(unique)
    elif unique and all(isinstance(v, bool) for v in unique):
        unique.sort()
    elif len(unique) > 1:
        unique.sort(key=_set_order)
    return TfSet(unique, element)


def _set_order(value: Value) -> bytes:
    """go-cty's order of set elements without a natural order: their hash serialization."""
    return _hash_text(value).encode()


def _hash_text(value: Value) -> str:
    if isinstance(value, Unknown):
        return "?"
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "T" if value else "F"
    if isinstance(value, Num):
        from tfjudge.evaluate.numbers import text

        return text(value, "g", 10)
    if isinstance(value, str):
        import json

        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, TfMap):
        return (
            "{" + "".join(f"{_hash_text(k)}:{_hash_text(v)};" for k, v in sorted_items(value)) + "}"
        )
    if isinstance(value, (TfList, TfSet)):
        return "[" + "".join(f"{_hash_text(v)};" for v in value) + "]"
    if isinstance(value, dict):
        return "<" + "".join(f"{_hash_text(v)};" for _, v in sorted_items(value)) + ">"
    if isinstance(value, list):
        return "<" + "".join(f"{_hash_text(v)};" for v in value) + ">"
    return "?"


def _sort_numbers(values: list[Value]) -> None:
    import functools

    values.sort(key=functools.cmp_to_key(compare))


# -- unification (go-cty convert/unify.go) --------------------------------------------------


def unify_types(types: list[Type]) -> Type | None:
    """The type all `types` can convert to, or None (go-cty UnifyUnsafe)."""
    types = [t for t in types if t.kind != "unknown"]
    if not types:
        return DYNAMIC
    if all(t == types[0] for t in types):
        return types[0]
    counts = {kind: sum(1 for t in types if t.kind == kind) for kind in _STRUCTURAL}
    dynamic = sum(1 for t in types if t.kind == "dynamic")
    total = len(types)
    if counts["map"] and counts["map"] + dynamic == total:
        return _unify_collections("map", types, dynamic)
    if counts["map"] and counts["map"] + counts["object"] + dynamic == total:
        unified = _unify_objects_as_maps(types)
        if unified is not None:
            return unified
    elif counts["list"] and counts["list"] + dynamic == total:
        return _unify_collections("list", types, dynamic)
    elif counts["list"] and counts["list"] + counts["tuple"] + dynamic == total:
        unified = _unify_tuples_as_list(types)
        if unified is not None:
            return unified
    elif counts["set"] and counts["set"] + dynamic == total:
        return _unify_collections("set", types, dynamic)
    elif counts["object"] and counts["object"] + dynamic == total:
        return _unify_objects(types, dynamic)
    elif counts["tuple"] and counts["tuple"] + dynamic == total:
        return _unify_tuples(types, dynamic)
    elif counts["object"] and counts["tuple"]:
        return None
    for wanted in _preference_order(types):
        if all(t == wanted or can_convert(t, wanted) for t in types):
            return wanted
    return None


_STRUCTURAL = ("map", "list", "set", "object", "tuple")


def _unify_collections(kind: str, types: list[Type], dynamic: int) -> Type | None:
    if dynamic:
        return DYNAMIC
    element = unify_types([t.element or DYNAMIC for t in types])
    if element is None:
        return None
    result = Type(kind, element)
    return result if all(t == result or can_convert(t, result) for t in types) else None


def _unify_objects_as_maps(types: list[Type]) -> Type | None:
    objects = [t for t in types if t.kind == "object"]
    as_map = _unify_objects_to_map(objects)
    if as_map is None:
        return None
    unified = unify_types([as_map if t.kind == "object" else t for t in types])
    return unified if unified is not None and unified.kind == "map" else None


def _unify_tuples_as_list(types: list[Type]) -> Type | None:
    tuples = [t for t in types if t.kind == "tuple"]
    as_list = _unify_tuples_to_list(tuples)
    if as_list is None:
        return None
    unified = unify_types([as_list if t.kind == "tuple" else t for t in types])
    return unified if unified is not None and unified.kind == "list" else None


def _unify_objects(types: list[Type], dynamic: int) -> Type | None:
    if dynamic:
        return DYNAMIC
    first = types[0].attribute_types()
    for other in types[1:]:
        names = other.attribute_types()
        if len(names) != len(first) or any(n not in first for n in names):
            return _unify_objects_to_map(types)
    attributes: dict[str, Type] = {}
    for name in first:
        unified = unify_types([t.attribute_types()[name] for t in types])
        if unified is None:
            return None
        attributes[name] = unified
    result = object_of(attributes)
    if all(t == result or can_convert(t, result) for t in types):
        return result
    return _unify_objects_to_map(types)


def _unify_objects_to_map(types: list[Type]) -> Type | None:
    element = unify_types([a for t in types for _, a in t.attributes])
    if element is None:
        return None
    result = map_of(element)
    return result if all(t == result or can_convert(t, result) for t in types) else None


def _unify_tuples(types: list[Type], dynamic: int) -> Type | None:
    if dynamic:
        return DYNAMIC
    width = len(types[0].elements)
    if any(len(t.elements) != width for t in types[1:]):
        return _unify_tuples_to_list(types)
    elements: list[Type] = []
    for index in range(width):
        unified = unify_types([t.elements[index] for t in types])
        if unified is None:
            return None
        elements.append(unified)
    result = tuple_of(elements)
    if all(t == result or can_convert(t, result) for t in types):
        return result
    return _unify_tuples_to_list(types)


def _unify_tuples_to_list(types: list[Type]) -> Type | None:
    element = unify_types([e for t in types for e in t.elements])
    if element is None:
        return None
    result = list_of(element)
    return result if all(t == result or can_convert(t, result) for t in types) else None


def _preference_order(types: list[Type]) -> list[Type]:
    """go-cty sortTypes: a topological order of "more general than"."""
    count = len(types)
    edges: list[list[int]] = [[] for _ in types]
    for i in range(count - 1):
        for j in range(i + 1, count):
            order = _compare_types(types[i], types[j])
            if order < 0:
                edges[i].append(j)
            elif order > 0:
                edges[j].append(i)
    in_degree = [0] * count
    for outs in edges:
        for j in outs:
            in_degree[j] += 1
    queue = [i for i in range(count) if in_degree[i] == 0]
    result: list[int] = []
    while queue:
        i = queue.pop(0)
        result.append(i)
        for j in edges[i]:
            in_degree[j] -= 1
            if in_degree[j] == 0:
                queue.append(j)
    return [types[i] for i in result]


def _compare_types(a: Type, b: Type) -> int:
    if a.kind == "dynamic" or b.kind == "dynamic":
        if a.kind != "dynamic":
            return -1
        return 1 if b.kind != "dynamic" else 0
    if a.is_primitive and b.is_primitive:
        if a.kind == "string" or b.kind == "string":
            if a.kind != "string":
                return 1
            return -1 if b.kind != "string" else 0
        return 0
    if a.kind == b.kind and a.kind in ("list", "set", "map"):
        return _compare_types(a.element or DYNAMIC, b.element or DYNAMIC)
    swap = 1
    if (a.kind, b.kind) in (
        ("tuple", "list"),
        ("object", "map"),
        ("set", "tuple"),
        ("set", "list"),
    ):
        a, b, swap = b, a, -1
    if b.kind == "set" and a.kind in ("tuple", "list"):
        return -1 * swap
    if (a.kind, b.kind) in (("list", "tuple"), ("map", "object")):
        return -1 * swap
    if a.kind == "object" and b.kind == "object":
        first, second = a.attribute_types(), b.attribute_types()
        if len(first) != len(second) or any(k not in second for k in first):
            return 0
        orders = {_compare_types(first[k], second[k]) for k in first}
        if -1 in orders and 1 in orders:
            return 0
        if -1 in orders:
            return -1 * swap
        return 1 * swap if 1 in orders else 0
    if a.kind == "tuple" and b.kind == "tuple":
        if len(a.elements) != len(b.elements):
            return 0
        orders = {_compare_types(x, y) for x, y in zip(a.elements, b.elements, strict=True)}
        if -1 in orders and 1 in orders:
            return 0
        if -1 in orders:
            return -1 * swap
        return 1 * swap if 1 in orders else 0
    return 0


def can_convert(source: Type, target: Type) -> bool:
    """Whether go-cty has an (unsafe) conversion from `source` to `target`."""
    if source == target or target.kind in ("dynamic", "unknown"):
        return True
    if source.kind in ("dynamic", "unknown"):
        return True
    if source.is_primitive and target.is_primitive:
        return target.kind == "string" or source.kind == "string"
    if target.kind == "object" and source.kind == "object":
        present = source.attribute_types()
        return all(
            (name in present and can_convert(present[name], wanted)) or name in target.optional
            for name, wanted in target.attributes
        )
    if target.kind == "tuple" and source.kind == "tuple":
        return len(source.elements) == len(target.elements) and all(
            can_convert(s, t) for s, t in zip(source.elements, target.elements, strict=True)
        )
    if target.kind in ("list", "set") and source.kind in ("list", "set"):
        return can_convert(source.element or DYNAMIC, target.element or DYNAMIC)
    if target.kind == "map" and source.kind == "map":
        return can_convert(source.element or DYNAMIC, target.element or DYNAMIC)
    if target.kind in ("list", "set") and source.kind == "tuple":
        return _elements_convert(list(source.elements), target.element or DYNAMIC)
    if target.kind == "map" and source.kind == "object":
        return _elements_convert([t for _, t in source.attributes], target.element or DYNAMIC)
    if target.kind == "object" and source.kind == "map":
        element = source.element or DYNAMIC
        return all(can_convert(element, wanted) for _, wanted in target.attributes)
    return False


def _elements_convert(elements: list[Type], target: Type) -> bool:
    if not elements:
        return True
    if target.kind == "dynamic":
        unified = unify_types(elements)
        if unified is None:
            return False
        if unified.kind == "dynamic":
            return all(e.kind in ("dynamic", "unknown") for e in elements)
        return True
    return all(can_convert(e, target) for e in elements)


def unify_values(values: list[Value]) -> tuple[Type, list[Value]] | None:
    """The values converted to their unified type, or None when they have none."""
    unified = unify_types([type_of(v) for v in values])
    if unified is None:
        return None
    try:
        return unified, [convert(v, unified) for v in values]
    except ConversionError:
        return None


# -- equality and ordering ------------------------------------------------------------------


def values_equal(left: Value, right: Value) -> bool | Unknown:
    """The `==` operator: same type and same value; unknown when either is unknown."""
    if left is None or right is None:
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return UNKNOWN
        return left is None and right is None
    if not is_wholly_known(left) or not is_wholly_known(right):
        return UNKNOWN
    if type_of(left) != type_of(right):
        return False
    return _deep_equal(left, right)


def _deep_equal(left: Value, right: Value) -> bool:
    if isinstance(left, Num) and isinstance(right, Num):
        return numbers_equal(left, right)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(
            _deep_equal(a, b) for a, b in zip(left, right, strict=True)
        )
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_deep_equal(left[k], right[k]) for k in left)
    return bool(left == right) and type(left) is type(right)


def sorted_items(mapping: dict[str, Value]) -> list[tuple[str, Value]]:
    """A map's or object's items in cty's order (by key)."""
    return sorted(mapping.items())


def iterate(collection: Value) -> Iterator[tuple[Value, Value]]:
    """(key, value) pairs of a collection as a for-expression sees them."""
    if isinstance(collection, TfSet):
        for item in collection:
            yield item, item
    elif isinstance(collection, list):
        for index, item in enumerate(collection):
            yield Num.from_int(index), item
    elif isinstance(collection, dict):
        yield from sorted_items(collection)


# -- export to rules -----------------------------------------------------------------------


def export(value: Value) -> Any:
    """The value for rules: numbers as int/float, collections as plain list/dict."""
    if isinstance(value, Unknown):
        return UNKNOWN  # a resource object evaluated whole is unknown to rules
    if isinstance(value, Num):
        whole = value.as_int()
        if whole is not None:
            return whole
        return value.as_float() if value.is_inf else float(format_number(value))
    if isinstance(value, list):
        return [export(v) for v in value]
    if isinstance(value, dict):
        return {k: export(v) for k, v in sorted_items(value)}
    return value


def to_internal(value: Any) -> Value:
    """A rule's Python value as an evaluator value (ints and floats become numbers)."""
    from tfjudge.evaluate.numbers import literal_number

    if isinstance(value, bool) or value is None or isinstance(value, (str, Num)):
        return value
    if isinstance(value, (int, float)):
        return literal_number(value)
    if isinstance(value, (list, tuple)):
        converted = [to_internal(v) for v in value]
        return type(value)(converted) if isinstance(value, list) else converted
    if isinstance(value, dict):
        items = {str(k): to_internal(v) for k, v in value.items()}
        return TfMap(items) if isinstance(value, TfMap) else items
    return value
