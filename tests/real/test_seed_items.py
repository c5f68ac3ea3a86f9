"""The labelled items of the five seed answers that tfjudge finds today stay found.

`seed_found.json` (written by `python scripts/seed_coverage.py --pin`) lists, per seed
answer of the real corpus, the labels of its `labels.json` that the analysis covers
(rule, address, line). Each answer is analysed once, with its prompt and ideal, as
`tfjudge analyze` does; the labels are matched to the findings with score.py's rule
(same rule, same address, nearest line, one finding per label). Any pinned label left
uncovered fails: a rule stopped firing, or fires on another address. Skips when the
shared corpus is absent.
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

PIN = Path(__file__).resolve().parent / "seed_found.json"
REAL = SHARED / "corpus" / "real"
PINNED: dict[str, list[dict[str, Any]]] = json.loads(PIN.read_text(encoding="utf-8"))["cases"]


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


coverage = _load("seed_coverage", ROOT / "scripts" / "seed_coverage.py")


def _key(item: dict[str, Any]) -> tuple[str, str | None, int | None]:
    return (item["rule"], item.get("address"), item.get("line"))


@pytest.fixture(scope="module")
def seeds() -> dict[str, Any]:
    """case -> SeedResult, each seed answer analysed once for the whole module."""
    if not REAL.is_dir():
        pytest.skip("the shared corpus is not available")
    return {folder.name: coverage.run_seed(folder) for folder in coverage.seed_folders(REAL)}


def test_every_seed_answer_is_pinned(seeds: dict[str, Any]) -> None:
    assert set(PINNED) == set(seeds)
    assert len(seeds) >= 5


@pytest.mark.parametrize("case", sorted(PINNED))
def test_pinned_items_are_labels(case: str, seeds: dict[str, Any]) -> None:
    labels = Counter(_key(label) for label in seeds[case].labels)
    stale = Counter(_key(item) for item in PINNED[case]) - labels
    assert not stale, f"pinned items no longer in {case}/labels.json: {sorted(stale)}"


@pytest.mark.parametrize("case", sorted(PINNED))
def test_pinned_items_are_found(case: str, seeds: dict[str, Any]) -> None:
    result = seeds[case]
    found = Counter(_key(label) for label in result.found_items())
    lost = Counter(_key(item) for item in PINNED[case]) - found
    assert not lost, (
        f"{case}: labelled items no longer found (rule, address, label line): {sorted(lost)}"
    )


def test_matching_is_score_py_s(seeds: dict[str, Any]) -> None:
    """The copy of score.py's `match` in the script agrees with score.py on every seed."""
    score_py = SHARED / "tools" / "score.py"
    if not score_py.exists():
        pytest.skip("score.py is not available")
    score = _load("tfjudge_score", score_py)
    for result in seeds.values():
        matched, _ = score.match(result.labels, result.findings)
        assert sorted(matched) == sorted(result.covered), result.case


@pytest.mark.parametrize("case", sorted(PINNED))
def test_the_pin_notices_a_lost_finding(case: str, seeds: dict[str, Any]) -> None:
    """Dropping every finding of a pinned item's rule leaves that item uncovered."""
    if not PINNED[case]:
        pytest.skip(f"nothing pinned for {case}")
    result = seeds[case]
    rule = PINNED[case][0]["rule"]
    kept = [f for f in result.findings if f["rule"] != rule]
    again = coverage.match(result.labels, kept)
    assert not any(result.labels[i]["rule"] == rule for i in again)


def test_the_document_shows_each_miss_with_its_reason_or_none() -> None:
    labels = [
        {"rule": "core.undeclared-variable", "address": "var.a", "line": 3, "seed_item": "1. A"},
        {"rule": "aws.invalid-name", "address": "aws_s3_bucket.b", "line": 9, "seed_item": "2. B"},
        {"rule": "aws.invalid-name", "address": "aws_s3_bucket.c", "line": 12},
    ]
    findings = [{"rule": "core.undeclared-variable", "address": "var.a", "response_line": 4}]
    result = coverage.SeedResult(
        "PrX", "seed.txt", labels, findings, coverage.match(labels, findings)
    )
    misses = {
        ("PrX", "aws.invalid-name", "aws_s3_bucket.b"): {"kind": "gap", "reason": "why B"},
        ("PrX", "aws.other", "aws_x.gone"): {"kind": "gap", "reason": "now found"},
    }
    text = coverage.render([result], misses)
    assert "| PrX | seed.txt | 1 | 3 | 2 |" in text
    assert "`core.undeclared-variable` `var.a` response line 4" in text
    assert "**not found** (gap): why B" in text
    assert text.count("**not found (no reason recorded)**") == 1
    assert "- PrX `aws.other` `aws_x.gone`" in text  # a stale entry is listed for deletion
