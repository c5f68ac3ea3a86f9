"""Collection and conversion functions (go-cty stdlib/collection.go, sequence.go, set.go;
terraform funcs/collection.go, conversion.go)."""

from __future__ import annotations

import itertools
from typing import Any

from tfjudge.evaluate.expressions import EvalError, known, wholly_known
from tfjudge.evaluate.functions import Call, Param, function
from tfjudge.evaluate.functions.strings import grapheme_count, whole_number
from tfjudge.evaluate.numbers import INT_PREC, Num, add, compare
from tfjudge.evaluate.values import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    UNKNOWN,
    ConversionError,
    PartialString,
    TfList,
    TfMap,
    TfSet,
    Type,
    Unknown,
    Value,
    convert,
    is_wholly_known,
    list_of,
    make_set,
    map_of,
    set_of,
    sorted_items,
    type_of,
    unify_types,
    unify_values,
    values_equal,
)

_ANY = Param(DYNAMIC)
_ANY_NULL = Param(DYNAMIC, null=True)


def _is_sequence(value: Value) -> bool:
    return isinstance(value, list)


def _index_num(index: int) -> Num:
    return Num.from_int(index)


@function("length", Param(DYNAMIC, unknown=True))
def _length(call: Call, value: Value) -> Value:
    if isinstance(value, (Unknown, PartialString)):
        return UNKNOWN
    if isinstance(value, str):
        return Num.from_int(grapheme_count(value))
    if isinstance(value, (list, dict)):
        if isinstance(value, TfSet) and not is_wholly_known(value):
            return UNKNOWN
        return Num.from_int(len(value))
    raise EvalError("argument must be a string, a collection type, or a structural type")


@function("lookup", _ANY, STRING, variadic=Param(DYNAMIC, null=True))
def _lookup(call: Call, mapping: Value, key: str, *default: Value) -> Value:
    if len(default) > 1:
        raise EvalError("lookup() takes two or three arguments")
    if not isinstance(mapping, dict):
        raise EvalError("lookup() requires a map as the first argument")
    if isinstance(mapping, TfMap):
        element = type_of(mapping).element or DYNAMIC
        if default:
            try:
                convert(default[0], element)
            except ConversionError:
                raise EvalError(
                    "the default value must have the same type as the map elements"
                ) from None
        if key in mapping:
            return mapping[key]
        if default:
            return convert(default[0], element)
    else:
        if key in mapping:
            return mapping[key]
        if default:
            return default[0]
        raise EvalError(f'the given object has no attribute "{key}"')
    raise EvalError(f"lookup failed to find key {key}")


@function("merge", variadic=Param(DYNAMIC, null=True))
def _merge(call: Call, *maps: Value) -> Value:
    result: dict[str, Value] = {}
    types: list[Type] = []
    dynamic = False
    for value in maps:
        if value is None:
            dynamic = True
            continue
        if not isinstance(value, dict):
            raise EvalError("arguments must be maps or objects")
        types.append(type_of(value))
        result.update(value)
        call.check_size(len(result))
    same = not dynamic and bool(types) and all(t == types[0] for t in types)
    return TfMap(result) if same and isinstance(maps[0], TfMap) else result


@function("concat", variadic=_ANY)
def _concat(call: Call, *sequences: Value) -> Value:
    if not sequences:
        raise EvalError("at least one argument is required")
    for position, value in enumerate(sequences):
        if not isinstance(value, list) or isinstance(value, TfSet):
            raise EvalError(f"all arguments must be lists or tuples; argument {position} is not")
    if all(isinstance(v, TfList) for v in sequences):
        unified = unify_types([type_of(v) for v in sequences])
        if unified is not None and unified.kind == "list":
            items = [item for value in sequences for item in convert(value, unified)]
            call.check_size(len(items))
            return TfList(items, unified.element)
    items = [item for value in sequences for item in value]
    call.check_size(len(items))
    return items


@function("coalesce", variadic=Param(DYNAMIC, null=True, unknown=True))
def _coalesce(call: Call, *values: Value) -> Value:
    unified = unify_types([type_of(v) for v in values])
    if unified is None:
        raise EvalError("all arguments must have the same type")
    for value in values:
        if isinstance(value, (Unknown, PartialString)):
            return UNKNOWN
        if value is None:
            continue
        converted = convert(value, unified)
        if unified.kind == "string" and converted == "":
            continue
        return converted
    raise EvalError("no non-null, non-empty-string arguments")


@function("coalescelist", variadic=Param(DYNAMIC, null=True, unknown=True))
def _coalescelist(call: Call, *values: Value) -> Value:
    if not values:
        raise EvalError("at least one argument is required")
    for value in values:
        if value is not None and not isinstance(value, (list, Unknown)):
            raise EvalError("coalescelist arguments must be lists or tuples")
    for value in values:
        if isinstance(value, Unknown):
            return UNKNOWN
        if value is None:
            continue
        if len(value) > 0:
            return value
    raise EvalError("no non-null arguments")


@function("element", _ANY, NUMBER)
def _element(call: Call, sequence: Value, index: Num) -> Value:
    if isinstance(sequence, TfSet):
        raise EvalError("cannot read elements from set")
    if not isinstance(sequence, list):
        raise EvalError("cannot read elements from " + type_of(sequence).friendly())
    position = whole_number(index)
    if not sequence:
        raise EvalError("cannot use element function with an empty list")
    # Go's remainder keeps the sign of the index: -4 % 4 is 0, -5 % 4 is -1 (an error)
    wrapped = position % len(sequence) if position >= 0 else -(-position % len(sequence))
    if wrapped < 0:
        raise EvalError("cannot use element function with a negative index")
    return sequence[wrapped]


@function("index", _ANY, _ANY)
def _index(call: Call, sequence: Value, value: Value) -> Value:
    if not isinstance(sequence, list) or isinstance(sequence, TfSet):
        raise EvalError("argument must be a list or tuple")
    for position, item in enumerate(sequence):
        equal = values_equal(value, item)
        if isinstance(equal, Unknown):
            return UNKNOWN
        if equal:
            return Num.from_int(position)
    raise EvalError("item not found")


@function("keys", _ANY)
def _keys(call: Call, mapping: Value) -> Value:
    if not isinstance(mapping, dict):
        raise EvalError("must have map or object type")
    names = sorted(mapping)
    return TfList(names, STRING) if isinstance(mapping, TfMap) else names


@function("values", _ANY)
def _values(call: Call, mapping: Value) -> Value:
    if not isinstance(mapping, dict):
        raise EvalError("values() requires a map as the first argument")
    items = [v for _, v in sorted_items(mapping)]
    return TfList(items, mapping.element) if isinstance(mapping, TfMap) else items


def _to(target: Type) -> Any:
    def conversion(call: Call, value: Value) -> Value:
        if value is None:
            return None
        if isinstance(value, (Unknown, PartialString)):
            if target.kind == "string" and isinstance(value, PartialString):
                return value
            return UNKNOWN
        if target.kind == "set" and not is_wholly_known(value):
            return UNKNOWN
        try:
            return convert(value, target)
        except ConversionError as error:
            raise EvalError(f'Invalid value for "v" parameter: {error}') from None

    return conversion


_CONVERSION_PARAM = Param(DYNAMIC, null=True, unknown=True, partial=True)
function("tolist", _CONVERSION_PARAM)(_to(list_of(DYNAMIC)))
function("toset", _CONVERSION_PARAM)(_to(set_of(DYNAMIC)))
function("tomap", _CONVERSION_PARAM)(_to(map_of(DYNAMIC)))
function("tonumber", _CONVERSION_PARAM)(_to(NUMBER))
function("tobool", _CONVERSION_PARAM)(_to(BOOL))


@function("zipmap", list_of(STRING), _ANY)
def _zipmap(call: Call, keys: list[Value], values: Value) -> Value:
    if not isinstance(values, list) or isinstance(values, TfSet):
        raise EvalError("values must be a list or tuple")
    if len(keys) != len(values):
        raise EvalError(
            f"number of keys ({len(keys)}) does not match number of values ({len(values)})"
        )
    result: dict[str, Value] = {}
    for key, value in zip(keys, values, strict=True):
        if key is None:
            raise EvalError("keys must not be null")
        result[known(key)] = value
    return TfMap(result, values.element) if isinstance(values, TfList) else result


@function("flatten", _ANY)
def _flatten(call: Call, sequence: Value) -> Value:
    if not isinstance(sequence, list):
        raise EvalError("can only flatten lists, sets and tuples")
    out: list[Value] = []
    _flatten_into(call, sequence, out, 0)
    return out


def _flatten_into(call: Call, sequence: list[Value], out: list[Value], depth: int) -> None:
    if depth > call.interpreter.limits.depth:
        known(UNKNOWN)
    for item in sequence:
        if isinstance(item, Unknown):
            known(UNKNOWN)
        if isinstance(item, list):
            _flatten_into(call, item, out, depth + 1)
        else:
            out.append(item)
            call.check_size(len(out))


@function("distinct", list_of(DYNAMIC))
def _distinct(call: Call, sequence: list[Value]) -> Value:
    wholly_known(sequence)
    unique: list[Value] = []
    for item in sequence:
        if not any(values_equal(item, seen) is True for seen in unique):
            unique.append(item)
    return TfList(unique, getattr(sequence, "element", None))


@function("contains", _ANY, _ANY_NULL)
def _contains(call: Call, sequence: Value, value: Value) -> Value:
    if not isinstance(sequence, list):
        raise EvalError("argument must be list, tuple, or set")
    if not sequence:
        return False
    if isinstance(value, (Unknown, PartialString)):
        return UNKNOWN
    unknown = False
    for item in sequence:
        equal = values_equal(value, item)
        if isinstance(equal, Unknown):
            unknown = True
        elif equal:
            return True
    return UNKNOWN if unknown else False


@function("compact", list_of(STRING))
def _compact(call: Call, sequence: list[Value]) -> Value:
    out = []
    for item in sequence:
        if isinstance(item, (Unknown, PartialString)):
            return UNKNOWN
        if item is None or item == "":
            continue
        out.append(item)
    return TfList(out, STRING)


@function("chunklist", list_of(DYNAMIC), NUMBER)
def _chunklist(call: Call, sequence: list[Value], size_value: Num) -> Value:
    size = whole_number(size_value)
    if size < 0:
        raise EvalError("the size argument must be positive")
    element = getattr(sequence, "element", None)
    chunk_type = list_of(element or DYNAMIC)
    if not sequence:
        return TfList(element=chunk_type)
    if size == 0:
        return TfList([TfList(sequence, element)], chunk_type)
    return TfList(
        (TfList(sequence[i : i + size], element) for i in range(0, len(sequence), size)),
        chunk_type,
    )


@function("range", variadic=NUMBER)
def _range(call: Call, *args: Num) -> Value:
    zero = Num(0, INT_PREC)
    if len(args) == 1:
        start, end = zero, args[0]
        step = Num(-1 if compare(args[0], zero) < 0 else 1, INT_PREC)
    elif len(args) == 2:
        start, end = args
        step = Num(-1 if compare(end, start) < 0 else 1, INT_PREC)
    elif len(args) == 3:
        start, end, step = args
    else:
        raise EvalError("must have one, two, or three arguments")
    down = compare(step, zero) < 0
    if down and compare(end, start) > 0:
        raise EvalError("end must be less than start when step is negative")
    if not down and compare(end, start) < 0:
        raise EvalError("end must be greater than start when step is positive")
    values: list[Value] = []
    number = start
    while (compare(number, end) > 0) if down else (compare(number, end) < 0):
        if len(values) >= 1024:
            raise EvalError("more than 1024 values were generated")
        values.append(number)
        number = add(number, step)
    return TfList(values, NUMBER)


@function("reverse", _ANY)
def _reverse(call: Call, sequence: Value) -> Value:
    if not isinstance(sequence, list):
        raise EvalError("can only reverse list or tuple values")
    items = list(reversed(sequence))
    return items if type(sequence) is list else TfList(items, getattr(sequence, "element", None))


@function("slice", _ANY, NUMBER, NUMBER)
def _slice(call: Call, sequence: Value, start_value: Num, end_value: Num) -> Value:
    if not isinstance(sequence, list) or isinstance(sequence, TfSet):
        raise EvalError("must be a list or tuple value")
    start, end = whole_number(start_value), whole_number(end_value)
    if start < 0:
        raise EvalError("start index must not be less than zero")
    if end > len(sequence):
        raise EvalError("end index must not be greater than the length of the list")
    if end < start:
        raise EvalError("end index must not be less than start index")
    items = sequence[start:end]
    return TfList(items, sequence.element) if isinstance(sequence, TfList) else items


@function("sort", list_of(STRING))
def _sort(call: Call, sequence: list[Value]) -> Value:
    wholly_known(sequence)
    if any(item is None for item in sequence):
        raise EvalError("a null string cannot be sorted")
    return TfList(sorted(sequence), STRING)


@function("one", _ANY)
def _one(call: Call, sequence: Value) -> Value:
    if not isinstance(sequence, list):
        raise EvalError("must be a list, set, or tuple value")
    if len(sequence) > 1:
        raise EvalError("must be a list, set, or tuple value with either zero or one elements")
    return sequence[0] if sequence else None


@function("sum", _ANY)
def _sum(call: Call, sequence: Value) -> Value:
    if not isinstance(sequence, list):
        raise EvalError("cannot sum noniterable")
    if not sequence:
        raise EvalError("cannot sum an empty list")
    numbers: list[Num] = []
    for item in sequence:
        if item is None:
            raise EvalError("argument must be list, set, or tuple of number values")
        converted = convert(known(item), NUMBER)
        numbers.append(converted)
    total = numbers[0]
    for number in numbers[1:]:
        total = add(total, number)
    return total


@function("alltrue", list_of(BOOL))
def _alltrue(call: Call, sequence: list[Value]) -> Value:
    for item in sequence:
        if item is None:
            return False
        if not known(item):
            return False
    return True


@function("anytrue", list_of(BOOL))
def _anytrue(call: Call, sequence: list[Value]) -> Value:
    unknown = False
    for item in sequence:
        if isinstance(item, Unknown):
            unknown = True
        elif item:
            return True
    return UNKNOWN if unknown else False


@function("transpose", map_of(list_of(STRING)))
def _transpose(call: Call, mapping: dict[str, Value]) -> Value:
    wholly_known(mapping)
    result: dict[str, list[str]] = {}
    for key, values in sorted_items(mapping):
        for value in values or ():
            if value is None:
                raise EvalError("input must not contain null list elements")
            result.setdefault(value, []).append(key)
    return TfMap({k: TfList(v, STRING) for k, v in result.items()}, list_of(STRING))


@function("matchkeys", list_of(DYNAMIC), list_of(DYNAMIC), list_of(DYNAMIC))
def _matchkeys(call: Call, values: list[Value], keys: list[Value], search: list[Value]) -> Value:
    wholly_known([values, keys, search])
    if len(values) != len(keys):
        raise EvalError("length of keys and values should be equal")
    out = [
        value
        for value, key in zip(values, keys, strict=True)
        if any(values_equal(key, s) is True for s in search)
    ]
    return TfList(out, getattr(values, "element", None))


def _as_set(call: Call, value: Value) -> TfSet:
    if not isinstance(value, list):
        raise EvalError("a set is required")
    wholly_known(value)
    unified = unify_values(list(value))
    if unified is None:
        raise EvalError("all elements must have the same type")
    element = getattr(value, "element", None) or unified[0]
    return make_set(unified[1], element if element.kind not in ("dynamic", "unknown") else None)


def _set_result(call: Call, sets: tuple[Value, ...], pick: Any) -> Value:
    converted = [_as_set(call, s) for s in sets]
    types = [type_of(s).element or DYNAMIC for s in converted]
    element = unify_types(types)
    if element is None:
        raise EvalError("given sets must all have compatible element types")
    known_type = element if element.kind not in ("dynamic", "unknown") else None
    result = pick([make_set((convert(i, element) for i in s), known_type) for s in converted])
    return make_set((convert(item, element) for item in result), known_type)


@function("setunion", _ANY, variadic=_ANY)
def _setunion(call: Call, *sets: Value) -> Value:
    return _set_result(call, sets, lambda all_sets: [i for s in all_sets for i in s])


@function("setintersection", _ANY, variadic=_ANY)
def _setintersection(call: Call, *sets: Value) -> Value:
    def pick(all_sets: list[TfSet]) -> list[Value]:
        return [
            item
            for item in all_sets[0]
            if all(any(values_equal(item, o) is True for o in other) for other in all_sets[1:])
        ]

    return _set_result(call, sets, pick)


@function("setsubtract", _ANY, _ANY)
def _setsubtract(call: Call, first: Value, second: Value) -> Value:
    def pick(all_sets: list[TfSet]) -> list[Value]:
        return [
            item
            for item in all_sets[0]
            if not any(values_equal(item, o) is True for o in all_sets[1])
        ]

    return _set_result(call, (first, second), pick)


@function("setproduct", variadic=_ANY)
def _setproduct(call: Call, *sets: Value) -> Value:
    if not sets:
        raise EvalError("at least two arguments are required")
    for value in sets:
        if not isinstance(value, list):
            raise EvalError("a set or a list is required")
        wholly_known(value)
    size = 1
    for value in sets:
        size *= len(value)
    call.check_size(size)
    combos = [list(c) for c in itertools.product(*sets)]
    if all(isinstance(s, TfSet) for s in sets):
        return make_set(combos)
    return TfList(combos)


@function("sensitive", Param(DYNAMIC, null=True, unknown=True, partial=True))
def _sensitive(call: Call, value: Value) -> Value:
    return value


@function("nonsensitive", Param(DYNAMIC, null=True, unknown=True, partial=True))
def _nonsensitive(call: Call, value: Value) -> Value:
    return value


@function("issensitive", Param(DYNAMIC, null=True, unknown=True, partial=True))
def _issensitive(call: Call, value: Value) -> Value:
    return False
