"""aws.apigw-logging-role-missing: stage logging needs the account's CloudWatch role; a
module the answer does not show, named for API Gateway, may set it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "aws.apigw-logging-role-missing"

SETTINGS = """
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "abc123"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    logging_level = "INFO"
  }
}
"""


@pytest.mark.parametrize(
    ("module", "fires"),
    [
        ("", True),
        # the registry module that creates aws_api_gateway_account with the role
        (
            'module "account_settings" {\n'
            '  source  = "cloudposse/api-gateway/aws//modules/account-settings"\n'
            '  version = "0.6.0"\n}\n',
            False,
        ),
        # a registry module for something else says nothing about API Gateway's account
        ('module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n', True),
    ],
)
def test_an_unseen_api_gateway_module_may_set_the_role(
    tmp_path: Path, module: str, fires: bool
) -> None:
    assert bool(run_rule(tmp_path, RULE, module + SETTINGS)) is fires


@pytest.mark.parametrize(("count", "fires"), [("0", False), ("1", True)])
def test_settings_never_created_are_not_judged(tmp_path: Path, count: str, fires: bool) -> None:
    terraform = SETTINGS.replace('"all" {\n', f'"all" {{\n  count = {count}\n', 1)
    assert f"count = {count}" in terraform
    assert bool(run_rule(tmp_path, RULE, terraform)) is fires
