"""The cases of tests/rules/destroy_provisioner_cases.py against `terraform init`: it
reports "Invalid reference from destroy provisioner" on exactly the lines they say."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.oracle.oracle import init_diagnostics, require_oracle
from tests.rules.destroy_provisioner_cases import configuration


def test_the_cases_match_terraform_init(tmp_path: Path) -> None:
    require_oracle()
    text, cases = configuration()
    write_tree(tmp_path, {"main.tf": text})
    refused = {
        d.line
        for d in init_diagnostics(tmp_path)
        if d.summary == "Invalid reference from destroy provisioner"
    }
    assert refused == {line for line, (_, fails) in cases.items() if fails}
