"""## What it does
Fires for a literal where the configuration has a better source:

- a literal number, string or bool in an argument that a declared variable nothing reads
  is named for:
  the variable's name is the argument's name qualified by words of the resource type
  (`var.lambda_timeout` for `timeout` of an `aws_lambda_function`, `var.db_instance_class`
  for `instance_class` of an `aws_db_instance`, `var.synthetic_canary_schedule` for the
  `schedule` of an `aws_synthetics_canary`), or exactly the argument's name when that
  name has two words or more (`var.instance_type`). In a nested block, only a variable
  named for the argument exactly or after the block (`var.ingress_port` for
  `ingress { port }`): a cognito `schema { name }` is not `var.user_pool_name`'s.
  A variable another block reads is in use: a second, different literal is deliberate.
  A variable whose words name another resource type of the configuration is that one's
  (`var.iam_role_name` and an `aws_iam_role_policy`'s name);
- a literal AWS account id (twelve digits) or region inside an ARN written in the code
  (`arn:aws:logs:us-east-1:123456789012:...`), where `data.aws_caller_identity` and
  `data.aws_region` give the deploying account and region.

## Why is this bad?
The variable suggests the setting is configurable, but changing it changes nothing here;
an ARN with a fixed account or region breaks as soon as the stack is deployed to another
account or region, usually as an AccessDenied or "resource not found" at runtime.

## Example
```hcl
variable "lambda_timeout" {
  default = 30
}

resource "aws_lambda_function" "api" {
  timeout = 30
}
```

## Use instead
```hcl
resource "aws_lambda_function" "api" {
  timeout = var.lambda_timeout
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Attribute, Block, Literal, Template
from tfjudge.patterns import lazy_pattern
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

ARN = lazy_pattern(
    r"arn:aws[\w-]*:(?P<service>[\w-]+):(?P<region>[a-z]{2}(?:-gov)?-[a-z]+-\d)?:"
    r"(?P<account>\d{12})?:"
)
META = {"count", "for_each", "depends_on", "provider", "lifecycle", "source", "version"}
# words answers use for a resource type in variable names, beyond the type's own words
ALIASES = {
    "aws_lambda_function": {"lambda", "function", "fn"},
    "aws_db_instance": {"db", "rds", "database", "instance"},
    "aws_rds_cluster": {"db", "rds", "aurora", "cluster", "database"},
    "aws_synthetics_canary": {"synthetic", "synthetics", "canary"},
    "aws_instance": {"ec2", "instance", "server"},
    "aws_launch_template": {"ec2", "instance", "launch", "template"},
    "aws_autoscaling_group": {"asg", "autoscaling", "scaling"},
    "aws_cloudwatch_log_group": {"log", "logs"},
    "aws_elasticache_replication_group": {"cache", "redis", "elasticache"},
    "aws_ecs_service": {"ecs", "service", "task"},
    "aws_ecs_task_definition": {"ecs", "task", "container"},
}


@rule(
    "ops.hardcoded-value",
    Severity.LOW,
    Category.MAINTAINABILITY,
    "Literal where a variable or the deploying account and region belong",
    impact="The variable changes nothing here, or the ARN breaks in another account or region.",
    fix="Use the variable, or data.aws_caller_identity / data.aws_region in the ARN.",
)
def hardcoded_value(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    with_arns = {f.path for f in ctx.response.files if ARN.search(f.text)}
    for module in ctx.configuration.modules.values():
        unused = [v for v in module.variables if v.labels and not references.to(v)]
        variables = _index([v.labels[0] for v in unused])
        if not variables and not with_arns:
            continue  # nothing either check could find in this module
        types = {b.labels[0] for b in module.blocks if b.type == "resource" and b.labels}
        for block in module.blocks:
            if block.type not in ("resource", "data") or references.is_superseded(block):
                continue
            for nested in block.walk_blocks():
                for attribute in nested.body.attributes.values():
                    if nested is block and attribute.name in META:
                        continue
                    # tested here, not in the generator: most arguments are no literal
                    if variables and isinstance(attribute.expr, Literal):
                        yield from _variable_literal(
                            ctx, block, nested, attribute, variables, types
                        )
                    if attribute.range.file in with_arns:
                        yield from _arn_literal(ctx, block, attribute)


Index = dict[str, list[tuple[str, tuple[str, ...]]]]


def _index(variables: list[str]) -> Index:
    """Each variable under the argument names it could be for: `lambda_timeout` under
    `timeout` (qualified by `lambda`) and `lambda_timeout` (unqualified)."""
    index: Index = {}
    for variable in variables:
        words = variable.lower().split("_")
        for cut in range(len(words)):
            rest = "_".join(words[cut:])
            if cut == 0 and "_" not in rest:
                continue  # `name`, `timeout` alone: too generic to say which block it is for
            index.setdefault(rest, []).append((variable, tuple(words[:cut])))
    return index


def _variable_literal(
    ctx: RuleContext,
    block: Block,
    nested: Block,
    attribute: Attribute,
    variables: Index,
    types: set[str],
) -> Iterator[Finding]:
    expr = attribute.expr
    if not isinstance(expr, Literal) or expr.value is None or expr.heredoc:
        return
    candidates = variables.get(attribute.name, [])
    if nested is not block:
        # a nested block's `name` or `prefix` is not the resource's: only a variable named
        # for it exactly, or after the nested block (`var.ingress_port` for ingress { port })
        candidates = [entry for entry in candidates if not entry[1]]
        for name in (nested.type, f"{nested.type}_{attribute.name}"):
            candidates += variables.get(name, [])
    if not candidates:
        return
    kind = block.labels[0]
    type_words = {_stem(w) for w in kind.removeprefix("aws_").split("_")}
    type_words |= {_stem(w) for w in ALIASES.get(kind, set())}
    for variable, head in candidates:
        named_type = "aws_" + "_".join(head)
        if named_type != kind and named_type in types:
            continue  # `var.iam_role_name` is the aws_iam_role's, not an aws_iam_role_policy's
        if all(_stem(w) in type_words for w in head):
            yield ctx.finding(
                f"{attribute.name} = {_show(expr.value)} is a literal although var.{variable} "
                "is declared for this setting.",
                attribute,
                block=block,
                attribute=attribute.name,
                fix_code=f"{attribute.name} = var.{variable}",
            )
            return


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _arn_literal(ctx: RuleContext, block: Block, attribute: Attribute) -> Iterator[Finding]:
    for expr in attribute.expr.walk():
        texts: list[str] = []
        if isinstance(expr, Literal) and isinstance(expr.value, str):
            texts = [expr.value]
        elif isinstance(expr, Template):
            texts = [p for p in expr.parts if isinstance(p, str)]
        for text in texts:
            for match in ARN.finditer(text):
                fixed = [
                    f"account {match.group('account')}" if match.group("account") else "",
                    f"region {match.group('region')}" if match.group("region") else "",
                ]
                fixed = [f for f in fixed if f]
                if fixed:
                    yield ctx.finding(
                        f"The ARN {match.group(0)}… fixes the {' and '.join(fixed)}: it breaks "
                        "in any other account or region.",
                        expr,
                        block=block,
                        attribute=attribute.name,
                    )
                    return


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else str(value)
