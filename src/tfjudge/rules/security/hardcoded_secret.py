"""## What it does
Fires for each secret written into the answer as a literal:

- an argument named like a secret (`password`, `master_password`, `master_user_password`,
  `auth_token`, `access_key`, `secret_key`, `api_key`, `private_key`, `client_secret`,
  `token`) whose evaluated value is a known, non-empty string;
- a Lambda environment variable named like a secret (`DB_PASSWORD`, `API_KEY`,
  `STRIPE_SECRET`) with such a value;
- a Secrets Manager `secret_string` whose JSON holds a secret-named field with such a value;
- a variable named like a secret (`db_password`; a name is a secret's when its last word
  is one, so not `password_reset_required`, `token_endpoint`, `private_key_path` or
  `random_password_override_special`) whose `default` is such a value, or any variable
  whose map or object default holds such a value under a secret's name (the finding is
  on the variable, once, not on every argument that uses it). A default can be
  overridden at deploy time, so it is reported as medium; a literal written in the
  resource itself is high;
- a values file (`terraform.tfvars`) giving a root variable named like a secret such a
  value (reported in that file);
- a module call's argument named like a secret with such a value (written there or in a
  local it names): the module's uses of the variable are then not judged (the value is
  written in the caller, and reported at the call). `"${var.x}"` is `var.x`.

A placeholder (`CHANGE_ME`, `YOUR_ACCESS_KEY`) is reported too: the configuration is where
the secret is then to be written. Values from `random_password`, a data source or a
variable without a default are unknown before apply and are not judged, nor are values
read through an attribute its resource ignores changes of (`value = "dummy"` with
`ignore_changes = [value]`: set out of band), nor the keys of a provider that skips
validating its credentials or sends its calls to endpoints of its own (a test or
LocalStack provider).

## Why is this bad?
The secret is in the answer, in version control, in every plan output and in the state
file in clear; rotating it means editing code, and everyone who can read the repository
can log in. See "Managing secrets" in HashiCorp's guidance and RDS's
`manage_master_user_password`.

## Example
```hcl
resource "aws_db_instance" "app" {
  username = "admin"
  password = "SuperSecret123!"
}
```

## Use instead
```hcl
resource "aws_db_instance" "app" {
  username                    = "admin"
  manage_master_user_password = true
}
```
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from tfjudge.aws.placeholders import generic_placeholder
from tfjudge.evaluate import Evaluator, Reference, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import top_level_block
from tfjudge.parse.hcl.ast import (
    Attribute,
    Block,
    Expr,
    Literal,
    Template,
    Traversal,
    TupleExpr,
    unwrapped,
)
from tfjudge.patterns import lazy_pattern
from tfjudge.rules.aws._common import referenced_attributes
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

SECRET_ARGUMENT = lazy_pattern(
    r"^(?:\w+_)?password$|^(?:auth_token|access_key|secret_key|secret_access_key|api_key|"
    r"private_key|client_secret|token)$"
)
# A name is a secret's when its last word is one (`db_password`, `STRIPE_SECRET`, `apiKey`),
# after words that only say how the secret is held (`master_password_wo`, `SECRET_KEY_BASE`);
# a name that goes on (`password_reset_required`, `token_endpoint`, `private_key_path`,
# `random_password_override_special`) names something about a secret, not the secret.
NAME_WORD = lazy_pattern(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
SECRET_WORDS = frozenset({"password", "passwd", "passphrase", "secret", "token", "apikey"})
KEY_KINDS = frozenset({"api", "private", "secret", "access"})  # `api_key`, `secret_key`, ...
HOLDING_WORDS = frozenset({"wo", "value", "string", "binary", "plaintext", "base", "b64"})
NOT_SECRET_KINDS = frozenset({"creation"})  # EFS's creation_token: an idempotency key
# a name that starts with a verb is a switch (`manage_master_user_password`)
SWITCH_VERBS = frozenset({"allow", "attach", "create", "enable", "force", "manage", "use"})


@rule(
    "security.hardcoded-secret",
    Severity.HIGH,
    Category.SECURITY,
    "Password, secret or key written as a literal",
    impact="The secret is in the code, the plan output and the state in clear; anyone who "
    "reads the repository has it.",
    fix="Generate it (random_password, manage_master_user_password) or read it from "
    "Secrets Manager or SSM.",
)
def hardcoded_secret(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    defaults: set[str] = set()
    for module in ctx.configuration.modules.values():
        for variable in module.variables:
            default = variable.body.attributes.get("default")
            if default is None or not variable.labels:
                continue
            secrets = _default_secrets(variable.labels[0], evaluator.evaluate(default.expr))
            if secrets:
                defaults.update(value for _, value in secrets)
                where, value = secrets[0]
                yield ctx.finding(
                    f'{where} has a literal default ("{_mask(value)}"): {_default_risk(value)}',
                    default,
                    block=variable,
                    attribute="default",
                    severity=Severity.MEDIUM,
                )
    yield from _values_files(ctx, evaluator)
    for block in ctx.configuration.all_resources():
        # most blocks have no argument `_judge` reads: asked first, it spares the rest
        attributes = [
            attribute
            for attribute in _attributes(block)
            if _judged_argument(attribute.name)
            and not _from_variable(attribute)  # judged at the variable
        ]
        if not attributes or references.is_superseded(block):
            continue
        instances = evaluator.instances(block)
        instance = instances[0] if instances else None
        called = bool(ctx.configuration.module_of(block).callers)
        for attribute in attributes:
            judged = _Judged(defaults, attribute if called else None)
            found = list(_judge(ctx, evaluator, block, attribute, instance, judged))
            if found and not _managed_outside(ctx, attribute.expr):
                yield from found
    yield from _module_arguments(ctx, evaluator, _Judged(defaults, None))
    for provider in (b for b in ctx.configuration.all_blocks() if b.type == "provider"):
        if _talks_to_a_stand_in(provider, evaluator):
            continue
        for name in ("access_key", "secret_key", "token"):
            setting = provider.body.attributes.get(name)
            if setting is not None and not isinstance(setting.expr, Traversal):
                value = evaluator.evaluate(setting.expr)
                if _literal_secret(value):
                    yield ctx.finding(
                        f'The provider\'s {name} is a literal ("{_mask(value)}").',
                        setting,
                        block=provider,
                        attribute=name,
                    )


def _default_risk(value: str) -> str:
    if generic_placeholder(value):
        return (
            "a placeholder, so the real secret is to be written in its place, in the code; "
            "take it from Secrets Manager or SSM, or generate it, instead."
        )
    return "unless every deployment overrides it, that value is the secret, written in the answer."


def _default_secrets(name: str, value: Any) -> list[tuple[str, str]]:
    """The secrets a variable's default holds, each with where: the default itself when
    the variable names a secret (`var.db_password`), or the secret-named keys of a map or
    object default (`var.credentials.password`)."""
    if isinstance(value, dict):
        return [
            (f"var.{name}.{key}", item)
            for key, item in value.items()
            if isinstance(key, str) and _secret_named(key) and _literal_secret(item)
        ]
    if _secret_named(name) and _literal_secret(value):
        return [(f"var.{name}", value)]
    return []


def _values_files(ctx: RuleContext, evaluator: Evaluator) -> Iterator[Finding]:
    """Secrets a values file gives the root's variables (`db_password = "..."` in
    terraform.tfvars): the resources read them through `var.x`, judged here instead."""
    for document in ctx.configuration.root.tfvars:
        for name, entry in document.body.attributes.items():
            if not _secret_named(name):
                continue
            value = evaluator.evaluate(entry.expr)
            if _literal_secret(value):
                yield ctx.finding(
                    f'{document.file.name} gives var.{name} the literal "{_mask(value)}".',
                    entry,
                    attribute=name,
                )


def _talks_to_a_stand_in(provider: Block, evaluator: Evaluator) -> bool:
    """A provider for tests or a local emulator (LocalStack, moto): it skips validating
    its credentials, which AWS would need to be real, or sends its calls to endpoints of
    its own. Its keys are placeholders the emulator takes, not secrets."""
    skip = provider.body.attributes.get("skip_credentials_validation")
    if skip is not None and evaluator.evaluate(skip.expr) is True:
        return True
    return provider.body.first_block("endpoints") is not None


class _Judged:
    """Which literal values `_judge` reports: not a variable's flagged default (reported at the
    variable); in a module that is called, only a value written in the argument itself (one
    that reaches it through a variable is written, and reported, at the call)."""

    def __init__(self, defaults: set[str], written_in: Attribute | None) -> None:
        self.defaults = defaults
        self.texts = None if written_in is None else list(_literal_texts(written_in.expr))

    def reports(self, value: Any) -> bool:
        if not _literal_secret(value) or value in self.defaults:
            return False
        return self.texts is None or any(text in value for text in self.texts)


def _literal_texts(expr: Expr) -> Iterator[str]:
    for node in expr.walk():
        if isinstance(node, Literal) and isinstance(node.value, str) and node.value:
            yield node.value
        elif isinstance(node, Template):
            yield from (part for part in node.parts if isinstance(part, str) and part)


def _module_arguments(ctx: RuleContext, evaluator: Evaluator, judged: _Judged) -> Iterator[Finding]:
    """Secrets a module call passes as literals (the module's own uses are not judged)."""
    for module in ctx.configuration.modules.values():
        for call in module.module_calls:
            for name, attribute in call.body.attributes.items():
                if _from_variable(attribute) or not _secret_named(name):
                    continue
                if _names_a_secret(ctx, call, name):
                    continue
                value = evaluator.evaluate(attribute.expr)
                if judged.reports(value):
                    yield ctx.finding(
                        f'The module argument {name} is the literal "{_mask(value)}".',
                        attribute,
                        block=call,
                        attribute=name,
                    )


def _names_a_secret(ctx: RuleContext, call: Block, name: str) -> bool:
    """Whether the module the answer shows uses `var.<name>` only to name a secret it
    looks up (`data "aws_secretsmanager_secret" { name = var.datadog_secret }`): the value
    is where the secret is kept, not the secret."""
    callee = ctx.configuration.callee(call)
    references = ctx.get(References)
    variable = references.declaration(callee, f"var.{name}") if callee is not None else None
    if not isinstance(variable, Block):
        return False
    uses = [_argument_of(reference) for reference in references.to(variable)]
    return bool(uses) and all(
        argument is not None and not _secret_named(argument) and not SECRET_ARGUMENT.match(argument)
        for argument in uses
    )


def _argument_of(reference: Reference) -> str | None:
    """The argument a reference is the whole value of (`name = var.x`), None when it is
    part of a larger expression."""
    for attribute in top_level_block(reference.block).attributes_deep():
        if attribute.expr is reference.expr:
            return attribute.name
    return None


def _from_variable(attribute: Attribute) -> bool:
    expr = unwrapped(attribute.expr)
    return isinstance(expr, Traversal) and expr.root == "var"


def _managed_outside(ctx: RuleContext, expr: Expr) -> bool:
    """Whether the value reads an attribute its resource tells terraform to ignore changes
    of (`value = "dummy"` with `ignore_changes = [value]`): what AWS holds is set out of
    band, so the configured literal is not the value."""
    return any(
        read is not None and _ignores_changes(block, read)
        for block, read in referenced_attributes(ctx, expr)
    )


def _ignores_changes(block: Block, name: str) -> bool:
    lifecycle = block.body.first_block("lifecycle")
    listed = lifecycle.body.get("ignore_changes") if lifecycle is not None else None
    if isinstance(listed, Traversal):
        return listed.root == "all" and not listed.steps
    items = listed.items if isinstance(listed, TupleExpr) else ()
    return any(isinstance(item, Traversal) and item.root == name for item in items)


def _attributes(block: Block) -> Iterator[Attribute]:
    for nested in block.walk_blocks():
        yield from nested.body.attributes.values()


def _judged_argument(name: str) -> bool:
    """Whether `_judge` reads the argument: a secret's name, a Lambda's `variables`, a
    secret's `secret_string`."""
    return name in ("variables", "secret_string") or SECRET_ARGUMENT.match(name) is not None


def _judge(
    ctx: RuleContext,
    evaluator: Evaluator,
    block: Block,
    attribute: Attribute,
    instance: Any,
    judged: _Judged,
) -> Iterator[Finding]:
    name = attribute.name
    if SECRET_ARGUMENT.match(name):
        value = evaluator.evaluate(attribute.expr, instance)
        if judged.reports(value):
            yield ctx.finding(
                f'{name} is the literal "{_mask(value)}".', attribute, block=block, attribute=name
            )
    elif name == "variables" and block.labels[:1] == ("aws_lambda_function",):
        value = evaluator.evaluate(attribute.expr, instance)
        if isinstance(value, dict):
            for key, item in value.items():
                if _secret_named(key) and judged.reports(item):
                    yield ctx.finding(
                        f'The environment variable {key} is the literal "{_mask(item)}".',
                        attribute,
                        block=block,
                        attribute="variables",
                    )
    elif name == "secret_string":
        value = evaluator.evaluate(attribute.expr, instance)
        fields = _json_fields(value)
        for key, item in fields.items():
            if _secret_named(key) and judged.reports(item):
                yield ctx.finding(
                    f'secret_string holds {key} = "{_mask(item)}" as a literal.',
                    attribute,
                    block=block,
                    attribute="secret_string",
                )


def _json_fields(value: Any) -> dict[str, Any]:
    if not isinstance(value, str):
        return {}
    try:
        document = json.loads(value)
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}


def _secret_named(name: str) -> bool:
    words = [word.lower() for word in NAME_WORD.findall(name)]
    while len(words) > 1 and words[-1] in HOLDING_WORDS:
        words.pop()
    if not words or (len(words) > 1 and words[0] in SWITCH_VERBS):
        return False
    kind = words[-2] if len(words) > 1 else ""
    if words[-1] == "key":
        return kind in KEY_KINDS
    return words[-1] in SECRET_WORDS and kind not in NOT_SECRET_KINDS


# where a secret is kept, not the secret: an SSM parameter's name, an ARN, a dynamic
# reference, a file that holds it (`path/to/key`, `./certs/server.key`, `deployer.pem`)
STORED_SECRET = lazy_pattern(
    r"^(?:/[\w.\-/]+|arn:aws[\w-]*:\S+|\{\{resolve:\S+\}\})$"
    r"|^(?:~|\.{1,2})/[\w.-]+(?:/[\w.-]+)*$|^path/to/\S+$"
    r"|^[\w.-]+(?:/[\w.-]+)*\.(?:pem|key|ppk|p12|pfx|crt|cer|jks|json|txt)$"
)


def _literal_secret(value: Any) -> bool:
    """A literal that is (or stands for) a secret: a placeholder (`CHANGE_ME`) is one too,
    since the configuration is where the secret is then to be written."""
    text = value.strip() if isinstance(value, str) else ""
    return len(text) >= 4 and not STORED_SECRET.match(text)


def _mask(value: str) -> str:
    """Enough of the value to find it, not enough to use it: `Ch…`, `a…` for a short one."""
    return value[:2] + "…" if len(value) > 4 else value[:1] + "…"
