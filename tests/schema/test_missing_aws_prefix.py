"""schema.unknown-resource-type on types written without `aws_`: `resource "iam_role"`
makes terraform init look for a provider hashicorp/iam. One row per case."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.files import write_tree
from tfjudge.analysis import Settings, analyze

RULE = "schema.unknown-resource-type"
AWS = 'provider "aws" {\n  region = "us-east-1"\n}\n\n'


@pytest.mark.parametrize(
    ("code", "fires"),
    [
        ('resource "iam_role" "r" {\n  name = "r"\n}\n', True),
        ('data "caller_identity" "me" {}\n', True),
        ('resource "aws_iam_role" "r" {\n  name = "r"\n}\n', False),
        ('resource "random_id" "x" {\n  byte_length = 4\n}\n', False),  # no aws_random_id
        # a provider of that name the module declares or configures is the user's choice
        (
            'terraform {\n  required_providers {\n    iam = { source = "acme/iam" }\n  }\n}\n'
            'resource "iam_role" "r" {}\n',
            False,
        ),
        ('provider "iam" {}\nresource "iam_role" "r" {}\n', False),
        # a block naming the AWS provider: hashicorp/aws has no iam_role (the AWS check)
        ('resource "iam_role" "r" {\n  provider = aws\n}\n', True),
    ],
)
def test_a_type_without_its_aws_prefix(tmp_path: Path, code: str, fires: bool) -> None:
    write_tree(tmp_path, {"main.tf": AWS + code})
    findings = analyze(tmp_path, settings=Settings(select=[RULE])).findings
    assert bool(findings) is fires, [f.message for f in findings]
