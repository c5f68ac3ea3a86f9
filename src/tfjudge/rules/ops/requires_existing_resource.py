"""## What it does
Fires on a data source that looks up a resource of the account which the configuration
does not create: a Route 53 hosted zone, an ACM certificate, a VPC, subnet or security
group, a key pair, a secret, an SSM parameter, a KMS key, an IAM role, a bucket, an AMI
owned by the account itself (`owners = ["self"]`), and the other lookups listed in
`_LOOKUPS` below. It fires only when what the lookup searches for comes from literals,
variables and locals alone; it is silent when

- the lookup is optional (`count` or `for_each` on the data block);
- any of its arguments refers to a resource, a module's output or another data source
  (the resource is created here, or the other lookup is the one to report);
- it looks up what every account has: the default VPC (`default = true`), AWS managed
  KMS aliases (`alias/aws/...`), AWS's public SSM parameters (`/aws/service/...`);
- the prompt says the resource already exists ("reference existing Route53 hosted
  zones", "secrets are fetched from existing Secrets Manager entries").

Low severity; medium when the prompt asks for a stack created from scratch or
self-contained.

## Why is this bad?
`terraform plan` fails in any account that lacks the resource ("no matching Route 53
Hosted Zone found", "no matching VPC found", "Secrets Manager Secret ... not found"): the
stack cannot be deployed into a fresh account, and the answer does not say what must be
created first. See
https://developer.hashicorp.com/terraform/language/data-sources ("data sources allow
Terraform to use information defined outside of Terraform").

## Example
```hcl
variable "domain_name" {
  type = string
}

data "aws_route53_zone" "main" {
  name         = var.domain_name
  private_zone = false
}
```

## Use instead
```hcl
resource "aws_route53_zone" "main" {
  name = var.domain_name
}
```
or make the lookup optional and say in the answer that the zone must exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from tfjudge.evaluate.evaluator import Evaluator
from tfjudge.evaluate.references import References
from tfjudge.evaluate.values import is_unknown
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import block_address
from tfjudge.parse.hcl.ast import Block, Expr
from tfjudge.patterns import lazy_pattern
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.schema.provider import ProviderSchema


class Lookup(NamedTuple):
    """What a data source looks up, and how a prompt names it."""

    what: str  # what the data source finds, for messages
    noun: re.Pattern[str]  # how a prompt names it


def _lookup(what: str, noun: str) -> Lookup:
    return Lookup(what, lazy_pattern(noun, re.IGNORECASE))


_ZONE = r"hosted zones?|route ?53|DNS zone|domain"
_NETWORK = r"\bVPCs?\b|network"
_LOOKUPS: dict[str, Lookup] = {
    "aws_route53_zone": _lookup("Route 53 hosted zone", _ZONE),
    "aws_acm_certificate": _lookup("ACM certificate", r"certificates?|\bACM\b|\bTLS\b|\bSSL\b"),
    "aws_vpc": _lookup("VPC", _NETWORK),
    "aws_subnet": _lookup("subnet", r"subnets?|" + _NETWORK),
    "aws_subnets": _lookup("subnets", r"subnets?|" + _NETWORK),
    "aws_subnet_ids": _lookup("subnets", r"subnets?|" + _NETWORK),
    "aws_security_group": _lookup("security group", r"security groups?"),
    "aws_internet_gateway": _lookup("internet gateway", r"internet gateway|" + _NETWORK),
    "aws_nat_gateway": _lookup("NAT gateway", r"NAT gateway|" + _NETWORK),
    "aws_route_table": _lookup("route table", r"route tables?|" + _NETWORK),
    "aws_key_pair": _lookup("EC2 key pair", r"key ?pairs?|SSH key"),
    "aws_secretsmanager_secret": _lookup("Secrets Manager secret", r"secrets?"),
    "aws_secretsmanager_secret_version": _lookup("Secrets Manager secret", r"secrets?"),
    "aws_ssm_parameter": _lookup("SSM parameter", r"parameters?|\bSSM\b|Parameter Store"),
    "aws_kms_key": _lookup("KMS key", r"\bKMS\b|keys?"),
    "aws_kms_alias": _lookup("KMS key alias", r"\bKMS\b|keys?|alias"),
    "aws_iam_role": _lookup("IAM role", r"\broles?\b"),
    "aws_iam_instance_profile": _lookup("instance profile", r"instance profiles?|\broles?\b"),
    "aws_s3_bucket": _lookup("S3 bucket", r"buckets?|\bS3\b"),
    "aws_ecr_repository": _lookup("ECR repository", r"\bECR\b|repositor(y|ies)|images?"),
    "aws_db_instance": _lookup("RDS instance", r"databases?|\bRDS\b"),
    "aws_rds_cluster": _lookup("RDS cluster", r"databases?|\bRDS\b|Aurora"),
    "aws_db_snapshot": _lookup("RDS snapshot", r"snapshots?"),
    "aws_ecs_cluster": _lookup("ECS cluster", r"\bECS\b|clusters?"),
    "aws_eks_cluster": _lookup("EKS cluster", r"\bEKS\b|clusters?|Kubernetes"),
    "aws_lb": _lookup("load balancer", r"load balancers?|\bALB\b|\bNLB\b"),
    "aws_lb_listener": _lookup("load balancer listener", r"load balancers?|listeners?|\bALB\b"),
    "aws_lb_target_group": _lookup("target group", r"target groups?|load balancers?"),
    "aws_sns_topic": _lookup("SNS topic", r"\bSNS\b|topics?"),
    "aws_sqs_queue": _lookup("SQS queue", r"\bSQS\b|queues?"),
    "aws_dynamodb_table": _lookup("DynamoDB table", r"DynamoDB|tables?"),
    "aws_lambda_function": _lookup("Lambda function", r"Lambda|functions?"),
    "aws_cloudwatch_log_group": _lookup("log group", r"log groups?|logs?"),
    "aws_efs_file_system": _lookup("EFS file system", r"\bEFS\b|file systems?"),
    "aws_instance": _lookup("EC2 instance", r"instances?|\bEC2\b"),
    "aws_ec2_transit_gateway": _lookup("transit gateway", r"transit gateways?"),
    "aws_sagemaker_endpoint": _lookup("SageMaker endpoint", r"SageMaker|endpoints?"),
    "aws_cognito_user_pools": _lookup("Cognito user pool", r"Cognito|user pools?"),
    "aws_ami": _lookup("AMI owned by the account", r"\bAMIs?\b|images?"),
}
# what every account has, by type: (argument, value pattern)
_ALWAYS_THERE: dict[str, tuple[str, re.Pattern[str]]] = {
    "aws_vpc": ("default", lazy_pattern(r"^true$", re.IGNORECASE)),
    "aws_kms_key": ("key_id", lazy_pattern(r"^alias/aws/")),
    "aws_kms_alias": ("name", lazy_pattern(r"^alias/aws/")),
    "aws_ssm_parameter": ("name", lazy_pattern(r"^/aws/service/")),
}
# data sources that describe the caller, not the account's resources
_CONTEXT = {"aws_caller_identity", "aws_region", "aws_partition", "aws_availability_zones"}
_EXISTS = lazy_pattern(
    r"\bexisting\b|already (exists?|created|have|has|provisioned|in place)|pre-?existing"
    r"|(is|are) provided|(is|are) supplied|\breference (an |the )?existing|do not create"
    r"|don't create|not (be )?created",
    re.IGNORECASE,
)
_FROM_SCRATCH = lazy_pattern(
    r"from scratch|self-contained|brand new stack|new account|do not reference any existing"
    r"|fully automated",
    re.IGNORECASE,
)
_SENTENCE = lazy_pattern(r"(?<=[.!?;])\s+|\n")


@rule(
    "ops.requires-existing-resource",
    Severity.LOW,
    Category.RELIABILITY,
    "Data source looks up a resource the configuration does not create",
    impact="plan fails in any account that lacks the resource; the stack is not self-contained.",
    fix="Create the resource in the configuration, or make the lookup optional and document it.",
    applies_to=tuple(_LOOKUPS),
)
def requires_existing_resource(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    schema = ctx.get(ProviderSchema)
    evaluator = ctx.get(Evaluator)
    prompt_text = ctx.prompt.text if ctx.prompt is not None else ""
    scratch = _first_sentence(prompt_text, _FROM_SCRATCH)
    for block in ctx.configuration.all_blocks():
        if block.type != "data" or len(block.labels) < 2 or block.labels[0] not in _LOOKUPS:
            continue
        if references.is_superseded(block) or not schema.judges(block):
            continue
        attributes = block.body.attributes
        if "count" in attributes or "for_each" in attributes:
            continue
        if _depends_on_other_blocks(block, references) or _always_there(block, evaluator):
            continue
        lookup = _LOOKUPS[block.labels[0]]
        if block.labels[0] == "aws_ami" and not _owned_by_self(block, evaluator, references):
            continue
        if _prompt_says_exists(prompt_text, lookup):
            continue
        yield _finding(ctx, block, lookup, evaluator, scratch)


def _depends_on_other_blocks(block: Block, references: References) -> bool:
    """Whether the lookup uses a resource (created here), a module's output (a module
    whose code is not shown creates it: `vpc_id = module.vpc.vpc_id`) or another lookup."""
    for attribute in block.attributes_deep():
        for other in _sources(attribute.expr, references):
            if other.type in ("resource", "module"):
                return True
            if other.type == "data" and other.labels[:1] != () and other.labels[0] not in _CONTEXT:
                return True
    return False


def _sources(expr: Expr, references: References) -> Iterator[Block]:
    """The blocks anything in `expr` comes from (through locals and module variables)."""
    for reference in references.in_expr(expr):
        for target in references.targets(reference.expr):
            yield target.block


def _always_there(block: Block, evaluator: Evaluator) -> bool:
    rule_ = _ALWAYS_THERE.get(block.labels[0])
    if rule_ is None:
        return False
    argument, pattern = rule_
    value = evaluator.attribute(block, argument)
    return isinstance(value, (str, bool)) and bool(pattern.search(str(value)))


def _owned_by_self(block: Block, evaluator: Evaluator, references: References) -> bool:
    """`owners = ["self"]` or the caller's account id: an AMI the account itself made."""
    owners = block.body.get("owners")
    if owners is None:
        return False
    if any(b.labels[:1] == ("aws_caller_identity",) for b in _sources(owners, references)):
        return True
    value = evaluator.evaluate(owners)
    return isinstance(value, list) and "self" in value


def _prompt_says_exists(text: str, lookup: Lookup) -> bool:
    return any(
        lookup.noun.search(sentence) and _EXISTS.search(sentence)
        for sentence in _SENTENCE.split(text)
    )


def _first_sentence(text: str, pattern: re.Pattern[str]) -> tuple[int, str] | None:
    for number, line in enumerate(text.split("\n"), start=1):
        if pattern.search(line):
            return number, line.strip()
    return None


def _finding(
    ctx: RuleContext,
    block: Block,
    lookup: Lookup,
    evaluator: Evaluator,
    scratch: tuple[int, str] | None,
) -> Finding:
    address = block_address(block) or block.type
    keys = _search_keys(block, evaluator)
    searched = f" ({keys})" if keys else ""
    message = (
        f"{address} looks up an existing {lookup.what}{searched} that the configuration "
        "does not create: plan fails in any account without it, and the answer does not say "
        "that it must exist first."
    )
    if scratch is None:
        return ctx.finding(message, block.type_range, block=block)
    finding = ctx.finding(
        message + " The prompt asks for a stack created from scratch.",
        block.type_range,
        block=block,
        severity=Severity.MEDIUM,
    )
    finding.prompt_line, finding.prompt_quote = scratch
    return finding


def _search_keys(block: Block, evaluator: Evaluator) -> str:
    """What the lookup searches by: `name = var.domain_name (no value)`, `id = "vpc-1"`."""
    shown = []
    for name, attribute in block.body.attributes.items():
        if name in ("provider", "depends_on", "most_recent"):
            continue
        value = evaluator.evaluate(attribute.expr)
        if isinstance(value, bool):
            continue
        text = _source_text(block, attribute.expr)
        if is_unknown(value):
            shown.append(f"{name} = {text} (no value)")
        elif isinstance(value, str) and text != f'"{value}"':
            shown.append(f'{name} = {text} = "{value}"')
        else:
            shown.append(f"{name} = {text}")
        if len(shown) == 2:
            break
    return ", ".join(shown)


def _source_text(block: Block, expr: Expr) -> str:
    file = block.file
    span = expr.range
    if file is None or span.start_line != span.end_line:
        return "..."
    return file.line_text(span.start_line)[span.start_column - 1 : span.end_column - 1]
