"""## What it does
Fires for each container image that is tagged `:latest` or has no tag (which Docker and
ECS read as `:latest`): the `image` of a container in an `aws_ecs_task_definition`'s
`container_definitions` (jsonencode or JSON) and an `aws_lambda_function`'s `image_uri`,
as the configuration evaluates them (the caller's argument, `terraform.tfvars`, the
variable's default). When the image comes from a variable, the finding stands at the first
place the tag is written (the variable's default, else a tfvars value), the others listed.
An image pinned by digest (`@sha256:...`) or with any other tag, or known only at apply,
is not judged.

## Why is this bad?
`:latest` is whatever was pushed last: two tasks of one service can run different code, a
redeploy or a scaling event silently picks up a new (possibly broken) image, and a
rollback to "the previous task definition" brings back the same moving tag. See "Image
tags" in the Amazon ECS best practices guide and the `image` parameter of "Task definition
parameters" (an image without a tag means `latest`).

## Example
```hcl
variable "container_image" {
  type    = string
  default = "nginx:latest"
}
```

## Use instead
```hcl
variable "container_image" {
  type    = string
  default = "nginx:1.27.3"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from tfjudge.evaluate import Evaluator, PartialString, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import LocalValue, Module
from tfjudge.parse.hcl.ast import (
    Attribute,
    Block,
    Expr,
    FunctionCall,
    ObjectExpr,
    Traversal,
    TupleExpr,
    literal_text,
)
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


class _Source(NamedTuple):
    """A place an image string is written: a variable default or a tfvars value."""

    attribute: Attribute
    block: Block | None  # the variable block (its address), None for a tfvars value
    name: str  # var.<name>
    image: str


@rule(
    "ops.container-image-latest",
    Severity.LOW,
    Category.RELIABILITY,
    "Container image tagged latest or untagged",
    impact="Each deployment or scaling event may run a different image; rollbacks do not "
    "roll back the code.",
    fix="Pin the image to a version tag or a digest (image@sha256:...).",
    applies_to=("aws_ecs_task_definition", "aws_lambda_function"),
)
def container_image_latest(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    evaluator = ctx.get(Evaluator)
    for block in ctx.configuration.all_resources():
        if references.is_superseded(block):
            continue
        for attribute, where, images, exprs in _sites(evaluator, block):
            bad = sorted({image for image in images if _moving_tag(image)})
            if not bad:
                continue
            sources = [
                source
                for expr in exprs
                for source in _sources(ctx, references, expr, set())
                if _moving_tag(source.image)
            ]
            yield _finding(ctx, block, attribute, where, bad[0], sources)


def _sites(
    evaluator: Evaluator, block: Block
) -> Iterator[tuple[Attribute, Expr, list[str], list[Expr]]]:
    """(attribute, where, evaluated images, image expressions) of a task definition or
    function: one site per image."""
    kind = block.labels[0] if block.labels else ""
    if kind == "aws_lambda_function":
        attribute = block.body.attributes.get("image_uri")
        if attribute is not None:
            values = [v for _, v in evaluator.attribute_values(block, "image_uri")]
            yield attribute, attribute.expr, [_text(v) for v in values], [attribute.expr]
    elif kind == "aws_ecs_task_definition":
        attribute = block.body.attributes.get("container_definitions")
        if attribute is None:
            return
        exprs = _image_exprs(attribute.expr)
        instances = evaluator.instances(block)
        for expr in exprs:  # jsonencode([{ image = ... }]): each image on its own
            values = [evaluator.evaluate(expr, instance) for instance in instances]
            yield attribute, expr, [_text(v) for v in values], [expr]
        if exprs:
            return
        images: list[str] = []
        for instance in instances:
            document = evaluator.document(attribute.expr, instance)
            if isinstance(document, list):
                images.extend(_text(c.get("image")) for c in document if isinstance(c, dict))
        yield attribute, attribute.expr, images, []


def _image_exprs(expr: Expr) -> list[Expr]:
    """The `image = ...` expressions of `jsonencode([{...}, ...])`."""
    if not (isinstance(expr, FunctionCall) and expr.name == "jsonencode" and expr.args):
        return []
    containers = expr.args[0]
    if not isinstance(containers, TupleExpr):
        return []
    found = []
    for container in containers.items:
        if isinstance(container, ObjectExpr):
            image = container.get("image")
            if image is not None:
                found.append(image)
    return found


def _sources(ctx: RuleContext, references: References, expr: Expr, seen: set[int]) -> list[_Source]:
    """Where the literal images a bare `var.x` / `local.x` takes are written, in order:
    the variable's default, its module's tfvars, then the callers' arguments."""
    if not isinstance(expr, Traversal) or id(expr) in seen:
        return []
    seen.add(id(expr))
    found: list[_Source] = []
    for reference in references.in_expr(expr):
        target = reference.target
        if isinstance(target, LocalValue):
            found.extend(_sources(ctx, references, target.expr, seen))
        elif isinstance(target, Block) and target.type == "variable" and target.labels:
            found.extend(_variable_sources(ctx, references, reference.module, target, seen))
    return found


def _variable_sources(
    ctx: RuleContext, references: References, module: Module, variable: Block, seen: set[int]
) -> list[_Source]:
    name = variable.labels[0]
    found: list[_Source] = []
    default = variable.body.attributes.get("default")
    image = literal_text(default.expr) if default is not None else None
    if default is not None and image is not None:
        found.append(_Source(default, variable, name, image))
    for document in module.tfvars:
        value = document.body.attributes.get(name)
        image = literal_text(value.expr) if value is not None else None
        if value is not None and image is not None:
            found.append(_Source(value, None, name, image))
    for _, argument in module.arguments(name):
        found.extend(_sources(ctx, references, argument.expr, seen))
    return found


def _finding(
    ctx: RuleContext,
    block: Block,
    attribute: Attribute,
    where: Expr,
    image: str,
    sources: list[_Source],
) -> Finding:
    what = "has no tag (so :latest)" if _moving_tag(image) == "untagged" else "is tagged :latest"
    address = f"{block.labels[0]}.{block.labels[1]}" if len(block.labels) > 1 else block.type
    if not sources:
        return ctx.finding(
            f'The container image "{image}" of {address} {what}: every deployment may pull '
            "a different image.",
            where,
            block=block,
            attribute=attribute.name,
        )
    first, rest = sources[0], sources[1:]
    written = "default" if first.block is not None else "tfvars value"
    return ctx.finding(
        f'The container image "{first.image}" ({written} of var.{first.name}, used by '
        f"{address}) {what}: every deployment may pull a different image.",
        first.attribute,
        address=f"var.{first.name}",
        block=first.block,
        attribute=first.attribute.name,
        related=[
            f"{s.attribute.range.file}:{s.attribute.range.start_line}"
            for s in rest
            if s.attribute.range.file
        ],
    )


def _moving_tag(image: str) -> str | None:
    """ "latest", "untagged" or None (a version tag, a digest, or not known enough)."""
    image = image.strip()
    if image.endswith(":latest") and "@" not in image:
        return "latest"
    if not image or "@" in image or "${" in image or " " in image:
        return None
    last = image.rsplit("/", 1)[-1]
    if ":" in last:
        return "latest" if last.split(":", 1)[1] == "latest" else None
    return "untagged"


def _text(value: object) -> str:
    """The image as text: a known string, or a partial one whose ending settles the tag
    (`"${aws_ecr_repository.app.repository_url}:latest"`); else ""."""
    if isinstance(value, str):
        return value
    last = value.parts[-1] if isinstance(value, PartialString) else None
    if isinstance(value, PartialString) and isinstance(last, str) and last.endswith(":latest"):
        return value.render("${…}")
    return ""
