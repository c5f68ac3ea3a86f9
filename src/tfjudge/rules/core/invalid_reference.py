"""## What it does
Reports the references `terraform validate` rejects that are not undeclared names:

- a traversal whose root is no reference root: not `var`, `local`, `module`, `data`,
  `ephemeral`, `each`, `count`, `self`, `path`, `terraform`, a `for` or `dynamic`
  iterator in scope, nor a resource type followed by a name. Typically a shell or
  template placeholder written `${environment}` inside a heredoc instead of
  `$${environment}`; also a root used alone (`count`, `var`);
- `each.*` in a block without `for_each`, `count.*` in a block without `count` (outputs,
  locals, providers and variables never have them), and attributes they do not have
  (`count.value`, `each.name`);
- `self` outside a provisioner, a `connection` block or a postcondition;
- `module.NAME.OUTPUT` where the child module is in the answer and declares no output
  `OUTPUT` (not inside `try()`/`can()`, nor in a conditional branch the block never takes:
  `length(module.m) > 0 ? module.m[0].x : ""` with no instance of `m`).

One finding per block, attribute and name, at its first use (the other lines are listed).
References in blocks that a later copy of their file replaces, or that stand in a syntax
error, are not judged.

## Why is this bad?
`terraform validate`, `plan` and `apply` stop with "Invalid reference", "Reference to
"each" in context without for_each", "Reference to "count" in non-counted context",
"Invalid "self" reference" or "Unsupported attribute": nothing is deployed. See
https://developer.hashicorp.com/terraform/language/expressions/references and
https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
(`$${` writes a literal `${`).

## Example
```hcl
resource "aws_instance" "web" {
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.micro"
  user_data     = <<-EOF
    #!/bin/bash
    echo "ENVIRONMENT=${environment}" >> /etc/app.env
  EOF
}
```

## Use instead
```hcl
resource "aws_instance" "web" {
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.micro"
  user_data     = <<-EOF
    #!/bin/bash
    echo "ENVIRONMENT=${var.environment}" >> /etc/app.env
  EOF
}
```
(or `$${environment}` when the shell is meant to expand it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from tfjudge.evaluate.evaluator import Evaluator
from tfjudge.evaluate.references import Reference, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import Configuration, block_address, top_level_block
from tfjudge.parse.hcl.ast import Block
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import Unevaluated, broken_lines, in_broken_block
from tfjudge.rules.registry import rule

_ROOTS = "var, local, module, data, each, count, self, path or terraform"
_OBJECTS = {"var", "local", "module", "data", "ephemeral", "each", "count", "path", "terraform"}
_ITERATED = ("resource", "data", "module", "ephemeral")
_EACH_ATTRIBUTES = {"key", "value"}
_SELF_CONTEXTS = {"provisioner", "connection", "postcondition"}


class Problem(NamedTuple):
    """What is wrong with one reference, as terraform titles it and as we explain it."""

    kind: str  # grouping key: "root", "each", "count", "self", "output"
    name: str  # the offending name, for grouping and messages
    title: str
    message: str


@rule(
    "core.invalid-reference",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Invalid reference",
    impact="terraform validate, plan and apply stop at the reference: nothing is deployed.",
    fix="Refer to a declared value (var., local., a resource), or escape a literal ${ as $${.",
)
def invalid_reference(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    evaluator = ctx.get(Evaluator)
    broken = broken_lines(ctx.documents)
    unevaluated = Unevaluated(evaluator)
    groups: dict[tuple[int, str | None, str, str], list[tuple[Reference, Problem]]] = {}
    for reference in references.references:
        if reference.kind not in _JUDGED_KINDS:
            continue  # the common case (var., local., a resource): `_problem` finds none
        top = top_level_block(reference.block)
        if references.is_superseded(reference.source) or in_broken_block(top, broken):
            continue
        problem = _problem(reference, ctx.configuration, references)
        if problem is None:
            continue
        if problem.kind == "output" and unevaluated.holds(top, reference.expr):
            continue  # caught by try() or can(), or in a branch the block never takes
        key = (id(reference.block), reference.attribute, problem.kind, problem.name)
        groups.setdefault(key, []).append((reference, problem))
    for found in groups.values():
        found.sort(key=lambda item: _position(item[0]))
        reference, problem = found[0]
        others = [f"{r.range.file}:{r.range.start_line}" for r, _ in found[1:]]
        count = len(found)
        again = (
            f" It is used {count} times in this argument; the first is shown." if count > 1 else ""
        )
        yield ctx.finding(
            problem.message + again,
            reference.range,
            block=reference.block,
            attribute=reference.attribute,
            title=problem.title,
            related=others,
        )


_JUDGED_KINDS = frozenset(("invalid", "each", "count", "self", "module"))


def _problem(
    reference: Reference, configuration: Configuration, references: References
) -> Problem | None:
    kind = reference.kind
    if kind == "invalid":
        return _invalid_root(reference, references)
    if kind == "each":
        return _each(reference)
    if kind == "count":
        return _count(reference)
    if kind == "self":
        return _self(reference)
    if kind == "module":
        return _module_output(reference, configuration)
    return None


def _where(reference: Reference) -> str:
    if reference.local is not None:
        return reference.local.address
    top = top_level_block(reference.block)
    address = block_address(top) or top.type
    return f"{address}.{reference.attribute}" if reference.attribute else address


def _in_template(reference: Reference) -> bool:
    block = top_level_block(reference.block)
    if block.file is None:
        return False
    line = block.file.line_text(reference.range.start_line)
    start = reference.range.start_column - 1
    return line[max(0, start - 2) : start] == "${"


def _invalid_root(reference: Reference, references: References) -> Problem:
    root = reference.address
    where = _where(reference)
    meant = [
        f"{prefix}.{root}"
        for prefix in ("var", "local")
        if references.declaration(reference.module, f"{prefix}.{root}") is not None
    ]
    if root in _OBJECTS:
        return Problem(
            "root",
            root,
            f'Invalid reference: "{root}" alone',
            f'Invalid reference in {where}: the "{root}" object cannot be used on its own '
            f"(write {root}.<name>).",
        )
    if _in_template(reference):
        return Problem(
            "root",
            root,
            f"Invalid reference: ${{{root}}} in a string",
            f"Invalid reference in {where}: `${{{root}}}` is a Terraform interpolation, and "
            f'"{root}" is not a reference root ({_ROOTS}); a bare name is read as a '
            "resource type without a resource name. "
            + (f"The module declares {meant[0]}: write that. " if meant else "")
            + f"If it is meant for the shell or a template, escape it as `$${{{root}}}`.",
        )
    return Problem(
        "root",
        root,
        f'Invalid reference: "{root}"',
        f'Invalid reference in {where}: "{root}" is not a reference root ({_ROOTS}) nor '
        "a resource type followed by a resource name.",
    )


def _each(reference: Reference) -> Problem | None:
    name = reference.address.removeprefix("each.")
    top = top_level_block(reference.block)
    if top.type == "provider" and "for_each" in top.body.attributes:
        return None  # core.provider-meta-argument reports the for_each itself
    where = _where(reference)
    allowed = top.type in (*_ITERATED, "import") and "for_each" in top.body.attributes
    if not allowed:
        context = (
            f"{block_address(top) or top.type} has no for_each argument"
            if top.type in (*_ITERATED, "import")
            else f"{_article(top.type)} {top.type} block never has for_each"
        )
        return Problem(
            "each",
            reference.address,
            'Reference to "each" in context without for_each',
            f'{reference.address} is used in {where}, but {context}: the "each" object '
            'exists only in resource, data and module blocks whose "for_each" is set.',
        )
    if name not in _EACH_ATTRIBUTES:
        return Problem(
            "each",
            reference.address,
            'Invalid "each" attribute',
            f'{reference.address} in {where}: the "each" object has only the attributes '
            "each.key and each.value.",
        )
    return None


def _count(reference: Reference) -> Problem | None:
    name = reference.address.removeprefix("count.")
    top = top_level_block(reference.block)
    if top.type == "provider" and "count" in top.body.attributes:
        return None  # core.provider-meta-argument reports the count itself
    where = _where(reference)
    if not (top.type in _ITERATED and "count" in top.body.attributes):
        context = (
            f"{block_address(top) or top.type} has no count argument"
            if top.type in _ITERATED
            else f"{_article(top.type)} {top.type} block never has count"
        )
        return Problem(
            "count",
            reference.address,
            'Reference to "count" in non-counted context',
            f'{reference.address} is used in {where}, but {context}: the "count" object '
            'exists only in resource, data and module blocks whose "count" is set.',
        )
    if name != "index":
        return Problem(
            "count",
            reference.address,
            'Invalid "count" attribute',
            f'{reference.address} in {where}: the "count" object has only the attribute '
            "count.index.",
        )
    return None


def _self(reference: Reference) -> Problem | None:
    path = (reference.attribute or "").split(".")
    top = top_level_block(reference.block)
    if top.type in ("resource", "data") and _SELF_CONTEXTS.intersection(path[:-1]):
        return None
    return Problem(
        "self",
        "self",
        'Invalid "self" reference',
        f'Invalid "self" reference in {_where(reference)}: the "self" object exists only in '
        "a resource's provisioner and connection blocks and in postconditions; elsewhere "
        "refer to the block by its address.",
    )


def _module_output(reference: Reference, configuration: Configuration) -> Problem | None:
    call = reference.target
    if not isinstance(call, Block) or call.type != "module" or not reference.remainder:
        return None
    child = configuration.callee(call)
    if child is None or not child.complete:
        return None
    output = reference.remainder[0]
    declared = sorted({b.labels[0] for b in child.outputs if b.labels})
    if output in declared:
        return None
    listed = ", ".join(declared) if declared else "none"
    return Problem(
        "output",
        f"{reference.address}.{output}",
        f"Reference to an output {reference.address} does not declare",
        f'Unsupported attribute: {reference.address} has no output "{output}" (used in '
        f"{_where(reference)}); the module in {child.directory}/ declares these outputs: "
        f"{listed}.",
    )


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _position(reference: Reference) -> tuple[str, int, int]:
    return (reference.range.file, reference.range.start_line, reference.range.start_column)
