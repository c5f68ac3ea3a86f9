"""schema.wrong-type on splats of typed variables against `terraform validate`: the same
resources, the same details (tests/schema/splat_table.py)."""

from __future__ import annotations

from pathlib import Path

from tests.oracle.oracle import validate_diagnostics
from tests.schema.splat_table import SPLAT_CASES, splat_configuration
from tfjudge.analysis import Settings, analyze


def test_typed_splats_match_terraform_validate(tmp_path: Path) -> None:
    main = tmp_path / "main.tf"
    main.write_text(splat_configuration(), encoding="utf-8")
    lines = main.read_text(encoding="utf-8").split("\n")
    theirs = {
        (d["range"]["start"]["line"], d["detail"])
        for d in validate_diagnostics(tmp_path)
        if d["summary"] == "Incorrect attribute value type"
    }
    analysis = analyze(main, settings=Settings(select=["schema.wrong-type"]))
    ours = {(f.line, f.message) for f in analysis.findings}
    assert len(theirs) == sum(1 for _, said in SPLAT_CASES if said), lines
    assert ours == theirs
