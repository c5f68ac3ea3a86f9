"""`record`: a `dataclasses.dataclass` that costs far less to define.

Python 3.11's `dataclasses` writes each method it adds as source text and compiles it:
about 0.1-0.2 ms a method, and a frozen class with equality gets six (`__init__`,
`__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`). tfjudge defines about a
hundred such classes, and compiling them was the largest single cost of its start-up.
`record` lets `dataclasses` collect the fields and add the rest, and makes these methods
itself:
- `__repr__`, `__eq__`, `__hash__` and a frozen class's `__setattr__`/`__delattr__` are
  closures over the field names: nothing is compiled;
- `__init__` is compiled from a shorter text, and only when the class is first
  instantiated: a run compiles the initialisers of the classes it uses, not of all.

They behave as the generated ones do: the same parameters, defaults and factories, frozen
fields set through `object.__setattr__`, `__post_init__` called; the same repr text (`...`
on recursion); equality only between instances of the same class, comparing the
`compare` fields as tuples; hashing by those fields when frozen, `__hash__ = None` when
not; a method written in the class body wins over all of them. `dataclasses.fields`,
`replace` and `is_dataclass` work as before: the class is a dataclass. `InitVar` and
keyword-only fields are not supported (tfjudge has none).

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
from functools import partial
from typing import Any, TypeVar, dataclass_transform, overload

from tfjudge import compile_cache

T = TypeVar("T")


class _Factory:
    """The default of a parameter whose field has a default factory."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


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
    """`dataclass(cls, eq=..., frozen=..., slots=...)` with methods that cost no compiling
    at definition."""

    def define(cls: type[T]) -> type[T]:
        return _define(cls, eq=eq, frozen=frozen, slots=slots)

    return define if cls is None else define(cls)


def _define(cls: type[T], *, eq: bool, frozen: bool, slots: bool) -> type[T]:
    body = dict(cls.__dict__)  # what the class itself defines (slots=True makes a new class)
    _refuse_unsupported(cls, body, frozen)
    undocumented = not cls.__doc__
    if undocumented:
        # dataclasses would document the class with inspect.signature(), which builds the
        # lazy __init__ and resolves every annotation: ~20 M instructions for one class
        cls.__doc__ = cls.__name__
    made = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=slots)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    names = tuple(f.name for f in fields)
    if undocumented:
        made.__doc__ = f"{cls.__name__}({', '.join(names)})"
    if "__init__" not in body:
        _check_order(fields)
        _attach(made, _lazy_init(made, fields, frozen, slots))
    if frozen:
        # dataclasses' frozen methods name the class as defined (before slots=True made a
        # new one): so do these
        _attach(made, _frozen_setattr(cls, frozenset(names)))
        _attach(made, _frozen_delattr(cls, frozenset(names)))
        if slots:  # unpickling and copying set the slots without __setattr__
            _attach(made, _getstate_of(names))
            _attach(made, _setstate_of(names))
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


def _refuse_unsupported(cls: type, body: dict[str, Any], frozen: bool) -> None:
    annotations = " ".join(str(t) for t in body.get("__annotations__", {}).values())
    keyword_only = any(
        isinstance(v, dataclasses.Field) and v.kw_only is True for v in body.values()
    )
    if "InitVar" in annotations or "KW_ONLY" in annotations or keyword_only:
        raise TypeError(f"record {cls.__name__}: InitVar and keyword-only fields are not supported")
    for name in ("__setattr__", "__delattr__"):
        if frozen and name in body:
            raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")


def _check_order(fields: tuple[dataclasses.Field[Any], ...]) -> None:
    """A parameter without a default cannot follow one with a default (dataclasses'
    error, at definition)."""
    seen_default = False
    for f in fields:
        if not f.init:
            continue
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")


def _attach(cls: type, method: Callable[..., Any]) -> None:
    method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
    method.__module__ = cls.__module__
    setattr(cls, method.__name__, method)


# -- __init__ ---------------------------------------------------------------------------


def _lazy_init(
    cls: type, fields: tuple[dataclasses.Field[Any], ...], frozen: bool, slots: bool
) -> Callable[..., None]:
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        compiled = _compile_init(cls, fields, frozen, slots)  # once: it replaces this one
        _attach(cls, compiled)
        compiled(self, *args, **kwargs)

    return __init__


def _compile_init(
    cls: type, fields: tuple[dataclasses.Field[Any], ...], frozen: bool, slots: bool
) -> Callable[..., None]:
    """The `__init__` dataclasses would write, compiled from the text it needs."""
    self_name = "__dataclass_self__" if any(f.name == "self" for f in fields) else "self"
    namespace: dict[str, Any] = {"_FACTORY": _FACTORY, "_setattr": object.__setattr__}
    parameters = [self_name]
    lines = []
    for f in fields:
        value = _field_value(f, namespace, parameters, slots)
        if value is None:
            continue
        if frozen:
            lines.append(f"_setattr({self_name}, {f.name!r}, {value})")
        else:
            lines.append(f"{self_name}.{f.name} = {value}")
    if hasattr(cls, "__post_init__"):
        lines.append(f"{self_name}.__post_init__()")
    text = f"def __init__({', '.join(parameters)}):\n" + "".join(
        f"    {line}\n" for line in lines or ["pass"]
    )
    # the same text for every class with the same fields: compiled once, across runs too
    exec(
        compile_cache.cached(("record __init__", text), partial(compile, text, "<string>", "exec")),
        namespace,
    )
    compiled: Callable[..., None] = namespace["__init__"]
    return compiled


def _field_value(
    f: dataclasses.Field[Any], namespace: dict[str, Any], parameters: list[str], slots: bool
) -> str | None:
    """The expression `__init__` assigns to the field (None: it assigns nothing), adding
    the field's parameter and the names the expression reads."""
    default = f"_dflt_{f.name}"
    has_factory = f.default_factory is not dataclasses.MISSING
    has_default = f.default is not dataclasses.MISSING
    if has_factory:
        namespace[default] = f.default_factory
    elif has_default:
        namespace[default] = f.default
    if not f.init:
        if has_factory:
            return f"{default}()"
        # the class attribute holds the default, unless slots replaced it by a descriptor
        return default if has_default and slots else None
    if has_factory:
        parameters.append(f"{f.name}=_FACTORY")
        return f"{default}() if {f.name} is _FACTORY else {f.name}"
    parameters.append(f"{f.name}={default}" if has_default else f.name)
    return f.name


# -- frozen -----------------------------------------------------------------------------


def _frozen_setattr(cls: type[Any], names: frozenset[str]) -> Callable[[Any, str, Any], None]:
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    return __setattr__


def _frozen_delattr(cls: type[Any], names: frozenset[str]) -> Callable[[Any, str], None]:
    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __delattr__


def _getstate_of(names: tuple[str, ...]) -> Callable[[Any], list[Any]]:
    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, name) for name in names]

    return __getstate__


def _setstate_of(names: tuple[str, ...]) -> Callable[[Any, list[Any]], None]:
    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=False):
            object.__setattr__(self, name, value)

    return __setstate__


# -- __repr__, __eq__, __hash__ ---------------------------------------------------------


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
