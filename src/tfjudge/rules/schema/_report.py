"""What every schema rule does: report its kind of the `SchemaProblems` fact."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from tfjudge.findings import Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.schema.check import SchemaProblems


def report(ctx: RuleContext, rule_id: str) -> Iterator[Finding]:
    for problem in ctx.get(SchemaProblems).of(rule_id):
        finding = ctx.finding(
            problem.message,
            problem.at,
            block=problem.block,
            attribute=problem.attribute,
            title=problem.title,
            fix=problem.fix,
        )
        if problem.uncertain and finding.severity.at_least(Severity.HIGH):
            finding = replace(finding, severity=Severity.MEDIUM)  # not known to fail
        yield finding
