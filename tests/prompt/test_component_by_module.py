"""req.missing-resource: a registry module named for a component's resource type builds it
(`terraform-aws-modules/security-group/aws` builds security groups); a module named for
something else does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.prompt.helpers import missing_resources

PROMPT = "Create a security group for the application server.\n"
CALL = 'module "app_sg" {{\n  source = "{source}"\n  name   = "app"\n}}\n'
SERVER = """
resource "aws_instance" "app" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "t3.micro"
}
"""


@pytest.mark.parametrize(
    ("source", "missing"),
    [
        ("terraform-aws-modules/security-group/aws", False),
        ("app.terraform.io/acme/security-group/aws", False),
        ("git::https://github.com/acme/terraform-aws-security-group.git?ref=v1.0.0", False),
        ("terraform-aws-modules/alb/aws", True),  # builds load balancers, not this group
        ("git::https://github.com/acme/terraform-aws-network.git", True),
    ],
)
def test_a_registry_module_named_for_the_resource_builds_it(
    tmp_path: Path, source: str, missing: bool
) -> None:
    findings = missing_resources(tmp_path, PROMPT, CALL.format(source=source) + SERVER)
    assert bool(findings) is missing
