"""## What it does
Evaluates the `runtime` of every Lambda function instance and fires when AWS's runtime
deprecation schedule says the runtime is deprecated on the day of the analysis
(`python3.9` since 2025-12-15, `nodejs16.x` since 2024-06-12, ...), naming the date and the
newest supported runtime of the same language. Runtimes not yet deprecated, unknown values
and container images (no `runtime`) are not judged.

CloudWatch Synthetics canaries run on Lambda too: the `runtime_version` of an
`aws_synthetics_canary` is judged against the Synthetics deprecation table
(`syn-nodejs-puppeteer-3.9` since 2024-01-08): Synthetics refuses to create a canary with a
deprecated runtime version. Like Lambda's, the finding stays medium: an answer written
before the date worked then.

## Why is this bad?
A deprecated runtime gets no security patches; about a month after the deprecation date
Lambda blocks creating functions with it, so `apply` fails with `InvalidParameterValueException:
The runtime parameter of python3.9 is no longer supported`, and later updates are blocked too.

Source: the deprecation dates of https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
and the policy in https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html,
shipped as `data/aws/lambda_runtimes.json`; for canaries
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Runtime_Support_Policy.html,
shipped as `data/aws/synthetics_runtimes.json`.

## Example
```hcl
resource "aws_lambda_function" "api" {
  function_name = "orders-api"
  runtime       = "python3.8"
  handler       = "app.handler"
  role          = aws_iam_role.api.arn
  filename      = "app.zip"
}
```

## Use instead
```hcl
resource "aws_lambda_function" "api" {
  function_name = "orders-api"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.api.arn
  filename      = "app.zip"
}
```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from tfjudge.aws.runtimes import RuntimeSchedule, runtime_schedule
from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Attribute, Block
from tfjudge.rules.aws._common import resources, values
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.schema.provider import ProviderSchema


@rule(
    "aws.lambda-deprecated-runtime",
    Severity.MEDIUM,
    Category.MAINTAINABILITY,
    "Deprecated Lambda runtime",
    impact="No security patches; Lambda blocks creating, then updating, functions with it.",
    fix="Move to the newest supported runtime of the language.",
    applies_to=("aws_lambda_function", "aws_synthetics_canary"),
)
def lambda_deprecated_runtime(ctx: RuleContext) -> Iterator[Finding]:
    today = ctx.options.get("today") or dt.datetime.now(dt.UTC).date()
    schedule = runtime_schedule()
    # the runtimes the provider release the answer gets knows (nodejs24.x is no advice for
    # an answer pinned to provider 5, which refuses it)
    known = ctx.get(ProviderSchema).schema.accepted_values("aws_lambda_function", "runtime")
    for block, attribute, runtime, date in _deprecated(
        ctx, "aws_lambda_function", "runtime", schedule, today
    ):
        successor = schedule.successor(runtime, today, known)
        advice = f"; use {successor}" if successor else ""
        yield ctx.finding(
            f'runtime "{runtime}" was deprecated by AWS Lambda on {date.isoformat()}{advice}',
            attribute,
            block=block,
            attribute="runtime",
            fix=f'Set runtime = "{successor}".' if successor else None,
        )
    # Synthetics canaries run on Lambda: a deprecated runtime version refuses new canaries
    canaries = runtime_schedule("synthetics_runtimes")
    for block, attribute, runtime, date in _deprecated(
        ctx, "aws_synthetics_canary", "runtime_version", canaries, today
    ):
        yield ctx.finding(
            f'runtime_version "{runtime}" was deprecated by CloudWatch Synthetics on '
            f"{date.isoformat()}: CreateCanary refuses it, so creating the canary fails",
            attribute,
            block=block,
            attribute="runtime_version",
            fix="Set runtime_version to a supported Synthetics runtime version.",
        )


def _deprecated(
    ctx: RuleContext, kind: str, argument: str, schedule: RuntimeSchedule, today: dt.date
) -> Iterator[tuple[Block, Attribute, str, dt.date]]:
    """(block, attribute, runtime, deprecation date) of each deprecated runtime, once per
    block and runtime, over every instance."""
    evaluator = ctx.get(Evaluator)
    for block in resources(ctx, kind):
        attribute = evaluator.attribute_expr(block, argument)
        if attribute is None:
            continue
        reported: set[str] = set()
        for _, runtime in values(ctx, block, argument):
            if not isinstance(runtime, str) or runtime in reported:
                continue
            date = schedule.deprecated_on(runtime)
            if date is None or date > today:
                continue
            reported.add(runtime)
            yield block, attribute, runtime, date
