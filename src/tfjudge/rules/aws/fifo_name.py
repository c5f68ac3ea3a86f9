"""## What it does
Fires on an `aws_sqs_queue` with `fifo_queue = true`, or an `aws_sns_topic` with
`fifo_topic = true`, whose `name` does not end with `.fifo`; and on a standard queue or
topic (the flag unset or false) whose `name` does. Names given by `name_prefix` (the
provider adds the suffix), unknown names and unknown flags are not judged.

## Why is this bad?
A FIFO queue's or topic's name must end with `.fifo`, and only theirs may: the AWS
provider refuses the name at `plan` ("invalid queue name", "invalid topic name"), and
`CreateQueue` / `CreateTopic` would reject it anyway.

Sources: Amazon SQS API Reference, `CreateQueue` (QueueName: "A FIFO queue name must end
with the .fifo suffix"),
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html;
Amazon SNS API Reference, `CreateTopic` (Name: "For a FIFO (first-in-first-out) topic,
the name must end with the .fifo suffix"),
https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html

## Example
```hcl
resource "aws_sqs_queue" "orders" {
  name       = "orders"
  fifo_queue = true
}
```

## Use instead
```hcl
resource "aws_sqs_queue" "orders" {
  name       = "orders.fifo"
  fifo_queue = true
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.aws._common import resources, values
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

SUFFIX = ".fifo"
# resource type -> (its FIFO flag, what the provider calls it)
FIFO_FLAGS = {"aws_sqs_queue": ("fifo_queue", "queue"), "aws_sns_topic": ("fifo_topic", "topic")}


@rule(
    "aws.fifo-name",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "FIFO queue or topic name without .fifo, or a standard one with it",
    impact="terraform plan stops at the name: the queue or topic is never created.",
    fix="End a FIFO queue's or topic's name with \".fifo\", and only theirs.",
    applies_to=("aws_sns_topic", "aws_sqs_queue"),
)
def fifo_name(ctx: RuleContext) -> Iterator[Finding]:
    for block in resources(ctx, *FIFO_FLAGS):
        flag, noun = FIFO_FLAGS[block.labels[0]]
        attribute = block.body.attributes.get("name")
        if attribute is None:
            continue
        fifo = dict(values(ctx, block, flag))
        for instance, name in values(ctx, block, "name"):
            problem = _problem(name, fifo.get(instance), flag, noun)
            if problem is not None:
                yield ctx.finding(problem, attribute, block=block, attribute="name")
                break


def _problem(name: object, fifo: object, flag: str, noun: str) -> str | None:
    if not isinstance(name, str) or not name or not isinstance(fifo, bool | None):
        return None
    if fifo is True and not name.endswith(SUFFIX):
        return (
            f'invalid {noun} name: "{name}": a FIFO {noun}\'s name ends with "{SUFFIX}" '
            f"({flag} = true); the provider stops the plan."
        )
    if not fifo and name.endswith(SUFFIX):
        return (
            f'invalid {noun} name: "{name}": only a FIFO {noun}\'s name ends with "{SUFFIX}", '
            f"and {flag} is not set to true; the provider stops the plan."
        )
    return None
