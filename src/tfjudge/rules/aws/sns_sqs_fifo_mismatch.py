"""## What it does
Fires on an `aws_sns_topic_subscription` instance with `protocol = "sqs"` where exactly
one of its topic and its queue is FIFO. Each side is read for that instance (a
subscription with `for_each` over a map of queues selects one queue per key):

- the topic (`topic_arn`): an `aws_sns_topic` with `fifo_topic = true` or a name ending
  in `.fifo`, or a literal ARN ending in `.fifo`;
- the queue (`endpoint`): an `aws_sqs_queue` with `fifo_queue = true` or a name ending in
  `.fifo`, or a literal ARN ending in `.fifo`.

A side that cannot be told (an unknown flag, a topic or queue outside the answer) is not
judged.

## Why is this bad?
A FIFO topic delivers only to FIFO queues (its ordering and deduplication need them), and
a FIFO queue accepts messages only from a FIFO topic. `Subscribe` rejects the mismatch at
`apply` (`InvalidParameter`), so the queue never receives the topic's messages.

Source: Amazon SNS Developer Guide, "FIFO topics in Amazon SNS" and "Message delivery for
FIFO topics" (FIFO topics deliver to SQS FIFO queues; standard topics to standard
queues), https://docs.aws.amazon.com/sns/latest/dg/sns-fifo-topics.html,
https://docs.aws.amazon.com/sns/latest/dg/fifo-message-delivery.html

## Example
```hcl
resource "aws_sns_topic" "events" {
  name = "events"
}

resource "aws_sqs_queue" "email" {
  name       = "email.fifo"
  fifo_queue = true
}

resource "aws_sns_topic_subscription" "email" {
  topic_arn = aws_sns_topic.events.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.email.arn
}
```

## Use instead
```hcl
resource "aws_sns_topic" "events" {
  name                        = "events.fifo"
  fifo_topic                  = true
  content_based_deduplication = true
}
```
(or make the queue a standard queue).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tfjudge.evaluate import Evaluator, Instance, PartialString
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Expr
from tfjudge.rules.aws._common import resources
from tfjudge.rules.aws._related import instances_of, related
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "aws.sns-sqs-fifo-mismatch",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "SNS subscription between a FIFO and a standard topic or queue",
    impact="SNS rejects the subscription at apply; the queue never receives the topic's messages.",
    fix="Make both the topic and the queue FIFO (names ending in .fifo), or neither.",
    applies_to=("aws_sns_topic_subscription",),
)
def sns_sqs_fifo_mismatch(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    for subscription in resources(ctx, "aws_sns_topic_subscription"):
        topic_arn = subscription.body.get("topic_arn")
        endpoint = subscription.body.get("endpoint")
        for instance in instances_of(ctx, subscription):
            if evaluator.attribute(subscription, "protocol", instance) != "sqs":
                continue
            topic = _fifo(ctx, topic_arn, instance, "aws_sns_topic", "fifo_topic")
            queue = _fifo(ctx, endpoint, instance, "aws_sqs_queue", "fifo_queue")
            if topic is None or queue is None or topic[0] == queue[0]:
                continue
            fifo, standard = (topic, queue) if topic[0] else (queue, topic)
            where = f"in {instance.address}, " if instance and instance.expanded else ""
            yield ctx.finding(
                f"{where}{fifo[1]} is FIFO but {standard[1]} is standard: a FIFO topic "
                "delivers only to FIFO queues and a FIFO queue accepts only a FIFO topic, so "
                "SNS rejects the subscription",
                subscription.body.attributes.get("endpoint") or subscription,
                block=subscription,
                attribute="endpoint",
            )
            break


def _fifo(
    ctx: RuleContext, expr: Expr | None, instance: Instance | None, kind: str, flag: str
) -> tuple[bool, str] | None:
    """(is FIFO, what it is) of the topic or queue `expr` names; None when unknown."""
    if expr is None:
        return None
    value = ctx.get(Evaluator).evaluate(expr, instance)
    if isinstance(value, str) and value.startswith("arn:"):
        return value.endswith(".fifo"), f'"{value}"'
    flags = related(ctx, expr, instance, kind, flag)
    names = related(ctx, expr, instance, kind, "name")
    if len(flags) != 1 or len(names) != 1:
        return None
    label = ".".join(flags[0].block.labels[:2])
    flagged, suffix = flags[0].value, _fifo_name(names[0].value)
    if flagged is True or suffix is True:
        return True, label
    if flagged in (False, None) and suffix is False:
        return False, label
    return None


def _fifo_name(name: Any) -> bool | None:
    """Whether a name ends in `.fifo`; a name not set is not FIFO; None when unknown."""
    if name is None:
        return False
    if isinstance(name, str):
        return name.endswith(".fifo")
    if isinstance(name, PartialString) and isinstance(name.parts[-1], str):
        return name.parts[-1].endswith(".fifo")
    return None
