"""## What it does
For every load balancer with access logs on (`aws_lb` / `aws_alb` with
`access_logs { enabled = true }`, `aws_elb` with an `access_logs` block) into an S3 bucket of
the answer, fires when the logs cannot be written:

- the bucket has no bucket policy at all;
- no statement of its policy allows `s3:PutObject` on the log objects
  (`<prefix>/AWSLogs/<account>/...`) to a principal that delivers them: the regional Elastic
  Load Balancing account (`data.aws_elb_service_account`, or its account ID written out),
  `logdelivery.elasticloadbalancing.amazonaws.com` (regions opened since August 2022), or
  `delivery.logs.amazonaws.com` (Network Load Balancers); the account's own root
  (`data.aws_caller_identity`) is not one of them;
- the bucket's default encryption is SSE-KMS and the load balancer is an Application or
  Classic Load Balancer, whose access logs support only SSE-S3.

A principal or resource known only after apply counts as granting; a bucket policy that
cannot be read, or whose bucket cannot be resolved, is not judged. The finding is on the
bucket policy (or on the bucket when it has none).

## Why is this bad?
Elastic Load Balancing checks that it can write to the bucket when access logging is
enabled: `apply` fails with `InvalidConfigurationRequest: Access Denied for bucket: <name>.
Please check S3bucket permission`, and with an SSE-KMS bucket no log is ever delivered.

Sources: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
(bucket requirements: SSE-S3 only; the bucket policy per region) and
https://docs.aws.amazon.com/elasticloadbalancing/latest/network/enable-access-logs.html;
the regional accounts are `data/aws/elb_accounts.json`.

## Example
```hcl
resource "aws_lb" "web" {
  name    = "web"
  subnets = var.public_subnet_ids
  access_logs {
    bucket  = aws_s3_bucket.lb_logs.id
    prefix  = "web"
    enabled = true
  }
}

resource "aws_s3_bucket" "lb_logs" {
  bucket = "web-lb-logs"
}
```

## Use instead
```hcl
data "aws_elb_service_account" "main" {}

resource "aws_s3_bucket_policy" "lb_logs" {
  bucket = aws_s3_bucket.lb_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = data.aws_elb_service_account.main.arn }
      Action    = "s3:PutObject"
      Resource  = "${aws_s3_bucket.lb_logs.arn}/web/AWSLogs/*"
    }]
  })
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.aws.services import elb_log_accounts
from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.policy.model import Policy, Statement
from tfjudge.rules.aws._buckets import EXAMPLE_ACCOUNT, bucket_policies, covers_object, sse_kms
from tfjudge.rules.aws._common import address, resolved_blocks, resources
from tfjudge.rules.aws._policy import allows_action, names_service, opaque_principal, show
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

DELIVERY_SERVICES = (
    "logdelivery.elasticloadbalancing.amazonaws.com",
    "logdelivery.elb.amazonaws.com",
    "delivery.logs.amazonaws.com",
)


def _logging(ctx: RuleContext, lb: Block) -> tuple[Block, str | None] | None:
    """(access_logs block, prefix) when the load balancer writes access logs."""
    evaluator = ctx.get(Evaluator)
    logs = lb.body.first_block("access_logs")
    if logs is None:
        return None
    enabled = evaluator.attribute(logs, "enabled")
    classic = lb.labels[0] == "aws_elb"
    if enabled is False or (enabled is None and not classic):
        return None  # aws_lb's access_logs.enabled defaults to false
    prefix = evaluator.attribute(logs, "bucket_prefix" if classic else "prefix")
    if prefix is None or prefix == "":
        return logs, ""
    return logs, prefix.strip("/") if isinstance(prefix, str) else None


def _kind(ctx: RuleContext, lb: Block) -> str | None:
    if lb.labels[0] == "aws_elb":
        return "classic"
    kind = ctx.get(Evaluator).attribute(lb, "load_balancer_type")
    if kind is None:
        return "application"
    return kind if isinstance(kind, str) else None


def _delivers(statement: Statement) -> bool:
    """Whether the statement's principal may be the one that delivers load balancer logs."""
    if opaque_principal(statement):
        return True
    principals = statement.principals or {}
    if any(names_service(v, DELIVERY_SERVICES) for v in principals.get("Service", [])):
        return True
    accounts = set(elb_log_accounts().values())
    targets = statement.targets("Principal")
    if any(b.labels[:1] == ("aws_elb_service_account",) for b in targets):
        return True
    own_account = any(b.labels[:1] == ("aws_caller_identity",) for b in targets)
    for value in principals.get("AWS", []):
        if isinstance(value, str):
            account = value.removeprefix("arn:aws:iam::").removesuffix(":root")
            if account in accounts or value.startswith(
                tuple(f"arn:aws-{p}:" for p in ("cn", "us-gov"))
            ):
                return True
        elif not own_account:
            return True  # an account known only after apply: perhaps the right one
    return False


def _writes(policy: Policy, key: str | None) -> bool:
    return any(
        _delivers(s) and allows_action(s, "s3:PutObject") and covers_object(s, key)
        for s in policy.allows()
    )


@rule(
    "aws.alb-logs-bucket-policy",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Load balancer access logs to a bucket ELB cannot write",
    impact="Enabling access logs fails at apply (Access Denied for bucket), or no log arrives.",
    fix="Let the regional ELB account (or the log-delivery service) s3:PutObject under "
    "<prefix>/AWSLogs/, and use SSE-S3 on the bucket.",
    applies_to=("aws_alb", "aws_elb", "aws_lb"),
)
def alb_logs_bucket_policy(ctx: RuleContext) -> Iterator[Finding]:
    for lb in resources(ctx, "aws_lb", "aws_alb", "aws_elb"):
        logging = _logging(ctx, lb)
        if logging is None:
            continue
        logs, prefix = logging
        for bucket in resolved_blocks(ctx, logs.body.get("bucket"), "aws_s3_bucket"):
            yield from _check(ctx, lb, bucket, prefix, _kind(ctx, lb))


def _check(
    ctx: RuleContext, lb: Block, bucket: Block, prefix: str | None, kind: str | None
) -> Iterator[Finding]:
    policies = bucket_policies(ctx, bucket)
    if policies is None:
        return
    owner = policies[0].block if policies else bucket
    encryption = sse_kms(ctx, bucket)
    if encryption is not None and kind in ("application", "classic"):
        yield ctx.finding(
            f"{address(lb)} writes access logs to {address(bucket)}, whose default encryption "
            f"is SSE-KMS ({address(encryption)}); {kind} load balancer access logs support "
            "only SSE-S3 (AES256)",
            encryption,
            block=owner,
        )
    if not policies:
        yield ctx.finding(
            f"{address(lb)} writes access logs to {address(bucket)}, which has no bucket "
            "policy letting Elastic Load Balancing write: enabling the logs fails with "
            "Access Denied",
            bucket,
            block=bucket,
        )
        return
    if prefix is None:
        key = None
    else:
        key = f"{prefix}/" if prefix else ""
        key += f"AWSLogs/{EXAMPLE_ACCOUNT}/elasticloadbalancing/eu-west-1/2025/01/01/log.gz"
    if any(_writes(p, key) for p in policies):
        return
    where = f"{prefix}/AWSLogs/" if prefix else "AWSLogs/"
    yield ctx.finding(
        f"{address(lb)} writes access logs to {address(bucket)}, but no statement of its "
        f"policy allows s3:PutObject on {where}* to the regional ELB account or "
        "logdelivery.elasticloadbalancing.amazonaws.com: enabling the logs fails with "
        f"Access Denied (principals: {_principals(policies[0])})",
        policies[0].expr,
        block=policies[0].block,
    )


def _principals(policy: Policy) -> str:
    names: list[str] = []
    for statement in policy.allows():
        for kind, values in (statement.principals or {}).items():
            names.extend(f"{kind} {v if isinstance(v, str) else show(v)}" for v in values)
    return ", ".join(dict.fromkeys(names)) or "none"
