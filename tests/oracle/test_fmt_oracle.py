"""format.not-canonical against the real `terraform fmt`.

One `terraform fmt -check -list` over the hand-written cases below and every HCL file of
the shared corpus' answers and ideals: on the cases tfjudge must agree exactly; on the
corpus every file it reports must be one fmt rewrites (it may miss some: it models only
indentation and `=` alignment).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.oracle.oracle import require_oracle
from tfjudge.analysis import parse_answer
from tfjudge.response.loader import load_text_input
from tfjudge.rules.format.not_canonical import first_difference

CASES: dict[str, str] = {
    "aligned.tf": 'resource "x" "y" {\n  a   = 1\n  bbb = 2\n}\n',
    "misaligned.tf": 'resource "x" "y" {\n  a = 1\n  bbb = 2\n}\n',
    "over_aligned.tf": 'resource "x" "y" {\n  a    = 1\n  bbb  = 2\n}\n',
    "no_space.tf": "locals {\n  a=1\n}\n",
    "comment_breaks.tf": 'resource "x" "y" {\n  a = 1\n  # c\n  bbb = 2\n}\n',
    "blank_breaks.tf": 'resource "x" "y" {\n  a = 1\n\n  bbb = 2\n}\n',
    "multiline_value_breaks.tf": 'resource "x" "y" {\n  a = 1\n  bbb = {\n    c = 1\n  }\n}\n',
    "heredoc_in_group.tf": 'resource "x" "y" {\n  a   = 1\n  bbb = <<EOF\nz = 1\nEOF\n  cc  = 3\n}\n',
    "heredoc_misaligned.tf": 'resource "x" "y" {\n  a = <<EOF\nz\nEOF\n  bbb = 3\n}\n',
    "indent_deep.tf": 'resource "x" "y" {\n  tags = merge(var.t, {\n    a = 1\n  })\n}\n',
    "indent_wrong.tf": 'resource "x" "y" {\n   a = 1\n}\n',
    "indent_close.tf": 'resource "x" "y" {\n  a = [\n    1,\n    ]\n}\n',
    "list_of_objects.tf": "locals {\n  a = [{\n    b = 1\n    }, {\n    b = 2\n  }]\n}\n",
    "strings.tf": 'locals {\n  a  = "x = {"\n  bb = "${var.x}-#"\n}\n',
    "trailing_comment.tf": "locals {\n  a  = 1 # one\n  bb = 2\n}\n",
    "for_expression.tf": "locals {\n  a  = { for k, v in var.m : k => v if v == 1 }\n  bb = 2\n}\n",
}


def _fmt_differs(directory: Path) -> set[Path]:
    result = subprocess.run(
        ["terraform", "fmt", "-check", "-list=true", "-recursive", "."],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "CHECKPOINT_DISABLE": "1"},
    )
    return {(directory / line.strip()).resolve() for line in result.stdout.splitlines() if line}


def _corpus_files(directory: Path) -> dict[Path, str]:
    files: dict[Path, str] = {}
    if not CORPUS.is_dir():
        return files
    for index, answer in enumerate(sorted(CORPUS.glob("**/*_RESPONSE.md"))):
        parsed = parse_answer(load_text_input(answer.read_text(), answer.name))
        for number, document in enumerate(parsed.documents):
            file = document.file
            if document.errors or file.language != "hcl" or file.truncated:
                continue
            suffix = ".tfvars" if file.path.endswith(".tfvars") else ".tf"
            path = directory / "corpus" / f"{index}_{number}{suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            text = file.text if file.text.endswith("\n") else file.text + "\n"
            path.write_text(text)
            files[path.resolve()] = text
    return files


@pytest.mark.oracle
def test_not_canonical_agrees_with_terraform_fmt(tmp_path: Path) -> None:
    require_oracle()
    cases = {}
    for name, text in CASES.items():
        path = tmp_path / "cases" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
        cases[path.resolve()] = text
    corpus = _corpus_files(tmp_path)
    differs = _fmt_differs(tmp_path)
    for path, text in cases.items():
        assert (first_difference(text) is not None) == (path in differs), path.name
    flagged = {path for path, text in corpus.items() if first_difference(text) is not None}
    assert flagged <= differs, sorted(str(p) for p in flagged - differs)[:5]
    if corpus:
        assert len(flagged) >= len(differs & set(corpus)) // 2
