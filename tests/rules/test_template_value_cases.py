"""core.invalid-template-value on the configuration of tests/rules/template_value_cases.py."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.rules.template_value_cases import MAIN, failing_lines
from tfjudge.analysis import Settings, analyze

RULE = "core.invalid-template-value"


def test_the_interpolations_terraform_refuses(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": MAIN})
    findings = analyze(tmp_path, settings=Settings(select=[RULE])).findings
    assert sorted(f.line for f in findings) == failing_lines()


def test_a_value_known_only_at_apply_is_not_judged(tmp_path: Path) -> None:
    unknown = MAIN.replace('  default = ["nginx", "git"]\n', "")
    write_tree(tmp_path, {"main.tf": unknown})
    findings = analyze(tmp_path, settings=Settings(select=[RULE])).findings
    lines = unknown.split("\n")
    assert findings and all("${var.packages}" not in lines[f.line - 1] for f in findings)


def test_a_root_inputs_null_default_is_medium(tmp_path: Path) -> None:
    """The user may give the input a value; a list is wrong whatever is given."""
    write_tree(tmp_path, {"main.tf": MAIN})
    findings = analyze(tmp_path, settings=Settings(select=[RULE])).findings
    lines = MAIN.split("\n")
    by_text = {lines[f.line - 1].strip().split(" ")[0]: f.severity.value for f in findings}
    assert by_text["nothing"] == "medium" and by_text["listed"] == "critical"
