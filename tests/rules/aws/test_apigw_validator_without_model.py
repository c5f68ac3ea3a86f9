"""aws.apigw-validator-without-model: one row per validator, method and models."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "aws.apigw-validator-without-model"

API = """
variable "models" {
  type = map(string)
}

resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
}

resource "aws_api_gateway_request_validator" "v" {
  name                        = "v"
  rest_api_id                 = aws_api_gateway_rest_api.api.id
  validate_request_body       = %s
  validate_request_parameters = true
}

resource "aws_api_gateway_method" "m" {
  rest_api_id          = aws_api_gateway_rest_api.api.id
  resource_id          = aws_api_gateway_rest_api.api.root_resource_id
  http_method          = "%s"
  authorization        = "NONE"
  request_validator_id = aws_api_gateway_request_validator.v.id
  %s
}
"""


@pytest.mark.parametrize(
    ("body", "method", "models", "fires"),
    [
        ("true", "POST", "", True),
        ("true", "PUT", "request_models = {}", True),
        ("true", "ANY", "", True),
        ("true", "POST", 'request_models = { "application/json" = "Order" }', False),
        ("true", "POST", 'request_models = { "$default" = "Empty" }', False),
        ("true", "POST", "request_models = var.models", False),
        ("false", "POST", "", False),
        ("true", "GET", "", False),
    ],
)
def test_validator_and_models(
    tmp_path: Path, body: str, method: str, models: str, fires: bool
) -> None:
    assert bool(run_rule(tmp_path, RULE, API % (body, method, models))) is fires


def test_method_without_validator_is_silent(tmp_path: Path) -> None:
    terraform = (API % ("true", "POST", "")).replace(
        "  request_validator_id = aws_api_gateway_request_validator.v.id\n", ""
    )
    assert run_rule(tmp_path, RULE, terraform) == []
