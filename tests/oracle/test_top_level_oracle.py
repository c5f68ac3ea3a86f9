"""core.invalid-top-level against `terraform init`: the same errors on the same lines.

One configuration holds every kind of top-level mistake (wrong label counts for each block
type, unknown block types, bare arguments) beside valid blocks; terraform loads it once and
every error it prints must be a finding of the rule with the same summary and line, and
no finding may be one terraform does not print.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.oracle.oracle import finding_summaries, init_diagnostics, init_errors
from tests.rules.core_tables import BLOCK_NAME_CASES
from tfjudge.analysis import Settings, analyze

CASES = [
    'resource "aws_s3_bucket" {\n  bucket = "a"\n}',
    "resource {\n}",
    'resource "aws_s3_bucket" "a" "b" {\n  bucket = "b"\n}',
    'data "aws_caller_identity" {\n}',
    "variable {\n}",
    'variable "a" "b" {\n}',
    "output {\n  value = 1\n}",
    'module {\n  source = "./m"\n}',
    "provider {\n}",
    'provider "aws" "east" {\n}',
    'check {\n  assert {\n    condition     = true\n    error_message = "x"\n  }\n}',
    'locals "x" {\n  a = 1\n}',
    'terraform "x" {\n}',
    'moved "x" {\n  from = aws_s3_bucket.old\n  to   = aws_s3_bucket.ok\n}',
    'removed "x" {\n  from = aws_s3_bucket.gone\n}',
    'region = "us-east-1"',
    'schedule "cron" "nightly" {\n  expression = "0 2 * * *"\n}',
    'aws_s3_bucket "bare" {\n  bucket = "c"\n}',
    'resource "aws_s3_bucket" "ok" {\n  bucket_prefix = "ok-"\n}',
    'variable "fine" {\n  type = string\n}',
    "locals {\n  fine = 1\n}",
]


def test_top_level_errors_match_terraform_init(tmp_path: Path) -> None:
    directory = tmp_path / "config"
    directory.mkdir()
    main = directory / "main.tf"
    main.write_text(
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n\n'
        + "\n\n".join(CASES)
        + "\n",
        encoding="utf-8",
    )
    expected = init_errors(directory)
    found = finding_summaries(main, "core.invalid-top-level")
    assert expected, "terraform init reported no error: the oracle did not run"
    assert found == expected


def test_block_names_match_terraform_init(tmp_path: Path) -> None:
    directory = tmp_path / "config"
    (directory / "child").mkdir(parents=True)
    (directory / "child" / "main.tf").write_text("", encoding="utf-8")
    blocks = [block for block, _ in BLOCK_NAME_CASES]
    main = directory / "main.tf"
    main.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    # a type label with a space also names an invalid provider ("aws s3" implies provider
    # "aws s3"): terraform says so too, tfjudge reports the label once
    expected = {
        (d.summary, d.line)
        for d in init_diagnostics(directory)
        if d.summary.startswith("Invalid") and d.summary != "Invalid provider local name"
    }
    found = finding_summaries(main, "core.invalid-block-name")
    assert len(expected) == sum(1 for _, said in BLOCK_NAME_CASES if said)
    assert found == expected


def test_provider_alias_matches_terraform_init(tmp_path: Path) -> None:
    """terraform names no line for an alias; the rule puts it at the alias."""
    for alias, invalid in (("us.east", True), ("us-east", False)):
        directory = tmp_path / alias
        directory.mkdir()
        main = directory / "main.tf"
        main.write_text(f'provider "aws" {{\n  alias  = "{alias}"\n}}\n', encoding="utf-8")
        init_diagnostics(directory)
        log = re.sub(r"\x1b\[[0-9;]*m", "", (directory / "init.err").read_text())
        said = "Error: Invalid provider configuration alias" in log
        analysis = analyze(main, settings=Settings(select=["core.invalid-block-name"]))
        assert said == invalid == bool(analysis.findings)
