"""## What it does
Fires when the response writes the same Terraform file more than once and a later copy
declares again blocks of an earlier one (a draft and then "the updated main.tf", a first
version inside a reasoning trace and the final answer, a snippet that replaces a
resource). The loader names the copies `main.tf`, `main_2.tf`, ...; `References` decides
which blocks a later copy supersedes. One finding per repeated file, at its last copy.
Medium when the copies disagree (a re-declared block changed), low when they only repeat
each other. Copies that declare different blocks (one file shown in parts) are not
versions, and are not reported.

## Why is this bad?
Which version is the answer? A reader who copies the blocks into files gets both versions
side by side, and terraform stops at the first re-declared block ("Duplicate resource
configuration", "Duplicate variable declaration"); a reader who picks one must guess
which, and the earlier draft may hold errors the later one fixed (or the reverse). Either
way the response is not a configuration one can deploy as written.

## Example
````markdown
### main.tf
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "logs-${var.suffix}"
}
```

Actually, bucket names must be globally unique; here is the updated main.tf:

### main.tf
```hcl
resource "aws_s3_bucket" "logs" {
  bucket_prefix = "logs-"
}
```
````

## Use instead
Give each file once, in its final form; explain changes in prose, not in a second copy.
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.references import References, family_of
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import Module, block_address
from tfjudge.parse.hcl.ast import Block
from tfjudge.patterns import lazy_pattern
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.source import Range, SourceFile

_SPACE = lazy_pattern(r"\s+")


@rule(
    "format.duplicate-versions",
    Severity.MEDIUM,
    Category.FORMAT,
    "Several versions of the same file",
    impact="It is ambiguous which version to deploy; taken together the copies do not validate.",
    fix="Give each file once, in its final form.",
)
def duplicate_versions(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    for module in ctx.configuration.modules.values():
        superseded = [b for b in module.blocks if references.is_superseded(b)]
        families: dict[str, list[SourceFile]] = {}
        for document in module.documents:
            families.setdefault(family_of(document.file.path), []).append(document.file)
        for family, copies in families.items():
            earlier = [b for b in superseded if any(b.file is c for c in copies)]
            if len(copies) > 1 and earlier:
                yield _finding(ctx, module, references, family, copies, earlier)


def _finding(
    ctx: RuleContext,
    module: Module,
    references: References,
    family: str,
    copies: list[SourceFile],
    earlier: list[Block],
) -> Finding:
    last = copies[-1]
    changed = [b for b in earlier if _changed(b, references, module)]
    changed += _unaddressed_changes(module, copies)
    lines = ", ".join(str(c.source_line) for c in copies if c.source_line is not None)
    addresses = list(dict.fromkeys(block_address(b) or b.type for b in earlier))
    more = f" and {len(addresses) - 4} more" if len(addresses) > 4 else ""
    redeclared = f"{len(addresses)} of the earlier blocks ({', '.join(addresses[:4])}{more})"
    if changed:
        verb = "block differs" if len(changed) == 1 else "blocks differ"
        how = f"{len(changed)} {verb} between the versions"
        severity = Severity.MEDIUM
    else:
        how = "the copies repeat each other"
        severity = Severity.LOW
    where = f" (response lines {lines})" if lines else ""
    return ctx.finding(
        f"The response writes {family} {len(copies)} times{where}: later copies declare "
        f"again {redeclared}, and {how}. Which version to deploy is ambiguous; put side by "
        "side as files, the copies do not validate (duplicate declarations).",
        Range(last.path, 1, 1, 1, 1),
        address=None,
        severity=severity,
        title=f"{family} is given in {len(copies)} versions",
        related=[f"{c.path}:1" for c in copies[:-1]],
    )


def _changed(block: Block, references: References, module: Module) -> bool:
    address = block_address(block)
    if address is None:
        return False
    current = references.declaration(module, address)
    if not isinstance(current, Block) or current is block:
        return False
    return _text(block) != _text(current)


def _unaddressed_changes(module: Module, copies: list[SourceFile]) -> list[Block]:
    """`terraform` and `locals` blocks of earlier copies that a later copy rewrote."""
    changed: list[Block] = []
    for index, copy in enumerate(copies[:-1]):
        later = copies[index + 1 :]
        for block in _blocks_in(module, [copy]):
            if block.type not in ("terraform", "locals"):
                continue
            rewritten = [b for b in _blocks_in(module, later) if b.type == block.type]
            if rewritten and all(_text(b) != _text(block) for b in rewritten):
                changed.append(block)
    return changed


def _blocks_in(module: Module, files: list[SourceFile]) -> list[Block]:
    return [b for b in module.blocks if any(b.file is f for f in files)]


def _text(block: Block) -> str:
    file = block.file
    if file is None:
        return ""
    lines = file.lines[block.range.start_line - 1 : block.range.end_line]
    return _SPACE.sub(" ", "\n".join(line.split("#", 1)[0] for line in lines)).strip()
