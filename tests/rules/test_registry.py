"""The registry's manifest of rule modules (what each needs before it is worth importing)
and the rule selection it drives: by the inputs given and by the types an answer declares."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tfjudge.analysis import Settings, analyze, declared_types
from tfjudge.parse.hcl import parse_hcl
from tfjudge.rules.registry import (
    MANIFEST,
    Rule,
    all_rules,
    applicable_rules,
    manifest_of,
    select_rules,
)
from tfjudge.shipped import DATA, data_json
from tfjudge.source import SourceFile

ROOT = Path(__file__).resolve().parents[2]


def test_manifest_is_current() -> None:
    expected = manifest_of(all_rules().values())
    assert data_json(MANIFEST) == expected, (
        f"{DATA / MANIFEST} is out of date: run python scripts/make_rule_manifest.py"
    )


def test_manifest_entries() -> None:
    every = all_rules()
    pick = [
        every["req.missing-output"],
        every["security.kms-rotation-disabled"],
        every["core.invalid-count"],
    ]
    manifest = manifest_of(pick)
    assert manifest["tfjudge.rules.req.missing_output"] == {"requires": ["prompt"]}
    assert manifest["tfjudge.rules.security.kms_rotation_disabled"]["applies_to"] == sorted(
        every["security.kms-rotation-disabled"].applies_to
    )
    assert "tfjudge.rules.core.invalid_count" not in manifest  # needs nothing


def test_a_module_whose_rules_need_different_inputs_is_refused() -> None:
    every = all_rules()
    one = every["req.missing-output"]
    other = Rule("req.other", one.severity, one.category, "t", one.check, requires=("ideal",))
    with pytest.raises(ValueError, match="require different inputs"):
        manifest_of([one, other])


def test_applicable_rules_are_those_whose_inputs_are_given() -> None:
    every = all_rules()
    for given in ((), ("prompt",), ("ideal",), ("prompt", "ideal")):
        applicable = applicable_rules(given)
        assert list(applicable) == [  # catalogue order kept
            rule_id for rule_id, r in every.items() if set(r.requires) <= set(given)
        ]
    assert "req.missing-output" in applicable_rules(["prompt"])
    assert "req.missing-output" not in applicable_rules(["ideal"])
    assert "ideal.missing-block" in applicable_rules(["ideal"])
    assert "format.no-code" in applicable_rules([])


def test_applicable_rules_are_those_that_apply_to_the_declared_types() -> None:
    every = all_rules()
    gated = [r for r in every.values() if r.applies_to]
    assert gated, "no rule declares applies_to"
    some = gated[0]
    assert some.id not in applicable_rules([], frozenset())
    assert some.id in applicable_rules([], {some.applies_to[-1]})
    assert some.id in applicable_rules([])  # types unknown: every rule
    assert "format.no-code" in applicable_rules([], frozenset())


def test_applicable_rules_are_those_wanted_one_by_one() -> None:
    """The rules that need nothing are kept without asking `_wanted`: the same rules, in the
    same order, as asking it of every rule."""
    from tfjudge.rules.registry import _wanted

    every = all_rules()
    some_types = {t for r in every.values() for t in r.applies_to[:1]}
    for given in ((), ("prompt",), ("prompt", "ideal")):
        for types in (None, frozenset(), frozenset(sorted(some_types)[::3]), some_types):
            expected = [i for i, r in every.items() if _wanted(r, {"answer", *given}, types)]
            assert list(applicable_rules(given, types)) == expected


def test_select_rules_without_select_or_ignore_keeps_every_rule() -> None:
    every = list(all_rules().values())
    assert list(select_rules(every)) == every
    assert list(select_rules(every, [], [])) == every
    security = [r for r in every if r.family == "security"]
    assert list(select_rules(every, ["security"])) == security
    assert list(select_rules(every, [], ["security"])) == [r for r in every if r not in security]


def test_declared_types_are_those_of_resource_and_data_blocks() -> None:
    text = (
        'resource "aws_sqs_queue" "q" {}\n'
        'data "aws_iam_policy_document" "p" {}\n'
        'module "m" { source = "./m" }\n'
        'variable "aws_s3_bucket" {}\n'
    )
    document = parse_hcl(SourceFile("main.tf", "hcl", text))
    assert declared_types([document]) == {"aws_sqs_queue", "aws_iam_policy_document"}


def test_a_gated_rule_runs_when_its_type_is_declared() -> None:
    fixture = sorted((ROOT / "tests/rules/fixtures/security.kms-rotation-disabled").glob("bad*"))[0]
    analysis = analyze(fixture, settings=Settings(select=["security.kms-rotation-disabled"]))
    assert [f.rule for f in analysis.findings] and {f.rule for f in analysis.findings} == {
        "security.kms-rotation-disabled"
    }
    assert any(r.id == "security.kms-rotation-disabled" for r in analysis.rules_run)


def test_an_answer_without_the_types_does_not_import_the_rule(tmp_path: Path) -> None:
    answer = tmp_path / "main.tf"
    answer.write_text('resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n')
    script = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from tfjudge.analysis import analyze\n"
        f"analysis = analyze(Path({str(answer)!r}))\n"
        "print(json.dumps(['tfjudge.rules.security.kms_rotation_disabled' in sys.modules,"
        " any(r.id == 'security.kms-rotation-disabled' for r in analysis.rules_run),"
        " any(r.id == 'core.invalid-count' for r in analysis.rules_run)]))\n"
    )
    source = str(ROOT / "src")
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": source, "PATH": "/usr/bin:/bin"},
    )
    assert json.loads(done.stdout) == [False, False, True]


def _fixture_answers() -> list[tuple[Path, Path | None, Path | None]]:
    """Every rule fixture's answers, with the prompt and ideal beside them."""
    cases = []
    for folder in sorted((ROOT / "tests/rules/fixtures").iterdir()):
        prompt = folder / "prompt.md"
        ideal = next(iter(sorted(folder.glob("ideal*"))), None)
        for answer in sorted([*folder.glob("bad*"), *folder.glob("good*")]):
            cases.append((answer, prompt if prompt.exists() else None, ideal))
    corpus = ROOT.parent / "shared" / "corpus"
    for answer in sorted(corpus.glob("*/MODEL_RESPONSE.md")):
        prompt = answer.parent / "PROMPT.md"
        cases.append((answer, prompt if prompt.exists() else None, None))
    return cases


def test_gated_rules_find_nothing_without_their_types(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rule run on every fixture (and corpus answer, where there is one): a rule that
    declares `applies_to` finds nothing in an answer that declares none of those types."""
    import tfjudge.analysis

    gated = {rule_id: r for rule_id, r in all_rules().items() if r.applies_to}
    monkeypatch.setattr(tfjudge.analysis, "declared_types", lambda documents: None)
    wrong = []
    for answer, prompt, ideal in _fixture_answers():
        analysis = analyze(answer, prompt, ideal)
        present = declared_types(analysis.answer.documents)
        wrong += [
            f"{answer.relative_to(ROOT.parent)}: {f.rule} at {f.file}:{f.line}"
            for f in analysis.findings
            if f.rule in gated and present.isdisjoint(gated[f.rule].applies_to)
        ]
    assert wrong == []
