"""## What it does
Fires on an `aws_api_gateway_method` (not `GET`, `HEAD` or `OPTIONS`) whose
`request_validator_id` names an `aws_api_gateway_request_validator` with
`validate_request_body = true`, while the method has no `request_models` (absent or an
empty map). Silent when the validator or the models are known only after apply, and for
methods defined in an OpenAPI `body`.

## Why is this bad?
API Gateway validates a request body against the model the method maps to the request's
content type; "if no matching content type is found, request validation is not
performed". A method without request models therefore passes every body through
unchecked: the validation the configuration promises never happens, and malformed
payloads reach the backend.

Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html
(Request validation for REST APIs in API Gateway).

## Example
```hcl
resource "aws_api_gateway_method" "orders_post" {
  rest_api_id          = aws_api_gateway_rest_api.api.id
  resource_id          = aws_api_gateway_resource.orders.id
  http_method          = "POST"
  authorization        = "NONE"
  request_validator_id = aws_api_gateway_request_validator.body.id
}
```

## Use instead
```hcl
resource "aws_api_gateway_method" "orders_post" {
  rest_api_id          = aws_api_gateway_rest_api.api.id
  resource_id          = aws_api_gateway_resource.orders.id
  http_method          = "POST"
  authorization        = "NONE"
  request_validator_id = aws_api_gateway_request_validator.body.id
  request_models       = { "application/json" = aws_api_gateway_model.order.name }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.rules.aws._common import address, resources, target_blocks, value
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

BODYLESS = {"GET", "HEAD", "OPTIONS"}


def _body_validator(ctx: RuleContext, method: Block) -> Block | None:
    expr = method.body.get("request_validator_id")
    for validator in target_blocks(ctx, expr, "aws_api_gateway_request_validator"):
        if value(ctx, validator, "validate_request_body") is True:
            return validator
    return None


def _has_no_models(ctx: RuleContext, method: Block) -> bool:
    if "request_models" not in method.body.attributes:
        return True
    return bool(value(ctx, method, "request_models") == {})


@rule(
    "aws.apigw-validator-without-model",
    Severity.MEDIUM,
    Category.RELIABILITY,
    "Request body validation without a request model",
    impact="API Gateway performs no body validation: malformed payloads reach the backend.",
    fix="Map the content type to an aws_api_gateway_model in the method's request_models.",
    applies_to=("aws_api_gateway_method",),
)
def apigw_validator_without_model(ctx: RuleContext) -> Iterator[Finding]:
    for method in resources(ctx, "aws_api_gateway_method"):
        http_method = value(ctx, method, "http_method")
        if not isinstance(http_method, str) or http_method.upper() in BODYLESS:
            continue
        validator = _body_validator(ctx, method)
        if validator is None or not _has_no_models(ctx, method):
            continue
        yield ctx.finding(
            f"{address(validator)} validates the request body, but this {http_method} "
            "method has no request_models: with no model for the content type, API Gateway "
            "skips body validation",
            method.body.attributes.get("request_validator_id") or method,
            block=method,
        )
