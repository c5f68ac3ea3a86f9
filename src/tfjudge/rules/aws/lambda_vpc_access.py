"""## What it does
Fires on an `aws_lambda_function` without `vpc_config` (or with no subnets in it) whose
`environment` hands it the endpoint of a resource that lives only inside a VPC: an RDS
instance that is not publicly accessible, an Aurora cluster or instance, an RDS proxy, an
ElastiCache cluster or replication group, a MemoryDB cluster. References through local
values count; a function handed only an identifier or ARN (to read metrics or call the
API) is not judged, nor one whose code, shown in the answer, reads the variable but never
opens a connection.

## Why is this bad?
A function outside the VPC has no network path to private endpoints: every connection times
out at runtime, after a deployment that succeeded.

Source: https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html (Giving Lambda
functions access to resources in an Amazon VPC).

## Example
```hcl
resource "aws_lambda_function" "report" {
  function_name = "report"
  environment {
    variables = { DB_HOST = aws_db_instance.main.address }
  }
}
```

## Use instead
```hcl
resource "aws_lambda_function" "report" {
  function_name = "report"
  environment {
    variables = { DB_HOST = aws_db_instance.main.address }
  }
  vpc_config {
    subnet_ids         = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.lambda.id]
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, Expr, ObjectExpr
from tfjudge.patterns import lazy_pattern
from tfjudge.rules.aws._common import address, referenced_attributes, resources, value
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

VPC_ONLY = (
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_rds_cluster_instance",
    "aws_db_proxy",
    "aws_elasticache_cluster",
    "aws_elasticache_replication_group",
    "aws_memorydb_cluster",
)


ENDPOINT_ATTRIBUTES = {
    "address",
    "endpoint",
    "reader_endpoint",
    "port",
    "primary_endpoint_address",
    "reader_endpoint_address",
    "configuration_endpoint_address",
    "cache_nodes",
    "cluster_endpoint",
}


def vpc_endpoints_used(ctx: RuleContext, function: Block) -> list[Block]:
    """The VPC-only resources whose attributes the function's environment receives."""
    environment = function.body.first_block("environment")
    if environment is None:
        return []
    found: list[Block] = []
    for name, attribute in _variables(environment):
        if not _code_may_connect(ctx, name):
            continue
        for block, read in referenced_attributes(ctx, attribute):
            if not (block.type == "resource" and block.labels[0] in VPC_ONLY):
                continue
            if read not in ENDPOINT_ATTRIBUTES:
                continue  # an identifier or ARN (for metrics or the API), not a connection
            if block.labels[0] == "aws_db_instance" and value(ctx, block, "publicly_accessible"):
                continue
            if not any(b is block for b in found):
                found.append(block)
    return found


def _variables(environment: Block) -> list[tuple[str | None, Expr]]:
    """(variable name, value) of `variables = {...}`; (None, expr) when not a literal map."""
    variables = environment.body.get("variables")
    if variables is None:
        return []
    if isinstance(variables, ObjectExpr):
        return [(item.key_name, item.value) for item in variables.items]
    return [(None, variables)]


_CONNECTS = lazy_pattern(
    r"connect\(|psycopg|pymysql|mysql|sqlalchemy|create_engine|redis|Pool\(|new Client|\bpg\b"
)


def _code_may_connect(ctx: RuleContext, name: str | None) -> bool:
    """False when the response's code reads the variable but never opens a connection
    (it only reports whether the variable is set); True when the code is not shown."""
    if not name:
        return True
    readers = [
        f
        for f in ctx.response.files
        if f.language not in ("hcl", "terraform", "markdown", "json") and name in f.text
    ]
    return not readers or any(_CONNECTS.search(f.text) for f in readers)


def _in_vpc(function: Block) -> bool:
    config = function.body.first_block("vpc_config")
    return config is not None and "subnet_ids" in config.body.attributes


@rule(
    "aws.lambda-vpc-access",
    Severity.HIGH,
    Category.RELIABILITY,
    "Lambda outside the VPC of the database it uses",
    impact="Every connection to the private endpoint times out at runtime.",
    fix="Give the function a vpc_config with private subnets and a security group.",
)
def lambda_vpc_access(ctx: RuleContext) -> Iterator[Finding]:
    for function in resources(ctx, "aws_lambda_function"):
        if _in_vpc(function):
            continue
        used = vpc_endpoints_used(ctx, function)
        if not used:
            continue
        names = ", ".join(address(b) for b in used)
        yield ctx.finding(
            f"the function is handed the endpoint of {names}, reachable only inside its VPC, "
            "but has no vpc_config",
            function.body.first_block("environment") or function,
            block=function,
        )
