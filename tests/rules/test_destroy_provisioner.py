"""core.destroy-provisioner-reference on tests/rules/destroy_provisioner_cases.py."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.rules.destroy_provisioner_cases import configuration
from tfjudge.analysis import Settings, analyze


def test_destroy_provisioner_references(tmp_path: Path) -> None:
    text, cases = configuration()
    write_tree(tmp_path, {"main.tf": text})
    settings = Settings(select=["core.destroy-provisioner-reference"])
    found = {f.line for f in analyze(tmp_path, settings=settings).findings}
    assert found == {line for line, (_, fails) in cases.items() if fails}
