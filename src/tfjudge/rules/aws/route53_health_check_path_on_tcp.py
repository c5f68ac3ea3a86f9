"""## What it does
Fires on an `aws_route53_health_check` whose evaluated `type` is `TCP` and that sets
`resource_path` or `search_string` (to anything but null) in some instance: one finding
per argument. HTTP, HTTPS and the `_STR_MATCH` types are not judged, nor a `type` that is
unknown.

## Why is this bad?
A TCP health check only opens a connection: there is no request to carry a path and no
response body to search. Route 53 rejects the health check at `apply`
(`InvalidInput: ... must not have a resource path specified` for a path), so nothing
that fails over on it is created either.

Source: Route 53 API reference, `HealthCheckConfig` (`Type`: "If you specify TCP for
Type, don't specify a value for ResourcePath"; `SearchString` applies only to
`HTTP_STR_MATCH` and `HTTPS_STR_MATCH`),
https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html

## Example
```hcl
resource "aws_route53_health_check" "primary" {
  fqdn              = aws_lb.primary.dns_name
  port              = 443
  type              = "TCP"
  resource_path     = "/health"
  failure_threshold = 3
}
```

## Use instead
```hcl
resource "aws_route53_health_check" "primary" {
  fqdn              = aws_lb.primary.dns_name
  port              = 443
  type              = "HTTPS"
  resource_path     = "/health"
  failure_threshold = 3
}
```
or keep `type = "TCP"` and drop `resource_path`.
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.aws._common import resources
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

_HTTP_ONLY = ("resource_path", "search_string")


@rule(
    "aws.route53-health-check-path-on-tcp",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Route 53 TCP health check with an HTTP path or search string",
    impact="Route 53 rejects the health check at apply; records that fail over on it are "
    "never created.",
    fix="Use type HTTP or HTTPS for a path check, or drop resource_path/search_string.",
    applies_to=("aws_route53_health_check",),
)
def route53_health_check_path_on_tcp(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    for block in resources(ctx, "aws_route53_health_check"):
        for name in _HTTP_ONLY:
            attribute = block.body.attributes.get(name)
            if attribute is None:
                continue
            offending = [
                instance
                for instance, kind in evaluator.attribute_values(block, "type")
                if kind == "TCP" and evaluator.evaluate(attribute.expr, instance) is not None
            ]
            if not offending:
                continue
            value = evaluator.evaluate(attribute.expr, offending[0])
            shown = f' "{value}"' if isinstance(value, str) else ""
            yield ctx.finding(
                f'type is "TCP" but {name}{shown} is set: a TCP health check only opens a '
                f"connection, and Route 53 rejects a {name} on it",
                attribute,
                block=block,
                attribute=name,
            )
