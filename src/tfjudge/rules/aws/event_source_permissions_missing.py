"""## What it does
Fires on an `aws_lambda_event_source_mapping` that reads from SQS, Kinesis or a DynamoDB
stream when the execution role of its function is granted none of some read actions Lambda
needs on that source:

- SQS (an `aws_sqs_queue`, or an `arn:aws:sqs:` ARN): `sqs:ReceiveMessage`,
  `sqs:DeleteMessage`, `sqs:GetQueueAttributes`;
- Kinesis (an `aws_kinesis_stream`, or an `arn:aws:kinesis:` ARN): `kinesis:GetRecords`,
  `kinesis:GetShardIterator`, `kinesis:DescribeStream`, `kinesis:ListShards`;
- DynamoDB Streams (the `stream_arn` of an `aws_dynamodb_table`, or a stream ARN):
  `dynamodb:GetRecords`, `dynamodb:GetShardIterator`, `dynamodb:DescribeStream`,
  `dynamodb:ListStreams`.

The function is the `aws_lambda_function` (or the function of the `aws_lambda_alias`)
that `function_name` refers to; its role, the `aws_iam_role` its `role` refers to. The
role's grants are its inline policies, the answer's policies attached to it and the AWS
managed policies attached by ARN (`AWSLambdaSQSQueueExecutionRole`,
`AWSLambdaKinesisExecutionRole`, `AWSLambdaDynamoDBExecutionRole`, or any other whose
published document allows the actions). Only actions are weighed, not resources. A role
outside the answer, a policy that cannot be read, or an attachment to a role of unknown
name makes the rule silent.

## Why is this bad?
Lambda polls the source with the function's execution role and checks the role when the
mapping is created: `CreateEventSourceMapping` fails at `apply` (`InvalidParameterValueException:
The provided execution role does not have permissions to call ReceiveMessage on SQS`), so
the function never receives a message or record.

Source: AWS Lambda Developer Guide, "Execution role permissions" for Amazon SQS, Kinesis
and DynamoDB event sources,
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html#events-sqs-permissions,
https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-permissions.html,
https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-eventsourcemapping.html

## Example
```hcl
resource "aws_iam_role" "consumer" {
  name               = "queue-consumer"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn = aws_sqs_queue.orders.arn
  function_name    = aws_lambda_function.consumer.arn # role = aws_iam_role.consumer.arn
}
```

## Use instead
```hcl
resource "aws_iam_role_policy_attachment" "consumer_sqs" {
  role       = aws_iam_role.consumer.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, Expr
from tfjudge.policy.grants import Grants
from tfjudge.rules.aws._common import resources, target_blocks, targets
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

NEEDED: dict[str, tuple[str, ...]] = {
    "SQS": ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
    "Kinesis": (
        "kinesis:GetRecords",
        "kinesis:GetShardIterator",
        "kinesis:DescribeStream",
        "kinesis:ListShards",
    ),
    "DynamoDB Streams": (
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:DescribeStream",
        "dynamodb:ListStreams",
    ),
}
_SOURCE_TYPES = {
    "aws_sqs_queue": "SQS",
    "aws_kinesis_stream": "Kinesis",
    "aws_dynamodb_table": "DynamoDB Streams",
}
_MANAGED = {
    "SQS": "service-role/AWSLambdaSQSQueueExecutionRole",
    "Kinesis": "service-role/AWSLambdaKinesisExecutionRole",
    "DynamoDB Streams": "service-role/AWSLambdaDynamoDBExecutionRole",
}


@rule(
    "aws.event-source-permissions-missing",
    Severity.HIGH,
    Category.DEPLOYMENT_BLOCKER,
    "Event source mapping whose function role cannot read the source",
    impact="Creating the mapping fails at apply; the function never receives the queue's "
    "messages or the stream's records.",
    fix="Grant the role the source's read actions (or attach the matching "
    "AWSLambda*ExecutionRole managed policy).",
    applies_to=("aws_lambda_event_source_mapping",),
)
def event_source_permissions_missing(ctx: RuleContext) -> Iterator[Finding]:
    grants = ctx.get(Grants)
    for mapping in resources(ctx, "aws_lambda_event_source_mapping"):
        source = _source(ctx, mapping.body.get("event_source_arn"))
        role = _role(ctx, mapping.body.get("function_name"))
        if source is None or role is None:
            continue
        missing = grants.of_role(role).missing(NEEDED[source])
        if not missing:
            continue
        name = ".".join(role.labels[:2])
        yield ctx.finding(
            f"the function's role {name} is not granted {', '.join(missing)}, which Lambda "
            f"needs to poll {source}: CreateEventSourceMapping fails",
            mapping.body.attributes.get("event_source_arn") or mapping,
            block=mapping,
            attribute="event_source_arn",
            related=[name],
            fix=f"Attach arn:aws:iam::aws:policy/{_MANAGED[source]} to {name}, or grant "
            f"{', '.join(NEEDED[source])} in its policy.",
        )


def _source(ctx: RuleContext, expr: Expr | None) -> str | None:
    if expr is None:
        return None
    for target in targets(ctx, expr):
        kind = target.block.labels[0] if target.block.labels else ""
        if kind == "aws_dynamodb_table" and target.attributes[:1] != ("stream_arn",):
            continue
        if kind in _SOURCE_TYPES:
            return _SOURCE_TYPES[kind]
    value = ctx.get(Evaluator).evaluate(expr)
    if isinstance(value, str):
        if value.startswith("arn:aws:sqs:"):
            return "SQS"
        if value.startswith("arn:aws:kinesis:"):
            return "Kinesis"
        if value.startswith("arn:aws:dynamodb:") and "/stream/" in value:
            return "DynamoDB Streams"
    return None


def _role(ctx: RuleContext, expr: Expr | None) -> Block | None:
    """The aws_iam_role of the function `function_name` names, when the answer declares it."""
    functions = target_blocks(ctx, expr, "aws_lambda_function")
    for alias in target_blocks(ctx, expr, "aws_lambda_alias"):
        functions += target_blocks(ctx, alias.body.get("function_name"), "aws_lambda_function")
    roles = [
        role
        for function in functions
        for role in target_blocks(ctx, function.body.get("role"), "aws_iam_role")
    ]
    return roles[0] if len(roles) == 1 else None
