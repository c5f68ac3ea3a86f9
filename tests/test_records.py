"""`record` behaves as `dataclasses.dataclass` with the same options: each class shape is
defined twice, once with each decorator, and the two must agree."""

from __future__ import annotations

import copy
import dataclasses
import operator
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from tfjudge.records import record

NAN = float("nan")  # one object: equal to itself inside tuples, as dataclasses compare

OPTIONS = [
    {},
    {"eq": False},
    {"frozen": True},
    {"frozen": True, "eq": False},
    {"slots": True},
    {"eq": False, "slots": True},
    {"frozen": True, "slots": True},
]


def _both(shape: Callable[[Any], type], options: dict[str, bool]) -> tuple[type, type]:
    return shape(dataclasses.dataclass(**options)), shape(record(**options))


def _point(decorate: Any) -> type:
    @decorate
    class Point:
        x: int
        y: list[int] = dataclasses.field(default_factory=list)
        note: str = dataclasses.field(default="", repr=False, compare=False)

    return Point


def _single(decorate: Any) -> type:
    @decorate
    class Single:
        value: float

    return Single


def _empty(decorate: Any) -> type:
    @decorate
    class Empty:
        pass

    return Empty


def _not_in_init(decorate: Any) -> type:
    @decorate
    class Counted:
        x: int
        seen: list[int] = dataclasses.field(default_factory=list, init=False)
        level: int = dataclasses.field(default=3, init=False)
        bare: int = dataclasses.field(init=False)

        def __post_init__(self) -> None:
            self.seen.append(self.x)  # the factory's list exists by now

    return Counted


def _hash_only_id(decorate: Any) -> type:
    @decorate
    class Keyed:
        id: str
        cached: int = dataclasses.field(default=0, hash=False)

    return Keyed


SHAPES = [_point, _single, _empty, _not_in_init, _hash_only_id]


def _instances(cls: type) -> list[Any]:
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    samples: dict[str, list[Any]] = {
        "x": [1, 1, 2],
        "y": [[1], [1], [2]],
        "note": ["a", "b", "a"],
        "value": [1.5, 1.5, NAN],
        "id": ["a", "a", "b"],
        "seen": [[], [], []],
        "cached": [1, 2, 1],
    }
    return [cls(**{n: samples[n][i] for n in names}) for i in range(3)]


@pytest.mark.parametrize("options", OPTIONS, ids=str)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.__name__)
def test_same_behaviour_as_dataclass(
    shape: Callable[[Any], type], options: dict[str, bool]
) -> None:
    expected, actual = _both(shape, options)
    assert dataclasses.is_dataclass(actual)
    assert [f.name for f in dataclasses.fields(actual)] == [
        f.name for f in dataclasses.fields(expected)
    ]
    assert (actual.__hash__ is None) == (expected.__hash__ is None)
    old, new = _instances(expected), _instances(actual)
    for a, b in zip(old, new, strict=True):
        assert _attempt(_shown, b, actual) == _attempt(_shown, a, expected)
    for i in range(3):
        for j in range(3):
            assert _attempt(operator.eq, new[i], new[j]) == _attempt(operator.eq, old[i], old[j])
            if expected.__hash__ is not None and options.get("eq", True):
                assert _attempt(_same_hash, new[i], new[j]) == _attempt(_same_hash, old[i], old[j])
    assert new[0] != object()
    for a, b in zip(old, new, strict=True):
        assert _state(b) == _state(a)
        for duplicate in (copy.deepcopy, copy.copy):  # through __reduce_ex__, as pickle
            assert _attempt(_copied, duplicate, b) == _attempt(_copied, duplicate, a)
    names = [f.name for f in dataclasses.fields(actual)]
    if options.get("frozen") and names:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(new[0], names[0], 5)
    if options.get("slots"):
        assert not hasattr(new[0], "__dict__")


def _attempt(call: Callable[..., Any], *arguments: Any) -> tuple[str, Any]:
    """What a call gives: its value, or the kind of error it raises."""
    try:
        return "value", call(*arguments)
    except Exception as error:  # both decorators must fail the same way
        return "error", type(error).__name__


def _shown(instance: Any, cls: type) -> str:
    return repr(instance).replace(cls.__qualname__, "X")


def _copied(duplicate: Callable[[Any], Any], instance: Any) -> list[Any]:
    return _state(duplicate(instance))


def _state(instance: Any) -> list[Any]:
    """Every field's value, or the error reading it (a field __init__ leaves unset)."""
    values: list[Any] = []
    for f in dataclasses.fields(instance):
        try:
            values.append(getattr(instance, f.name))
        except AttributeError:
            values.append("unset")
    return values


def _same_hash(a: Any, b: Any) -> bool | str:
    try:
        return hash(a) == hash(b)
    except TypeError as error:  # a field holds a list: unhashable with either decorator
        return str(error)


def test_equality_is_between_instances_of_the_same_class() -> None:
    @record
    class A:
        x: int

    @record
    class B(A):
        pass

    assert A(1) == A(1)
    assert A(1) != B(1)
    assert A(1).__eq__(B(1)) is NotImplemented


def test_methods_written_in_the_body_win() -> None:
    @record(frozen=True)
    class Written:
        x: int

        def __repr__(self) -> str:
            return "written"

        def __eq__(self, other: object) -> bool:
            return True

        def __hash__(self) -> int:
            return 7

    assert repr(Written(1)) == "written"
    assert Written(1) == Written(2)
    assert hash(Written(1)) == 7


def test_an_eq_without_hash_in_the_body_still_gets_the_generated_hash() -> None:
    @record(frozen=True)
    class OwnEq:
        x: int

        def __eq__(self, other: object) -> bool:
            return isinstance(other, OwnEq) and other.x == self.x

    assert hash(OwnEq(1)) == hash(OwnEq(1))
    assert hash(OwnEq(1)) == hash((1,))


def test_recursive_repr_stops() -> None:
    @record
    class Node:
        children: list[Any]

    node = Node([])
    node.children.append(node)
    assert repr(node) == "test_recursive_repr_stops.<locals>.Node(children=[...])"


def test_inherited_fields_are_in_repr_and_equality() -> None:
    @record
    class Base:
        a: int

    @record
    class Child(Base):
        b: int = 0

    assert repr(Child(1, 2)).endswith("Child(a=1, b=2)")
    assert Child(1, 2) != Child(2, 2)
    assert Child.__repr__.__qualname__.endswith("Child.__repr__")


@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_the_same_calls_are_accepted_and_refused(options: dict[str, bool]) -> None:
    expected, actual = _both(_point, options)
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
        ((1,), {}),
        ((1, [2]), {}),
        ((), {"x": 1, "note": "n"}),
        ((1, [2], "n"), {}),
        ((), {}),  # x is missing
        ((1,), {"x": 2}),  # x twice
        ((1, [2], "n", 4), {}),  # too many
        ((1,), {"nope": 2}),  # no such parameter
    ]
    for args, kwargs in calls:
        try:
            made = expected(*args, **kwargs)
        except TypeError:
            with pytest.raises(TypeError):
                actual(*args, **kwargs)
            continue
        assert _state(actual(*args, **kwargs)) == _state(made)
    a, b = actual(1), actual(1)
    assert a.y is not b.y  # each instance gets its own list from the factory


def test_a_non_default_field_after_a_default_one_is_refused_at_definition() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

        @record
        class Wrong:
            a: int = 0
            b: int  # type: ignore[misc]


def test_a_frozen_class_may_not_write_its_own_setattr() -> None:
    with pytest.raises(TypeError, match="Cannot overwrite attribute __setattr__"):

        @record(frozen=True)
        class Wrong:
            a: int

            def __setattr__(self, name: str, value: object) -> None:
                pass


def test_initialiser_is_compiled_once_on_first_use() -> None:
    @record
    class Late:
        a: int

    placeholder = Late.__init__
    Late(1)
    compiled = Late.__init__
    assert compiled is not placeholder
    Late(2)
    assert Late.__init__ is compiled
    assert compiled.__qualname__.endswith("Late.__init__")


@record(frozen=True, slots=True)
class _FrozenSlots:
    a: int
    b: list[int] = dataclasses.field(default_factory=list)


@record(frozen=True)
class _Frozen:
    a: int


@record(slots=True)
class _Slots:
    a: int


@pytest.mark.parametrize("cls", [_FrozenSlots, _Frozen, _Slots])
def test_pickle_round_trip(cls: type) -> None:
    instance = cls(1)
    again = pickle.loads(pickle.dumps(instance))
    assert again == instance
    assert again is not instance


def test_an_undocumented_class_is_documented_by_its_field_names_without_its_signature() -> None:
    """dataclasses documents a class with inspect.signature(), which would build the lazy
    initialiser at definition; record names the fields instead."""

    @record
    class Bare:
        a: int
        b: str = ""

    placeholder = Bare.__init__
    assert Bare.__doc__ == "Bare(a, b)"
    assert Bare.__init__ is placeholder  # not compiled by the definition
