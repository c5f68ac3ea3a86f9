"""core.dependency-cycle on the cases of tests/rules/dependency_cycle_cases.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule
from tests.rules.dependency_cycle_cases import SELF_REFERENCE_CASES

RULE = "core.dependency-cycle"


@pytest.mark.parametrize(("terraform", "fails"), SELF_REFERENCE_CASES)
def test_self_references(tmp_path: Path, terraform: str, fails: bool) -> None:
    assert bool(run_rule(tmp_path, RULE, terraform)) is fails
