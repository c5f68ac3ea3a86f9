"""## What it does
Fires on a request entry point that lets anyone call it:

- an `aws_api_gateway_method` (REST API) other than `OPTIONS` with evaluated
  `authorization = "NONE"` and `api_key_required` not true;
- an `aws_apigatewayv2_route` of an HTTP API with no `authorization_type` (or `NONE`) and
  no `authorizer_id`, and the `$connect` route of a WebSocket API without either (the only
  route a WebSocket API can authorize);
- an `aws_lambda_function_url` with `authorization_type = "NONE"`.

A REST method that spells the setting `authorization_type` (an argument of v2 routes that
`aws_api_gateway_method` does not have; the schema rules report it) is read by that
value. Not judged: health and status checks (a path segment or route key with `health`,
`ping`, `status`, `ready` or `live`), webhooks (`webhook` in the path: called by third
parties that cannot sign AWS requests; the handler checks their signature), methods of a
private REST API or of one with a resource policy (access is decided there), and unknown
values. Medium by default; high when the prompt asks for authenticated access ("API
requests must be authenticated via Cognito", "require an API key"; "secure endpoints"
alone is not enough), quoting its line; silent when the prompt says the API is public.

## Why is this bad?
Anyone who finds the URL can call the function behind it: read or change data, run up
the bill, or probe the code for weaknesses. Throttling and WAF rules slow callers down but
do not tell them apart.

Source: Amazon API Gateway Developer Guide, "Controlling and managing access to a REST
API" and "Controlling and managing access to HTTP APIs"; AWS Lambda Developer Guide,
"Control access to Lambda function URLs" (`AuthType NONE`: public, unauthenticated
access), https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html,
https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html

## Example
```hcl
resource "aws_api_gateway_method" "create_order" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "POST"
  authorization = "NONE"
}
```

## Use instead
```hcl
resource "aws_api_gateway_method" "create_order" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "POST"
  authorization = "COGNITO_USER_POOLS"
  authorizer_id = aws_api_gateway_authorizer.cognito.id
}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, Instance
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.patterns import lazy_pattern
from tfjudge.prompt.asks import asks_for_authentication, says_public
from tfjudge.rules.aws._common import resources, target_blocks
from tfjudge.rules.aws._related import instances_of, related
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

# health checks answer load balancers and monitors; webhooks are called by third parties
# that cannot sign AWS requests (the handler checks the sender's signature)
_PUBLIC_BY_DESIGN = lazy_pattern(r"health|ping|status|ready|live|webhook", re.IGNORECASE)


@rule(
    "security.unauthenticated-endpoint",
    Severity.MEDIUM,
    Category.SECURITY,
    "Request entry point without authentication",
    impact="Anyone who finds the URL can invoke the function behind it and reach its data.",
    fix="Add an authorizer (Cognito, Lambda or IAM) or require an API key.",
    applies_to=("aws_api_gateway_method", "aws_apigatewayv2_route", "aws_lambda_function_url"),
)
def unauthenticated_endpoint(ctx: RuleContext) -> Iterator[Finding]:
    prompt_text = getattr(ctx.prompt, "text", None)
    if isinstance(prompt_text, str) and says_public(prompt_text):
        return
    asked = asks_for_authentication(prompt_text) if isinstance(prompt_text, str) else None
    severity = Severity.HIGH if asked else None
    why = f' (the prompt asks for it at line {asked.line}: "{_short(asked.text)}")' if asked else ""
    for what, block, attribute in _open_entry_points(ctx):
        yield ctx.finding(
            f"{what} accepts requests from anyone: no authorizer, IAM authorization or API "
            f"key protects it{why}",
            block.body.attributes.get(attribute) or block,
            block=block,
            attribute=attribute,
            severity=severity,
        )


def _open_entry_points(ctx: RuleContext) -> Iterator[tuple[str, Block, str]]:
    yield from _rest_methods(ctx)
    yield from _v2_routes(ctx)
    evaluator = ctx.get(Evaluator)
    for url in resources(ctx, "aws_lambda_function_url"):
        if any(kind == "NONE" for _, kind in evaluator.attribute_values(url, "authorization_type")):
            yield 'the Lambda function URL (authorization_type "NONE")', url, "authorization_type"


def _rest_methods(ctx: RuleContext) -> Iterator[tuple[str, Block, str]]:
    evaluator = ctx.get(Evaluator)
    guarded = _guarded_rest_apis(ctx)
    for method in resources(ctx, "aws_api_gateway_method"):
        apis = target_blocks(ctx, method.body.get("rest_api_id"), "aws_api_gateway_rest_api")
        if any(any(api is g for g in guarded) for api in apis):
            continue
        for instance in instances_of(ctx, method):
            verb = evaluator.attribute(method, "http_method", instance)
            kind = evaluator.attribute(method, "authorization", instance)
            if "authorization" not in method.body.attributes:  # the v2 spelling, by mistake
                kind = evaluator.attribute(method, "authorization_type", instance)
            key = evaluator.attribute(method, "api_key_required", instance)
            if not isinstance(verb, str) or verb.upper() == "OPTIONS" or kind != "NONE":
                continue
            if key is not False and key is not None:
                continue
            path = _rest_path(ctx, method, instance)
            if path is None or _PUBLIC_BY_DESIGN.search(path):
                continue
            spelled = (
                "authorization"
                if "authorization" in method.body.attributes
                else "authorization_type"
            )
            yield f'{verb} {path} ({spelled} "NONE")', method, spelled
            break


def _guarded_rest_apis(ctx: RuleContext) -> list[Block]:
    """REST APIs whose access a resource policy or a private endpoint decides."""
    evaluator = ctx.get(Evaluator)
    guarded: list[Block] = []
    for api in resources(ctx, "aws_api_gateway_rest_api"):
        types = evaluator.attribute(api, "endpoint_configuration.types")
        if "policy" in api.body.attributes or (isinstance(types, list) and "PRIVATE" in types):
            guarded.append(api)
    for policy in resources(ctx, "aws_api_gateway_rest_api_policy"):
        guarded.extend(
            target_blocks(ctx, policy.body.get("rest_api_id"), "aws_api_gateway_rest_api")
        )
    return guarded


def _rest_path(ctx: RuleContext, method: Block, instance: Instance | None) -> str | None:
    """`/orders/{id}` from the resource chain; "/" for the root; None when unknown."""
    evaluator = ctx.get(Evaluator)
    segments: list[str] = []
    expr = method.body.get("resource_id")
    for _ in range(16):
        owners = target_blocks(ctx, expr, "aws_api_gateway_resource")
        if not owners:
            if target_blocks(ctx, expr, "aws_api_gateway_rest_api"):
                return "/" + "/".join(reversed(segments))
            return None
        part = evaluator.attribute(owners[0], "path_part")
        if not isinstance(part, str):
            return None
        segments.append(part)
        expr = owners[0].body.get("parent_id")
    return None


def _v2_routes(ctx: RuleContext) -> Iterator[tuple[str, Block, str]]:
    evaluator = ctx.get(Evaluator)
    for route in resources(ctx, "aws_apigatewayv2_route"):
        api_id = route.body.get("api_id")
        for instance in instances_of(ctx, route):
            protocols = {
                r.value
                for r in related(ctx, api_id, instance, "aws_apigatewayv2_api", "protocol_type")
            }
            key = evaluator.attribute(route, "route_key", instance)
            kind = evaluator.attribute(route, "authorization_type", instance)
            authorizer = evaluator.attribute(route, "authorizer_id", instance)
            if not isinstance(key, str) or _PUBLIC_BY_DESIGN.search(key):
                continue
            if protocols == {"WEBSOCKET"} and key != "$connect":
                continue
            if protocols not in ({"HTTP"}, {"WEBSOCKET"}):
                continue
            if kind not in (None, "NONE") or authorizer is not None:
                continue
            setting = 'authorization_type "NONE"' if kind else "no authorization_type"
            yield f'route "{key}" ({setting})', route, "route_key"
            break


def _short(text: str) -> str:
    return text if len(text) <= 90 else text[:87] + "..."
