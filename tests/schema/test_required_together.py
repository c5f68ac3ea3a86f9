"""schema.missing-required-together: an argument set without the arguments the provider
requires with it. The rule runs one way (the argument that asks). One row per case."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.files import write_tree
from tfjudge.analysis import Settings, analyze

RULE = "schema.missing-required-together"
KEY = 'resource "aws_kms_key" "k" {\n  description = "k"\n%s}\n'
FUNCTION = (
    'resource "aws_lambda_function" "f" {\n  function_name = "f"\n'
    '  role = "arn:aws:iam::123456789012:role/r"\n  handler = "index.handler"\n'
    '  runtime = "python3.12"\n%s}\n'
)


@pytest.mark.parametrize(
    ("code", "fires"),
    [
        (KEY % "  rotation_period_in_days = 90\n", True),
        (KEY % "  enable_key_rotation = true\n", False),  # needs nothing: the rule runs one way
        (KEY % "  enable_key_rotation = true\n  rotation_period_in_days = 90\n", False),
        (FUNCTION % '  s3_bucket = "artifacts"\n', True),
        (FUNCTION % "  s3_bucket = var.bucket\n", True),  # a value validate does not know
        (FUNCTION % '  s3_bucket = "artifacts"\n  s3_key = "f.zip"\n', False),
        (FUNCTION % '  s3_bucket = null\n  filename = "f.zip"\n', False),
        (FUNCTION % '  filename = "f.zip"\n', False),
    ],
)
def test_an_argument_needs_its_group(tmp_path: Path, code: str, fires: bool) -> None:
    write_tree(tmp_path, {"main.tf": 'variable "bucket" {\n  type = string\n}\n' + code})
    findings = analyze(tmp_path, settings=Settings(select=[RULE])).findings
    assert bool(findings) is fires, [f.message for f in findings]
