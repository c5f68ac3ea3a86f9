"""`--format sarif`: valid SARIF 2.1.0 (the official schema), every rule, exact locations,
fingerprints that survive moved lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tfjudge.analysis import analyze
from tfjudge.cli import main
from tfjudge.render import formats
from tfjudge.render.sarif import sarif_log
from tfjudge.rules.registry import all_rules

from ..conftest import CORPUS, ROOT

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text())
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
BROKEN = 'Answer:\n\n```hcl\nresource "aws_s3_bucket" "b" {\n  bucket_prefix = "b-" x = 1\n}\n```\n'


def validate(log: dict[str, Any]) -> None:
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def sarif_of(path: Path, prompt: Path | None = None, ideal: Path | None = None) -> dict[str, Any]:
    log = sarif_log([analyze(path, prompt, ideal)])
    # what the renderer writes is what was validated
    return json.loads(json.dumps(log))


def test_sarif_is_a_format() -> None:
    assert "sarif" in formats()


def test_the_schema_rejects_what_is_not_sarif() -> None:
    """The validator is live: a result without a message breaks the schema."""
    broken = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "a"}]}],
    }
    assert list(VALIDATOR.iter_errors(broken))


def test_valid_on_the_examples_and_the_rule_fixtures() -> None:
    paths = sorted((ROOT / "examples").glob("*.md")) + sorted(
        (ROOT / "tests" / "rules" / "fixtures").glob("*/*")
    )
    checked = 0
    for path in paths:
        if path.name in ("prompt.md", "ideal.md"):
            continue
        prompt, ideal = path.parent / "prompt.md", path.parent / "ideal.md"
        log = sarif_of(path, prompt if prompt.exists() else None, ideal if ideal.exists() else None)
        validate(log)
        checked += 1
    assert checked >= 10


def test_valid_on_every_corpus_answer() -> None:
    cases = sorted(CORPUS.glob("**/MODEL_RESPONSE.md"))
    if not cases:
        pytest.skip("the corpus is not present")
    results = 0
    for response in cases:
        prompt, ideal = response.parent / "PROMPT.md", response.parent / "IDEAL_RESPONSE.md"
        log = sarif_of(
            response, prompt if prompt.exists() else None, ideal if ideal.exists() else None
        )
        validate(log)
        results += len(log["runs"][0]["results"])
    assert results > 0


def test_the_driver_describes_every_rule() -> None:
    log = sarif_log([])
    validate(log)
    (run,) = log["runs"]
    descriptors = run["tool"]["driver"]["rules"]
    rules = list(all_rules().values())
    assert [d["id"] for d in descriptors] == [r.id for r in rules]
    levels = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
    for descriptor, current in zip(descriptors, rules, strict=True):
        assert descriptor["shortDescription"]["text"] == current.title
        assert descriptor["fullDescription"]["text"] == current.summary
        assert "## What it does" in descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] == levels[current.severity.value]
        assert current.category.value in descriptor["properties"]["tags"]


def test_a_result_points_at_the_file_and_the_answer(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "answers").mkdir()
    (tmp_path / "answers" / "a.md").write_text(BROKEN)
    log = sarif_of(Path("answers/a.md"))
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "syntax.hcl-error"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert result["ruleId"] == "syntax.hcl-error" == rules[result["ruleIndex"]]["id"]
    assert result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "main.tf"
    (finding,) = [f for f in analyze(Path("answers/a.md")).findings if f.rule == "syntax.hcl-error"]
    assert location["region"] == {
        "startLine": 2,
        "startColumn": finding.column,
        "endLine": 2,
        "endColumn": finding.end_column,
    }
    assert result["locations"][0]["logicalLocations"] == [{"fullyQualifiedName": "aws_s3_bucket.b"}]
    related = result["relatedLocations"][0]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "answers/a.md"
    assert related["physicalLocation"]["region"]["startLine"] == 5
    assert "[5](1)" in result["message"]["text"]


def test_a_terraform_file_is_located_where_it_is(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(
        'resource "aws_s3_bucket" "b" {\n  bucket = "b" x = 1\n}\n'
    )
    log = sarif_of(Path("infra/main.tf"))
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "syntax.hcl-error"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "infra/main.tf"
    assert "relatedLocations" not in result  # the file is the answer
    log = sarif_of(Path("infra"))
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "syntax.hcl-error"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "infra/main.tf"


def fingerprints(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "a.md"
    path.write_text(text)
    results = sarif_of(path)["runs"][0]["results"]
    return [
        r["partialFingerprints"]["tfjudge/v1"] for r in results if r["ruleId"] == "syntax.hcl-error"
    ]


def test_fingerprints_survive_moved_lines_and_tell_findings_apart(tmp_path: Path) -> None:
    first = fingerprints(BROKEN, tmp_path)
    moved = fingerprints("Some words first.\n\nMore words.\n\n" + BROKEN, tmp_path)
    assert first == moved and len(first) == 1
    changed = fingerprints(BROKEN.replace("x = 1", "y = 2"), tmp_path)
    assert changed != first
    twice = BROKEN.replace(
        "```\n", '\nresource "aws_s3_bucket" "c" {\n  bucket_prefix = "b-" x = 1\n}\n```\n', 1
    )
    assert len(set(fingerprints(twice, tmp_path))) == 2


def test_several_answers_make_one_run(write, capsys) -> None:
    first, second = write("one/a.md", BROKEN), write("two/b.md", BROKEN)
    code = main(["analyze", str(first), str(second), "--format", "sarif"])
    log = json.loads(capsys.readouterr().out)
    validate(log)
    assert code == 1
    (run,) = log["runs"]
    answers = [
        r["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in run["results"]
        if r["ruleId"] == "syntax.hcl-error"
    ]
    assert [a.rsplit("/", 2)[-2:] for a in answers] == [["one", "a.md"], ["two", "b.md"]]
