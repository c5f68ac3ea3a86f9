"""## What it does
Fires on a `resource` or `data` block whose type the AWS provider does not have
(`aws_s3_bucket_encryption`, `aws_cloudwatch_log_subscription`), with the nearest real type
names as a suggestion. Only types that terraform hands to hashicorp/aws are judged: those
whose prefix (or `provider` meta-argument) is `aws`, unless `required_providers` gives that
name another source. Types of other providers (`random_id`, `archive_file`, `tls_private_key`)
are never reported; a type written without its `aws_` prefix is (`resource "iam_role"`
where `aws_iam_role` exists, and no `iam` provider is declared or configured): terraform
takes `iam` for the provider and `terraform init` fails looking for hashicorp/iam.

## Why is this bad?
`terraform validate` and `plan` stop with "Invalid resource type": nothing is created. A
made-up type usually means the model remembered an old or imagined API, and the block's
arguments are wrong too.

## Example
```hcl
resource "aws_s3_bucket_encryption" "logs" {
  bucket = aws_s3_bucket.logs.id
}
```

## Use instead
```hcl
resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
```

Source: the provider's schema (`terraform providers schema -json`), shipped with tfjudge.
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.rules.schema._report import report
from tfjudge.schema.check import UNKNOWN_TYPE


@rule(
    UNKNOWN_TYPE,
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Resource or data source type the AWS provider does not have",
    impact="terraform validate and plan stop with 'Invalid resource type'; nothing is created.",
    fix="Use the provider's real type for this resource (see the suggestion).",
)
def unknown_resource_type(ctx: RuleContext) -> Iterator[Finding]:
    return report(ctx, UNKNOWN_TYPE)
