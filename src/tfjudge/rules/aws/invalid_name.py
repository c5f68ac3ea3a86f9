"""## What it does
Evaluates every name-like argument of every resource instance and fires when it breaks the
service's character rules: characters the name may not contain (S3 upper case or
underscores, load balancer underscores, IAM spaces), what it must start or end with (RDS
identifiers start with a letter, S3 bucket names with a letter or digit, KMS aliases with
`alias/`), sequences and prefixes AWS reserves (`--` in RDS identifiers, `xn--` and
`-s3alias` for buckets, `internal-` for load balancers, `alias/aws/`), reserved names
(`default` for a DB subnet group; `example.com`, `.net`, `.org` and their subdomains for
a Route 53 hosted zone, reserved by RFC 2606), names too short (S3 buckets need 3
characters), and the patterns of the AWS API models.

Only the known characters of a name are judged: `"${var.env}-Data"` fires for the upper
case `D` in its known part, and a name whose first character comes from an unknown value is
not judged for how it starts.

## Why is this bad?
The plan succeeds and AWS refuses the create call at `apply`
(`InvalidBucketName`, `ValidationError: Only alphanumeric characters and hyphens are
allowed`), after the resources before it were created.

Sources: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html,
https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html,
https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html and the API
reference of each service in the constraint table.

## Example
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "Orders_Logs_${var.environment}"
}
```

## Use instead
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "orders-logs-${var.environment}"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.aws.constraints import INVALID_NAME
from tfjudge.aws.values import ConstraintViolations
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    INVALID_NAME,
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Name AWS rejects",
    impact="The create call fails at apply, after the resources before it exist.",
    fix="Use only the characters the service allows, and its required start and end.",
)
def invalid_name(ctx: RuleContext) -> Iterator[Finding]:
    for problem in ctx.get(ConstraintViolations).of_rule(INVALID_NAME):
        yield ctx.finding(
            problem.message,
            problem.attribute,
            block=problem.block,
            attribute=problem.constraint.argument,
            title=f"Invalid {problem.constraint.noun.removesuffix('s')}",
        )
