"""Where tfjudge meets other tools: pre-commit, several paths at once, `explain`,
and the GitHub Actions snippet of the README."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.answers import BROKEN as BROKEN_ANSWER
from tests.answers import CLEAN
from tfjudge.cli import main
from tfjudge.precommit import paths_to_analyze
from tfjudge.rules.registry import all_rules

from ..conftest import ROOT

GOOD = CLEAN
BROKEN = BROKEN_ANSWER
SARIF_SCHEMA = json.loads(
    (ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text()
)


# -- tfjudge explain -----------------------------------------------------------------------


def test_explain_renders_the_rule_doc_with_rich(capsys: pytest.CaptureFixture[str]) -> None:
    current = all_rules()["syntax.hcl-error"]
    assert main(["explain", "syntax.hcl-error"]) == 0
    out = capsys.readouterr().out
    assert "syntax.hcl-error" in out and current.title in out
    # rich renders the Markdown: headings without their hashes, code without its fences
    assert "What it does" in out and "## What it does" not in out
    assert "Why is this bad?" in out and "```" not in out
    first_sentence = current.summary.split(". ")[0].split()[:4]
    assert " ".join(first_sentence) in " ".join(out.split())


def test_explain_an_unknown_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "hcl-error"]) == 2
    assert "did you mean syntax.hcl-error" in capsys.readouterr().err


# -- several paths -------------------------------------------------------------------------


def test_analyze_several_paths(write, capsys: pytest.CaptureFixture[str]) -> None:
    good, broken = write("good.md", GOOD), write("broken.md", BROKEN)
    assert main(["analyze", str(good), str(broken), "--format", "json"]) == 1
    reports = json.loads(capsys.readouterr().out)
    assert [len(r["findings"]) for r in reports] == [0, 1]
    assert main(["analyze", str(good), str(good), "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["analyze", str(broken), str(good), "--no-color"]) == 1
    text = capsys.readouterr().out
    # each answer's report is headed by its path, so findings are told apart
    first, second = text.split(f"==> {good} <==")
    assert first.startswith(f"==> {broken} <==") and "syntax.hcl-error" in first
    assert "syntax.hcl-error" not in second and "0 findings" in second
    # an unreadable path is reported, the others are still analysed, the exit code is 2
    assert main(["analyze", str(broken), str(good.parent / "absent.md"), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert "absent.md: no such file" in captured.err
    assert [r["findings"][0]["rule"] for r in json.loads(captured.out)] == ["syntax.hcl-error"]


# -- pre-commit ----------------------------------------------------------------------------


def test_the_hook_analyzes_a_terraform_file_as_its_directory(tmp_path: Path) -> None:
    module = tmp_path / "infra"
    module.mkdir()
    (module / "main.tf").write_text("")
    (module / "variables.tf").write_text("")
    answer = tmp_path / "a.md"
    answer.write_text(GOOD)
    files = [
        str(module / "main.tf"),
        "--fail-on",
        "high",
        str(answer),
        str(module / "variables.tf"),
    ]
    assert paths_to_analyze(files) == [str(module), "--fail-on", "high", str(answer)]


def git(repo: Path, *arguments: str) -> None:
    subprocess.run(["git", *arguments], cwd=repo, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_runs_the_hook_in_a_git_repository(tmp_path: Path) -> None:
    """pre-commit runs the hook of .pre-commit-hooks.yaml on the repository's files.

    The hook is declared `language: system` here, with the installed tfjudge's
    interpreter first on PATH: `language: python` would make pre-commit install tfjudge
    from the committed tree into a new virtualenv, from the network.
    """
    pytest.importorskip("pre_commit")
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    config = {"repos": [{"repo": "local", "hooks": [{**hook, "language": "system"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    (repo / "answers").mkdir()
    (repo / "answers" / "good.md").write_text(GOOD)
    (repo / "answers" / "broken.md").write_text(BROKEN)
    (repo / "infra").mkdir()  # one module in two files: the hook sees it whole
    (repo / "infra" / "main.tf").write_text(
        'resource "aws_s3_bucket" "b" {\n  bucket_prefix = "b-"\n}\n'
    )
    (repo / "infra" / "outputs.tf").write_text(
        'output "bucket" {\n  value = aws_s3_bucket.b.id\n}\n'
    )
    (repo / "notes.txt").write_text("not for tfjudge { x")
    git(repo, "add", "-A")
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "NO_COLOR": "1",
    }
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--verbose"]
    failing = subprocess.run(command, cwd=repo, env=environment, capture_output=True, text=True)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "syntax.hcl-error" in failing.stdout
    assert "broken.md" in failing.stdout and "notes.txt" not in failing.stdout
    (repo / "answers" / "broken.md").write_text(GOOD)
    git(repo, "add", "-A")
    passing = subprocess.run(command, cwd=repo, env=environment, capture_output=True, text=True)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout


# -- the GitHub Actions snippet of the README ------------------------------------------


def test_the_readme_github_actions_snippet_uploads_valid_sarif(tmp_path: Path, monkeypatch) -> None:
    readme = (ROOT / "README.md").read_text()
    section = re.split(r"^#+ GitHub code scanning", readme, maxsplit=1, flags=re.MULTILINE)[1]
    workflow = yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1))
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["tfjudge"]["steps"]
    analyze_step = next(s for s in steps if "tfjudge analyze" in s.get("run", ""))
    upload = next(
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")
    )
    argv = shlex.split(analyze_step["run"])
    output = argv[argv.index("-o") + 1]
    assert upload["with"]["sarif_file"] == output
    assert argv[argv.index("--fail-on") + 1] == "never"  # findings must not stop the upload
    # run the documented command on a repository with answers
    monkeypatch.chdir(tmp_path)
    (tmp_path / "answers").mkdir()
    (tmp_path / "answers" / "one.md").write_text(BROKEN)
    (tmp_path / "answers" / "two.md").write_text(GOOD)
    paths = [str(p.relative_to(tmp_path)) for p in sorted((tmp_path / "answers").glob("*.md"))]
    expanded = [a for arg in argv[1:] for a in (paths if "*" in arg else [arg])]
    assert main(expanded) == 0
    log = json.loads((tmp_path / output).read_text())
    jsonschema.validate(log, SARIF_SCHEMA)
    assert (
        log["runs"][0]["results"][0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"][
            "uri"
        ]
        == "answers/one.md"
    )
