"""## What it does
Reads the prompt's required components through a reviewed synonym table ("Step Functions"
-> `aws_sfn_state_machine`, "EventBridge rule" -> `aws_cloudwatch_event_rule`, "WAF" ->
`aws_wafv2_web_acl`, "RDS" -> `aws_db_instance` or `aws_rds_cluster`, ...) and fires when
the response declares no resource of any type that builds the component. The finding's
address is the expected type, and it quotes the prompt line that asked for it.

A mention the prompt negates ("don't use customer managed KMS keys"), says already exists
("I already have a VPC"), or only names as what something else serves ("VPC endpoints
for S3") is not a requirement. A data source does not build a component; a call of a
registry module named for it (`terraform-aws-modules/vpc/aws`) does. Responses without
any Terraform are left to `format.no-code`.

## Why is this bad?
The configuration may plan and apply, but it does not deliver what was asked: the
missing component is exactly what a reviewer checks first, and whatever should have
depended on it (alarms on a state machine, a schedule for a job) has nothing to act on.

## Example
Prompt: "An EventBridge rule triggers a Step Functions state machine every night."
```hcl
resource "aws_cloudwatch_event_rule" "nightly" {
  schedule_expression = "cron(0 2 * * ? *)"
}
```

## Use instead
```hcl
resource "aws_cloudwatch_event_rule" "nightly" {
  schedule_expression = "cron(0 2 * * ? *)"
}

resource "aws_sfn_state_machine" "refresh" {
  name       = "refresh"
  role_arn   = aws_iam_role.sfn.arn
  definition = jsonencode({ StartAt = "Done", States = { Done = { Type = "Succeed" } } })
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.prompt.requirements import PromptRequirements, cite
from tfjudge.prompt.satisfaction import component_satisfied, referenced_types
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "req.missing-resource",
    Severity.HIGH,
    Category.REQUIREMENTS,
    "A component the prompt asks for is missing",
    impact="The configuration does not deliver what was asked; whatever should use the "
    "component has nothing to act on.",
    fix="Declare the missing resource and wire it to the rest of the configuration.",
    requires=("prompt",),
)
def missing_resource(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.configuration.resource_count == 0:
        return  # no configuration to judge: format.no-code or an excerpt, not a missing part
    referenced: set[str] | None = None  # worked out for the first component missing
    for requirement in ctx.get(PromptRequirements).components:
        if component_satisfied(ctx.configuration, requirement):
            continue
        if referenced is None:
            referenced = referenced_types(ctx.configuration)
        if referenced & set(requirement.types):
            continue  # used but never declared: core.undeclared-resource says so
        expected = " or ".join(f"`{t}`" for t in requirement.types)
        finding = ctx.finding(
            f"The prompt asks for {_article(requirement.key)}{requirement.key} (prompt line "
            f"{requirement.line}) and the response declares no {expected}.",
            address=requirement.address,
            title=f"Missing {requirement.key}: no {requirement.address}",
            root_cause="The prompt names this component, but the response never declares a "
            "resource that builds it.",
        )
        yield cite(finding, requirement)


def _article(name: str) -> str:
    if name.endswith("s") and not name.endswith("ss"):
        return ""
    vowel = name[:1].lower() in "aeiou" or name[:3] in ("SNS", "SQS", "RDS", "SSM", "S3 ")
    return "an " if vowel else "a "
