"""## What it does
Fires on a value that is evidently a placeholder where AWS resolves or validates it:

- an argument of a resource, data source, provider or module call that names something
  that must exist or be real — ids and ARNs (`*_id`, `*_ids`, `*_arn`, `ami`,
  `security_groups`, `bucket` of anything but `aws_s3_bucket`, ...), an SSH `public_key`,
  a domain (`domain_name`, `subject_alternative_names`, `aliases`, a hosted zone's
  `name`) — whose evaluated value (through variables, `tfvars` and locals) holds
  `<your-bucket>`, `REPLACE_ME`/`CHANGE_ME`/`REPLACE_WITH_...`, a `your-...` word, a run of
  `xxxx`, an ellipsis, an AWS documentation account id (`123456789012`) or resource id
  (`ami-12345678`, `vpc-12345678`, `subnet-0123456789abcdef0`); a reserved example domain
  (`example.com`) where AWS validates the domain (a certificate's names, a distribution's
  `aliases`, a hosted zone, a custom domain of API Gateway, AppSync, Cognito, Amplify or
  SES; not an FSx alias or a DHCP option set's domain, taken as written); an SSH key cut
  short (`ssh-rsa AAAA...`);
- an AWS principal of a policy written with one of these (`arn:aws:iam::123456789012:root`);
- a setting of a `backend` block with one of the placeholder tokens (medium: `init`
  fails unless `-backend-config` replaces it);
- a variable with no default and no value in `terraform.tfvars`, used directly as such an
  argument, whose only value in the answer is a placeholder in a values file terraform
  does not load by itself (`terraform.tfvars.example`, `prod.tfvars`, an unnamed snippet
  of `name = value` lines): medium, reported on that line — the answer shows no real value
  and the one it shows fails.

Silent when the prompt asks for placeholders ("use placeholder values for bucket names"),
or names the variable the value comes from as one users provide or replace. Descriptions,
tags, names of the resource being created, e-mail addresses and environment variables are
not judged; nor is a value in an example file for a variable that has a default or a
`terraform.tfvars` value (that value is judged instead), nor a module's argument that only
forwards a variable every call of the module sets (the call's argument is judged instead).

## Why is this bad?
The value is a stand-in the answer never filled in. AWS cannot resolve it: `ImportKeyPair`
rejects a truncated key (`InvalidKey.Format`), a documentation id or ARN names nothing in
the account (`InvalidVpcID.NotFound`, `InvalidParameter`), a certificate for a reserved
example domain can never be validated, IAM rejects a principal in an account that is not
real (`MalformedPolicyDocument: Invalid principal`). `apply` stops there, or the resource
points at nothing.

Source: RFC 2606 (reserved example domains); the AWS General Reference's example account
ids (`123456789012`, `111122223333`) and resource ids used throughout AWS documentation;
Amazon EC2 API reference, `ImportKeyPair` (the public key must be a complete OpenSSH key),
https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ImportKeyPair.html

## Example
```hcl
resource "aws_key_pair" "deployer" {
  key_name   = "deployer"
  public_key = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7S..." # replace with your key
}
```

## Use instead
```hcl
variable "ssh_public_key" {
  description = "The deployer's complete OpenSSH public key"
  type        = string
}

resource "aws_key_pair" "deployer" {
  key_name   = "deployer"
  public_key = var.ssh_public_key
}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tfjudge.aws.placeholders import (
    generic_placeholder,
    placeholder,
    resolved_argument,
    validated_domain,
)
from tfjudge.evaluate import Evaluator, Instance, References, is_unknown
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import Module, top_level_block
from tfjudge.model.values_files import ValuesFiles
from tfjudge.parse.hcl.ast import Attribute, Block, Expr, Traversal, TupleExpr
from tfjudge.patterns import lazy_pattern
from tfjudge.policy.model import PolicyModel
from tfjudge.prompt.asks import allows_placeholders
from tfjudge.prompt.requirements import may_say, sentences
from tfjudge.rules.aws._related import instances_of
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.schema.provider import ProviderSchema, provider_local_name

_KINDS = ("resource", "data", "provider", "module")
_USERS_SUPPLY = lazy_pattern(
    r"\b(?:provide|provided|supply|supplied|replace|replaced|override|overridden|own)\b",
    re.IGNORECASE,
)


@rule(
    "aws.placeholder-value",
    Severity.HIGH,
    Category.DEPLOYMENT_BLOCKER,
    "Placeholder value where AWS needs a real one",
    impact="AWS cannot resolve the value: apply fails, or the resource points at nothing.",
    fix="Replace the placeholder with a variable the user must set (no default), a data "
    "source lookup, or the real value.",
)
def placeholder_value(ctx: RuleContext) -> Iterator[Finding]:
    prompt_text = getattr(ctx.prompt, "text", None)
    if isinstance(prompt_text, str) and allows_placeholders(prompt_text):
        return
    supplied = _supplied_variables(prompt_text) if isinstance(prompt_text, str) else set()
    yield from _arguments(ctx, supplied)
    yield from _principals(ctx)
    yield from _backends(ctx)
    yield from _example_values(ctx, supplied)


def _arguments(ctx: RuleContext, supplied: set[str]) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    schema = ctx.get(ProviderSchema)
    modules_judged = _modules_judged(ctx, schema)
    for module in ctx.configuration.modules.values():
        for block in references.active_blocks(module):
            if block.type not in _KINDS:
                continue
            kind = block.labels[0] if block.labels else block.type
            # most blocks have no argument AWS resolves: asked first, it spares the rest
            resolved = _resolved_arguments(block, kind)
            if not resolved or not _judged(block, schema, modules_judged):
                continue
            instances = instances_of(ctx, block)[:8]
            for attribute in resolved:
                variable = _variable(attribute)
                if variable in supplied or _judged_at_calls(module, variable):
                    continue
                domain = validated_domain(block.type, kind, attribute.name)
                if block.type == "module":
                    if _unused_by_callee(ctx, block, attribute.name):
                        continue
                    domain = _domain_in_callee(ctx, block, attribute.name, domain)
                found = _first_placeholder(evaluator, attribute, instances, domain)
                if found is None:
                    continue
                value, why = found
                yield ctx.finding(
                    f'{attribute.name} is "{value}"{_origin(attribute)}: {why}; '
                    f"{_consequence(attribute.name, block)}",
                    attribute,
                    block=block,
                    attribute=attribute.name,
                )


def _resolved_arguments(block: Block, kind: str) -> list[Attribute]:
    """The arguments of the block and its nested blocks whose values AWS resolves."""
    return [
        attribute
        for holder in block.walk_blocks()
        for attribute in holder.body.attributes.values()
        if resolved_argument(kind, attribute.name)
    ]


# providers of other clouds: an answer built on one of them and none of AWS's blocks passes
# its module calls Google's or Azure's ids
OTHER_CLOUDS = {
    "google", "google-beta", "azurerm", "azuread", "azapi", "digitalocean", "oci", "ibm",
    "openstack", "vsphere", "alicloud", "linode", "hcloud", "tencentcloud", "huaweicloud",
    "yandex",
}  # fmt: skip


def _judged(block: Block, schema: ProviderSchema, modules_judged: bool) -> bool:
    """AWS's blocks (a `google_project`'s `project_id` is Google's to resolve), and module
    calls unless the answer is built on another cloud and on no AWS block."""
    return modules_judged if block.type == "module" else schema.judges(block)


def _modules_judged(ctx: RuleContext, schema: ProviderSchema) -> bool:
    other = False
    for block in ctx.configuration.all_blocks():
        if block.type not in ("resource", "data", "provider"):
            continue
        if schema.judges(block):
            return True
        name = block.labels[0] if block.type == "provider" else provider_local_name(block)
        other = other or name in OTHER_CLOUDS
    return not other


def _judged_at_calls(module: Module, variable: str | None) -> bool:
    """Whether every call of the module passes the variable as an argument this rule judges:
    a placeholder there is reported once, at the call, not again where the module uses it."""
    if variable is None or not module.callers:
        return False
    return all(
        variable in call.body.attributes and resolved_argument(call.labels[0], variable)
        for call in module.callers
        if call.labels
    )


def _domain_in_callee(
    ctx: RuleContext, call: Block, name: str, default: bool | None
) -> bool | None:
    """Whether a module input is a domain AWS validates, from the arguments the module (when
    the answer shows it) passes `var.<name>` to: an FSx alias is not, a certificate's name
    is. By the input's name when the module is not shown or does not pass it on as such."""
    callee = ctx.configuration.callee(call)
    if callee is None:
        return default
    uses = [
        validated_domain(block.type, block.labels[0], attribute.name)
        for block in (*callee.resources, *callee.data_sources)
        if block.labels
        for attribute in block.body.attributes.values()
        if _passes(attribute.expr, name)
    ]
    if not uses:
        return default
    return any(uses)


def _unused_by_callee(ctx: RuleContext, call: Block, name: str) -> bool:
    """Whether the module the answer shows reads `var.<name>` only in blocks that have no
    instance for this call (`count = var.create ? 1 : 0` with create false): AWS never
    sees the value. Other calls of the same module (`create = true`) have instances of
    their own, which do not count for this one."""
    callee = ctx.configuration.callee(call)
    references = ctx.get(References)
    variable = references.declaration(callee, f"var.{name}") if callee is not None else None
    if not isinstance(variable, Block):
        return False
    evaluator = ctx.get(Evaluator)
    readers = [top_level_block(reference.block) for reference in references.to(variable)]
    return bool(readers) and all(
        block.type in ("resource", "data")
        and not any(i.context.caller is call for i in evaluator.instances(block))
        for block in readers
    )


def _passes(expr: Expr, name: str) -> bool:
    """`var.<name>` itself, or as an element of a list (`aliases = [var.domain]`)."""
    items = expr.items if isinstance(expr, TupleExpr) else (expr,)
    return any(
        isinstance(item, Traversal) and item.root == "var" and item.attr_names[:1] == [name]
        for item in items
    )


def _first_placeholder(
    evaluator: Evaluator,
    attribute: Attribute,
    instances: list[Instance | None],
    domain: bool | None,
) -> tuple[str, str] | None:
    for instance in instances:
        for value in _strings(evaluator.evaluate(attribute.expr, instance)):
            if "@" in value and " " not in value.strip():
                continue  # an e-mail address is accepted as written
            why = placeholder(attribute.name, value, domain=domain)
            if why:
                return value, why
    return None


def _principals(ctx: RuleContext) -> Iterator[Finding]:
    seen: set[tuple[int, str]] = set()
    evaluator = ctx.get(Evaluator)
    for statement in ctx.get(PolicyModel).unique_statements():
        block = statement.policy.block
        if block.type in ("resource", "data") and not evaluator.instances(block):
            continue  # never created as written: IAM never sees the principal
        for value in statement.principal_values("AWS"):
            if not isinstance(value, str) or (id(statement.policy.block), value) in seen:
                continue
            why = placeholder("principal_arn", value)
            if why is None:
                continue
            seen.add((id(statement.policy.block), value))
            yield ctx.finding(
                f'the policy\'s principal is "{value}": {why}; IAM rejects a principal that '
                "does not exist (MalformedPolicyDocument: Invalid principal)",
                statement.range_of("Principal"),
                block=statement.policy.block,
                attribute=statement.policy.argument,
            )


def _backends(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    for module in ctx.configuration.modules.values():
        for terraform in module.terraform_blocks:
            for backend in terraform.body.blocks_of("backend"):
                for attribute in backend.body.attributes.values():
                    for value in _strings(evaluator.evaluate(attribute.expr)):
                        why = generic_placeholder(value)
                        if why is None:
                            continue
                        yield ctx.finding(
                            f'backend setting {attribute.name} is "{value}": {why}; '
                            "terraform init fails unless -backend-config replaces it",
                            attribute,
                            block=terraform,
                            attribute=attribute.name,
                            severity=Severity.MEDIUM,
                        )
                        break


def _example_values(ctx: RuleContext, supplied: set[str]) -> Iterator[Finding]:
    """Variables with no value whose only value in the answer is an example's placeholder."""
    examples = ctx.get(ValuesFiles).assignments
    if not examples:
        return
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    reported: set[str] = set()
    for module in ctx.configuration.modules.values():
        for block in references.active_blocks(module):
            if block.type not in ("resource", "data"):
                continue
            kind = block.labels[0] if block.labels else block.type
            for attribute in block.body.attributes.values():
                name = _variable(attribute)
                if name is None or name in supplied or name in reported or name not in examples:
                    continue
                if not resolved_argument(kind, attribute.name):
                    continue
                if not is_unknown(evaluator.evaluate(attribute.expr, instances_of(ctx, block)[0])):
                    continue  # a default or terraform.tfvars value: judged by _arguments
                example = examples[name]
                value = evaluator.evaluate(example.expr)
                if not isinstance(value, str):
                    continue
                domain = validated_domain(block.type, kind, attribute.name)
                why = placeholder(attribute.name, value, domain=domain)
                if why is None:
                    continue
                reported.add(name)
                yield ctx.finding(
                    f"var.{name} has no default, and the only value the answer gives it is "
                    f'"{value}" in {example.range.file}: {why}; used as {attribute.name} of '
                    f"{'.'.join(block.labels[:2])}, {_consequence(attribute.name, block)}",
                    example,
                    block=block,
                    attribute=attribute.name,
                    severity=Severity.MEDIUM,
                )


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _variable(attribute: Attribute) -> str | None:
    expr = attribute.expr
    if isinstance(expr, Traversal) and expr.root == "var" and expr.steps:
        name = getattr(expr.steps[0], "name", None)
        return name if isinstance(name, str) else None
    return None


def _origin(attribute: Attribute) -> str:
    name = _variable(attribute)
    return f" (from var.{name})" if name else ""


def _supplied_variables(prompt_text: str) -> set[str]:
    """Variables the prompt names as ones users provide or replace."""
    found: set[str] = set()
    if not may_say(prompt_text, _USERS_SUPPLY):
        return found
    for sentence in sentences(prompt_text):
        if _USERS_SUPPLY.search(sentence.text):
            found.update(re.findall(r"`?\b([a-z][a-z0-9_]*_[a-z0-9_]+)\b`?", sentence.text))
    return found


# data sources computed by the provider itself: nothing is looked up while planning
_COMPUTED_DATA = {"aws_iam_policy_document", "aws_arn", "aws_partition", "aws_service_principal"}


def _consequence(argument: str, block: Block) -> str:
    if argument == "public_key":
        return "ImportKeyPair rejects it, so the key pair and the instances using it fail"
    if block.type == "data" and block.labels and block.labels[0] in _COMPUTED_DATA:
        return "what it builds names nothing real, so the resource using it fails at apply"
    if block.type == "data":
        return "the lookup finds nothing in the account, so plan fails"
    if argument in ("domain_name", "domain", "subject_alternative_names", "aliases", "name"):
        return "nobody can validate a certificate or serve a zone for it"
    return "AWS resolves no such resource, so apply fails or the resource points at nothing"
