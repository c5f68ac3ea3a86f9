"""schema.unknown-attribute on reads past what an attribute or block holds, against
`terraform validate`: the same lines, summaries and details (tests/schema/read_table.py)."""

from __future__ import annotations

from pathlib import Path

from tests.oracle.oracle import validate_diagnostics
from tests.schema.read_table import READ_CASES, read_configuration
from tfjudge.analysis import Settings, analyze


def test_reads_match_terraform_validate(tmp_path: Path) -> None:
    main = tmp_path / "main.tf"
    main.write_text(read_configuration(), encoding="utf-8")
    theirs = {
        (d["range"]["start"]["line"], d["summary"], d["detail"])
        for d in validate_diagnostics(tmp_path)
        if d["severity"] == "error"
    }
    analysis = analyze(main, settings=Settings(select=["schema.unknown-attribute"]))
    ours = set()
    for finding in analysis.findings:
        summary, detail = finding.message.split(": ", 1)
        ours.add((finding.line, summary, detail.rsplit(" (after ", 1)[0]))
    assert len(theirs) == sum(1 for _, said in READ_CASES if said)
    assert ours == theirs
