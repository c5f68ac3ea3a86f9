"""schema.wrong-type on splats of typed variables, row by row (tests/schema/splat_table.py)."""

from __future__ import annotations

from pathlib import Path

from tests.rules.aws.helpers import run_rule
from tests.schema.splat_table import SPLAT_CASES, splat_configuration


def test_typed_splats(tmp_path: Path) -> None:
    found = run_rule(tmp_path, "schema.wrong-type", splat_configuration())
    details = {f.address: f.message.split(": ", 1)[1].rstrip(".") for f in found}
    expected = {f"aws_instance.c{i}": said for i, (_, said) in enumerate(SPLAT_CASES) if said}
    assert details == expected
