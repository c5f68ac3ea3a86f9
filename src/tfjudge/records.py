"""`record`: a `dataclasses.dataclass` that costs a third as much to define.

Python 3.11's `dataclasses` writes each method it adds as source text and compiles it:
about 0.2 ms a method, and a frozen class with equality gets six (`__init__`, `__repr__`,
`__eq__`, `__hash__`, `__setattr__`, `__delattr__`). tfjudge defines about a hundred such
classes, so start-up spent more CPU compiling them than on anything else (56 % of the
instructions of `import tfjudge.cli` and the rules). `__repr__`, `__eq__` and `__hash__`
only read the fields in order, so `record` makes them closures over the field names, with
no compiling, and leaves the rest to `dataclasses`.

They behave as the generated ones do: the same repr text (`...` on recursion), equality
only between instances of the same class comparing the `compare` fields as tuples, hashing
by those fields when the class is frozen, `__hash__ = None` when it is not, and a method
written in the class body wins over all of them. `dataclasses.fields`, `replace` and
`is_dataclass` work as before: the class is a dataclass.

    @record(frozen=True)
    class Point:
        x: int
        y: int = 0
"""

from __future__ import annotations

import dataclasses
import operator
import reprlib
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(
    *, eq: bool = True, frozen: bool = False, slots: bool = False
) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def record(
    cls: type[T] | None = None, /, *, eq: bool = True, frozen: bool = False, slots: bool = False
) -> type[T] | Callable[[type[T]], type[T]]:
    """`dataclass(cls, eq=..., frozen=..., slots=...)` with shared `__repr__`, `__eq__` and
    `__hash__`."""

    def define(cls: type[T]) -> type[T]:
        return _define(cls, eq=eq, frozen=frozen, slots=slots)

    return define if cls is None else define(cls)


def _define(cls: type[T], *, eq: bool, frozen: bool, slots: bool) -> type[T]:
    body = dict(cls.__dict__)  # what the class itself defines (slots=True makes a new class)
    made = dataclasses.dataclass(cls, repr=False, eq=False, frozen=frozen, slots=slots)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    if "__repr__" not in body:
        _attach(made, _repr_of(tuple(f.name for f in fields if f.repr)))
    if not eq:
        return made
    if "__eq__" not in body:
        _attach(made, _eq_of(tuple(f.name for f in fields if f.compare)))
    # dataclasses' rule: a __hash__ written in the body stays; Python's implicit
    # `__hash__ = None` beside a written __eq__ does not count as written
    written = body.get("__hash__", dataclasses.MISSING)
    if written is dataclasses.MISSING or (written is None and "__eq__" in body):
        if frozen:
            hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
            _attach(made, _hash_of(tuple(hashed)))
        else:
            made.__hash__ = None  # type: ignore[assignment]
    return made


def _attach(cls: type, method: Callable[..., Any]) -> None:
    method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
    setattr(cls, method.__name__, method)


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The instance's values of `names`, as a tuple (what the generated methods compare)."""
    if len(names) >= 2:
        return operator.attrgetter(*names)
    if len(names) == 1:
        get = operator.attrgetter(names[0])
        return lambda instance: (get(instance),)
    return lambda instance: ()


def _repr_of(names: tuple[str, ...]) -> Callable[[Any], str]:
    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


def _eq_of(names: tuple[str, ...]) -> Callable[[Any, object], Any]:
    values = _values(names)

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash_of(names: tuple[str, ...]) -> Callable[[Any], int]:
    values = _values(names)

    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__
