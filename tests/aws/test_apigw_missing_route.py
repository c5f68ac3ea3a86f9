"""aws.apigw-missing-route: requested paths against the REST API's resource tree."""

from __future__ import annotations

import pytest

from .helpers import findings

RULE = "aws.apigw-missing-route"
API = 'resource "aws_api_gateway_rest_api" "api" { name = "api" }\n'


def resource(
    name: str, part: str, parent: str = "aws_api_gateway_rest_api.api.root_resource_id"
) -> str:
    return (
        f'resource "aws_api_gateway_resource" "{name}" {{\n'
        "  rest_api_id = aws_api_gateway_rest_api.api.id\n"
        f'  parent_id = {parent}\n  path_part = "{part}"\n}}\n'
    )


def method(name: str, resource_id: str) -> str:
    return (
        f'resource "aws_api_gateway_method" "{name}" {{\n'
        "  rest_api_id = aws_api_gateway_rest_api.api.id\n"
        f'  resource_id = {resource_id}\n  http_method = "GET"\n  authorization = "NONE"\n}}\n'
    )


def check(path: str) -> str:
    return (
        'resource "aws_route53_health_check" "hc" {\n'
        '  fqdn = "${aws_api_gateway_rest_api.api.id}.execute-api.eu-west-1.amazonaws.com"\n'
        f'  type = "HTTPS"\n  resource_path = "{path}"\n}}\n'
    )


USERS = resource("users", "users") + method("users", "aws_api_gateway_resource.users.id")
STAGE = (
    'resource "aws_api_gateway_stage" "prod" {\n  rest_api_id = aws_api_gateway_rest_api.api.id\n'
    '  deployment_id = "d"\n  stage_name = "prod"\n}\n'
)

CASES: dict[str, tuple[str, int]] = {
    "served path": (API + USERS + check("/prod/users"), 0),
    "missing path": (API + USERS + check("/prod/health"), 1),
    "stage root with a root method": (
        API
        + USERS
        + method("root", "aws_api_gateway_rest_api.api.root_resource_id")
        + check("/prod"),
        0,
    ),
    "stage root without a root method": (API + USERS + check("/prod/"), 1),
    "path parameter": (
        API
        + USERS
        + resource("user", "{id}", "aws_api_gateway_resource.users.id")
        + method("user", "aws_api_gateway_resource.user.id")
        + check("/prod/users/42"),
        0,
    ),
    "greedy proxy": (
        API
        + resource("proxy", "{proxy+}")
        + method("proxy", "aws_api_gateway_resource.proxy.id")
        + check("/prod/anything/at/all"),
        0,
    ),
    "resource without a method": (
        API + USERS + resource("health", "health") + check("/prod/health"),
        1,
    ),
    "unknown path segment": (
        API + USERS + 'variable "p" {}\n' + check("/prod/${var.p}"),
        0,
    ),
    "path parts from for_each": (
        API + 'resource "aws_api_gateway_resource" "r" {\n  for_each = toset(["users", "health"])\n'
        "  rest_api_id = aws_api_gateway_rest_api.api.id\n"
        "  parent_id = aws_api_gateway_rest_api.api.root_resource_id\n  path_part = each.key\n}\n"
        + 'resource "aws_api_gateway_method" "m" {\n  for_each = aws_api_gateway_resource.r\n'
        "  rest_api_id = aws_api_gateway_rest_api.api.id\n  resource_id = each.value.id\n"
        '  http_method = "GET"\n  authorization = "NONE"\n}\n' + check("/prod/health"),
        0,
    ),
    "OpenAPI body with the path": (
        'resource "aws_api_gateway_rest_api" "api" {\n  name = "api"\n'
        '  body = jsonencode({ openapi = "3.0.1", paths = { "/health" = { get = {} } } })\n}\n'
        + check("/prod/health"),
        0,
    ),
    "OpenAPI body without the path": (
        'resource "aws_api_gateway_rest_api" "api" {\n  name = "api"\n'
        '  body = jsonencode({ openapi = "3.0.1", paths = { "/users" = { get = {} } } })\n}\n'
        + check("/prod/health"),
        1,
    ),
    "OpenAPI body from a file the answer lacks": (
        'resource "aws_api_gateway_rest_api" "api" {\n  name = "api"\n'
        '  body = file("openapi.yaml")\n}\n' + check("/prod/health"),
        0,
    ),
    "API with no method at all": (API + check("/prod/health"), 0),
    "canary URL from the stage": (
        API
        + USERS
        + STAGE
        + 'resource "aws_synthetics_canary" "c" {\n  name = "c"\n  run_config {\n'
        '    environment_variables = { URL = "${aws_api_gateway_stage.prod.invoke_url}/health" }\n  }\n}\n',
        1,
    ),
    "client URL with a query string": (
        API
        + USERS
        + STAGE
        + 'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  environment {\n'
        '    variables = { URL = "${aws_api_gateway_stage.prod.invoke_url}/users?limit=5" }\n  }\n}\n',
        0,
    ),
    "bare base URL": (
        API + USERS + STAGE + 'output "url" { value = aws_api_gateway_stage.prod.invoke_url }\n'
        'output "url2" { value = "${aws_api_gateway_stage.prod.invoke_url}/" }\n',
        0,
    ),
    "existing API (data source)": (
        'data "aws_api_gateway_rest_api" "api" { name = "api" }\n'
        'output "u" { value = "https://${data.aws_api_gateway_rest_api.api.id}.execute-api.eu-west-1.amazonaws.com/prod/x" }\n',
        0,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_apigw_missing_route(case: str) -> None:
    text, expected = CASES[case]
    found = findings(RULE, {"main.tf": text})
    assert len(found) == expected, [f.message for f in found]


def test_output_url_is_medium() -> None:
    text = (
        API
        + USERS
        + STAGE
        + 'output "health" { value = "${aws_api_gateway_stage.prod.invoke_url}/health" }\n'
    )
    found = findings(RULE, {"main.tf": text})
    assert [(f.address, f.severity.value) for f in found] == [("output.health", "medium")]
