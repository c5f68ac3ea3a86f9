"""What every schema rule does: report its kind of the `SchemaProblems` fact."""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Finding
from tfjudge.rules.context import RuleContext
from tfjudge.schema.check import SchemaProblems


def report(ctx: RuleContext, rule_id: str) -> Iterator[Finding]:
    for problem in ctx.get(SchemaProblems).of(rule_id):
        yield ctx.finding(
            problem.message,
            problem.at,
            block=problem.block,
            attribute=problem.attribute,
            title=problem.title,
            fix=problem.fix,
        )
