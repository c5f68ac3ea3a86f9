"""Derived facts, built once per analysis on first use and shared by every rule.

A stage that derives something from the parsed answer (the evaluator, the schema of the
types used, the policy model, the JSON documents inside the configuration) registers a
factory for its type with `@fact`; rules ask for it with `ctx.get(Type)`. Adding a fact
never means editing the rule context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext

T = TypeVar("T")
FACTORIES: dict[type[Any], Callable[[RuleContext], Any]] = {}


def fact(kind: type[T]) -> Callable[[Callable[[RuleContext], T]], Callable[[RuleContext], T]]:
    """Register the decorated function as the way to build `kind` from a rule context."""

    def register(factory: Callable[[RuleContext], T]) -> Callable[[RuleContext], T]:
        FACTORIES[kind] = factory
        return factory

    return register
