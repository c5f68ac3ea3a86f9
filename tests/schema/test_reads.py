"""schema.unknown-attribute on reads past what an attribute or block holds, row by row
(tests/schema/read_table.py)."""

from __future__ import annotations

from pathlib import Path

from tests.rules.aws.helpers import run_rule
from tests.schema.read_table import READ_CASES, read_configuration


def test_reads(tmp_path: Path) -> None:
    found = run_rule(tmp_path, "schema.unknown-attribute", read_configuration())
    summaries = {f.address: f.message.split(":")[0] for f in found}
    expected = {f"output.o{i}": said for i, (_, said) in enumerate(READ_CASES) if said}
    assert summaries == expected
