"""## What it does
Fires when a resource or data source sets two arguments the AWS provider does not accept
together: a pair it declares conflicting (`user_data` and `user_data_base64` of
`aws_instance`, `manage_master_user_password` and `password` of `aws_db_instance`,
`name` and `name_prefix`), or more than one of a group of which only one may be set
(`filename`, `image_uri` and `s3_bucket` of `aws_lambda_function`; the targets of an
`aws_route`). An argument counts as set when it is written with a value that is not null
(`false`, `0` and `""` count); a value validate does not know yet (a variable, a reference
to another resource) and `dynamic` blocks are not judged, as the provider defers them.

The pairs and groups are the provider's own `ConflictsWith` and `ExactlyOneOf` rules (and
the plugin framework's validators), which its schema JSON does not carry: they were read
from `terraform validate` of every type (`scripts/make_argument_rules.py`,
`data/schema/aws/5.100.0/arguments.json`).

## Why is this bad?
`terraform validate` fails with "Conflicting configuration arguments" or "Invalid
combination of arguments": nothing is planned. The two settings usually say the same thing
two ways, or the model mixed two ways of configuring the resource.

## Example
```hcl
resource "aws_db_instance" "main" {
  identifier                  = "orders"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  password                    = var.db_password
}
```

## Use instead
```hcl
resource "aws_db_instance" "main" {
  identifier                  = "orders"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.rules.schema._report import report
from tfjudge.schema.check import CONFLICTING_ARGUMENTS


@rule(
    CONFLICTING_ARGUMENTS,
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Arguments the provider does not accept together",
    impact="terraform validate fails (Conflicting configuration arguments); nothing is planned.",
    fix="Keep one of the conflicting arguments.",
)
def conflicting_arguments(ctx: RuleContext) -> Iterator[Finding]:
    return report(ctx, CONFLICTING_ARGUMENTS)
