"""## What it does
Finds the paths the answer itself requests from a REST API of the answer and fires when the
API has no resource with a method for one of them:

- a Route 53 health check whose `fqdn` is the API's `execute-api` host, on its
  `resource_path` (the first segment is the stage);
- a URL built anywhere in the configuration (an output, a Lambda or canary environment
  variable, a script in a heredoc) from a stage's or deployment's `invoke_url`
  (`"${aws_api_gateway_stage.prod.invoke_url}/health"`) or from the API's id and the
  `execute-api` host (`"https://${aws_api_gateway_rest_api.api.id}.execute-api...amazonaws.com/prod/health"`).

The API's routes are its `aws_api_gateway_resource` tree (by `parent_id` and `path_part`)
with the `aws_api_gateway_method`s on it, or the `paths` of an OpenAPI `body`; `{param}`
matches one segment and `{proxy+}` the rest. Unknown parts of a path match anything; a
bare base URL (the stage's `invoke_url` alone) requests nothing. A URL that is only an
`output` is reported as medium. An API whose routes cannot
all be read (an unknown `body`, a method on a resource that cannot be resolved, a
`path_part` known only after apply) or that has no method at all is not judged.

## Why is this bad?
The request gets `403 Missing Authentication Token` (API Gateway's answer for a route that
does not exist): the health check is permanently unhealthy, so DNS failover fails over for
no reason or never recovers, the canary alarms, and clients fail at runtime.

Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-basic-concept.html
(resources and methods), https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-call-api.html
(invoke URL: `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/{resource-path}`),
https://repost.aws/knowledge-center/api-gateway-authentication-token-errors.

## Example
```hcl
resource "aws_api_gateway_resource" "users" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "users"
}

resource "aws_route53_health_check" "api" {
  fqdn          = "${aws_api_gateway_rest_api.api.id}.execute-api.${var.region}.amazonaws.com"
  type          = "HTTPS"
  port          = 443
  resource_path = "/prod/health"
}
```

## Use instead
```hcl
resource "aws_api_gateway_resource" "health" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "health"
}

resource "aws_api_gateway_method" "health" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.health.id
  http_method   = "GET"
  authorization = "NONE"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tfjudge.evaluate import Evaluator, PartialString, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import block_address, top_level_block
from tfjudge.parse.hcl.ast import Block, Expr, Template
from tfjudge.patterns import lazy_pattern
from tfjudge.records import record
from tfjudge.rules.aws._common import resolved_blocks, resolved_targets, resources
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

REST_API = "aws_api_gateway_rest_api"
UNKNOWN_MARK = "\x00"
Segments = tuple[str | None, ...]  # None: a segment known only after apply
_PATH = lazy_pattern(r"[^\s'\"?#`<>\\|)]*")


@record(frozen=True, eq=False)
class RouteUse:
    """A path requested from an API: where it is written (`at`), by which block, as `what`."""

    api: Block
    path: Segments
    at: Expr
    client: Block
    what: str


# -- the paths requested ----------------------------------------------------------------------


def _segments(text: str, drop_stage: bool) -> Segments:
    parts = [p for p in text.split("/") if p != ""]
    if drop_stage and parts:
        parts = parts[1:]
    return tuple(None if UNKNOWN_MARK in p else p for p in parts)


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, PartialString):
        return value.render(UNKNOWN_MARK)
    return None


def _health_check_uses(ctx: RuleContext) -> Iterator[RouteUse]:
    evaluator = ctx.get(Evaluator)
    for check in resources(ctx, "aws_route53_health_check"):
        fqdn = check.body.get("fqdn")
        path_attr = check.body.attributes.get("resource_path")
        if not isinstance(fqdn, Template) or path_attr is None:
            continue
        api = _execute_api_host(ctx, fqdn)
        path = _as_text(evaluator.attribute(check, "resource_path"))
        if api is None or path is None:
            continue
        yield RouteUse(api, _segments(path, True), path_attr.expr, check, "the health check")


def _execute_api_host(ctx: RuleContext, template: Template) -> Block | None:
    """The REST API whose id starts an `<id>.execute-api.` host in the template."""
    parts = template.parts
    for index, part in enumerate(parts[:-1]):
        following = parts[index + 1]
        if (
            isinstance(part, Expr)
            and isinstance(following, str)
            and following.startswith(".execute-api.")
        ):
            apis = [t.block for t in resolved_targets(ctx, part) if _is_api_id(t)]
            if apis:
                return apis[0]
    return None


def _is_api_id(target: Any) -> bool:
    block = target.block
    return bool(
        block.type == "resource"
        and block.labels[:1] == (REST_API,)
        and target.attribute in (None, "id")
    )


def _url_uses(ctx: RuleContext) -> Iterator[RouteUse]:
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    for module in ctx.configuration.modules.values():
        for block in references.active_blocks(module):
            for expr in block.expressions():
                if isinstance(expr, Template):
                    for api, path in _template_urls(ctx, evaluator, expr):
                        yield RouteUse(api, path, expr, block, "the URL")


def _template_urls(
    ctx: RuleContext, evaluator: Evaluator, template: Template
) -> Iterator[tuple[Block, Segments]]:
    parts = template.parts
    for index, part in enumerate(parts):
        if not isinstance(part, Expr):
            continue
        for target in resolved_targets(ctx, part):
            if _is_invoke_url(target):
                base, drop_stage = target.block, False
            elif _is_api_id(target):
                base, drop_stage = target.block, True
            else:
                continue
            tail = _tail(evaluator, parts[index + 1 :])
            if drop_stage:
                host, found, tail = tail.partition(".amazonaws.com")
                if not found or not host.startswith(".execute-api."):
                    continue
            match = _PATH.match(tail)
            path = match.group(0) if match else ""
            if drop_stage and not path.startswith("/"):
                continue
            api = base if drop_stage else _api_of(ctx, base)
            segments = _segments(path, drop_stage)
            if api is not None and segments and (drop_stage or path.startswith("/")):
                yield api, segments  # a bare base URL is not a request for "/"
            break


def _is_invoke_url(target: Any) -> bool:
    """A stage's invoke URL, or a deployment's when it names a stage (it ends in the stage)."""
    kind = target.block.labels[0] if target.block.labels else ""
    if target.attribute != "invoke_url":
        return False
    return kind == "aws_api_gateway_stage" or (
        kind == "aws_api_gateway_deployment" and "stage_name" in target.block.body.attributes
    )


def _tail(evaluator: Evaluator, parts: tuple[Any, ...]) -> str:
    text: list[str] = []
    for part in parts:
        if isinstance(part, str):
            text.append(part)
            continue
        if not isinstance(part, Expr):
            text.append(UNKNOWN_MARK)
            continue
        value = _as_text(evaluator.evaluate(part))
        text.append(value if value is not None else UNKNOWN_MARK)
    return "".join(text)


def _api_of(ctx: RuleContext, stage_or_deployment: Block) -> Block | None:
    apis = resolved_blocks(ctx, stage_or_deployment.body.get("rest_api_id"), REST_API)
    if len(apis) != 1 or apis[0].type != "resource":
        return None
    return apis[0]


# -- the routes an API serves -----------------------------------------------------------------


class _Routes:
    """The paths of an API that have a method, as segment templates; None when unknowable."""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.evaluator = ctx.get(Evaluator)
        self.cache: dict[int, list[tuple[str, ...]] | None] = {}

    def of(self, api: Block) -> list[tuple[str, ...]] | None:
        key = id(api)
        if key not in self.cache:
            self.cache[key] = self._compute(api)
        return self.cache[key]

    def _compute(self, api: Block) -> list[tuple[str, ...]] | None:
        if "body" in api.body.attributes:
            return self._openapi(api)
        ctx = self.ctx
        owned = [
            r
            for r in resources(ctx, "aws_api_gateway_resource")
            if any(b is api for b in resolved_blocks(ctx, r.body.get("rest_api_id")))
        ]
        paths: dict[int, list[tuple[str, ...]] | None] = {}
        for resource in owned:
            self._paths(resource, api, paths, 0)
        if any(p is None for p in paths.values()):
            return None
        served: list[tuple[str, ...]] = []
        for method in resources(ctx, "aws_api_gateway_method"):
            if not any(b is api for b in resolved_blocks(ctx, method.body.get("rest_api_id"))):
                continue
            targets = resolved_targets(ctx, method.body.get("resource_id"))
            if not targets:
                return None
            for target in targets:
                if target.block is api and target.attribute == "root_resource_id":
                    served.append(())
                elif id(target.block) in paths:
                    served.extend(paths[id(target.block)] or [])
                else:
                    return None
        return served

    def _paths(
        self,
        resource: Block,
        api: Block,
        paths: dict[int, list[tuple[str, ...]] | None],
        depth: int,
    ) -> list[tuple[str, ...]] | None:
        key = id(resource)
        if key in paths:
            return paths[key]
        paths[key] = None  # a cycle stays unknown
        if depth > 20:
            return None
        parts = self._path_parts(resource)
        parents = resolved_targets(self.ctx, resource.body.get("parent_id"))
        found: list[tuple[str, ...]] | None = []
        if parts is None or not parents:
            found = None
        for target in parents if found is not None else []:
            if target.block is api and target.attribute == "root_resource_id":
                prefixes: list[tuple[str, ...]] | None = [()]
            elif target.block.labels[:1] == ("aws_api_gateway_resource",):
                prefixes = self._paths(target.block, api, paths, depth + 1)
            else:
                prefixes = None
            if prefixes is None or found is None or parts is None:
                found = None
                break
            found.extend((*prefix, part) for prefix in prefixes for part in parts)
        paths[key] = found
        return found

    def _path_parts(self, resource: Block) -> list[str] | None:
        instances: list[Any] = [*self.evaluator.instances(resource)] or [None]
        parts: list[str] = []
        for instance in instances:
            value = self.evaluator.attribute(resource, "path_part", instance)
            if not isinstance(value, str):
                return None
            parts.append(value)
        return parts

    def _openapi(self, api: Block) -> list[tuple[str, ...]] | None:
        attribute = api.body.attributes["body"]
        instances = self.evaluator.instances(api)
        body = self.evaluator.document(attribute.expr, instances[0] if instances else None)
        if not isinstance(body, dict) or not isinstance(body.get("paths"), dict):
            return None
        return [tuple(p for p in str(path).split("/") if p) for path in body["paths"]]


def _matches(path: Segments, route: tuple[str, ...]) -> bool:
    for index, segment in enumerate(route):
        if segment.startswith("{") and segment.endswith("+}"):
            return len(path) > index
        if index >= len(path):
            return False
        wanted = path[index]
        if wanted is None or (segment.startswith("{") and segment.endswith("}")):
            continue
        if segment != wanted:
            return False
    return len(path) == len(route)


def _show(path: Segments) -> str:
    return "/" + "/".join(p if p is not None else "${…}" for p in path)


@rule(
    "aws.apigw-missing-route",
    Severity.CRITICAL,
    Category.RELIABILITY,
    "Path requested from an API that has no route for it",
    impact="Requests get 403 Missing Authentication Token: health checks fail, failover and "
    "canaries misfire, clients break.",
    fix="Add the aws_api_gateway_resource and aws_api_gateway_method (with an integration) "
    "for the path, or request a path the API serves.",
    applies_to=("aws_api_gateway_rest_api",),
)
def apigw_missing_route(ctx: RuleContext) -> Iterator[Finding]:
    routes = _Routes(ctx)
    reported: set[tuple[int, int, Segments]] = set()
    for use in (*_health_check_uses(ctx), *_url_uses(ctx)):
        served = routes.of(use.api)
        if not served or any(_matches(use.path, route) for route in served):
            continue  # no method at all: the API is defined elsewhere or not deployable
        client = top_level_block(use.client)
        key = (id(client), id(use.api), use.path)
        if key in reported:
            continue
        reported.add(key)
        known = ", ".join(sorted({"/" + "/".join(r) for r in served})) or "none"
        yield ctx.finding(
            f'{use.what} requests "{_show(use.path)}" (after the stage) from '
            f"{block_address(use.api)}, which has no resource and method for it "
            f"(routes with methods: {known}); API Gateway answers 403",
            use.at,
            block=client,
            # a URL that is only printed breaks no deployment and no failover
            severity=Severity.MEDIUM if client.type == "output" else None,
        )
