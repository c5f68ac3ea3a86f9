"""The reviewers' items of the 36 real answers that tfjudge finds today stay found, the false
items stay silent, and the false alarms fixed on the ideals do not come back.

`real_found.json` (written by `python scripts/real_answers.py --pin`) lists, per real answer
without `labels.json`, the items of docs/real-review-items.json that the analysis covers (rule,
address, line). Each answer is analysed once per session, with its prompt and ideal, as
`tfjudge analyze` does, and matched with the script's rule (same rule, same address or a
response line within a few lines, one finding per item). A pinned item left uncovered fails: a
rule stopped firing or fires elsewhere. An item the inventory marks false, whose rule must stay
silent, fails when that rule fires at its address. Skips when the shared corpus is absent.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT, SHARED

PIN = Path(__file__).resolve().parent / "real_found.json"
REAL = SHARED / "corpus" / "real"
PINNED: dict[str, list[dict[str, Any]]] = json.loads(PIN.read_text(encoding="utf-8"))["cases"]


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


real = _load("real_answers", ROOT / "scripts" / "real_answers.py")
ITEMS: list[dict[str, Any]] = real.load_items()


def _key(item: dict[str, Any]) -> tuple[str, str | None, int | None]:
    return (item["rule"], item.get("address"), item.get("line"))


@pytest.fixture(scope="module")
def answers() -> dict[str, Any]:
    """case -> CaseResult of the answers without labels.json, each analysed once."""
    if not REAL.is_dir():
        pytest.skip("the shared corpus is not available")
    return {
        folder.name: real.run_case(folder, ITEMS, with_ideal=False)
        for folder in real.case_folders(REAL)
        if not (folder / "labels.json").exists()
    }


def test_every_answer_is_pinned(answers: dict[str, Any]) -> None:
    assert set(PINNED) == set(answers)
    assert len(answers) >= 36


def test_the_inventory_names_only_these_cases(answers: dict[str, Any]) -> None:
    assert {x["case"] for x in ITEMS} <= set(answers)


@pytest.mark.parametrize("case", sorted(PINNED))
def test_pinned_items_are_in_the_inventory(case: str) -> None:
    expected = Counter(
        _key(x)
        for x in ITEMS
        if x["case"] == case and x.get("expect") == "fire" and not x.get("overall")
    )
    stale = Counter(_key(item) for item in PINNED[case]) - expected
    assert not stale, f"pinned items no longer in the inventory for {case}: {sorted(stale)}"


@pytest.mark.parametrize("case", sorted(PINNED))
def test_pinned_items_are_found(case: str, answers: dict[str, Any]) -> None:
    found = Counter(_key(x) for x in answers[case].found_items())
    lost = Counter(_key(item) for item in PINNED[case]) - found
    assert not lost, f"{case}: reviewer items no longer found (rule, address, line): {sorted(lost)}"


SILENT = sorted({x["case"] for x in ITEMS if x.get("expect") == "silent"}, key=real._case_number)


@pytest.mark.parametrize("case", SILENT)
def test_false_items_stay_silent(case: str, answers: dict[str, Any]) -> None:
    loud = [(x["rule"], x.get("address"), f.get("response_line")) for x, f in answers[case].loud()]
    assert not loud, f"{case}: rules fired on items the inventory shows false: {loud}"


def test_fixed_false_alarms_on_the_ideals_stay_fixed() -> None:
    """Each ideal finding recorded as a fixed false alarm is not critical or high again."""
    if not REAL.is_dir():
        pytest.skip("the shared corpus is not available")
    fixed = [k for k, v in real.load_verdicts().items() if v.get("verdict") == "fixed"]
    back = []
    for case in sorted({k[0] for k in fixed}):
        findings = [f for f in real.analyse_ideal(REAL / case) if f["severity"] in real.SERIOUS]
        back += [
            k
            for k in fixed
            if k[0] == case
            and any(f["rule"] == k[1] and k[2] in (None, f.get("address")) for f in findings)
        ]
    assert not back, f"false alarms on the ideals fire again: {back}"


def test_matching_prefers_the_address_then_the_nearest_line() -> None:
    items = [
        {"rule": "r.a", "address": None, "line": 20},
        {"rule": "r.a", "address": "x.b", "line": 50},
        {"rule": "r.b", "address": None, "line": None},
        {"rule": "r.c", "address": "x.c", "line": 10},
    ]
    findings = [
        {"rule": "r.a", "address": "x.b", "response_line": 19},
        {"rule": "r.a", "address": "x.z", "response_line": 24},
        {"rule": "r.b", "address": "x.q", "response_line": 400},
        {"rule": "r.c", "address": "x.d", "response_line": 30},
    ]
    covered = real.match(items, findings)
    # the addressed item takes its own finding although the other one is nearer its line;
    # the unaddressed item takes the next one within the slack; r.c is too far and elsewhere
    assert covered == {1: 0, 0: 1, 2: 2}


def test_a_finding_covers_one_object_per_review_item() -> None:
    items = [
        {"item": "3. Missing services", "rule": "r.a", "address": "x.a", "line": None},
        {"item": "3. Missing services", "rule": "r.a", "address": "x.a", "line": None},
        {"item": "12. Missing trail", "rule": "r.a", "address": "x.a", "line": None},
    ]
    findings = [{"rule": "r.a", "address": "x.a", "response_line": None}]
    assert real.match(items, findings) == {0: 0, 2: 0}


def test_a_type_covers_its_blocks_and_a_lineless_finding_an_unaddressed_item() -> None:
    items = [
        {"item": "A", "rule": "r.a", "address": "aws_iam_role", "line": None},
        {"item": "B", "rule": "r.b", "address": None, "line": 28},
    ]
    findings = [
        {"rule": "r.a", "address": "aws_iam_role.config", "response_line": None},
        {"rule": "r.b", "address": None, "response_line": None},
    ]
    assert real.match(items, findings) == {0: 0, 1: 1}
    assert real.match(items[:1], [{"rule": "r.a", "address": "aws_iam_role_policy.x"}]) == {}


def test_a_lost_finding_leaves_its_item_uncovered() -> None:
    items = [{"rule": "r.a", "address": "x.a", "line": 5}]
    assert real.match(items, [{"rule": "r.a", "address": "x.a", "response_line": 5}]) == {0: 0}
    assert real.match(items, [{"rule": "r.b", "address": "x.a", "response_line": 5}]) == {}


def test_the_document_shows_misses_silence_and_ideal_verdicts() -> None:
    items = [
        {"case": "PrX", "item": "A", "rule": "r.a", "address": "x.a", "line": 3, "expect": "fire"},
        {"case": "PrX", "item": "B", "rule": "r.b", "address": "x.b", "line": 9, "expect": "fire"},
        {
            "case": "PrX",
            "item": "C",
            "rule": "r.s",
            "address": "x.s",
            "line": 1,
            "expect": "silent",
        },
    ]
    findings = [
        {"rule": "r.a", "address": "x.a", "response_line": 4, "severity": "high", "title": "t"},
        {"rule": "r.s", "address": "x.s", "response_line": 1, "severity": "low", "title": "t"},
    ]
    ideal = [{"rule": "r.i", "address": "x.i", "response_line": 7, "severity": "critical"}]
    result = real.CaseResult("PrX", False, findings, ideal, items)
    result.covered = real.match(result.expected, findings)
    misses = {("PrX", "r.b", "x.b"): {"kind": "gap", "reason": "why B"}}
    verdicts = {
        ("PrX", "r.i", "x.i"): {"verdict": "real", "reason": "broken"},
        ("PrX", "r.j", "x.j"): {"verdict": "fixed", "reason": "fixed in r.j"},
    }
    text = real.render([result], 1.0, {"r.a", "r.b", "r.s"}, misses, verdicts)
    assert "| PrX | 2 | 1 | 1 | 1 | 1 | 0 |" in text
    assert "found: `r.a` `x.a` line 4" in text
    assert "**missed** (gap): why B" in text
    assert "**fired**: `r.s` `x.s` line 1" in text
    assert "| PrX | critical | `r.i` | `x.i` | 7 | real: broken |" in text
    assert "- PrX `r.j` `x.j`: fixed in r.j" in text
