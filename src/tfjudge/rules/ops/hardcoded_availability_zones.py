"""## What it does
Fires once per module whose arguments, local values, variable defaults or tfvars values
name availability zones by hand instead of reading them from
`data "aws_availability_zones"` (at the first place, the others listed):

- a zone built by appending a letter to a region, `"${var.region}a"` (the interpolated
  reference names a region: `var.*region*`, `local.*region*`, `data.aws_region.*`);
- a literal zone name such as `"us-east-1a"` (a region name followed by one letter).

Not judged: a `description`, the zones a `data "aws_availability_zones"` filters or
excludes, and a literal zone name the prompt itself writes (the task asked for it).

## Why is this bad?
Zone letters are not the same everywhere: some regions have no `c` or `d` zone for some
accounts (us-west-1 offers two of its letters to each account), a letter maps to a
different physical zone in each account, and new accounts may not get every zone. A
subnet in a zone that does not exist fails at apply ("InvalidParameterValue: Value
(us-west-1c) for parameter availabilityZone is invalid"), and a configuration written for
one region cannot be moved to another by changing the region variable. See "Availability
Zones" in the AWS Regions and Zones guide and the `aws_availability_zones` data source.

## Example
```hcl
locals {
  azs = ["${var.region}a", "${var.region}b", "${var.region}c"]
}
```

## Use instead
```hcl
data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 3)
}
```
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from tfjudge.evaluate import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import Module, block_address
from tfjudge.parse.hcl.ast import Attribute, Block, Expr, GetAttr, Literal, Template, Traversal
from tfjudge.patterns import lazy_pattern
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.source import SourceFile

# a region name (us-east-1, eu-central-2, us-gov-west-1, ap-southeast-4) and a zone letter
_ZONE = lazy_pattern(r"^(?:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2})[a-z]$")
_LETTER = lazy_pattern(r"^[a-z](?![a-z0-9])")
# what a file's text shows where one of its values is a zone: the end of a zone name
# (`-1a"`), a zone letter after an interpolation (`${var.region}a`), or an escape
# (`\u0061`) that could spell either
_ZONE_TEXT = lazy_pattern(r"-\d\d?[a-z](?![a-z0-9])|\}[a-z](?![a-z0-9])|\\[uU]")


@rule(
    "ops.hardcoded-availability-zones",
    Severity.LOW,
    Category.RELIABILITY,
    "Availability zones written by hand",
    impact="Apply fails in a region or account without those zone letters; the "
    "configuration cannot move to another region.",
    fix='Read the zones from data "aws_availability_zones" (state = "available").',
)
def hardcoded_availability_zones(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    prompt_text = getattr(ctx.prompt, "text", None)
    asked = prompt_text if isinstance(prompt_text, str) else ""
    for module in ctx.configuration.modules.values():
        places = [
            (block, attribute, zones)
            for block, attribute in _attributes(module, references, asked)
            if (zones := _zones(attribute.expr.walk(), asked))
        ]
        if places:
            yield _finding(ctx, places)


def _attributes(
    module: Module, references: References, asked: str
) -> Iterator[tuple[Block | None, Attribute]]:
    files: dict[int, bool] = {}
    for top in module.blocks:
        if references.is_superseded(top) or not _may_hold_zones(top.file, files):
            continue
        if top.type == "data" and top.labels[:1] == ("aws_availability_zones",):
            continue
        if not _zones(top.expressions(), asked):
            continue  # the common case, decided on the block's (shared) list of expressions
        for attribute in top.attributes_deep():
            if attribute.name != "description":
                yield top, attribute
    for document in module.tfvars:
        for attribute in document.body.attributes.values():
            yield None, attribute


def _may_hold_zones(file: SourceFile | None, known: dict[int, bool]) -> bool:
    """Whether the file's text can hold a zone: in most answers none can, and its blocks'
    expressions need no walk."""
    if file is None:
        return True
    found = known.get(id(file))
    if found is None:
        found = known[id(file)] = _ZONE_TEXT.search(file.text) is not None
    return found


def _zones(nodes: Iterable[Expr], asked: str) -> list[str]:
    found: list[str] = []
    for node in nodes:
        if type(node) is Literal:  # exact types (no subclass of either): cheaper tests
            value = node.value
            # `_ZONE` needs a digit before the last character (or a last newline, which
            # its `$` passes over): tested first, without a regex call
            if (
                isinstance(value, str)
                and (value[-2:-1].isdigit() or value[-1:] == "\n")
                and _ZONE.match(value)
                and value not in asked
            ):
                found.append(value)
        elif type(node) is Template:
            found.extend(_appended(node))
    return found


def _appended(template: Template) -> list[str]:
    """`"${var.region}a"` gives ["${var.region}a"]."""
    found = []
    parts = template.parts
    for before, after in itertools.pairwise(parts):
        if isinstance(before, Traversal) and isinstance(after, str) and _is_region(before):
            match = _LETTER.match(after)
            if match:
                found.append(f"${{{_dotted(before)}}}{match.group(0)}")
    return found


def _is_region(traversal: Traversal) -> bool:
    names = traversal.attr_names
    if traversal.root in ("var", "local") and names:
        return "region" in names[0].lower()
    return traversal.root == "data" and names[:1] == ["aws_region"]


def _dotted(traversal: Traversal) -> str:
    steps = [step.name for step in traversal.steps if isinstance(step, GetAttr)]
    return ".".join([traversal.root, *steps])


def _finding(ctx: RuleContext, places: list[tuple[Block | None, Attribute, list[str]]]) -> Finding:
    block, attribute, _ = places[0]
    zones = [zone for _, _, found in places for zone in found]
    shown = ", ".join(f'"{zone}"' for zone in list(dict.fromkeys(zones))[:6])
    owners = ", ".join(dict.fromkeys(_owner(b, a) for b, a, _ in places[:4]))
    more = f" and {len(places) - 4} more" if len(places) > 4 else ""
    local = block is not None and block.type == "locals"
    verb = "names" if len(places) == 1 else "name"
    # a zone built from the region variable follows it; a literal zone name does not
    literal = any(not zone.startswith("${") for zone in zones)
    region = ", and the zones do not follow the region" if literal else ""
    return ctx.finding(
        f"{owners}{more} {verb} availability zones by hand ({shown}): apply fails where a "
        f"zone letter does not exist for the account or region{region}. Read them from "
        'data "aws_availability_zones".',
        attribute,
        block=block,
        address=f"local.{attribute.name}" if local else None,
        attribute=attribute.name,
        related=[f"{a.range.file}:{a.range.start_line}" for _, a, _ in places[1:]],
    )


def _owner(block: Block | None, attribute: Attribute) -> str:
    if block is None:
        return f"the tfvars value {attribute.name}"
    if block.type == "locals":
        return f"local.{attribute.name}"
    address = block_address(block) or block.type
    return (
        f"the default of {address}" if block.type == "variable" else f"{address}.{attribute.name}"
    )
