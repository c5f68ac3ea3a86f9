"""aws.placeholder-value on values the answer gives in files terraform does not load,
and on prompts that ask for placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule
from tfjudge.findings import Severity

RULE = "aws.placeholder-value"
TRUNCATED = '"ssh-rsa AAAAB3NzaC1yc2E... your-public-key"'


def _key_pair(variable: str) -> str:
    return f"""
variable "ssh_public_key" {{
  type = string
{variable}
}}

resource "aws_key_pair" "deployer" {{
  key_name   = "deployer"
  public_key = var.ssh_public_key
}}
"""


def test_a_placeholder_in_an_unloaded_values_file(tmp_path: Path) -> None:
    findings = run_rule(
        tmp_path, RULE, _key_pair(""), prod__tfvars=f"ssh_public_key = {TRUNCATED}\n"
    )
    assert [(f.file, f.line, f.address, f.severity) for f in findings] == [
        ("prod.tfvars", 1, "aws_key_pair.deployer", Severity.MEDIUM)
    ]


@pytest.mark.parametrize(
    ("variable", "files"),
    [
        # a real value the answer loads wins over the example's
        (
            "",
            {
                "terraform__tfvars": 'ssh_public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGt0aGlzIGlzIGEgdGVzdCBrZXkgYm9keSBvZiAzMiBieXRlcw"\n'
            },
        ),
        # a values file without a placeholder
        ("", {"prod__tfvars": 'region = "eu-west-1"\n'}),
        # no values file at all: the user must supply the key
        ("", {}),
    ],
)
def test_silent(tmp_path: Path, variable: str, files: dict[str, str]) -> None:
    assert run_rule(tmp_path, RULE, _key_pair(variable), **files) == []


def test_the_loaded_value_is_judged_where_it_is(tmp_path: Path) -> None:
    findings = run_rule(
        tmp_path, RULE, _key_pair(""), terraform__tfvars=f"ssh_public_key = {TRUNCATED}\n"
    )
    assert [(f.address, f.severity) for f in findings] == [("aws_key_pair.deployer", Severity.HIGH)]


def test_a_prompt_that_asks_for_placeholders(tmp_path: Path) -> None:
    terraform = 'resource "aws_instance" "web" {\n  ami = "ami-12345678"\n}\n'
    assert run_rule(tmp_path, RULE, terraform)
    assert not run_rule(
        tmp_path / "asked", RULE, terraform, "Use placeholder values for the AMI id."
    )
    assert run_rule(
        tmp_path / "refused", RULE, terraform, "No placeholders or pseudo-code: real values."
    )


MODULE_CALL = """
module "cluster" {
  source     = "./modules/cluster"
  project_id = "your-project-id"
  subnet_id  = "subnet-12345678"
}
"""


@pytest.mark.parametrize(
    ("terraform", "judged"),
    [
        (MODULE_CALL, True),  # only module calls: nothing says which cloud
        ('provider "aws" {\n  region = "us-east-1"\n}\n' + MODULE_CALL, True),
        ('provider "google" {\n  project = "acme-prod"\n}\n' + MODULE_CALL, False),
        (
            'resource "google_storage_bucket" "b" {\n  name = "acme-logs"\n  location = "US"\n}\n'
            + MODULE_CALL,
            False,
        ),
    ],
)
def test_module_calls_of_an_answer_built_on_another_cloud(
    tmp_path: Path, terraform: str, judged: bool
) -> None:
    assert bool(run_rule(tmp_path, RULE, terraform)) is judged


def test_other_providers_resources_are_not_judged(tmp_path: Path) -> None:
    google = 'resource "google_project_iam_member" "m" {\n  project = "your-project-id"\n}\n'
    aws = 'resource "aws_instance" "web" {\n  ami = "ami-12345678"\n}\n'
    assert run_rule(tmp_path / "google", RULE, google) == []
    assert [f.address for f in run_rule(tmp_path / "both", RULE, google + aws)] == [
        "aws_instance.web"
    ]


@pytest.mark.parametrize(
    ("terraform", "fires"),
    [
        # AWS validates these domains: a certificate, a distribution's aliases, a zone
        ('resource "aws_acm_certificate" "c" {\n  domain_name = "example.com"\n}\n', True),
        (
            'resource "aws_acm_certificate" "c" {\n  domain_name = "app.acme.io"\n'
            '  subject_alternative_names = ["www.example.org"]\n}\n',
            True,
        ),
        (
            'resource "aws_cloudfront_distribution" "d" {\n  aliases = ["cdn.example.com"]\n}\n',
            True,
        ),
        ('resource "aws_route53_zone" "z" {\n  name = "example.net"\n}\n', True),
        ('module "site" {\n  source = "./site"\n  domain_name = "example.com"\n}\n', True),
        # a real domain where it is validated
        ('resource "aws_acm_certificate" "c" {\n  domain_name = "app.acme.io"\n}\n', False),
        # taken as written: an FSx alias, a DHCP option set's domain, a resolver rule's domain
        (
            'resource "aws_fsx_windows_file_system" "f" {\n'
            '  aliases = ["filesystem1.example.com"]\n}\n',
            False,
        ),
        ('resource "aws_vpc_dhcp_options" "o" {\n  domain_name = "corp.example.com"\n}\n', False),
        (
            'resource "aws_route53_resolver_rule" "r" {\n  domain_name = "example.com"\n'
            '  rule_type = "FORWARD"\n}\n',
            False,
        ),
    ],
)
def test_example_domains_where_aws_validates_them(
    tmp_path: Path, terraform: str, fires: bool
) -> None:
    assert bool(run_rule(tmp_path, RULE, terraform)) is fires


NETWORK_MODULE = """
variable "vpc_id" {
  type    = string
  default = "vpc-12345678"
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = var.vpc_id
}
"""


@pytest.mark.parametrize(
    ("call", "where"),
    [
        # the call passes the placeholder: reported at the call, not again in the module
        ('  vpc_id = "vpc-0123456789abcdef0"\n', [("main.tf", "module.network")]),
        # the call leaves the module's default: reported where the module uses it
        ("", [("modules/network/main.tf", "aws_security_group.web")]),
        # a real id passed in
        ('  vpc_id = "vpc-0a1b2c3d4e5f60718"\n', []),
    ],
)
def test_a_value_a_module_forwards_is_reported_once(
    tmp_path: Path, call: str, where: list[tuple[str, str]]
) -> None:
    terraform = f'module "network" {{\n  source = "./modules/network"\n{call}}}\n'
    findings = run_rule(tmp_path, RULE, terraform, **{"modules/network/main__tf": NETWORK_MODULE})
    assert [(f.file, f.address) for f in findings] == where


@pytest.mark.parametrize(
    ("resource", "fires"),
    [
        ('resource "aws_acm_certificate" "c" {\n  domain_name = var.domain\n}\n', True),
        ('resource "aws_fsx_windows_file_system" "f" {\n  aliases = [var.domain]\n}\n', False),
        # a module that does not pass the input on as an argument: judged by its name
        ('output "d" {\n  value = var.domain\n}\n', True),
    ],
)
def test_a_shown_module_tells_whether_its_input_is_a_validated_domain(
    tmp_path: Path, resource: str, fires: bool
) -> None:
    module = 'variable "domain" {\n  type = string\n}\n\n' + resource
    terraform = 'module "site" {\n  source = "./modules/site"\n  domain = "files.example.com"\n}\n'
    findings = run_rule(tmp_path, RULE, terraform, **{"modules/site/main__tf": module})
    assert [f.file for f in findings] == (["main.tf"] if fires else [])


@pytest.mark.parametrize(
    ("terraform", "fires"),
    [
        # a statement id names the statement the block creates
        (
            'resource "aws_lambda_permission" "p" {\n  statement_id  = "TBD_AllowInvoke"\n'
            '  action        = "lambda:InvokeFunction"\n  function_name = "fn"\n'
            '  principal     = "apigateway.amazonaws.com"\n}\n',
            False,
        ),
        (
            'resource "aws_lambda_permission" "p" {\n  statement_id  = "AllowInvoke"\n'
            '  action        = "lambda:InvokeFunction"\n  function_name = "fn"\n'
            '  principal     = "apigateway.amazonaws.com"\n  source_arn    = "REPLACE_ME"\n}\n',
            True,
        ),
    ],
)
def test_ids_of_what_the_block_creates(tmp_path: Path, terraform: str, fires: bool) -> None:
    assert bool(run_rule(tmp_path, RULE, terraform)) is fires


SPOKE_MODULE = (
    'variable "create" {\n  type = bool\n}\n\nvariable "hub_role_arn" {\n  type = string\n}\n\n'
    'resource "aws_iam_role" "spoke" {\n  count = var.create ? 1 : 0\n  name  = "spoke"\n'
    '  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n'
    '      Effect = "Allow", Action = "sts:AssumeRole"\n'
    "      Principal = { AWS = var.hub_role_arn }\n    }]\n  })\n}\n"
)


def _spoke_call(name: str, create: str, hub: str) -> str:
    return (
        f'module "{name}" {{\n  source       = "./spoke"\n  create       = {create}\n'
        f"  hub_role_arn = {hub}\n}}\n"
    )


PLACEHOLDER_ARN = '"arn:aws:iam::123456789012:role/hub"'


@pytest.mark.parametrize(("create", "fires"), [("false", False), ("true", True)])
def test_a_module_input_only_uncreated_blocks_read(
    tmp_path: Path, create: str, fires: bool
) -> None:
    call = _spoke_call("spoke", create, PLACEHOLDER_ARN)
    assert bool(run_rule(tmp_path, RULE, call, **{"spoke/main__tf": SPOKE_MODULE})) is fires


@pytest.mark.parametrize(("disabled", "fires"), [("false", False), ("true", True)])
def test_each_call_of_a_shared_module_by_its_own_instances(
    tmp_path: Path, disabled: str, fires: bool
) -> None:
    """A second call that creates the blocks does not make the switched-off one's value
    reach AWS."""
    calls = (
        'variable "hub" {\n  type = string\n}\n\n'
        + _spoke_call("enabled", "true", "var.hub")
        + _spoke_call("disabled", disabled, PLACEHOLDER_ARN)
    )
    found = run_rule(tmp_path, RULE, calls, **{"spoke/main__tf": SPOKE_MODULE})
    assert bool(found) is fires
