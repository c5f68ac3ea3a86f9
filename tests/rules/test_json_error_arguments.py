"""syntax.json-error: which arguments hold JSON. Policies and the named JSON arguments of any
block, and arguments that are JSON only in some resource types (a DynamoDB item, an event
target's input), where the same name elsewhere is not judged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "syntax.json-error"
BROKEN = '<<EOF\n{\n  "id": {"S": "1"} # the key\n}\nEOF'
VALID = '<<EOF\n{\n  "id": {"S": "1"}\n}\nEOF'


@pytest.mark.parametrize(
    ("resource_type", "argument", "judged"),
    [
        ("aws_dynamodb_table_item", "item", True),
        ("aws_cloudwatch_event_target", "input", True),
        ("aws_lambda_invocation", "input", True),
        ("aws_sfn_state_machine", "definition", True),
        ("aws_iam_policy", "policy", True),
        ("aws_ssm_parameter", "value", False),
        ("aws_kinesis_firehose_delivery_stream", "item", False),
    ],
)
def test_json_arguments(tmp_path: Path, resource_type: str, argument: str, judged: bool) -> None:
    broken = f'resource "{resource_type}" "x" {{\n  {argument} = {BROKEN}\n}}\n'
    valid = f'resource "{resource_type}" "x" {{\n  {argument} = {VALID}\n}}\n'
    assert bool(run_rule(tmp_path / "broken", RULE, broken)) is judged
    assert run_rule(tmp_path / "valid", RULE, valid) == []


STATEMENTS = """
locals {
  read_policy = <<EOT
{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"},
{"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}
EOT
}

resource "aws_kms_key" "k" {
  description = "k"
  policy      = %s
}
"""


@pytest.mark.parametrize(
    ("policy", "lines"),
    [
        # spliced into the document it belongs to: judged there (valid)
        ('<<EOT\n{"Version": "2012-10-17", "Statement": [${local.read_policy}]}\nEOT', []),
        # the fragment is the whole policy: the document AWS gets does not parse
        ("local.read_policy", [4]),
        ('"${local.read_policy}"', [4]),
    ],
)
def test_a_local_spliced_into_a_document_is_a_fragment(
    tmp_path: Path, policy: str, lines: list[int]
) -> None:
    assert [f.line for f in run_rule(tmp_path, RULE, STATEMENTS % policy)] == lines
