"""core.repetition-unknown-until-apply on the cases of tests/rules/plan_time_tables.py."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.rules.plan_time_tables import CHILD, configuration
from tfjudge.analysis import Settings, analyze

RULE = "core.repetition-unknown-until-apply"


def test_each_case_is_judged_as_the_table_says(tmp_path: Path) -> None:
    text, cases = configuration()
    write_tree(tmp_path, {"main.tf": text, "child/main.tf": CHILD})
    found = {f.line for f in analyze(tmp_path, settings=Settings(select=[RULE])).findings}
    wrong = [
        f"{argument} = {expression}: expected {'a finding' if fires else 'none'}"
        for line, (argument, expression, fires) in cases.items()
        if (line in found) != fires
    ]
    assert not wrong, "; ".join(wrong)
    assert found <= set(cases)


def test_a_module_no_call_creates_is_not_judged(tmp_path: Path) -> None:
    child = 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n\n' + (
        'resource "terraform_data" "t" {\n  count = aws_sqs_queue.q.arn == null ? 0 : 1\n}\n'
    )
    for count, expected in (("0", 0), ("1", 1)):
        caller = f'module "child" {{\n  source = "./child"\n  count  = {count}\n}}\n'
        write_tree(tmp_path, {"main.tf": caller, "child/main.tf": child})
        findings = analyze(tmp_path, settings=Settings(select=[RULE])).findings
        assert len(findings) == expected
