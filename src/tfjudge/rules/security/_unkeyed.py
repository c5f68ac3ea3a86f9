"""Resources left without the KMS key the prompt asks for (shared by the key rules).

A sentence naming the resource's kind asks it of each resource: one high finding per
block. A sentence asking it of all data is one requirement the configuration misses: one
medium finding per module, at its first block, the others listed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tfjudge.evaluate import Evaluator, References
from tfjudge.findings import Finding, Severity
from tfjudge.model.config import block_address
from tfjudge.parse.hcl.ast import Block
from tfjudge.prompt.protection import Ask
from tfjudge.rules.context import RuleContext


def unkeyed(ctx: RuleContext, resource_type: str, attribute: str) -> list[Block]:
    """The active blocks of `resource_type` with `attribute` unset or null in an instance
    (a value known only at apply counts as set)."""
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    found = []
    for block in ctx.configuration.all_resources():
        if block.labels[0] != resource_type or references.is_superseded(block):
            continue
        values = [value for _, value in evaluator.attribute_values(block, attribute)]
        if not values or any(value is None for value in values):
            found.append(block)
    return found


def key_findings(
    ctx: RuleContext,
    ask: Ask,
    blocks: list[Block],
    attribute: str,
    message: Callable[[str], str],
) -> Iterator[Finding]:
    """`message(addresses)` describes the blocks; the ask's quote is appended."""
    groups: list[list[Block]] = []
    if ask.named:
        groups = [[block] for block in blocks]
    else:
        by_module: dict[int, list[Block]] = {}
        for block in blocks:
            module = ctx.configuration.module_of(block)
            by_module.setdefault(id(module), []).append(block)
        groups = list(by_module.values())
    for group in groups:
        first = group[0]
        names = ", ".join(block_address(b) or b.type for b in group[:4])
        more = f" and {len(group) - 4} more" if len(group) > 4 else ""
        yield ctx.finding(
            f"{message(names + more)} ({ask.quote}).",
            first.body.attributes.get(attribute) or first,
            block=first,
            attribute=attribute,
            severity=Severity.HIGH if ask.named else Severity.MEDIUM,
            related=[f"{b.file.path}:{b.header_line}" for b in group[1:] if b.file],
        )
