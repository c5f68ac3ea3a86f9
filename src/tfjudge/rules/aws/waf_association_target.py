"""## What it does
Fires on an `aws_wafv2_web_acl_association` whose `resource_arn` is not an ARN WAF can
associate: it comes from a REST API deployment or a REST API itself (associate the
stage: `aws_api_gateway_stage.x.arn`), an `execution_arn` or `invoke_url` of anything, an
HTTP or WebSocket API (`aws_apigatewayv2_*`: WAF does not protect them), a CloudFront
distribution (give the distribution `web_acl_id` instead), or its evaluated value is an
`arn:aws:execute-api:` ARN. Associable targets are Application Load Balancers, REST API
stages, AppSync APIs, Cognito user pools, App Runner services and Verified Access instances.

## Why is this bad?
`AssociateWebACL` fails at `apply` with `WAFInvalidParameterException` (or
`WAFNonexistentItemException`), so the API is left unprotected and the apply stops.

Source: https://docs.aws.amazon.com/waf/latest/APIReference/API_AssociateWebACL.html
(ResourceArn: the ARN formats WAF accepts).

## Example
```hcl
resource "aws_wafv2_web_acl_association" "api" {
  resource_arn = aws_api_gateway_deployment.api.execution_arn
  web_acl_arn  = aws_wafv2_web_acl.api.arn
}
```

## Use instead
```hcl
resource "aws_wafv2_web_acl_association" "api" {
  resource_arn = aws_api_gateway_stage.prod.arn
  web_acl_arn  = aws_wafv2_web_acl.api.arn
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.aws._common import address, resources, targets, value
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

NOT_ASSOCIABLE = {
    "aws_api_gateway_deployment": "a REST API deployment is not associable; use the stage's arn",
    "aws_api_gateway_rest_api": "a REST API is associated through its stage's arn",
    "aws_apigatewayv2_api": "WAF cannot protect HTTP or WebSocket APIs",
    "aws_apigatewayv2_stage": "WAF cannot protect HTTP or WebSocket API stages",
    "aws_cloudfront_distribution": "a CloudFront distribution takes the web ACL in web_acl_id",
    "aws_lambda_function": "WAF cannot protect a Lambda function",
}
WRONG_ATTRIBUTES = {"execution_arn", "invoke_url", "id", "name", "dns_name"}


@rule(
    "aws.waf-association-target",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "WAF association to a resource WAF cannot protect",
    impact="AssociateWebACL fails at apply; the resource stays unprotected.",
    fix="Associate the stage ARN (aws_api_gateway_stage.x.arn) or the load balancer ARN.",
    applies_to=("aws_wafregional_web_acl_association", "aws_wafv2_web_acl_association"),
)
def waf_association_target(ctx: RuleContext) -> Iterator[Finding]:
    for block in resources(
        ctx, "aws_wafv2_web_acl_association", "aws_wafregional_web_acl_association"
    ):
        attribute = block.body.attributes.get("resource_arn")
        if attribute is None:
            continue
        reported = False
        for target in targets(ctx, attribute.expr):
            kind = target.block.labels[0] if target.block.labels else ""
            read = target.attribute or ""
            reason = NOT_ASSOCIABLE.get(kind)
            if reason is None and read in WRONG_ATTRIBUTES:
                reason = f"its {read} is not the ARN WAF associates"
            if reason is None:
                continue
            reported = True
            yield ctx.finding(
                f"resource_arn is {address(target.block)}.{read or 'arn'}: {reason}",
                attribute,
                block=block,
                attribute="resource_arn",
            )
        resolved = value(ctx, block, "resource_arn")
        if (
            not reported
            and isinstance(resolved, str)
            and resolved.startswith("arn:aws:execute-api:")
        ):
            yield ctx.finding(
                f'resource_arn "{resolved}" is an execute-api ARN; WAF associates the stage '
                "ARN (arn:aws:apigateway:<region>::/restapis/<id>/stages/<name>)",
                attribute,
                block=block,
                attribute="resource_arn",
            )
