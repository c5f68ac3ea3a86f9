"""Grading one item in a worker: what a worker keeps between items changes no row."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.batch.data import BROKEN, GOOD
from tests.conftest import CORPUS
from tfjudge.batch import grade as grading
from tfjudge.batch.grade import GradeOptions, grade
from tfjudge.batch.items import Item

REAL = CORPUS / "real"


def _cases(count: int) -> list[Path]:
    cases = sorted(p.parent for p in REAL.glob("*/IDEAL_RESPONSE.md"))
    if len(cases) < count:
        pytest.skip("the shared corpus is not beside this checkout")
    return cases[:count]


def _rows(item: Item) -> tuple[str, str]:
    result = grade(item, GradeOptions())
    return result.response_row, result.finding_rows


def test_answers_sharing_an_ideal_are_graded_as_if_alone(monkeypatch) -> None:
    """Each task's ideal is parsed once; every answer's rows equal those of a cold worker."""
    cases = _cases(2)
    items = []
    for case in cases:
        ideal = (case / "IDEAL_RESPONSE.md").read_text(encoding="utf-8")
        prompt = (case / "PROMPT.md").read_text(encoding="utf-8")
        answers = [(case / "MODEL_RESPONSE.md").read_text(encoding="utf-8"), GOOD, BROKEN]
        items += [Item(0, f"{case.name}-{n}", a, prompt, ideal) for n, a in enumerate(answers)]
    items += [
        Item(0, f"{c.name}-file", c / "MODEL_RESPONSE.md", None, c / "IDEAL_RESPONSE.md")
        for c in cases
    ]
    alone = {}
    for item in items:
        grading.IDEALS.clear()
        alone[item.id] = _rows(item)
    parsed: list[object] = []
    parse = grading.parse_answer
    monkeypatch.setattr(grading, "parse_answer", lambda r: parsed.append(r) or parse(r))
    grading.IDEALS.clear()
    for item in [*items[::2], *items[1::2]]:  # the tasks interleaved
        assert _rows(item) == alone[item.id], item.id
    assert len(parsed) == 2 * len(cases)  # one text and one file ideal per task


def test_an_unusable_ideal_is_reported_for_each_item() -> None:
    grading.IDEALS.clear()
    for name in ("x1", "x2"):
        response_row, findings = _rows(Item(0, name, GOOD, None, "   \n"))
        assert f'"cannot use the item\'s prompt or ideal: {name}/ideal is empty"' in response_row
        assert findings == ""


def _ideal(name: str) -> str:
    return f'```hcl\nresource "aws_s3_bucket" "{name}" {{\n  bucket = "{name}-data"\n}}\n```\n'


def test_answers_interleaving_many_tasks_find_their_ideals(monkeypatch) -> None:
    """Twelve tasks in turn (a dataset ordered by model, then task): each ideal is parsed once."""
    parsed: list[object] = []
    parse = grading.parse_answer
    monkeypatch.setattr(grading, "parse_answer", lambda r: parsed.append(r) or parse(r))
    grading.IDEALS.clear()
    ideals = [_ideal(f"task{n}") for n in range(12)]
    for round_ in range(3):
        for n, ideal in enumerate(ideals):
            grade(Item(0, f"m{round_}-t{n}", GOOD, None, ideal), GradeOptions())
    assert len(parsed) == len(ideals)


def test_the_ideal_cache_keeps_the_latest_ideals_within_its_budget() -> None:
    parsed = {
        n: grading.parse_answer(grading._load_answer(_ideal(f"t{n}"), "x", 10**6)) for n in range(6)
    }
    size = len(parsed[0].response.files[0].text) + 1  # every one the same size
    cache = grading.IdealCache(budget=4 * size + size // 2)  # room for four
    for n in range(4):
        cache.put(n, parsed[n])
    assert cache.get(0) is parsed[0]  # 0, used last, now outlives 1 and 2
    cache.put(4, parsed[4])
    cache.put(5, parsed[5])
    assert {n for n in parsed if cache.get(n) is not None} == {0, 3, 4, 5}
    big = grading.parse_answer(grading._load_answer(_ideal("x" * 5 * size), "x", 10**6))
    cache.put("big", big)
    assert cache.get("big") is None  # larger than the whole budget: never kept
    assert len(cache) == 4


def test_finding_rows_are_the_findings_with_the_item_fields_around_them() -> None:
    """The item's seq, id and labels are encoded once: each row is what encoding the whole
    row as one object gives."""
    from tfjudge.analysis import analyze_response
    from tfjudge.batch.grade import finding_rows
    from tfjudge.batch.items import dumps
    from tfjudge.response.loader import load_text_input

    findings = analyze_response(load_text_input(BROKEN, "broken")).findings
    assert findings
    labels: dict[str, str | None] = {"model": 'é "quoted"\n', "none": None, "rule": "x"}
    for item in (Item(7, 'id "é"', BROKEN, labels=labels), Item(0, "plain", BROKEN)):
        head = {"seq": item.seq, "id": item.id}
        expected = "".join(
            dumps({**head, "index": n, **f.to_dict(), "labels": item.labels}) + "\n"
            for n, f in enumerate(findings)
        )
        assert finding_rows(item, findings) == expected
    assert finding_rows(Item(0, "none", GOOD), []) == ""
