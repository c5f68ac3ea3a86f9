"""ops.variable-without-default, ops.requires-existing-resource and ops.no-outputs, one row per
case."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule
from tfjudge.analysis import PromptDocument, Settings, analyze_response
from tfjudge.response.loader import load_text_input


def _found(files: dict[str, str], rule: str, prompt: str | None = None) -> list[tuple[str, str]]:
    markdown = "".join(
        f"### {path}\n```hcl\n{body.strip()}\n```\n\n" for path, body in files.items()
    )
    response = load_text_input(markdown, "case.md")
    document = PromptDocument("prompt.md", prompt) if prompt else None
    analysis = analyze_response(response, document, settings=Settings(select=[rule]))
    return sorted((f.address or "", f.severity.value) for f in analysis.findings if f.rule == rule)


_USES = """
resource "aws_sns_topic_subscription" "s" {
  topic_arn = "arn:aws:sns:us-east-1:123456789012:t"
  protocol  = "email"
  endpoint  = var.alarm_email
}
"""

VARIABLES: list[tuple[str, dict[str, str], str | None, list[tuple[str, str]]]] = [
    (
        "used, no default, no value",
        {"main.tf": 'variable "alarm_email" {\n  type = string\n}\n' + _USES},
        None,
        [("var.alarm_email", "medium")],
    ),
    (
        "a default",
        {"main.tf": 'variable "alarm_email" {\n  default = "a@example.com"\n}\n' + _USES},
        None,
        [],
    ),
    (
        "a terraform.tfvars sets it",
        {
            "main.tf": 'variable "alarm_email" {\n  type = string\n}\n' + _USES,
            "terraform.tfvars": 'alarm_email = "a@example.com"',
        },
        None,
        [],
    ),
    (
        "the prompt names it (the pipeline supplies it)",
        {"main.tf": 'variable "alarm_email" {\n  type = string\n}\n' + _USES},
        "Send alarms to the alarm email address the pipeline passes in.",
        [],
    ),
    (
        "never used",
        {"main.tf": 'variable "alarm_email" {\n  type = string\n}\n'},
        None,
        [],
    ),
    (
        "a secret by name or sensitive",
        {
            "main.tf": 'variable "db_password" {\n  type = string\n}\n'
            'variable "alarm_email" {\n  sensitive = true\n}\n'
            + _USES
            + 'output "p" {\n  value     = var.db_password\n  sensitive = true\n}\n'
        },
        None,
        [],
    ),
    (
        "a variable of a module directory is the caller's to pass",
        {"modules/alerts/main.tf": 'variable "alarm_email" {\n  type = string\n}\n' + _USES},
        None,
        [],
    ),
]


@pytest.mark.parametrize(
    ("files", "prompt", "expected"), [c[1:] for c in VARIABLES], ids=[c[0] for c in VARIABLES]
)
def test_variable_without_default(
    files: dict[str, str], prompt: str | None, expected: list[tuple[str, str]]
) -> None:
    assert _found(files, "ops.variable-without-default", prompt) == expected


_ZONE = 'variable "domain" {\n  type = string\n}\ndata "aws_route53_zone" "z" {\n  name = var.domain\n}\n'

LOOKUPS: list[tuple[str, str, str | None, list[tuple[str, str]]]] = [
    ("a zone looked up by a variable", _ZONE, None, [("data.aws_route53_zone.z", "low")]),
    (
        "the prompt asks for a stack from scratch: medium",
        _ZONE,
        "Build a self-contained stack.",
        [("data.aws_route53_zone.z", "medium")],
    ),
    ("the prompt says the zone exists", _ZONE, "Use the existing Route53 hosted zone.", []),
    (
        "an optional lookup",
        'data "aws_route53_zone" "z" {\n  count = 0\n  name  = "example.com"\n}\n',
        None,
        [],
    ),
    (
        "a lookup of a resource created here",
        'resource "aws_route53_zone" "r" {\n  name = "example.com"\n}\n'
        'data "aws_route53_zone" "z" {\n  zone_id = aws_route53_zone.r.zone_id\n}\n',
        None,
        [],
    ),
    (
        "a lookup in what a registry module creates",
        'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n'
        'data "aws_security_group" "default" {\n  name   = "default"\n'
        "  vpc_id = module.vpc.vpc_id\n}\n",
        None,
        [],
    ),
    (
        "a lookup in a VPC given by a variable",
        'variable "vpc_id" {\n  type = string\n}\n'
        'data "aws_security_group" "default" {\n  name   = "default"\n'
        "  vpc_id = var.vpc_id\n}\n",
        None,
        [("data.aws_security_group.default", "low")],
    ),
    (
        "what every account has",
        'data "aws_vpc" "d" {\n  default = true\n}\n'
        'data "aws_kms_alias" "s3" {\n  name = "alias/aws/s3"\n}\n'
        'data "aws_ssm_parameter" "ami" {\n  name = "/aws/service/ami-amazon-linux-latest/x"\n}\n'
        'data "aws_ami" "al" {\n  owners      = ["amazon"]\n  most_recent = true\n}\n',
        None,
        [],
    ),
    (
        "an AMI of the account itself",
        'data "aws_ami" "mine" {\n  owners      = ["self"]\n  most_recent = true\n}\n',
        None,
        [("data.aws_ami.mine", "low")],
    ),
]


@pytest.mark.parametrize(
    ("hcl", "prompt", "expected"), [c[1:] for c in LOOKUPS], ids=[c[0] for c in LOOKUPS]
)
def test_requires_existing_resource(
    hcl: str, prompt: str | None, expected: list[tuple[str, str]]
) -> None:
    assert _found({"main.tf": hcl}, "ops.requires-existing-resource", prompt) == expected


ATTACHMENTS = """
resource "aws_elb_attachment" "web" {
  elb      = "web-elb"
  instance = "i-0123456789abcdef0"
}

resource "aws_iam_role_policy_attachment" "read" {
  role       = "app"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
"""
NULL_RESOURCE = 'resource "null_resource" "deploy" {\n  provisioner "local-exec" {\n    command = "./deploy.sh"\n  }\n}\n'


@pytest.mark.parametrize(
    ("terraform", "fires"),
    [
        (NULL_RESOURCE, False),  # a command run: no endpoint, name or ARN to report
        (NULL_RESOURCE + 'resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n', True),
        ('resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n', True),
        # attachments whose schema computes nothing but the id: nothing the caller lacks
        (ATTACHMENTS, False),
        (ATTACHMENTS + 'resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n', True),
        # an id-only type of another provider is not judged by AWS's schema
        ('resource "google_project_iam_member" "m" {\n  role = "x"\n}\n', True),
    ],
)
def test_no_outputs_of_a_configuration_with_nothing_to_report(
    tmp_path: Path, terraform: str, fires: bool
) -> None:
    assert bool(run_rule(tmp_path, "ops.no-outputs", terraform)) is fires


CALLED_MODULE = """
variable "bucket_name" {
  type = string
}

resource "aws_s3_bucket" "this" {
  bucket = var.bucket_name
}
"""


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", "low"),  # a required input, no provider or terraform block: a called module
        ('provider "aws" {\n  region = "us-east-1"\n}\n', "high"),
        ('terraform {\n  required_version = ">= 1.5"\n}\n', "high"),
    ],
)
def test_no_outputs_of_a_configuration_shaped_as_a_called_module(
    tmp_path: Path, prefix: str, expected: str
) -> None:
    found = run_rule(tmp_path, "ops.no-outputs", prefix + CALLED_MODULE)
    assert [f.severity.value for f in found] == [expected]


def test_no_outputs_of_a_configuration_whose_inputs_all_have_defaults(tmp_path: Path) -> None:
    defaulted = CALLED_MODULE.replace("type = string", 'type    = string\n  default = "logs-7f3a"')
    found = run_rule(tmp_path, "ops.no-outputs", defaulted)
    assert [f.severity.value for f in found] == ["high"]
