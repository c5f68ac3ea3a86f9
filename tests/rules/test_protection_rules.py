"""Table tests (tflint style) for the key, logging and pinning rules: each row a small
configuration, the prompt when the rule reads one, and the findings' addresses and
severities the rule must give (or nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tfjudge.analysis import Settings, analyze

ALL_DATA_KMS = "- Implement encryption at rest for all data stores using AWS KMS.\n"
LOGS_KMS = "- CloudWatch log groups must be encrypted with a customer-managed KMS key.\n"
TOPICS_ENCRYPTED = "- SNS topics must be encrypted.\n"
NO_KMS = "- Do not use customer managed KMS keys; encryption at rest for all data is enough.\n"
RDS_KMS = "- RDS instances must use encrypted storage with customer-managed KMS keys.\n"

LOG_GROUPS = (
    'resource "aws_kms_key" "k" {}\n'
    'resource "aws_cloudwatch_log_group" "a" {\n  name = "/a"\n}\n'
    'resource "aws_cloudwatch_log_group" "b" {\n  name = "/b"\n}\n'
    'resource "aws_cloudwatch_log_group" "c" {\n  name = "/c"\n  kms_key_id = aws_kms_key.k.arn\n}\n'
)
TOPICS = (
    'resource "aws_sns_topic" "a" {\n  name = "a"\n}\n'
    'resource "aws_sns_topic" "b" {\n  name = "b"\n  kms_master_key_id = "alias/aws/sns"\n}\n'
)


def _run(
    tmp_path: Path, rule: str, code: str, prompt: str | None = None, name: str = "main.tf"
) -> list[tuple[str | None, str]]:
    answer = tmp_path / name
    answer.write_text(code, encoding="utf-8")
    prompt_path = None
    if prompt is not None:
        prompt_path = tmp_path / "PROMPT.md"
        prompt_path.write_text("# Task\n\nBuild it in Terraform.\n\n" + prompt, encoding="utf-8")
    analysis = analyze(answer, prompt_path, None, Settings(select=[rule]))
    return [(f.address, f.severity.value) for f in analysis.findings if f.rule == rule]


KEY_CASES = [
    # (name, rule, prompt, code, expected)
    (
        "all data with KMS: one medium finding for the module's log groups",
        "security.log-group-kms-missing",
        ALL_DATA_KMS,
        LOG_GROUPS,
        [("aws_cloudwatch_log_group.a", "medium")],
    ),
    (
        "log groups named: one high finding per log group",
        "security.log-group-kms-missing",
        LOGS_KMS,
        LOG_GROUPS,
        [("aws_cloudwatch_log_group.a", "high"), ("aws_cloudwatch_log_group.b", "high")],
    ),
    ("no prompt: silent", "security.log-group-kms-missing", None, LOG_GROUPS, []),
    ("KMS asked only for RDS: silent", "security.log-group-kms-missing", RDS_KMS, LOG_GROUPS, []),
    ("KMS negated: silent", "security.log-group-kms-missing", NO_KMS, LOG_GROUPS, []),
    (
        "key from a variable counts as set",
        "security.log-group-kms-missing",
        LOGS_KMS,
        'variable "key" {}\nresource "aws_cloudwatch_log_group" "a" {\n  name = "/a"\n'
        "  kms_key_id = var.key\n}\n",
        [],
    ),
    (
        "topics named without KMS: SNS encrypts only with KMS, high",
        "security.sns-encryption-missing",
        TOPICS_ENCRYPTED,
        TOPICS,
        [("aws_sns_topic.a", "high")],
    ),
    (
        "all data with KMS: medium",
        "security.sns-encryption-missing",
        ALL_DATA_KMS,
        TOPICS,
        [("aws_sns_topic.a", "medium")],
    ),
    ("no prompt: silent", "security.sns-encryption-missing", None, TOPICS, []),
    ("KMS asked only for RDS: silent", "security.sns-encryption-missing", RDS_KMS, TOPICS, []),
    (
        "encryption at rest without KMS for all data: silent",
        "security.sns-encryption-missing",
        "- Encrypt all data at rest.\n",
        TOPICS,
        [],
    ),
]


@pytest.mark.parametrize(
    ("name", "rule", "prompt", "code", "expected"), KEY_CASES, ids=[c[0] for c in KEY_CASES]
)
def test_key_rules(
    tmp_path: Path,
    name: str,
    rule: str,
    prompt: str | None,
    code: str,
    expected: list[tuple[str, str]],
) -> None:
    assert _run(tmp_path, rule, code, prompt) == expected


VPC = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n'
FLOW_TO_MAIN = (
    'resource "aws_flow_log" "f" {\n  vpc_id = aws_vpc.main.id\n  traffic_type = "ALL"\n'
    '  log_destination = "arn:aws:s3:::flow-logs"\n  log_destination_type = "s3"\n}\n'
)
FLOW_MODULE_ANSWER = """```hcl
# main.tf
module "network" {
  source = "./modules/network"
}

resource "aws_flow_log" "f" {
  vpc_id               = module.network.vpc_id
  traffic_type         = "ALL"
  log_destination      = "arn:aws:s3:::flow-logs"
  log_destination_type = "s3"
}
```

```hcl
# modules/network/main.tf
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

output "vpc_id" {
  value = aws_vpc.main.id
}
```
"""
FLOW_CASES = [
    # (name, prompt, code, expected)
    ("no flow log: low", None, VPC, [("aws_vpc.main", "low")]),
    (
        "the prompt asks for flow logs: medium",
        "- Enable VPC Flow Logs for all network traffic.\n",
        VPC,
        [("aws_vpc.main", "medium")],
    ),
    (
        "general logging ask: still low",
        "- Enable logging and monitoring using CloudWatch.\n",
        VPC,
        [("aws_vpc.main", "low")],
    ),
    ("flow log on the VPC", None, VPC + FLOW_TO_MAIN, []),
    (
        "flow log on another VPC",
        None,
        VPC.replace("main", "other") + VPC + FLOW_TO_MAIN.replace("main", "other"),
        [("aws_vpc.main", "low")],
    ),
    (
        "flow log on a VPC id from a variable: may be any VPC",
        None,
        'variable "vpc" {}\n' + VPC + FLOW_TO_MAIN.replace("aws_vpc.main.id", "var.vpc"),
        [],
    ),
]


@pytest.mark.parametrize(
    ("name", "prompt", "code", "expected"), FLOW_CASES, ids=[c[0] for c in FLOW_CASES]
)
def test_vpc_flow_logs(
    tmp_path: Path, name: str, prompt: str | None, code: str, expected: list[tuple[str, str]]
) -> None:
    assert _run(tmp_path, "security.vpc-flow-logs-missing", code, prompt) == expected


def test_vpc_flow_log_through_a_module_output(tmp_path: Path) -> None:
    rule = "security.vpc-flow-logs-missing"
    assert _run(tmp_path, rule, FLOW_MODULE_ANSWER, name="answer.md") == []
    unlogged = FLOW_MODULE_ANSWER.replace("module.network.vpc_id", '"vpc-0123456789abcdef0"')
    assert _run(tmp_path, rule, unlogged, name="answer.md") == []  # a literal id: any VPC
    start = FLOW_MODULE_ANSWER.index('resource "aws_flow_log"')
    end = FLOW_MODULE_ANSWER.index("```", start)
    dropped = FLOW_MODULE_ANSWER[:start] + FLOW_MODULE_ANSWER[end:]
    assert _run(tmp_path, rule, dropped, name="answer.md") == [("aws_vpc.main", "low")]


DATA_BUCKET = 'resource "aws_s3_bucket" "data" {\n  bucket = "data-bucket"\n}\n'
LOGS_BUCKET = 'resource "aws_s3_bucket" "logs" {\n  bucket = "log-bucket"\n}\n'
ACCESS_CASES = [
    # (name, prompt, code, expected)
    ("no logging: low", None, DATA_BUCKET, [("aws_s3_bucket.data", "low")]),
    (
        "the prompt asks for access logs: medium",
        "- S3 buckets must have server access logging enabled.\n",
        DATA_BUCKET,
        [("aws_s3_bucket.data", "medium")],
    ),
    (
        "read-only access next to CloudWatch Logs is no ask: low",
        "- The role needs read-only access to the S3 buckets and may write CloudWatch Logs.\n",
        DATA_BUCKET,
        [("aws_s3_bucket.data", "low")],
    ),
    (
        "logged to a log bucket; the log bucket itself is not judged",
        None,
        DATA_BUCKET
        + LOGS_BUCKET
        + 'resource "aws_s3_bucket_logging" "data" {\n  bucket = aws_s3_bucket.data.id\n'
        '  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = "data/"\n}\n',
        [],
    ),
    (
        "logging target by name",
        None,
        DATA_BUCKET
        + LOGS_BUCKET
        + 'resource "aws_s3_bucket_logging" "data" {\n  bucket = aws_s3_bucket.data.id\n'
        '  target_bucket = "log-bucket"\n}\n',
        [],
    ),
    (
        "logging target unknown: may be any bucket",
        None,
        'variable "target" {}\n'
        + DATA_BUCKET
        + LOGS_BUCKET
        + 'resource "aws_s3_bucket_logging" "data" {\n  bucket = aws_s3_bucket.data.id\n'
        "  target_bucket = var.target\n}\n",
        [],
    ),
    (
        "CloudTrail's bucket is a log bucket",
        None,
        LOGS_BUCKET
        + 'resource "aws_cloudtrail" "t" {\n  name = "t"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}\n',
        [],
    ),
    (
        "a bucket whose policy lets log delivery write is a log bucket",
        None,
        LOGS_BUCKET + 'resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n'
        '  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n'
        '      Effect = "Allow"\n      Principal = { Service = "delivery.logs.amazonaws.com" }\n'
        '      Action = "s3:PutObject"\n      Resource = "${aws_s3_bucket.logs.arn}/*"\n'
        "    }]\n  })\n}\n",
        [],
    ),
    (
        "a replication destination is a service's output, not judged",
        None,
        LOGS_BUCKET.replace("logs", "replica")
        + 'resource "aws_s3_bucket_logging" "data" {\n  bucket = aws_s3_bucket.data.id\n'
        "  target_bucket = aws_s3_bucket.data.id\n}\n"
        + DATA_BUCKET
        + 'resource "aws_s3_bucket_replication_configuration" "r" {\n'
        '  bucket = aws_s3_bucket.data.id\n  role = "arn:aws:iam::123456789012:role/r"\n'
        '  rule {\n    status = "Enabled"\n    destination {\n'
        "      bucket = aws_s3_bucket.replica.arn\n    }\n  }\n}\n",
        [],
    ),
    (
        "a Lambda reading the bucket does not make it a log bucket",
        None,
        DATA_BUCKET
        + 'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "arn:aws:iam::123456789012:role/r"\n'
        "  environment {\n    variables = { BUCKET = aws_s3_bucket.data.id }\n  }\n}\n",
        [("aws_s3_bucket.data", "low")],
    ),
]


@pytest.mark.parametrize(
    ("name", "prompt", "code", "expected"), ACCESS_CASES, ids=[c[0] for c in ACCESS_CASES]
)
def test_s3_access_logging(
    tmp_path: Path, name: str, prompt: str | None, code: str, expected: list[tuple[str, str]]
) -> None:
    assert _run(tmp_path, "security.s3-access-logging-missing", code, prompt) == expected


def _task(image: str) -> str:
    return (
        'resource "aws_ecs_task_definition" "t" {\n  family = "t"\n'
        f'  container_definitions = jsonencode([{{ name = "app", image = {image} }}])\n}}\n'
    )


IMAGE_VARIABLE = 'variable "image" {\n  type = string\n  default = "app:1.2.3"\n}\n'
IMAGE_CASES = [
    # (name, code, expected)
    ("tagged latest", _task('"nginx:latest"'), [("aws_ecs_task_definition.t", "low")]),
    ("no tag", _task('"public.ecr.aws/nginx/nginx"'), [("aws_ecs_task_definition.t", "low")]),
    (
        "registry with a port, no tag",
        _task('"registry.local:5000/app"'),
        [("aws_ecs_task_definition.t", "low")],
    ),
    ("version tag", _task('"nginx:1.27.3"'), []),
    ("registry with a port and a tag", _task('"registry.local:5000/app:2.0"'), []),
    ("digest", _task('"nginx@sha256:' + "a" * 64 + '"'), []),
    (
        "tag from a variable",
        _task('"nginx:${var.tag}"').replace("resource", 'variable "tag" {}\nresource', 1),
        [],
    ),
    (
        "latest in a variable's default",
        IMAGE_VARIABLE.replace("app:1.2.3", "app:latest") + _task("var.image"),
        [("var.image", "low")],
    ),
    ("good default", IMAGE_VARIABLE + _task("var.image"), []),
    (
        "heredoc JSON",
        'resource "aws_ecs_task_definition" "t" {\n  family = "t"\n'
        '  container_definitions = <<EOF\n[{"name": "app", "image": "redis"}]\nEOF\n}\n',
        [("aws_ecs_task_definition.t", "low")],
    ),
    (
        "Lambda image without a tag",
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "r"\n'
        '  package_type = "Image"\n  image_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/f"\n}\n',
        [("aws_lambda_function.f", "low")],
    ),
]


@pytest.mark.parametrize(("name", "code", "expected"), IMAGE_CASES, ids=[c[0] for c in IMAGE_CASES])
def test_container_image_latest(
    tmp_path: Path, name: str, code: str, expected: list[tuple[str, str]]
) -> None:
    assert _run(tmp_path, "ops.container-image-latest", code) == expected


def test_container_image_latest_from_tfvars(tmp_path: Path) -> None:
    answer = (
        "```hcl\n# main.tf\n" + IMAGE_VARIABLE + _task("var.image") + "```\n\n"
        '```hcl\n# terraform.tfvars\nimage = "app:latest"\n```\n'
    )
    assert _run(tmp_path, "ops.container-image-latest", answer, name="answer.md") == [
        ("var.image", "low")
    ]


ZONE_CASES = [
    # (name, prompt, code, expected)
    (
        "letters appended to the region variable",
        None,
        'variable "aws_region" {}\nlocals {\n  azs = ["${var.aws_region}a", "${var.aws_region}b"]\n}\n',
        [("local.azs", "low")],
    ),
    (
        "letters appended to data.aws_region",
        None,
        'data "aws_region" "current" {}\nresource "aws_subnet" "s" {\n  vpc_id = "vpc-1"\n'
        '  cidr_block = "10.0.0.0/24"\n  availability_zone = "${data.aws_region.current.name}a"\n}\n',
        [("aws_subnet.s", "low")],
    ),
    (
        "a literal zone in a variable default",
        None,
        'variable "azs" {\n  default = ["eu-central-1a", "eu-central-1b"]\n}\n',
        [("var.azs", "low")],
    ),
    (
        "several places: one finding per module",
        None,
        'variable "azs" {\n  default = ["us-east-1a"]\n}\n'
        'resource "aws_subnet" "s" {\n  vpc_id = "vpc-1"\n  cidr_block = "10.0.0.0/24"\n'
        '  availability_zone = "us-east-1b"\n}\n',
        [("var.azs", "low")],
    ),
    (
        "zones the prompt writes",
        "- Use the availability zones us-east-1a and us-east-1b.\n",
        'variable "azs" {\n  default = ["us-east-1a", "us-east-1b"]\n}\n',
        [],
    ),
    ("a region, not a zone", None, 'variable "region" {\n  default = "us-east-1"\n}\n', []),
    (
        "a suffix after a region that is not a zone letter",
        None,
        'variable "region" {}\nlocals {\n  name = "${var.region}-app"\n  n2 = "${var.region}app"\n}\n',
        [],
    ),
    (
        "zones a data source excludes",
        None,
        'data "aws_availability_zones" "a" {\n  exclude_names = ["us-east-1e"]\n}\n',
        [],
    ),
    (
        "a description",
        None,
        'variable "azs" {\n  description = "Zones, e.g. us-east-1a"\n  type = list(string)\n}\n',
        [],
    ),
]


@pytest.mark.parametrize(
    ("name", "prompt", "code", "expected"), ZONE_CASES, ids=[c[0] for c in ZONE_CASES]
)
def test_hardcoded_availability_zones(
    tmp_path: Path, name: str, prompt: str | None, code: str, expected: list[tuple[str, str]]
) -> None:
    assert _run(tmp_path, "ops.hardcoded-availability-zones", code, prompt) == expected


PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\n'
TOPIC = 'resource "aws_sns_topic" "a" {\n  name = "a"\n}\n'


def _required(entries: str) -> str:
    return f"terraform {{\n  required_providers {{\n{entries}  }}\n}}\n"


AWS_UNPINNED = '    aws = {\n      source = "hashicorp/aws"\n    }\n'
AWS_PINNED = '    aws = {\n      source = "hashicorp/aws"\n      version = "~> 5.0"\n    }\n'
RANDOM_PINNED = (
    '    random = {\n      source = "hashicorp/random"\n      version = "~> 3.6"\n    }\n'
)
PIN_CASES = [
    # (name, code, expected)
    ("provider block only", PROVIDER + TOPIC, [("provider.aws", "low")]),
    (
        "aws listed without a version",
        _required(AWS_UNPINNED) + PROVIDER + TOPIC,
        [("provider.aws", "low")],
    ),
    ("aws pinned", _required(AWS_PINNED) + PROVIDER + TOPIC, []),
    ('aws = "~> 5.0" shorthand', _required('    aws = "~> 5.0"\n') + PROVIDER + TOPIC, []),
    (
        "legacy version on the provider",
        PROVIDER.replace("{\n", '{\n  version = "~> 5.0"\n', 1) + TOPIC,
        [],
    ),
    ("no provider declared: not judged", TOPIC, []),
    (
        "required_providers without aws: ops.provider-not-required's finding",
        _required(RANDOM_PINNED) + PROVIDER + TOPIC,
        [],
    ),
]


@pytest.mark.parametrize(("name", "code", "expected"), PIN_CASES, ids=[c[0] for c in PIN_CASES])
def test_provider_version_unpinned(
    tmp_path: Path, name: str, code: str, expected: list[tuple[str, str]]
) -> None:
    assert _run(tmp_path, "ops.provider-version-unpinned", code) == expected


def test_no_double_finding_with_provider_not_required(tmp_path: Path) -> None:
    code = _required(RANDOM_PINNED) + PROVIDER + TOPIC
    answer = tmp_path / "main.tf"
    answer.write_text(code, encoding="utf-8")
    select = ["ops.provider-version-unpinned", "ops.provider-not-required"]
    found = [f.rule for f in analyze(answer, None, None, Settings(select=select)).findings]
    assert found == ["ops.provider-not-required"]


@pytest.mark.parametrize(
    ("zones", "follows"),
    [('["${var.region}a", "${var.region}b"]', True), ('["us-east-1a", "us-east-1b"]', False)],
)
def test_zones_built_from_the_region_are_not_said_to_ignore_it(
    tmp_path: Path, zones: str, follows: bool
) -> None:
    code = f'variable "region" {{}}\nlocals {{\n  azs = {zones}\n}}\n'
    (tmp_path / "main.tf").write_text(code, encoding="utf-8")
    settings = Settings(select=["ops.hardcoded-availability-zones"])
    [finding] = analyze(tmp_path, settings=settings).findings
    assert ("do not follow the region" in finding.message) is not follows
