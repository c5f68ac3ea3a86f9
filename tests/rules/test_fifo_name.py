"""aws.fifo-name on the cases of tests/rules/fifo_name_cases.py."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.rules.fifo_name_cases import configuration
from tfjudge.analysis import Settings, analyze


def test_fifo_names(tmp_path: Path) -> None:
    text, cases = configuration()
    write_tree(tmp_path, {"main.tf": text})
    found = {
        f.line for f in analyze(tmp_path, settings=Settings(select=["aws.fifo-name"])).findings
    }
    assert found == {line for line, fails in cases.items() if fails}
