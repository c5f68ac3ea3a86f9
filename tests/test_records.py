"""`record` behaves as `dataclasses.dataclass` with the same options: each class shape is
defined twice, once with each decorator, and the two must agree."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from tfjudge.records import record

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


def _hash_only_id(decorate: Any) -> type:
    @decorate
    class Keyed:
        id: str
        cached: int = dataclasses.field(default=0, hash=False)

    return Keyed


SHAPES = [_point, _single, _empty, _hash_only_id]


def _instances(cls: type) -> list[Any]:
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    samples: dict[str, list[Any]] = {
        "x": [1, 1, 2],
        "y": [[1], [1], [2]],
        "note": ["a", "b", "a"],
        "value": [1.5, 1.5, float("nan")],
        "id": ["a", "a", "b"],
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
        assert repr(b).replace(actual.__qualname__, "X") == repr(a).replace(
            expected.__qualname__, "X"
        )
    for i in range(3):
        for j in range(3):
            assert (new[i] == new[j]) == (old[i] == old[j])
            if expected.__hash__ is not None and options.get("eq", True):
                assert _same_hash(new[i], new[j]) == _same_hash(old[i], old[j])
    assert new[0] != object()
    names = [f.name for f in dataclasses.fields(actual)]
    if options.get("frozen") and names:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(new[0], names[0], 5)
    if options.get("slots"):
        assert not hasattr(new[0], "__dict__")


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
