"""## What it does
Evaluates every enumerated or bounded argument of every resource instance and fires when
AWS does not accept the value: a Lambda runtime, S3 storage class, alarm comparison
operator, DynamoDB attribute type or any other enumeration of the AWS API models that the
value is not one of; an RDS instance class or ElastiCache node type whose instance family
or size does not exist (`db.t3.mini`, `db.m7.large`); an EC2 instance type that does not
exist; a number outside the documented range or set (a log retention of 45 days, an alarm
period of 90 seconds, an SQS visibility timeout over 12 hours); a description longer than
the API allows.

Only wholly known values are checked against enumerations; an empty string, which the
provider treats as unset, is not judged.

## Why is this bad?
Values the provider schema does not validate reach the AWS API, which refuses them at
`apply` (`InvalidParameterValue`, `ValidationException: 1 validation error detected`),
after the resources before them were created.

Sources: the enumerations and ranges of botocore's service models (the models the AWS
SDKs are generated from), the EC2 instance types of the EC2 model, and documented values
such as https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
and https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Types.html.

## Example
```hcl
resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    id     = "archive"
    status = "Enabled"
    transition {
      days          = 30
      storage_class = "GLACIER_FLEXIBLE_RETRIEVAL"
    }
  }
}
```

## Use instead
```hcl
resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    id     = "archive"
    status = "Enabled"
    transition {
      days          = 30
      storage_class = "GLACIER"
    }
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.aws.constraints import INVALID_VALUE
from tfjudge.aws.values import ConstraintViolations
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    INVALID_VALUE,
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Value AWS does not accept",
    impact="The create call fails at apply, after the resources before it exist.",
    fix="Use one of the values the service accepts.",
)
def invalid_value(ctx: RuleContext) -> Iterator[Finding]:
    for problem in ctx.get(ConstraintViolations).of_rule(INVALID_VALUE):
        yield ctx.finding(
            problem.message,
            problem.attribute,
            block=problem.block,
            attribute=problem.constraint.argument,
            title=f"Invalid {problem.constraint.noun.removesuffix('s')}",
        )
