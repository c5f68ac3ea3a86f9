"""The core.* rules against `terraform validate`: valid configurations and their mutations.

The valid configurations are tests/data/valid/*.tf and the corpus ideals (when present)
that terraform here can judge (the aws provider only, root files in one directory). Each
is checked as it is, then mutated once per kind (tests/oracle/mutations.py). For every
case, tfjudge's core findings and terraform's errors must give the same keys: the same
missing addresses, cycles and aliases, the same lines for the per-line rules; and on a
configuration terraform accepts, tfjudge reports nothing core. All cases go through a
few terraform runs (tests/oracle/validate_harness.py).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.oracle.mutations import MUTATIONS
from tests.oracle.oracle import require_oracle
from tests.oracle.validate_harness import (
    Case,
    case_from_response,
    masked_keys,
    terraform_keys,
    tfjudge_findings,
    tfjudge_keys,
    validate_cases,
)
from tfjudge.response.loader import load_response

DATA = Path(__file__).resolve().parents[1] / "data" / "valid"


def sources() -> list[tuple[str, Case]]:
    found: list[tuple[str, Case]] = []
    for path in sorted(DATA.glob("*.tf")):
        case = case_from_response(path.stem, load_response(path))
        if case is not None:
            found.append((path.name, case))
    for ideal in sorted(CORPUS.glob("real/*/IDEAL_RESPONSE.md")) + sorted(
        CORPUS.glob("*/IDEAL_RESPONSE.md")
    ):
        case = case_from_response(ideal.parent.name, load_response(ideal))
        if case is not None:
            found.append((f"{ideal.parent.name}/IDEAL_RESPONSE.md", case))
    return found


def _named(cases: list[tuple[str, Case]]) -> dict[str, tuple[str, Case]]:
    named = {}
    for index, (origin, case) in enumerate(cases):
        renamed = Case(f"case{index:03d}", case.files, case.root)
        named[renamed.name] = (origin, renamed)
    return named


# what terraform checks in each phase; a case stopped at one phase is compared on that
# phase's rules and the earlier ones (which must be silent on both sides)
PHASES = {
    "init": {
        "core.duplicate-declaration",
        "core.provider-meta-argument",
        "core.dynamic-provider-reference",
    },
    "graph": {"core.undeclared-provider-alias", "core.dependency-cycle"},
}


def _comparable(keys: set[tuple[str, str]], phase: str) -> set[tuple[str, str]]:
    allowed = set(PHASES["init"])
    if phase in ("graph", "walk"):
        allowed |= PHASES["graph"]
    if phase == "walk":
        return keys
    return {k for k in keys if k[0] in allowed}


STATS: dict[str, int] = {"cases": 0, "terraform_keys": 0, "agreed_keys": 0, "masked": 0}


def _expected_rule(origin: str) -> str | None:
    if not origin.endswith("]"):
        return None
    return MUTATIONS[origin.rsplit("[", 1)[1].rstrip("]")][1]


def _compare(named: dict[str, tuple[str, Case]], verdicts: dict) -> list[str]:  # type: ignore[type-arg]
    problems = []
    for name, (origin, case) in named.items():
        verdict = verdicts.get(name)
        if verdict is None:
            problems.append(f"{origin}: terraform gave no verdict")
            continue
        theirs = terraform_keys(case, verdict)
        findings = tfjudge_findings(case)
        ours = _comparable(tfjudge_keys(case, findings), verdict.phase)
        if verdict.phase == "walk":
            # errors terraform's walk never reaches: reported by tfjudge, not by terraform
            hidden = masked_keys(case, findings) - theirs
            STATS["masked"] += len(hidden & ours)
            ours -= hidden
        STATS["cases"] += 1
        STATS["terraform_keys"] += len(theirs)
        STATS["agreed_keys"] += len(theirs & ours)
        expected = _expected_rule(origin)
        if expected and not any(rule == expected for rule, _ in theirs):
            problems.append(f"{origin} ({name}): terraform did not report {expected}")
        if theirs != ours:
            problems.append(
                f"{origin} ({name}, {verdict.phase}): terraform only {sorted(theirs - ours)}; "
                f"tfjudge only {sorted(ours - theirs)}"
            )
    return problems


@pytest.mark.oracle
def test_core_rules_agree_with_terraform_validate(tmp_path: Path) -> None:
    require_oracle()
    base = _named(sources())
    assert base, "no valid configuration to start from"
    verdicts = validate_cases(tmp_path / "base", [case for _, case in base.values()])
    problems = _compare(base, verdicts)
    clean = [
        (origin, case)
        for name, (origin, case) in base.items()
        if verdicts[name].phase == "walk" and not verdicts[name].diagnostics
    ]
    rng = random.Random(20261130)
    mutated: list[tuple[str, Case]] = []
    for origin, case in clean:
        for kind, (mutate, _) in MUTATIONS.items():
            variant = mutate(case, rng, "pending")
            if variant is not None:
                mutated.append((f"{origin} [{kind}]", variant))
    assert len(mutated) >= 2 * len(MUTATIONS), "too few mutations to be meaningful"
    named = _named(mutated)
    verdicts = validate_cases(tmp_path / "mutated", [case for _, case in named.values()])
    problems += _compare(named, verdicts)
    kinds_seen = {origin.rsplit("[", 1)[1].rstrip("]") for origin, _ in named.values()}
    assert kinds_seen == set(MUTATIONS), (
        f"mutation kinds never applied: {set(MUTATIONS) - kinds_seen}"
    )
    print(f"validate oracle: {STATS}")
    assert not problems, f"{len(problems)} disagreements:\n" + "\n".join(problems)
