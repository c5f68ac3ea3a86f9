"""## What it does
Fires on a variable of the root module that has no `default`, gets no value from the
answer (no `terraform.tfvars` or `*.auto.tfvars` entry, no other `.tfvars` file of the
answer setting it, no `TF_VAR_<name>` or `-var "<name>=..."` in the answer's text), and is
actually used by the configuration. It stays silent on:

- variables the prompt names (the task says the value is supplied, as CI supplies
  `environment_suffix`);
- secrets (`sensitive = true`, or a name with password, secret, token or private key):
  leaving them without a default is the right practice, and a literal default is what
  `security.hardcoded-secret` reports;
- variables of child modules (their callers pass them).

One finding per variable, at its declaration.

## Why is this bad?
`terraform plan` and `apply` stop and ask for the value; in CI (`-input=false`) they fail
with "No value for required variable". A reviewer who runs the answer as given cannot
deploy it without inventing values the answer never documents (a domain, a certificate
ARN, an e-mail address). See
https://developer.hashicorp.com/terraform/language/values/variables#assigning-values-to-root-module-variables.

## Example
```hcl
variable "alarm_email" {
  description = "Where alarms are sent"
  type        = string
}

resource "aws_sns_topic_subscription" "alarms" {
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}
```

## Use instead
```hcl
variable "alarm_email" {
  description = "Where alarms are sent"
  type        = string
  default     = "ops@example.com"
}
```
or ship a `terraform.tfvars` with the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tfjudge.evaluate.references import Reference, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import block_address, top_level_block
from tfjudge.parse.hcl.ast import Block, HclDocument, Literal
from tfjudge.patterns import lazy_pattern
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

_SECRET = lazy_pattern(
    r"pass(word|wd|phrase)?($|_)|secret|token|private_key|api_key", re.IGNORECASE
)


@rule(
    "ops.variable-without-default",
    Severity.MEDIUM,
    Category.DEPLOYMENT_BLOCKER,
    "Required variable with no value",
    impact="plan stops to ask for the value; unattended runs (-input=false) fail.",
    fix="Give the variable a default, or ship a terraform.tfvars that sets it.",
)
def variable_without_default(ctx: RuleContext) -> Iterator[Finding]:
    root = ctx.configuration.root
    if root.callers:
        return  # a module its examples or wrappers call: its inputs are theirs to give
    references = ctx.get(References)
    supplied = _supplied(ctx)
    prompt_tokens: set[str] | None = None  # made for the first variable left to ask about
    for block in references.active_blocks(root):
        if block.type != "variable" or not block.labels or _in_module_library(block):
            continue
        name = block.labels[0]
        if "default" in block.body.attributes or name in supplied or _secret(block):
            continue
        uses = [r for r in references.to(block) if r.block is not block]
        if not uses:
            continue
        if ctx.prompt is not None:  # the prompt is read last: most variables stop before
            if prompt_tokens is None:
                prompt_tokens = _squashed_tokens(ctx.prompt.text)
            if _named_in(name, ctx.prompt.text, prompt_tokens):
                continue
        yield ctx.finding(
            f"var.{name} has no default and nothing in the answer gives it a value (no "
            f"terraform.tfvars entry, no TF_VAR_{name}), yet {_used_by(uses)} uses it: plan "
            f'stops to ask for it, and with -input=false fails with "No value for required '
            f'variable".',
            block.type_range,
            block=block,
            title=f"var.{name} has no value",
            related=[f"{u.range.file}:{u.range.start_line}" for u in uses[:5]],
        )


def _supplied(ctx: RuleContext) -> set[str]:
    """Names given a value by the answer's .tfvars files or its text (the prompt's are
    asked about per variable, in the rule)."""
    names: set[str] = set()
    for document in _tfvars(ctx.documents):
        names.update(document.body.attributes)
    text = ctx.response.text
    names.update(re.findall(r"TF_VAR_(\w+)", text))
    names.update(re.findall(r"-var[= ]+['\"]?(\w+)\s*=", text))
    return names


def _squashed_tokens(text: str) -> set[str]:
    """The identifier-like words of `text`, lowercased and without underscores."""
    return {t.replace("_", "").lower() for t in re.findall(r"[A-Za-z][A-Za-z0-9_]*", text)}


def _named_in(name: str, text: str, tokens: set[str]) -> bool:
    """`environment_suffix` is named by `environment_suffix`, `environmentSuffix` or
    "environment suffix"; `vpc_cidrs` by "VPC CIDRs". `tokens`: `_squashed_tokens(text)`."""
    if name.replace("_", "").lower() in tokens:
        return True
    words = r"[\s-]+".join(re.escape(part) for part in name.split("_") if part)
    return re.search(rf"\b{words}\b", text, re.IGNORECASE) is not None


_LIBRARY = lazy_pattern(r"(^|/)modules/[^/]+$")


def _in_module_library(block: Block) -> bool:
    """A `modules/NAME/` directory is a module to be called, even when the answer shows
    no caller: its variables are the caller's to pass."""
    return block.file is not None and bool(_LIBRARY.search(block.file.directory))


def _tfvars(documents: list[HclDocument]) -> Iterator[HclDocument]:
    """`.tfvars` files, and unnamed snippets of assignments only (an example tfvars)."""
    for document in documents:
        path = document.file.path
        if path.endswith(".tfvars") or (
            not path.endswith(".tf") and document.body.attributes and not document.body.blocks
        ):
            yield document


def _secret(block: Block) -> bool:
    sensitive = block.body.get("sensitive")
    if isinstance(sensitive, Literal) and sensitive.value is True:
        return True
    return bool(_SECRET.search(block.labels[0]))


def _used_by(uses: list[Reference]) -> str:
    labels: list[str] = []
    for use in uses:
        label = use.local.address if use.local is not None else _address(use.block)
        if label not in labels:
            labels.append(label)
    shown = ", ".join(labels[:3])
    return shown + (f" and {len(labels) - 3} more" if len(labels) > 3 else "")


def _address(block: Block) -> str:
    top = top_level_block(block)
    return block_address(top) or top.type
