"""aws.invalid-name, aws.name-too-long, aws.invalid-value: a block with no instance
(`count = 0`) is never created, and AWS never sees its values."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule


@pytest.mark.parametrize(("count", "fires"), [("0", False), ("1", True)])
def test_a_name_of_a_block_never_created(tmp_path: Path, count: str, fires: bool) -> None:
    terraform = f'resource "aws_lb" "web" {{\n  count = {count}\n  name  = "web_lb"\n}}\n'
    found = run_rule(tmp_path, "aws.invalid-name", terraform)
    assert bool(found) is fires
