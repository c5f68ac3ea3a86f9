"""## What it does
Fires once per `aws_lambda_function` block with an instance whose log group the
configuration does not manage: no `aws_cloudwatch_log_group` named
`/aws/lambda/<function_name>` (names compared as evaluated, with variables' defaults; a log
group whose name refers to the function counts) and no `logging_config { log_group }`
naming a group of its own. Functions whose name is known only at apply, with no log
group referring to them, are not judged.

## Why is this bad?
Lambda creates the group itself on the first invocation: with no retention (logs kept and
billed forever), no KMS key, no tags, and outside Terraform, so `terraform destroy` leaves
it behind and a later apply that adds the group fails with ResourceAlreadyExistsException.
See "Using Amazon CloudWatch logs with AWS Lambda".

## Example
```hcl
resource "aws_lambda_function" "api" {
  function_name = "${var.app}-api"
}
```

## Use instead
```hcl
resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/${var.app}-api"
  retention_in_days = 30
}

resource "aws_lambda_function" "api" {
  function_name = "${var.app}-api"
  depends_on    = [aws_cloudwatch_log_group.api]
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.resources.names import readable, shape
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "ops.lambda-log-group-missing",
    Severity.MEDIUM,
    Category.OBSERVABILITY,
    "Lambda function without a managed /aws/lambda/<name> log group",
    impact="Lambda creates the group itself: no retention, no encryption, left behind on "
    "destroy, and a later apply that adds it fails.",
    fix="Declare aws_cloudwatch_log_group /aws/lambda/<function_name> with retention and "
    "make the function depend on it.",
    applies_to=("aws_lambda_function",),
)
def lambda_log_group_missing(ctx: RuleContext) -> Iterator[Finding]:
    for function, names in unmanaged_functions(ctx):
        shown = ", ".join(f"/aws/lambda/{readable(n)}" for n in names)
        yield ctx.finding(
            f"No aws_cloudwatch_log_group is named {shown}: Lambda will create it on first "
            "invocation, with no retention and outside Terraform.",
            function,
        )


def unmanaged_functions(ctx: RuleContext) -> Iterator[tuple[Block, list[object]]]:
    """Functions with instances whose log group the configuration does not declare."""
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    blocks = [b for b in ctx.configuration.all_resources() if not references.is_superseded(b)]
    groups = [b for b in blocks if b.labels[0] == "aws_cloudwatch_log_group"]
    group_names = {
        text
        for group in groups
        for _, value in evaluator.attribute_values(group, "name")
        if (text := shape(value)) is not None
    }
    referring = {
        id(target)
        for group in groups
        if (name := group.body.get("name")) is not None
        for reference in references.in_expr(name)
        if (target := reference.target) is not None
    }
    for function in blocks:
        if function.labels[0] != "aws_lambda_function" or id(function) in referring:
            continue
        if _custom_group(function):
            continue
        missing = []
        for _, value in evaluator.attribute_values(function, "function_name"):
            text = shape(value)
            if text is None:
                continue
            if f"/aws/lambda/{text}" not in group_names:
                missing.append(value)
        if missing:
            yield function, missing


def _custom_group(function: Block) -> bool:
    """`logging_config { log_group = ... }`: the function logs to a group it names itself."""
    config = function.body.first_block("logging_config")
    return config is not None and config.body.get("log_group") is not None
