"""The schema rules, one row per case (tflint style): the HCL and the (rule, line) expected.

The differential test (tests/oracle/test_schema_oracle.py) proves the rules against
terraform on generated configurations; these rows pin the cases generated code does not
reach: meta-arguments, dynamic blocks, lists of objects written as blocks, child modules,
other providers, broken files, references through count and nested blocks.
"""

from __future__ import annotations

import pytest

from tfjudge.analysis import Settings, analyze_response
from tfjudge.response.loader import load_text_input

CASES: list[tuple[str, str, set[tuple[str, int]]]] = [
    (
        "other providers' types are never judged",
        """
resource "random_id" "a" { nonsense = 1 }
data "archive_file" "b" { type = "zip" }
resource "time_sleep" "c" { create_duration = "30s" }
resource "null_resource" "d" { triggers = { a = 1 } }
resource "local_file" "e" { filename = "x" }
resource "tls_private_key" "f" { algorithm = "RSA" }
""",
        set(),
    ),
    (
        "an aws type under another provider's source is not judged",
        """
terraform {
  required_providers {
    aws = { source = "someone/aws" }
  }
}
resource "aws_made_up" "a" { b = 1 }
""",
        set(),
    ),
    (
        "meta-arguments and lifecycle keys are understood",
        """
resource "aws_sns_topic" "a" {
  count      = 2
  provider   = aws.west
  depends_on = [aws_sqs_queue.b]
  lifecycle {
    create_before_destroy = true
    prevent_destroy       = false
    ignore_changes        = [tags]
    replace_triggered_by  = [aws_sqs_queue.b]
    precondition {
      condition     = true
      error_message = "x"
    }
  }
  provisioner "local-exec" {
    command = "echo"
  }
}
resource "aws_sqs_queue" "b" {
  for_each = toset(["a"])
}
data "aws_region" "c" {
  lifecycle {
    postcondition {
      condition     = true
      error_message = "x"
    }
  }
}
""",
        set(),
    ),
    (
        "lifecycle arguments a data source does not have",
        """
data "aws_region" "c" {
  lifecycle {
    create_before_destroy = true
  }
}
""",
        {("schema.unknown-argument", 4)},
    ),
    (
        "unknown arguments at depth and inside dynamic content",
        """
resource "aws_lb_listener" "a" {
  load_balancer_arn = "arn"
  default_action {
    type = "forward"
    forward {
      target_group {
        arn    = "arn"
        weigth = 1
      }
    }
  }
}
resource "aws_security_group" "b" {
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port = ingress.value
      to_port   = ingress.value
      protocol  = "tcp"
      cidr      = ["10.0.0.0/8"]
    }
  }
}
""",
        {("schema.unknown-argument", 9), ("schema.unknown-argument", 21)},
    ),
    (
        "a dynamic block counts as the required block; dynamic of a non-block is unknown",
        """
resource "aws_api_gateway_method_settings" "a" {
  rest_api_id = "x"
  stage_name  = "prod"
  method_path = "*/*"
  dynamic "settings" {
    for_each = var.s
    content {
      metrics_enabled = true
    }
  }
  dynamic "tags" {
    for_each = var.s
    content {}
  }
}
""",
        {("schema.unknown-argument", 12)},
    ),
    (
        "read-only attributes set, at the top and in a nested block",
        """
resource "aws_instance" "a" {
  ami           = "ami-1"
  instance_type = "t3.micro"
  arn           = "x"
  root_block_device {
    volume_id   = "vol-1"
    volume_size = 20
  }
}
""",
        {("schema.unknown-argument", 5), ("schema.unknown-argument", 7)},
    ),
    (
        "a read-only attribute left null: null, a null branch, an input defaulting to null",
        """
variable "optional_arn" {
  type    = string
  default = null
}
variable "given_arn" {
  type    = string
  default = "arn:aws:ec2:us-east-1:123456789012:instance/i-1"
}
resource "aws_instance" "a" {
  ami           = "ami-1"
  instance_type = "t3.micro"
  arn           = null
}
resource "aws_instance" "b" {
  ami           = "ami-1"
  instance_type = "t3.micro"
  arn           = var.optional_arn
}
resource "aws_instance" "c" {
  ami           = "ami-1"
  instance_type = "t3.micro"
  arn           = var.given_arn != "" ? null : var.given_arn
}
resource "aws_instance" "d" {
  ami           = "ami-1"
  instance_type = "t3.micro"
  arn           = var.given_arn
}
""",
        {("schema.unknown-argument", 28)},
    ),
    (
        "a read-only attribute from what for_each goes over: optional attributes may be null",
        """
variable "servers" {
  type = map(object({ arn = optional(string) }))
}
variable "disks" {
  type = list(object({ name = string, id = optional(string) }))
}
resource "aws_instance" "e" {
  for_each      = var.servers
  ami           = "ami-1"
  instance_type = "t3.micro"
  arn           = each.value.arn
  dynamic "ebs_block_device" {
    for_each = var.disks
    iterator = disk
    content {
      device_name = disk.value.name
      volume_id   = disk.value.id
    }
  }
  dynamic "root_block_device" {
    for_each = var.disks
    content {
      volume_id = "vol-1"
    }
  }
}
""",
        {("schema.unknown-argument", 24)},
    ),
    (
        "required arguments missing, in nested blocks too",
        """
resource "aws_s3_bucket_lifecycle_configuration" "a" {
  rule {
    id = "x"
  }
}
""",
        {
            ("schema.missing-required-argument", 2),
            ("schema.missing-required-argument", 3),
            ("schema.lifecycle-rule-without-filter", 3),
        },
    ),
    (
        "a block with a syntax error is left to syntax.hcl-error",
        """
resource "aws_s3_bucket_lifecycle_configuration" "a" {
  rule {
    id = "x" status = "Enabled"
  }
}
resource "aws_sns_topic" "b" {
  nme = "x"
}
""",
        {("schema.unknown-argument", 8)},
    ),
    (
        "references through count, nested blocks and data sources",
        """
resource "aws_instance" "a" {
  count         = 2
  ami           = "ami-1"
  instance_type = "t3.micro"
}
data "aws_vpc" "v" {}
output "a" { value = aws_instance.a[0].root_block_device[0].volume_sizee }
output "b" { value = aws_instance.a[0].private_ip }
output "c" { value = aws_instance.a[*].nope }
output "d" { value = data.aws_vpc.v.cidr_blocks }
output "e" { value = data.aws_vpc.v.cidr_block }
output "f" { value = aws_instance.a.private_ip }
output "g" { value = aws_instance.a[0].cpu_core_count }
""",
        {
            ("schema.unknown-attribute", 8),
            ("schema.unknown-attribute", 11),
            ("schema.deprecated", 14),
        },
    ),
    (
        "an unused provider configuration is not validated by terraform",
        """
provider "aws" {
  regionn = "us-east-1"
}
provider "aws" {
  alias   = "west"
  regionn = "us-west-2"
}
resource "aws_sns_topic" "a" {
  provider = aws.west
}
""",
        {("schema.unknown-argument", 7)},
    ),
    (
        "a child module's default provider is the caller's, unless a map passes another",
        """
provider "aws" {
  skip_request_account_id = true
}
provider "aws" {
  alias                   = "east"
  skip_request_account_id = true
}
module "a" {
  source    = "./modules/a"
  providers = { aws = aws.east }
}
""",
        {("schema.unknown-argument", 7)},
    ),
    (
        "block as attribute, attribute as block, too many blocks, wrong type",
        """
resource "aws_s3_bucket" "a" {
  versioning = { enabled = true }
  tags {
    Name = "x"
  }
  force_destroy = "yes"
}
resource "aws_lambda_function" "b" {
  function_name = "f"
  role          = "r"
  filename      = "f.zip"
  environment {
    variables = {}
  }
  environment {
    variables = {}
  }
}
""",
        {
            ("schema.block-as-attribute", 3),
            ("schema.unknown-argument", 4),
            ("schema.wrong-type", 7),
            ("schema.too-many-blocks", 16),
        },
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_schema_rules(name: str, text: str, expected: set[tuple[str, int]]) -> None:
    files = {"main.tf": text}
    if "./modules/a" in text:
        files["modules/a/main.tf"] = 'resource "aws_sns_topic" "t" {}\n'
    markdown = "".join(f"### {path}\n\n```hcl\n{body}```\n\n" for path, body in files.items())
    response = load_text_input(markdown, "answer.md")
    # the rows are about 5.100.0 (their answers pin nothing): tests/schema/test_versions.py
    # has the rows about choosing between versions
    settings = Settings(select=["schema"], options={"provider_version": "5"})
    analysis = analyze_response(response, settings=settings)
    found = {(f.rule, f.line or 0) for f in analysis.findings if f.file == "main.tf"}
    assert found == expected
