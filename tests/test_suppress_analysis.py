"""Suppressions end to end: comments and ignore entries on real rule findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tfjudge.analysis import Settings, analyze
from tfjudge.cli import main

CODE = """\
resource "aws_s3_bucket" "a" { # tfjudge:ignore=security.s3-versioning-missing
  bucket = "bucket-a-example"
}

# tfjudge:ignore=security
resource "aws_s3_bucket" "b" {
  bucket = "bucket-b-example"
}

resource "aws_s3_bucket" "c" {
  bucket = "bucket-c-example"
}
"""


def test_inline_comments_suppress_and_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text(CODE, encoding="utf-8")
    settings = Settings(select=["security.s3-versioning-missing", "security.s3-lifecycle-missing"])
    analysis = analyze(path, settings=settings)
    found = {(f.address, f.rule) for f in analysis.findings}
    assert found == {
        ("aws_s3_bucket.a", "security.s3-lifecycle-missing"),
        ("aws_s3_bucket.c", "security.s3-lifecycle-missing"),
        ("aws_s3_bucket.c", "security.s3-versioning-missing"),
    }
    assert analysis.suppressed == 3
    assert analysis.summary()["suppressed"] == 3


def test_config_ignore_entries_by_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "main.tf"
    path.write_text(CODE, encoding="utf-8")
    config = tmp_path / ".tfjudge.toml"
    config.write_text(
        'ignore = ["security.s3-lifecycle-missing@aws_s3_bucket.*", "security.s3-encryption-missing",'
        ' "security.s3-access-logging-missing"]\n',
        encoding="utf-8",
    )
    code = main(
        ["analyze", str(path), "--config", str(config), "--format", "json", "--select", "security"]
    )
    assert code == 0  # nothing critical is left
    report = json.loads(capsys.readouterr().out)
    left = sorted((f["address"], f["rule"]) for f in report["findings"])
    assert left == [
        ("aws_s3_bucket.a", "security.s3-public-access-block-missing"),
        ("aws_s3_bucket.c", "security.s3-public-access-block-missing"),
        ("aws_s3_bucket.c", "security.s3-versioning-missing"),
    ]
    # b: three by its comment; a: versioning by its comment, lifecycle by the entry; c:
    # lifecycle by the entry. Encryption and access logging are deselected: never run,
    # never counted.
    assert report["summary"]["suppressed"] == 6
