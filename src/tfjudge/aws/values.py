"""The ConstraintViolations fact: every constrained argument of every resource instance,
evaluated and checked against the constraint table.

The three value rules (aws.name-too-long, aws.invalid-name, aws.invalid-value) read one
scan: for each resource whose type the table knows, each instance of its `count` or
`for_each`, each constrained argument (through every static nested block on its path), the
evaluated value is checked. Identical problems of several instances are reported once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import field
from typing import TYPE_CHECKING

from tfjudge.aws.constraints import Constraint, Violation, check, constraint_table
from tfjudge.evaluate import Evaluator, Instance, References
from tfjudge.facts import fact
from tfjudge.parse.hcl.ast import Attribute, Block
from tfjudge.records import record

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext


@record(frozen=True, eq=False)
class Problem:
    """One violation of one argument of one resource, in one or more instances."""

    block: Block
    attribute: Attribute
    constraint: Constraint
    violation: Violation
    instances: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        where = f" (in {', '.join(self.instances[:3])})" if self.instances else ""
        return self.violation.message + where


@record
class ConstraintViolations:
    """Every constraint violation of the answer (a fact shared by the rules)."""

    problems: list[Problem] = field(default_factory=list)

    def of_rule(self, rule: str) -> list[Problem]:
        return [p for p in self.problems if p.violation.rule == rule]


def nested_attributes(block: Block, nesting: Sequence[str], name: str) -> Iterator[Attribute]:
    """The argument `name` in every static nested block along `nesting` (`rule.transition.x`
    in every `rule` and every `transition` of it)."""
    blocks = [block]
    for kind in nesting:
        blocks = [child for parent in blocks for child in parent.body.blocks_of(kind)]
    for current in blocks:
        attribute = current.body.attributes.get(name)
        if attribute is not None:
            yield attribute


def _instance_label(instance: Instance) -> str | None:
    if instance.expanded is None and not instance.context.address:
        return None
    return instance.address


def constrained_arguments(
    blocks: Iterable[Block], evaluator: Evaluator
) -> Iterator[tuple[Block, Constraint, Attribute, list[Instance]]]:
    """Each argument a constraint of the table governs, written in a resource that has
    instances (`count = 0`, an empty for_each: AWS never sees the values), with them."""
    table = constraint_table()
    for block in blocks:
        if block.type != "resource" or not block.labels:
            continue
        paths = table.paths_for_type(block.labels[0])
        if not paths:
            continue
        instances = evaluator.instances(block)
        if not instances:
            continue
        attributes = block.body.attributes
        for constraint, nesting, name in paths:
            if not nesting:  # most constrained arguments are the block's own
                attribute = attributes.get(name)
                if attribute is not None:
                    yield block, constraint, attribute, instances
                continue
            for attribute in nested_attributes(block, nesting, name):
                yield block, constraint, attribute, instances


def scan(blocks: list[Block], evaluator: Evaluator) -> list[Problem]:
    problems: list[Problem] = []
    for block, constraint, attribute, instances in constrained_arguments(blocks, evaluator):
        problems.extend(_problems(block, attribute, constraint, instances, evaluator))
    return problems


def _problems(
    block: Block,
    attribute: Attribute,
    constraint: Constraint,
    instances: list[Instance],
    evaluator: Evaluator,
) -> list[Problem]:
    found: dict[str, tuple[Violation, list[str]]] = {}
    candidates: list[Instance | None] = [*instances] or [None]
    for instance in candidates:
        value = evaluator.evaluate(attribute.expr, instance)
        for violation in check(constraint, value):
            label = _instance_label(instance) if instance is not None else None
            entry = found.setdefault(violation.message, (violation, []))
            if label:
                entry[1].append(label)
    return [
        Problem(block, attribute, constraint, violation, tuple(labels))
        for violation, labels in found.values()
    ]


@fact(ConstraintViolations)
def _constraint_violations(ctx: RuleContext) -> ConstraintViolations:
    references = ctx.get(References)
    evaluator = ctx.get(Evaluator)
    blocks = [
        block
        for module in ctx.configuration.modules.values()
        for block in references.active_blocks(module)
    ]
    return ConstraintViolations(scan(blocks, evaluator))
