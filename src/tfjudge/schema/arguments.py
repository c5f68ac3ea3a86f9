"""Arguments that exclude or need each other, as the AWS provider enforces them.

The schema JSON does not carry the provider's `ConflictsWith`, `ExactlyOneOf` and
`AtLeastOneOf` rules (nor the plugin framework's validators of that kind); terraform
validate enforces them. `scripts/make_argument_rules.py` asked the provider for them and
wrote `data/schema/aws/<version>/arguments.json`: per type, pairs of arguments that cannot
both be set, and groups of which at most one, or at least one, must be set. A nested
argument is written `block.argument` (the SDK's `block.0.argument`: the first block).

Whether an argument is set follows the provider's validation: written with a value that is
not null; a value validate does not know (a variable, a reference) defers the check, as a
`dynamic` block does for a block.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from functools import cache
from typing import Any

from tfjudge.parse.hcl.ast import Attribute, Block, Body
from tfjudge.records import record
from tfjudge.schema.values import Value, static_value
from tfjudge.shipped import DATA, load_json

SOURCE_VERSION = "5.100.0"  # the provider release the rules were read from


class State(Enum):
    SET = "set"
    UNSET = "unset"
    UNKNOWN = "unknown"


@record(frozen=True)
class OneOf:
    arguments: tuple[str, ...]
    at_most_one: bool
    at_least_one: bool


@record(frozen=True)
class ArgumentRules:
    conflicts: tuple[tuple[str, str], ...] = ()
    one_of: tuple[OneOf, ...] = ()
    # an argument and the group it needs set with it (the SDK's RequiredWith)
    all_of: tuple[tuple[str, tuple[str, ...]], ...] = ()


NO_RULES = ArgumentRules()


@cache
def _data() -> dict[str, Any]:
    path = DATA / "schema" / "aws" / SOURCE_VERSION / "arguments.json"
    if not path.is_file():
        return {}
    types: dict[str, Any] = load_json(path)["types"]
    return types


@cache
def argument_rules(kind: str, type_name: str) -> ArgumentRules:
    """The rules of a resource (`kind` "resource") or data source ("data") type."""
    entry = _data().get(f"{kind}.{type_name}")
    if entry is None:
        return NO_RULES
    conflicts = tuple((a, b) for a, b in entry.get("conflicts", ()))
    groups = tuple(
        OneOf(
            tuple(group["arguments"]),
            bool(group.get("at_most_one")),
            bool(group.get("at_least_one")),
        )
        for group in entry.get("one_of", ())
    )
    together = tuple((need["when"], tuple(need["arguments"])) for need in entry.get("all_of", ()))
    return ArgumentRules(conflicts, groups, together)


@record(frozen=True)
class Setting:
    """An argument as written in one block: its state, and where it is (when written)."""

    path: str
    state: State
    at: Attribute | Block | None = None


def setting(block: Block, path: str) -> Setting:
    """Whether `path` (`name` or `block.name`) is set in `block`."""
    body: Body = block.body
    *parents, name = path.split(".")
    for parent in parents:  # the first such block, as the SDK's `block.0.name` names it
        if any(d.labels[:1] == (parent,) for d in body.blocks_of("dynamic")):
            return Setting(path, State.UNKNOWN)
        nested = body.blocks_of(parent)
        if not nested:
            return Setting(path, State.UNSET)
        inner = nested[0]
        body = inner.body
        if not _block_known(inner):
            return Setting(path, State.UNKNOWN)  # the SDK skips a block it does not wholly know
    attribute = body.attributes.get(name)
    if attribute is not None:
        return Setting(path, _state(static_value(attribute.expr)), attribute)
    if any(d.labels[:1] == (name,) for d in body.blocks_of("dynamic")):
        return Setting(path, State.UNKNOWN)
    written = body.blocks_of(name)
    return Setting(path, State.SET, written[0]) if written else Setting(path, State.UNSET)


def _block_known(block: Block) -> bool:
    """Whether validate knows every value in the block (no variable, reference or
    `dynamic` block inside): the provider checks what is inside a block only then."""
    for nested in block.walk_blocks():
        if nested.type == "dynamic":
            return False
        if any(
            _state(static_value(a.expr)) is State.UNKNOWN for a in nested.body.attributes.values()
        ):
            return False
    return True


def _written_names(block: Block) -> set[str]:
    """The arguments and blocks written at the top of `block` (a `dynamic` one by its label)."""
    body = block.body
    names = set(body.attributes)
    names.update(b.labels[0] if b.type == "dynamic" and b.labels else b.type for b in body.blocks)
    return names


def _head(path: str) -> str:
    return path.split(".", 1)[0]


def _state(value: Value | None) -> State:
    if value is None:
        return State.UNKNOWN
    if value.kind == "null":
        return State.UNSET
    return State.SET if _wholly_known(value) else State.UNKNOWN


def _wholly_known(value: Value | None) -> bool:
    if value is None or not value.known or not value.complete:
        return False
    items = [*value.items, *value.attributes.values()]
    return all(_wholly_known(item) for item in items)  # false, 0, "" and [] are set too


def holder(block: Block, path: str) -> Block | None:
    """The block that holds `path`: `block` itself for a top-level argument, the first
    nested block of its name for `name.argument` (the SDK's `name.0.argument`); None when
    that block is not written."""
    for parent in path.split(".")[:-1]:
        nested = block.body.blocks_of(parent)
        if not nested:
            return None
        block = nested[0]
    return block


@record(frozen=True)
class Violation:
    """A rule a block breaks: "conflict", "at_most_one", "at_least_one" or "all_of"; the
    arguments of the rule, and the settings that break it (those set, or for at_least_one,
    all; for all_of, those set without the others)."""

    kind: str
    arguments: tuple[str, ...]
    settings: tuple[Setting, ...]


def violations(block: Block, rules: ArgumentRules) -> Iterator[Violation]:
    """The rules the block breaks, as far as validate knows its values."""
    written = _written_names(block)
    for pair in rules.conflicts:
        if not all(_head(path) in written for path in pair):
            continue  # one of them is not even written: nothing to evaluate
        settings: tuple[Setting, ...] = (setting(block, pair[0]), setting(block, pair[1]))
        if all(s.state is State.SET for s in settings):
            yield Violation("conflict", pair, settings)
    for group in rules.one_of:
        mentioned = sum(_head(path) in written for path in group.arguments)
        if not group.at_least_one and mentioned < 2:
            continue  # at most one, and fewer than two are written
        settings = tuple(setting(block, path) for path in group.arguments)
        given = tuple(s for s in settings if s.state is State.SET)
        unknown = any(s.state is State.UNKNOWN for s in settings)
        if group.at_most_one and len(given) > 1:
            yield Violation("at_most_one", group.arguments, given)
        elif (
            group.at_least_one
            and not given
            and not unknown
            and holder(block, group.arguments[0]) is not None
        ):
            yield Violation("at_least_one", group.arguments, settings)
    for when, together in rules.all_of:
        if _head(when) not in written:
            continue
        # validate asks for the partners of an argument written with any value but null, a
        # value it does not know yet included
        asking = setting(block, when)
        if asking.state is State.UNSET:
            continue
        settings = tuple(setting(block, path) for path in together if path != when)
        if any(s.state is State.UNSET for s in settings):
            given = (asking, *(s for s in settings if s.state is not State.UNSET))
            yield Violation("all_of", together, given)
