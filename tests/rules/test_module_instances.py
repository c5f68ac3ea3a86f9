"""core.missing-instance-key on module outputs (tests/rules/module_instance_cases.py)."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.rules.module_instance_cases import CHILD, configuration
from tfjudge.analysis import Settings, analyze


def test_outputs_of_repeated_module_calls(tmp_path: Path) -> None:
    text, cases = configuration()
    write_tree(tmp_path, {"main.tf": text, "child/main.tf": CHILD})
    settings = Settings(select=["core.missing-instance-key"])
    found = {f.line for f in analyze(tmp_path, settings=settings).findings}
    assert found == {line for line, (_, fails) in cases.items() if fails}
