"""## What it does
Fires on an `aws_sfn_state_machine` whose `logging_configuration` has an evaluated
`level` other than `OFF` (`ALL`, `ERROR`, `FATAL`) when the `aws_iam_role` its `role_arn`
refers to is granted none of some CloudWatch Logs delivery actions AWS documents for
Step Functions logging:

`logs:CreateLogDelivery`, `logs:GetLogDelivery`, `logs:UpdateLogDelivery`,
`logs:DeleteLogDelivery`, `logs:ListLogDeliveries`, `logs:PutResourcePolicy`,
`logs:DescribeResourcePolicies`, `logs:DescribeLogGroups`.

The role's grants are its inline policies, the answer's policies attached to it and the
AWS managed policies attached by ARN (read from their published documents:
`CloudWatchLogsFullAccess` grants them all). Only actions are weighed, not resources. A
role outside the answer, a policy that cannot be read, or an attachment to a role of
unknown name makes the rule silent. `logs:CreateLogStream` and `logs:PutLogEvents` are
not what Step Functions needs: it delivers logs as a vended log source.

Medium, not high: AWS documents the actions as required, and `CreateStateMachine` often
fails without them, but not always (deployments by an administrator have been reported to
pass), so an answer that lacks them is a risk, not a certain failure.

## Why is this bad?
Step Functions sets up log delivery for the state machine's role when the state machine
is created or updated with logging: without these actions `CreateStateMachine` can fail
at `apply` (`AccessDeniedException: The state machine IAM Role is not authorized to
access the Log Destination`), and the workflow is never created.

Source: AWS Step Functions Developer Guide, "Logging Step Functions using CloudWatch Logs"
(IAM policies for logging to CloudWatch Logs),
https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html

## Example
```hcl
resource "aws_sfn_state_machine" "orders" {
  name       = "orders"
  role_arn   = aws_iam_role.sfn.arn # allowed only lambda:InvokeFunction
  definition = jsonencode({ StartAt = "Done", States = { Done = { Type = "Succeed" } } })

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.sfn.arn}:*"
    include_execution_data = true
    level                  = "ALL"
  }
}
```

## Use instead
```hcl
resource "aws_iam_role_policy" "sfn_logs" {
  role = aws_iam_role.sfn.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = [
        "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
      ]
      Resource = "*"
    }]
  })
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.policy.grants import Grants
from tfjudge.rules.aws._common import resources, target_blocks
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

DELIVERY_ACTIONS = (
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
)


@rule(
    "aws.sfn-logging-role-permissions",
    Severity.MEDIUM,
    Category.DEPLOYMENT_BLOCKER,
    "Step Functions logging without the role's log delivery permissions",
    impact="Creating the state machine can fail at apply: its role cannot set up the log delivery.",
    fix='Grant the state machine\'s role the CloudWatch Logs delivery actions on "*".',
    applies_to=("aws_sfn_state_machine",),
)
def sfn_logging_role_permissions(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    grants = ctx.get(Grants)
    for machine in resources(ctx, "aws_sfn_state_machine"):
        logging = machine.body.first_block("logging_configuration")
        if logging is None:
            continue
        levels = {
            level for _, level in evaluator.attribute_values(machine, "logging_configuration.level")
        }
        if not levels or not all(isinstance(level, str) and level != "OFF" for level in levels):
            continue
        roles = target_blocks(ctx, machine.body.get("role_arn"), "aws_iam_role")
        if len(roles) != 1:
            continue
        missing = grants.of_role(roles[0]).missing(DELIVERY_ACTIONS)
        if not missing:
            continue
        name = ".".join(roles[0].labels[:2])
        level = sorted(levels)[0]
        yield ctx.finding(
            f'logging level "{level}" needs the role {name} to set up log delivery, but it is '
            f"not granted {', '.join(missing)}, which AWS documents as required: "
            'CreateStateMachine can fail with "The state machine IAM Role is not authorized '
            'to access the Log Destination"',
            logging,
            block=machine,
            related=[name],
        )
