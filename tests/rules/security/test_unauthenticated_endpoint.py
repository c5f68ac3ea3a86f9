"""security.unauthenticated-endpoint: one row per kind of entry point and setting, and
the prompt sentences that raise or silence it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule
from tfjudge.findings import Severity

RULE = "security.unauthenticated-endpoint"

REST = """
resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  parent_id   = aws_api_gateway_rest_api.orders.root_resource_id
  path_part   = "%s"
}

resource "aws_api_gateway_method" "orders" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "%s"
  authorization = "%s"
%s
}
"""


@pytest.mark.parametrize(
    ("path", "verb", "authorization", "extra", "fires"),
    [
        ("orders", "POST", "NONE", "", True),
        ("orders", "GET", "NONE", "  api_key_required = false", True),
        ("orders", "GET", "NONE", "  api_key_required = true", False),
        ("orders", "OPTIONS", "NONE", "", False),  # CORS preflight
        ("orders", "POST", "AWS_IAM", "", False),
        ("health", "GET", "NONE", "", False),
        ("webhook", "POST", "NONE", "", False),
    ],
)
def test_rest_methods(
    tmp_path: Path, path: str, verb: str, authorization: str, extra: str, fires: bool
) -> None:
    findings = run_rule(tmp_path, RULE, REST % (path, verb, authorization, extra))
    assert bool(findings) is fires


def test_a_resource_policy_decides_access(tmp_path: Path) -> None:
    terraform = (
        REST % ("orders", "POST", "NONE", "")
        + """
resource "aws_api_gateway_rest_api_policy" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  policy      = "{}"
}
"""
    )
    assert run_rule(tmp_path, RULE, terraform) == []


HTTP = """
resource "aws_apigatewayv2_api" "events" {
  name          = "events"
  protocol_type = "%s"
}

resource "aws_apigatewayv2_route" "route" {
  api_id    = aws_apigatewayv2_api.events.id
  route_key = "%s"
%s
}
"""


@pytest.mark.parametrize(
    ("protocol", "key", "extra", "fires"),
    [
        ("HTTP", "POST /events", "", True),
        ("HTTP", "POST /events", '  authorization_type = "JWT"\n  authorizer_id = "abc123"', False),
        ("WEBSOCKET", "$connect", "", True),
        ("WEBSOCKET", "sendMessage", "", False),  # only $connect can be authorized
    ],
)
def test_v2_routes(tmp_path: Path, protocol: str, key: str, extra: str, fires: bool) -> None:
    assert bool(run_rule(tmp_path, RULE, HTTP % (protocol, key, extra))) is fires


def test_function_urls(tmp_path: Path) -> None:
    url = 'resource "aws_lambda_function_url" "report" {\n  function_name = "report"\n  authorization_type = "%s"\n}\n'
    assert run_rule(tmp_path / "open", RULE, url % "NONE")
    assert run_rule(tmp_path / "iam", RULE, url % "AWS_IAM") == []


@pytest.mark.parametrize(
    ("prompt", "severity"),
    [
        (None, Severity.MEDIUM),
        ("All API requests must be authenticated via Cognito.", Severity.HIGH),
        ("Deploy a REST API with secure endpoints.", Severity.MEDIUM),  # TLS, as often
        ("The API must not require authentication for the status page.", Severity.MEDIUM),
        ("Expose a public API that anyone can call.", None),
    ],
)
def test_the_prompt_sets_severity(
    tmp_path: Path, prompt: str | None, severity: Severity | None
) -> None:
    findings = run_rule(tmp_path, RULE, REST % ("orders", "POST", "NONE", ""), prompt)
    assert [f.severity for f in findings] == ([severity] if severity else [])
