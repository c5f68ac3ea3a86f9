"""Every rule fires on its bad fixture and stays silent on the good one (ruff's model).

Fixtures live in `fixtures/<rule-id>/`: `bad.*` and `good.*` (a Markdown answer, a `.tf`
file or a directory), with `prompt.md` and `ideal.md` when the rule needs them. The
findings on the bad fixture are compared with `snapshots/<rule-id>.txt`; regenerate
them with `TFJUDGE_UPDATE_SNAPSHOTS=1 pytest tests/rules`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tfjudge.analysis import Settings, analyze
from tfjudge.findings import Finding
from tfjudge.rules.registry import all_rules

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
SNAPSHOTS = HERE / "snapshots"
RULE_IDS = sorted(all_rules())


def _case(rule_id: str, kind: str) -> Path:
    matches = sorted((FIXTURES / rule_id).glob(f"{kind}*"))
    assert matches, f"{rule_id} has no {kind} fixture in {FIXTURES / rule_id}"
    return matches[0]


def _run(rule_id: str, kind: str) -> list[Finding]:
    folder = FIXTURES / rule_id
    prompt = folder / "prompt.md"
    ideal = next(iter(sorted(folder.glob("ideal*"))), None)
    analysis = analyze(
        _case(rule_id, kind),
        prompt if prompt.exists() else None,
        ideal,
        Settings(select=[rule_id]),
    )
    return [f for f in analysis.findings if f.rule == rule_id]


def snapshot_text(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        where = f"{f.file or '-'}:{f.line or '-'} (response {f.response_line or '-'})"
        lines.append(f"{where} {f.severity.value} {f.address or '-'}\n    {f.message}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_fires_on_bad_fixture(rule_id: str) -> None:
    findings = _run(rule_id, "bad")
    assert findings, f"{rule_id} found nothing in its bad fixture"
    snapshot = SNAPSHOTS / f"{rule_id}.txt"
    text = snapshot_text(findings)
    if os.environ.get("TFJUDGE_UPDATE_SNAPSHOTS"):
        snapshot.write_text(text, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot for {rule_id}: run with TFJUDGE_UPDATE_SNAPSHOTS=1"
    assert text == snapshot.read_text(encoding="utf-8")


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_is_silent_on_good_fixture(rule_id: str) -> None:
    assert _run(rule_id, "good") == []


def test_every_fixture_folder_names_a_rule() -> None:
    stray = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name not in RULE_IDS)
    assert stray == []
