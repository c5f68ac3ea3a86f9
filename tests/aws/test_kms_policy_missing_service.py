"""aws.kms-policy-missing-service: which service uses a key, and whether its policy lets it."""

from __future__ import annotations

import pytest

from tfjudge.findings import Severity

from .helpers import findings

RULE = "aws.kms-policy-missing-service"
ROOT = """{
  Sid = "Account", Effect = "Allow", Action = "kms:*", Resource = "*"
  Principal = { AWS = "arn:aws:iam::123456789012:root" }
}"""


def key(*statements: str, name: str = "k") -> str:
    body = ",\n".join((ROOT, *statements))
    return f"""
resource "aws_kms_key" "{name}" {{
  policy = jsonencode({{ Version = "2012-10-17", Statement = [{body}] }})
}}
"""


def statement(principal: str, actions: str) -> str:
    return f'{{ Effect = "Allow", Principal = {principal}, Action = {actions}, Resource = "*" }}'


LOG_GROUP = """
resource "aws_cloudwatch_log_group" "g" {
  name       = "/app"
  kms_key_id = aws_kms_key.k.arn
}
"""
SWITCHED_LOG_GROUP = """
variable "encrypt_logs" {
  type    = bool
  default = %s
}

resource "aws_cloudwatch_log_group" "g" {
  name       = "/app"
  kms_key_id = var.encrypt_logs ? aws_kms_key.k.arn : null
}
"""
LOGS = 'kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*'

CASES = {
    "log group, no key policy": (
        'resource "aws_kms_key" "k" {}\n' + LOG_GROUP,
        ["critical"],
    ),
    "log group, root-only policy": (key() + LOG_GROUP, ["critical"]),
    "log group, the key only when a flag is on, and it is off": (
        key() + SWITCHED_LOG_GROUP % "false",
        [],
    ),
    "log group, the key only when a flag is on, and it is on": (
        key() + SWITCHED_LOG_GROUP % "true",
        ["critical"],
    ),
    "log group, regional logs principal": (
        key(statement('{ Service = "logs.eu-west-1.amazonaws.com" }', f'["{LOGS}"]')) + LOG_GROUP,
        [],
    ),
    "log group, principal with an unknown region": (
        key(statement('{ Service = "logs.${var.region}.amazonaws.com" }', '"kms:*"')) + LOG_GROUP,
        [],
    ),
    "log group, logs principal lacks Encrypt": (
        key(
            statement(
                '{ Service = "logs.amazonaws.com" }', '["kms:Decrypt", "kms:GenerateDataKey"]'
            )
        )
        + LOG_GROUP,
        ["critical"],
    ),
    "log group, anyone": (key(statement('"*"', '"kms:*"')) + LOG_GROUP, []),
    "log group, an unknown IAM role is not the service": (
        key(statement("{ AWS = aws_iam_role.app.arn }", '"kms:*"'))
        + 'resource "aws_iam_role" "app" {}\n'
        + LOG_GROUP,
        ["critical"],
    ),
    "log group, policy unknown": (
        'variable "p" {}\nresource "aws_kms_key" "k" { policy = var.p }\n' + LOG_GROUP,
        [],
    ),
    "log group through an alias": (
        'resource "aws_kms_key" "k" {}\n'
        'resource "aws_kms_alias" "a" {\n  name = "alias/app"\n  target_key_id = aws_kms_key.k.key_id\n}\n'
        'resource "aws_cloudwatch_log_group" "g" {\n  name = "/app"\n  kms_key_id = aws_kms_alias.a.arn\n}\n',
        ["critical"],
    ),
    "existing key (data source) is not judged": (
        'data "aws_kms_key" "k" { key_id = "alias/logs" }\n'
        'resource "aws_cloudwatch_log_group" "g" {\n  kms_key_id = data.aws_kms_key.k.arn\n}\n',
        [],
    ),
    "encrypted queue with an SNS subscription": (
        'resource "aws_kms_key" "k" {}\n'
        'resource "aws_sqs_queue" "q" { kms_master_key_id = aws_kms_key.k.id }\n'
        'resource "aws_sns_topic" "t" {}\n'
        'resource "aws_sns_topic_subscription" "s" {\n  topic_arn = aws_sns_topic.t.arn\n'
        '  protocol = "sqs"\n  endpoint = aws_sqs_queue.q.arn\n}\n',
        ["medium"],
    ),
    "encrypted queue, SNS allowed": (
        key(
            statement(
                '{ Service = "sns.amazonaws.com" }', '["kms:Decrypt", "kms:GenerateDataKey*"]'
            )
        )
        + 'resource "aws_sqs_queue" "q" { kms_master_key_id = aws_kms_key.k.id }\n'
        'resource "aws_sns_topic" "t" {}\n'
        'resource "aws_sns_topic_subscription" "s" {\n  topic_arn = aws_sns_topic.t.arn\n'
        '  protocol = "sqs"\n  endpoint = aws_sqs_queue.q.arn\n}\n',
        [],
    ),
    "encrypted topic nobody publishes to": (
        'resource "aws_kms_key" "k" {}\nresource "aws_sns_topic" "t" { kms_master_key_id = aws_kms_key.k.id }\n',
        [],
    ),
    "EventBridge target on an encrypted topic": (
        'resource "aws_kms_key" "k" {}\nresource "aws_sns_topic" "t" { kms_master_key_id = aws_kms_key.k.id }\n'
        'resource "aws_cloudwatch_event_target" "e" {\n  rule = "r"\n  arn  = aws_sns_topic.t.arn\n}\n',
        ["medium"],
    ),
}

ASG = """
resource "aws_launch_template" "t" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      kms_key_id = aws_kms_key.k.arn
    }
  }
}
resource "aws_autoscaling_group" "g" {
  min_size = 1
  max_size = 1
  %s
  launch_template {
    id = aws_launch_template.t.id
  }
}
"""
SLR = '"arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"'

CASES |= {
    "ASG launches encrypted volumes": (key() + ASG % "", ["critical"]),
    "ASG that does not wait for capacity": (
        key() + ASG % 'wait_for_capacity_timeout = "0"',
        ["medium"],
    ),
    "ASG service-linked role allowed": (
        key(
            statement(f"{{ AWS = {SLR} }}", '["kms:Decrypt", "kms:GenerateDataKey*"]'),
            statement(f"{{ AWS = {SLR} }}", '"kms:CreateGrant"'),
        )
        + ASG % "",
        [],
    ),
    "ASG service-linked role without CreateGrant": (
        key(statement(f"{{ AWS = {SLR} }}", '["kms:Decrypt", "kms:GenerateDataKey*"]')) + ASG % "",
        ["critical"],
    ),
    "ASG role given a grant": (
        key() + ASG % "" + 'resource "aws_kms_grant" "asg" {\n  key_id = aws_kms_key.k.key_id\n'
        f"  grantee_principal = {SLR}\n"
        '  operations = ["Decrypt", "GenerateDataKeyWithoutPlaintext", "CreateGrant"]\n}\n',
        [],
    ),
}

TRAIL_BUCKET = """
resource "aws_s3_bucket" "b" { bucket = "trail-logs" }
resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.k.arn
    }
  }
}
"""
CASES |= {
    "trail writes to an SSE-KMS bucket": (
        key()
        + TRAIL_BUCKET
        + 'resource "aws_cloudtrail" "t" {\n  name = "t"\n  s3_bucket_name = aws_s3_bucket.b.id\n}\n',
        ["critical"],
    ),
    "trail with its own key does not use the bucket's": (
        key()
        + key(
            statement('{ Service = "cloudtrail.amazonaws.com" }', '"kms:GenerateDataKey*"'),
            name="t",
        )
        + TRAIL_BUCKET
        + 'resource "aws_cloudtrail" "t" {\n  name = "t"\n  s3_bucket_name = aws_s3_bucket.b.id\n'
        "  kms_key_id = aws_kms_key.t.arn\n}\n",
        [],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_kms_policy_missing_service(case: str) -> None:
    text, expected = CASES[case]
    found = findings(RULE, {"main.tf": text})
    assert [f.severity.value for f in found] == expected, [f.message for f in found]


def test_key_shared_through_a_module_output() -> None:
    files = {
        "main.tf": 'module "kms" { source = "./modules/kms" }\n'
        'resource "aws_cloudwatch_log_group" "g" {\n  name = "/app"\n'
        "  kms_key_id = module.kms.key_arn\n}\n",
        "modules/kms/main.tf": 'resource "aws_kms_key" "k" {}\noutput "key_arn" { value = aws_kms_key.k.arn }\n',
    }
    found = findings(RULE, files)
    assert [(f.address, f.severity) for f in found] == [("aws_kms_key.k", Severity.CRITICAL)]
    assert "aws_cloudwatch_log_group.g" in found[0].message
