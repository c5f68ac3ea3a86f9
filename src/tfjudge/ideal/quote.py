"""The step after the rules: every finding whose address has a counterpart in the ideal
quotes the ideal's block, exactly as written, as `ideal_code`."""

from __future__ import annotations

from tfjudge.findings import Finding
from tfjudge.ideal.matching import IdealMatch, block_text
from tfjudge.rules.context import RuleContext


def attach_ideal_code(findings: list[Finding], context: RuleContext) -> None:
    if context.ideal is None:
        return
    matched = context.get(IdealMatch)
    for finding in findings:
        if finding.ideal_code or not finding.address:
            continue
        counterpart = matched.counterpart_of(finding.address)
        if counterpart is not None:
            finding.ideal_code = block_text(counterpart)
