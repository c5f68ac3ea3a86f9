"""core.experiments against `terraform init`: the rule's bad fixture is refused on the
line the rule reports, the good one is not."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.oracle.oracle import init_diagnostics, require_oracle
from tfjudge.analysis import Settings, analyze

FIXTURES = Path(__file__).resolve().parents[1] / "rules" / "fixtures" / "core.experiments"


def test_the_fixtures_match_terraform_init(tmp_path: Path) -> None:
    require_oracle()
    for kind in ("bad", "good"):
        directory = tmp_path / kind
        directory.mkdir()
        shutil.copy(FIXTURES / f"{kind}.tf", directory / "main.tf")
        refused = {
            d.line
            for d in init_diagnostics(directory)
            if d.summary == "Module uses experimental features"
        }
        settings = Settings(select=["core.experiments"])
        found = {f.line for f in analyze(directory, settings=settings).findings}
        assert found == refused
        assert bool(refused) is (kind == "bad")
