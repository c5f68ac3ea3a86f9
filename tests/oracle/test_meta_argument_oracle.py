"""core.invalid-depends-on and core.count-and-for-each against terraform: the init-time
cases against `terraform init`, the rest against `terraform validate` (the same summaries
on the same lines, tests/rules/core_tables.py)."""

from __future__ import annotations

from pathlib import Path

from tests.oracle.oracle import finding_summaries, init_diagnostics, validate_diagnostics
from tests.rules.core_tables import (
    META_CHILD,
    META_INIT_CASES,
    META_PRELUDE,
    META_VALIDATE_CASES,
)

RULES = ["core.invalid-depends-on", "core.count-and-for-each"]


def _configuration(directory: Path, cases: list[tuple[str, str | None]]) -> Path:
    (directory / "child").mkdir(parents=True)
    (directory / "child" / "main.tf").write_text(META_CHILD, encoding="utf-8")
    main = directory / "main.tf"
    main.write_text(META_PRELUDE + "\n" + "\n\n".join(c for c, _ in cases) + "\n", "utf-8")
    return main


def test_init_time_meta_arguments_match_terraform_init(tmp_path: Path) -> None:
    main = _configuration(tmp_path, META_INIT_CASES)
    said = {said for _, said in META_INIT_CASES if said}
    theirs = {(d.summary, d.line) for d in init_diagnostics(tmp_path) if d.summary in said}
    assert len(theirs) == sum(1 for _, s in META_INIT_CASES if s)
    assert finding_summaries(main.parent, *RULES) == theirs


def test_validate_time_meta_arguments_match_terraform_validate(tmp_path: Path) -> None:
    main = _configuration(tmp_path, META_VALIDATE_CASES)
    theirs = {
        (d["summary"], d["range"]["start"]["line"])
        for d in validate_diagnostics(tmp_path)
        if d["severity"] == "error"
    }
    assert len(theirs) == sum(1 for _, s in META_VALIDATE_CASES if s)
    assert finding_summaries(main.parent, *RULES) == theirs
