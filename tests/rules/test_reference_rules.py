"""core.invalid-reference, core.backend-variable and core.undeclared-resource's hints, one
row per case (tflint style).

tests/oracle/test_reference_oracle.py proves the conditions against terraform; these rows
pin the scoping cases and the ones terraform cannot be asked about offline (the `cloud`
block, copies of a file, broken files).
"""

from __future__ import annotations

import pytest

from tfjudge.analysis import Settings, analyze_response
from tfjudge.response.loader import load_text_input


def _lines(markdown: str, rule: str) -> list[int]:
    response = load_text_input(markdown, "case.md")
    analysis = analyze_response(response, settings=Settings(select=[rule]))
    return sorted(f.line or 0 for f in analysis.findings if f.rule == rule)


def _answer(hcl: str, name: str = "main.tf") -> str:
    return f"### {name}\n```hcl\n{hcl.strip()}\n```\n"


INVALID: list[tuple[str, str, list[int]]] = [
    (
        "a shell variable in a heredoc, an escaped one, a directive's iterator",
        """
resource "terraform_data" "a" {
  input = <<-EOT
    echo ${HOME}
    echo $${PATH}
    %{ for n in ["a"] ~}
    echo ${n}
    %{ endfor ~}
  EOT
}
""",
        [3],
    ),
    (
        "the same placeholder twice in one argument is one finding",
        """
resource "terraform_data" "a" {
  input = "${environment}/${environment}"
}
""",
        [2],
    ),
    (
        "for-expression iterators are bound, others are not",
        """
locals {
  a = [for x in [1] : x]
  b = { for k, v in { a = 1 } : k => v if v > 0 }
  c = [for x in [1] : y]
}
""",
        [4],
    ),
    (
        "type constraints are not references",
        """
variable "a" {
  type = list(object({ name = string, size = optional(number, 1), tags = map(any) }))
}
""",
        [],
    ),
    (
        "each needs for_each, count needs count",
        """
resource "terraform_data" "a" {
  count = 2
  input = "${count.index}-${each.key}"
}
resource "terraform_data" "b" {
  for_each = toset(["x"])
  input    = "${each.key}-${count.index}"
}
resource "terraform_data" "c" {
  for_each = toset(["x"])
  input    = each.value
}
output "d" {
  value = count.index
}
""",
        [3, 7, 14],
    ),
    (
        "attributes each and count do not have",
        """
resource "terraform_data" "a" {
  for_each = toset(["x"])
  input    = each.name
}
resource "terraform_data" "b" {
  count = 1
  input = count.value
}
""",
        [3, 7],
    ),
    (
        "each in a dynamic block of a resource without for_each",
        """
resource "aws_security_group" "a" {
  dynamic "ingress" {
    for_each = [443]
    content {
      from_port   = ingress.value
      to_port     = each.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}
""",
        [6],
    ),
    (
        "self in provisioners, connections and postconditions only",
        """
resource "aws_instance" "a" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  connection {
    host = self.public_ip
  }
  provisioner "remote-exec" {
    inline = ["echo ${self.id}"]
  }
  lifecycle {
    postcondition {
      condition     = self.id != ""
      error_message = "x"
    }
  }
  tags = { Name = self.id }
}
""",
        [16],
    ),
    (
        "a block that stands in a syntax error is not judged",
        """
resource "terraform_data" "a" {
  input = "${environment}"
  broken = = 1
}
""",
        [],
    ),
]


@pytest.mark.parametrize(("hcl", "expected"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_reference(hcl: str, expected: list[int]) -> None:
    assert _lines(_answer(hcl), "core.invalid-reference") == expected


def test_module_outputs_are_checked_when_the_module_is_shown() -> None:
    child = 'output "vpc_id" {\n  value = "vpc-1"\n}'
    calls = """
module "net" {
  source = "./modules/net"
}
module "remote" {
  source = "terraform-aws-modules/vpc/aws"
}
output "a" {
  value = module.net.vpc_id
}
output "b" {
  value = module.net.subnet_ids
}
output "c" {
  value = module.remote.anything
}
"""
    markdown = _answer(child, "modules/net/outputs.tf") + _answer(calls)
    assert _lines(markdown, "core.invalid-reference") == [11]


def test_a_missing_module_output_inside_try_or_can_is_not_judged() -> None:
    """try() and can() catch a module output that does not exist (terraform validate
    accepts both); the same read outside them is an error."""
    child = 'output "vpc_id" {\n  value = "vpc-1"\n}'
    calls = """
module "net" {
  source = "./modules/net"
}
output "a" {
  value = try(module.net.subnet_ids, [])
}
output "b" {
  value = can(module.net.zone) ? module.net.zone : "none"
}
"""
    markdown = _answer(child, "modules/net/outputs.tf") + _answer(calls)
    assert _lines(markdown, "core.invalid-reference") == [8]


def test_module_outputs_of_a_cut_module_are_not_judged() -> None:
    child = 'output "vpc_id" {\n  value = "vpc-1"\n}\noutput "subnet_ids" {\n  value = ['
    calls = 'module "net" {\n  source = "./modules/net"\n}\noutput "b" {\n  value = module.net.x\n}'
    markdown = _answer(child, "modules/net/outputs.tf") + _answer(calls)
    assert _lines(markdown, "core.invalid-reference") == []


def test_a_placeholder_in_an_earlier_copy_of_a_file_is_not_judged() -> None:
    first = 'resource "terraform_data" "a" {\n  input = "${environment}"\n}'
    second = 'resource "terraform_data" "a" {\n  input = "$${environment}"\n}'
    markdown = _answer(first) + "\nThe updated main.tf:\n\n" + _answer(second)
    assert _lines(markdown, "core.invalid-reference") == []


BACKEND: list[tuple[str, str, list[int]]] = [
    (
        "variables, locals, resources and functions in an s3 backend",
        """
terraform {
  backend "s3" {
    bucket = "state-${var.suffix}"
    key    = local.key
    region = lower("US-EAST-1")
    table  = aws_dynamodb_table.locks.name
  }
}
""",
        [3, 4, 5, 6],
    ),
    (
        "literals, literal templates, conditionals of literals and bound iterators",
        """
terraform {
  backend "s3" {
    bucket  = "state"
    key     = "${"app"}/terraform.tfstate"
    region  = true ? "us-east-1" : "us-west-2"
    profile = [for p in ["default"] : p][0]
  }
}
""",
        [],
    ),
    (
        "a partial configuration is fine",
        """
terraform {
  backend "s3" {}
}
""",
        [],
    ),
    (
        "the cloud block too",
        """
terraform {
  cloud {
    organization = var.org
    workspaces {
      name = "app-${terraform.workspace}"
    }
  }
}
""",
        [3, 5],
    ),
    (
        "two references on one line are one finding",
        """
terraform {
  backend "s3" {
    bucket = "${var.a}-${var.b}"
    key    = "k"
  }
}
""",
        [3],
    ),
]


@pytest.mark.parametrize(("hcl", "expected"), [c[1:] for c in BACKEND], ids=[c[0] for c in BACKEND])
def test_backend_variable(hcl: str, expected: list[int]) -> None:
    assert _lines(_answer(hcl), "core.backend-variable") == expected


def test_backend_of_a_draft_file_is_reported_with_a_note() -> None:
    draft = 'terraform {\n  backend "s3" {\n    bucket = "s-${var.x}"\n  }\n}'
    final = 'terraform {\n  backend "s3" {}\n}'
    markdown = _answer(draft) + "\nUpdated main.tf:\n\n" + _answer(final)
    response = load_text_input(markdown, "case.md")
    findings = analyze_response(
        response, settings=Settings(select=["core.backend-variable"])
    ).findings
    assert [f.line for f in findings] == [3]
    assert "earlier version" in findings[0].message
    assert findings[0].severity.value == "medium"


@pytest.mark.parametrize(("enabled", "expected"), [("false", []), ("true", [12])])
def test_a_module_output_in_a_branch_the_block_never_takes(
    enabled: str, expected: list[int]
) -> None:
    """terraform validate accepts `on ? module.m[0].nothing : ""` and plan evaluates only
    the branch taken: with `on` false the missing output is never read."""
    child = 'output "x" {\n  value = "1"\n}'
    calls = f"""
variable "on" {{
  default = {enabled}
}}
module "m" {{
  count  = var.on ? 1 : 0
  source = "./modules/m"
}}
output "a" {{
  value = length(module.m) > 0 ? module.m[0].x : ""
}}
output "b" {{
  value = var.on ? module.m[0].nothing : ""
}}
"""
    markdown = _answer(child, "modules/m/outputs.tf") + _answer(calls)
    assert _lines(markdown, "core.invalid-reference") == expected


DYNAMIC_ITERATOR = """
variable "sources" {
  type    = list(object({ location = string }))
  default = []
}

resource "aws_codebuild_project" "build" {
  name         = "build"
  service_role = "arn:aws:iam::123456789012:role/build"
  artifacts {
    type = "NO_ARTIFACTS"
  }
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }
  source {
    type = "NO_SOURCE"
  }
  dynamic "secondary_sources" {
    for_each = var.sources
    %s
    content {
      type              = "S3"
      source_identifier = "src"
      location          = %s.value.location
    }
  }
}
"""


@pytest.mark.parametrize(
    ("iterator", "read", "hint"),
    [
        ("", "secondary_source", "whose iterator is named secondary_sources"),
        ("iterator = src", "source", "whose iterator is named src: write src.value"),
        ("", "secondary_sources", None),  # the block's label is its iterator
        ("iterator = src", "src", None),
    ],
)
def test_a_misspelt_dynamic_iterator_is_named(iterator: str, read: str, hint: str | None) -> None:
    markdown = _answer(DYNAMIC_ITERATOR % (iterator, read))
    response = load_text_input(markdown, "case.md")
    settings = Settings(select=["core.undeclared-resource"])
    findings = analyze_response(response, settings=settings).findings
    if hint is None:
        assert findings == []
    else:
        assert len(findings) == 1 and hint in findings[0].message
