"""Table tests (tflint style) for security, ops and policy rules with several conditions.

Each row is a small configuration, the rule, and what the rule must say about it: the
findings' addresses and severities, or nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tfjudge.analysis import Settings, analyze

SUFFIX_PROMPT = (
    "Build the stack in Terraform.\n\n"
    "- Every resource name must include the `environment_suffix` variable so parallel "
    "deployments do not collide.\n"
)
PLAIN_PROMPT = "Build an SNS topic and an SQS queue in Terraform.\n"


def _run(
    tmp_path: Path, rule: str, code: str, prompt: str | None = None
) -> list[tuple[str | None, str]]:
    answer = tmp_path / "main.tf"
    answer.write_text(code, encoding="utf-8")
    prompt_path = None
    if prompt is not None:
        prompt_path = tmp_path / "PROMPT.md"
        prompt_path.write_text(prompt, encoding="utf-8")
    analysis = analyze(answer, prompt_path, None, Settings(select=[rule]))
    return [(f.address, f.severity.value) for f in analysis.findings if f.rule == rule]


NAME_CASES = [
    # (name, prompt, code, expected)
    (
        "literal topic, suffix asked",
        SUFFIX_PROMPT,
        'variable "environment_suffix" {}\nresource "aws_sns_topic" "a" {\n  name = "alerts"\n}\n',
        [("aws_sns_topic.a", "high")],
    ),
    (
        "suffix through a local",
        SUFFIX_PROMPT,
        'variable "environment_suffix" {}\nlocals {\n  p = "app-${var.environment_suffix}"\n}\n'
        'resource "aws_sns_topic" "a" {\n  name = "${local.p}-alerts"\n}\n',
        [],
    ),
    (
        "camelCase suffix variable",
        "All resources must include the environmentSuffix variable in their names.\n",
        'variable "environmentSuffix" {}\nresource "aws_sqs_queue" "q" {\n  name = "jobs"\n}\n'
        'resource "aws_sqs_queue" "r" {\n  name = "jobs-${var.environmentSuffix}"\n}\n',
        [("aws_sqs_queue.q", "high")],
    ),
    (
        "for_each over static names",
        SUFFIX_PROMPT,
        'variable "environment_suffix" {}\nresource "aws_cloudwatch_metric_alarm" "e" {\n'
        '  for_each   = toset(["a", "b"])\n  alarm_name = "${each.value}-errors"\n}\n',
        [("aws_cloudwatch_metric_alarm.e", "high")],
    ),
    (
        "name from another resource's id",
        SUFFIX_PROMPT,
        'variable "environment_suffix" {}\nresource "aws_api_gateway_rest_api" "api" {\n'
        '  name = "api-${var.environment_suffix}"\n}\nresource "aws_cloudwatch_log_group" "g" {\n'
        '  name = "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.api.id}/prod"\n}\n',
        [],
    ),
    (
        "no suffix asked: only literal bucket names",
        PLAIN_PROMPT,
        'resource "aws_sns_topic" "a" {\n  name = "alerts"\n}\n'
        'resource "aws_s3_bucket" "b" {\n  bucket = "fixed-bucket-name"\n}\n',
        [("aws_s3_bucket.b", "high")],
    ),
    (
        "bucket name from a variable without default",
        None,
        'variable "bucket" {}\nresource "aws_s3_bucket" "b" {\n  bucket = var.bucket\n}\n',
        [],
    ),
    (
        "empty bucket name: the provider generates one",
        None,
        'variable "bucket" {\n  default = ""\n}\n'
        'resource "aws_s3_bucket" "b" {\n  bucket = var.bucket\n}\n',
        [],
    ),
    (
        "bucket name from a variable's default",
        None,
        'variable "bucket" {\n  default = "fixed-bucket-name"\n}\n'
        'resource "aws_s3_bucket" "b" {\n  bucket = var.bucket\n}\n',
        [("aws_s3_bucket.b", "high")],
    ),
    (
        "bucket name per workspace",
        None,
        'resource "aws_s3_bucket" "b" {\n  bucket = "models-${terraform.workspace}"\n}\n',
        [],
    ),
    (
        "name per workspace, suffix asked",
        SUFFIX_PROMPT,
        'variable "environment_suffix" {}\nresource "aws_sns_topic" "a" {\n'
        '  name = "alerts-${terraform.workspace}"\n}\n',
        [("aws_sns_topic.a", "high")],
    ),
]


@pytest.mark.parametrize(
    ("name", "prompt", "code", "expected"), NAME_CASES, ids=[c[0] for c in NAME_CASES]
)
def test_missing_name_suffix(
    tmp_path: Path, name: str, prompt: str | None, code: str, expected: list[tuple[str, str]]
) -> None:
    assert _run(tmp_path, "ops.missing-name-suffix", code, prompt) == expected


PROTECTED = (
    'resource "aws_dynamodb_table" "t" {\n  name = "t"\n  hash_key = "id"\n'
    "  deletion_protection_enabled = true\n}\n"
    'resource "aws_s3_bucket" "b" {\n  bucket = "b-x"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n'
)


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        (
            "This is a test environment: the stack must be destroyable after the run.\n",
            [("aws_dynamodb_table.t", "medium"), ("aws_s3_bucket.b", "medium")],
        ),
        ("Build a production DynamoDB table.\n", []),
        (None, []),
    ],
)
def test_not_destroyable_protection_only_when_meant_to_be_torn_down(
    tmp_path: Path, prompt: str | None, expected: list[tuple[str, str]]
) -> None:
    assert sorted(_run(tmp_path, "ops.not-destroyable", PROTECTED, prompt)) == expected


def _policy(actions: str, resource: str, condition: str = "") -> str:
    return (
        'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{\n'
        f'      Effect = "Allow"\n      Action = {actions}\n      Resource = {resource}\n'
        f"{condition}    }}]\n  }})\n}}\n"
    )


@pytest.mark.parametrize(
    ("actions", "resource", "condition", "expected"),
    [
        ('["iam:PassRole"]', '"*"', "", "high"),
        ('"s3:*"', '"*"', "", "high"),
        ('["s3:PutObject"]', '"arn:aws:s3:::*/*"', "", "medium"),
        ('["s3:GetObject"]', '"*"', "", "low"),
        ('["ec2:DescribeInstances"]', '"*"', "", "low"),
        ('"support:*"', '"*"', "", "low"),  # a service without resource types: "*" or nothing
        ('"xray:*"', '"*"', "", "high"),  # some X-Ray actions take a resource (groups, rules)
        ('["logs:PutLogEvents"]', '"arn:aws:logs:*:*:*"', "", "medium"),
        ('["logs:PutLogEvents"]', '"arn:aws:logs:us-east-1:123456789012:*"', "", None),
        ('["s3:PutObject"]', '"arn:aws:s3:::bucket/*"', "", None),
        (
            '["cloudwatch:PutMetricData"]',
            '"*"',
            '      Condition = { StringEquals = { "cloudwatch:namespace" = "App" } }\n',
            None,
        ),
    ],
)
def test_iam_wildcard_resource_severity(
    tmp_path: Path, actions: str, resource: str, condition: str, expected: str | None
) -> None:
    found = _run(tmp_path, "security.iam-wildcard-resource", _policy(actions, resource, condition))
    assert found == ([("aws_iam_policy.p", expected)] if expected else [])


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        ('["s3:GetObjects"]', "high"),  # the real action is not granted either
        ('["s3:GetObject", "s3:GetObjects"]', "medium"),  # it is
        ('["kms:Decrypt", "kms:DecryptDataKey"]', "medium"),  # invented, next to real ones
        ('["acm:BatchGet*"]', "high"),  # a wildcard matching nothing, alone: nothing granted
        ('["acm:Get*", "acm:BatchGet*"]', "medium"),  # beside real ones of the service
        ('["GetObject"]', "critical"),  # no service prefix: rejected
        ('["s3:GetObject"]', None),
    ],
)
def test_iam_unknown_action_severity(tmp_path: Path, actions: str, expected: str | None) -> None:
    found = _run(tmp_path, "aws.iam-unknown-action", _policy(actions, '"*"'))
    assert [s for _, s in found] == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("ingress", "fires"),
    [
        (
            'from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]',
            True,
        ),
        (
            'from_port = 80\n    to_port = 443\n    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]',
            True,
        ),
        (
            'from_port = 443\n    to_port = 443\n    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]',
            False,
        ),
        (
            'from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = ["10.0.0.0/8"]',
            False,
        ),
        (
            'from_port = 0\n    to_port = 0\n    protocol = "-1"\n    cidr_blocks = ["0.0.0.0/0"]',
            True,
        ),
        (
            'from_port = 8\n    to_port = 0\n    protocol = "icmp"\n    cidr_blocks = ["0.0.0.0/0"]',
            False,
        ),
    ],
)
def test_sg_open_ingress(tmp_path: Path, ingress: str, fires: bool) -> None:
    code = f'resource "aws_security_group" "s" {{\n  ingress {{\n    {ingress}\n  }}\n}}\n'
    assert bool(_run(tmp_path, "security.sg-open-ingress", code)) is fires


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ('Action = "s3:PutObject"', "high"),
        (
            'Action = "s3:PutObject"\n      Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control" } }',
            "medium",
        ),
        ('Action = "s3:GetBucketAcl"', "low"),
        (
            'Action = "s3:PutObject"\n      Condition = { StringEquals = { "aws:SourceAccount" = "123456789012" } }',
            None,
        ),
    ],
)
def test_cloudtrail_source_condition(tmp_path: Path, statement: str, expected: str | None) -> None:
    code = (
        'resource "aws_s3_bucket" "t" {\n  bucket = "trail-bucket-x"\n}\n'
        'resource "aws_s3_bucket_policy" "t" {\n  bucket = aws_s3_bucket.t.id\n'
        '  policy = jsonencode({\n    Statement = [{\n      Effect = "Allow"\n'
        '      Principal = { Service = "cloudtrail.amazonaws.com" }\n'
        f'      Resource = "${{aws_s3_bucket.t.arn}}/*"\n      {statement}\n    }}]\n  }})\n}}\n'
    )
    found = _run(tmp_path, "security.cloudtrail-source-arn-missing", code)
    assert [s for _, s in found] == ([expected] if expected else [])


REDIS = (
    'resource "aws_elasticache_replication_group" "redis" {\n'
    '  replication_group_id = "sessions"\n  description = "sessions"\n'
    '  node_type = "cache.t4g.small"\n  num_cache_clusters = 2\n}\n'
)


@pytest.mark.parametrize(
    ("value", "fires"),
    [
        ("aws_elasticache_replication_group.redis.configuration_endpoint_address", True),
        ("aws_elasticache_replication_group.redis.primary_endpoint_address", False),
        (  # the author expects the null: a fallback follows
            "try(aws_elasticache_replication_group.redis.configuration_endpoint_address, null)",
            False,
        ),
        (
            "coalesce(aws_elasticache_replication_group.redis.configuration_endpoint_address,"
            " aws_elasticache_replication_group.redis.primary_endpoint_address)",
            False,
        ),
        (  # the last argument has nothing to fall back to
            'try("", aws_elasticache_replication_group.redis.configuration_endpoint_address)',
            True,
        ),
    ],
)
def test_elasticache_endpoint_attribute(tmp_path: Path, value: str, fires: bool) -> None:
    code = REDIS + f'output "endpoint" {{\n  value = {value}\n}}\n'
    found = _run(tmp_path, "aws.elasticache-endpoint-attribute", code)
    assert bool(found) == fires


DOMAIN_POLICY = """
resource "aws_opensearch_domain" "search" {
  domain_name = "search"
}

resource "aws_opensearch_domain_policy" "main" {
  domain_name = aws_opensearch_domain.search.domain_name
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:role/app" }
      Action    = %s
      Resource  = %s
    }]
  })
}
"""


@pytest.mark.parametrize(
    ("action", "resource", "fires"),
    [
        ('"es:*"', '"${aws_opensearch_domain.search.arn}/*"', False),  # the indices only
        ('"es:*"', "aws_opensearch_domain.search.arn", True),  # the domain's configuration
        ('"es:*"', '["${aws_opensearch_domain.search.arn}/*", "*"]', True),
        ('"*"', '"${aws_opensearch_domain.search.arn}/*"', True),
        ('"es:ESHttp*"', '"${aws_opensearch_domain.search.arn}/*"', False),
    ],
)
def test_iam_wildcard_action_on_a_domains_indices(
    tmp_path: Path, action: str, resource: str, fires: bool
) -> None:
    found = _run(tmp_path, "security.iam-wildcard-action", DOMAIN_POLICY % (action, resource))
    assert bool(found) is fires
