"""## What it does
Fires on an `aws_apigatewayv2_route` of a WebSocket API (its `api_id` refers to an
`aws_apigatewayv2_api` whose evaluated `protocol_type` is `WEBSOCKET`) whose evaluated
`route_key` is not `$connect` and that sets an `authorization_type` other than `NONE`
(`AWS_IAM`, `CUSTOM`) or an `authorizer_id`. Routes of HTTP APIs, and route keys or
authorization types that are unknown, are not judged.

## Why is this bad?
A WebSocket API authorizes a client once, when it connects: only the `$connect` route can
carry an authorizer or IAM authorization. API Gateway rejects the route at `apply`
(`BadRequestException: Currently, authorization is restricted to the $connect route
only`), and the routes and deployment after it are not created.

Source: Amazon API Gateway Developer Guide, "Controlling and managing access to WebSocket
APIs in API Gateway" (IAM authorization and Lambda authorizers apply to the `$connect`
route), https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-control-access.html

## Example
```hcl
resource "aws_apigatewayv2_route" "disconnect" {
  api_id             = aws_apigatewayv2_api.chat.id
  route_key          = "$disconnect"
  authorization_type = "AWS_IAM"
  target             = "integrations/${aws_apigatewayv2_integration.disconnect.id}"
}
```

## Use instead
```hcl
resource "aws_apigatewayv2_route" "connect" {
  api_id             = aws_apigatewayv2_api.chat.id
  route_key          = "$connect"
  authorization_type = "AWS_IAM"
  target             = "integrations/${aws_apigatewayv2_integration.connect.id}"
}

resource "aws_apigatewayv2_route" "disconnect" {
  api_id    = aws_apigatewayv2_api.chat.id
  route_key = "$disconnect"
  target    = "integrations/${aws_apigatewayv2_integration.disconnect.id}"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.aws._common import resources
from tfjudge.rules.aws._related import instances_of, related
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "aws.apigw-websocket-route-auth",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "WebSocket route other than $connect with authorization",
    impact="API Gateway rejects the route at apply; the API's later routes and deployment "
    "are not created.",
    fix='Authorize on the $connect route only; set authorization_type = "NONE" elsewhere.',
    applies_to=("aws_apigatewayv2_route",),
)
def apigw_websocket_route_auth(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    for route in resources(ctx, "aws_apigatewayv2_route"):
        api_id = route.body.get("api_id")
        for instance in instances_of(ctx, route):
            protocols = related(ctx, api_id, instance, "aws_apigatewayv2_api", "protocol_type")
            if not any(r.value == "WEBSOCKET" for r in protocols):
                continue
            key = evaluator.attribute(route, "route_key", instance)
            if not isinstance(key, str) or key == "$connect":
                continue
            kind = evaluator.attribute(route, "authorization_type", instance)
            authorizer = route.body.attributes.get("authorizer_id")
            if isinstance(kind, str) and kind != "NONE":
                what, at, name = (
                    f'authorization_type "{kind}"',
                    route.body.attributes.get("authorization_type"),
                    "authorization_type",
                )
            elif (
                authorizer is not None and evaluator.evaluate(authorizer.expr, instance) is not None
            ):
                what, at, name = "an authorizer_id", authorizer, "authorizer_id"
            else:
                continue
            yield ctx.finding(
                f'route "{key}" of a WebSocket API has {what}, but WebSocket APIs authorize '
                "only on $connect: API Gateway rejects the route",
                at,
                block=route,
                attribute=name,
            )
            break
