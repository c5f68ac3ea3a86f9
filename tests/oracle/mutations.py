"""Mutations of valid configurations, each breaking one rule of the language.

Each takes a case terraform accepts and returns a copy with one defect that one core.*
rule is about: a dropped variable, a misspelt reference, `for_each` on a provider, an
attribute of a counted resource read without an index, a `depends_on` closing a cycle, a
duplicated block, a dynamic or undeclared provider reference, a shell placeholder `${x}` or
`each`/`count` in a string of a block without them. The edits are made on the
text (what a model does), located with the parsed model.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from tests.oracle.validate_harness import Case
from tfjudge.evaluate.references import References
from tfjudge.model.config import block_address
from tfjudge.parse.hcl.ast import Block, Literal

Mutation = Callable[[Case, random.Random, str], Case | None]


def _lines(case: Case, path: str) -> list[str]:
    return case.files[path].split("\n")


def _with(case: Case, name: str, path: str, lines: list[str]) -> Case:
    files = dict(case.files)
    files[path] = "\n".join(lines)
    return Case(name, files, case.root)


def _root_blocks(case: Case, kind: str) -> list[Block]:
    parsed = case.parsed()
    return [b for b in parsed.configuration.root.blocks if b.type == kind and b.file]


def _plain(block: Block) -> bool:
    attributes = block.body.attributes
    return not any(k in attributes for k in ("count", "for_each", "provider", "depends_on"))


def _insert_after_header(case: Case, name: str, block: Block, line: str) -> Case | None:
    if block.file is None or block.range.start_line == block.range.end_line:
        return None
    path = block.file.path
    lines = _lines(case, path)
    header = block.range.start_line - 1
    if not lines[header].rstrip().endswith("{"):
        return None
    lines.insert(header + 1, line)
    return _with(case, name, path, lines)


def drop_variable(case: Case, rng: random.Random, name: str) -> Case | None:
    parsed = case.parsed()
    references = References(parsed.configuration)
    root = parsed.configuration.root
    used = [
        b for b in root.variables if b.file and any(r.source is not b for r in references.to(b))
    ]
    if not used:
        return None
    block = rng.choice(used)
    assert block.file is not None
    lines = _lines(case, block.file.path)
    del lines[block.range.start_line - 1 : block.range.end_line]
    return _with(case, name, block.file.path, lines)


def _misspell(kind: str) -> Mutation:
    def mutate(case: Case, rng: random.Random, name: str) -> Case | None:
        parsed = case.parsed()
        references = References(parsed.configuration)
        root = parsed.configuration.root
        candidates = [
            r
            for r in references.references
            if r.kind == kind
            and r.module is root
            and r.target is not None
            and r.range.start_line == r.range.end_line
            and r.block.type != "variable"
        ]
        if not candidates:
            return None
        reference = rng.choice(candidates)
        path = reference.range.file
        lines = _lines(case, path)
        index = reference.range.start_line - 1
        end = reference.range.end_column - 1
        text = lines[index]
        lines[index] = text[:end] + "_typo" + text[end:]
        return _with(case, name, path, lines)

    return mutate


def provider_for_each(case: Case, rng: random.Random, name: str) -> Case | None:
    providers = [b for b in _root_blocks(case, "provider") if "for_each" not in b.body.attributes]
    if not providers:
        return None
    return _insert_after_header(case, name, rng.choice(providers), '  for_each = toset(["a"])')


def _referenced_resources(case: Case) -> list[tuple[Block, References]]:
    parsed = case.parsed()
    references = References(parsed.configuration)
    root = parsed.configuration.root
    found = []
    for block in root.resources:
        if not _plain(block) or block.file is None:
            continue
        uses = [
            r
            for r in references.to(block)
            if r.remainder and not r.indexed and r.kind == "resource" and r.module is root
        ]
        if uses:
            found.append((block, references))
    return found


def add_count(case: Case, rng: random.Random, name: str) -> Case | None:
    candidates = _referenced_resources(case)
    if not candidates:
        return None
    block, _ = rng.choice(candidates)
    return _insert_after_header(case, name, block, "  count = 1")


def add_cycle(case: Case, rng: random.Random, name: str) -> Case | None:
    parsed = case.parsed()
    references = References(parsed.configuration)
    root = parsed.configuration.root
    pairs = []
    for reference in references.references:
        target = reference.target
        source = reference.block
        if (
            reference.module is root
            and reference.local is None
            and isinstance(target, Block)
            and target.type == "resource"
            and source.type == "resource"
            and target is not source
            and _plain(target)
            and "count" not in source.body.attributes
            and "for_each" not in source.body.attributes
        ):
            pairs.append((source, target))
    if not pairs:
        return None
    source, target = rng.choice(pairs)
    return _insert_after_header(case, name, target, f"  depends_on = [{block_address(source)}]")


def duplicate_block(case: Case, rng: random.Random, name: str) -> Case | None:
    blocks = [b for kind in ("variable", "output") for b in _root_blocks(case, kind)]
    if not blocks:
        return None
    block = rng.choice(blocks)
    assert block.file is not None
    path = block.file.path
    lines = _lines(case, path)
    copy = lines[block.range.start_line - 1 : block.range.end_line]
    return _with(case, name, path, [*lines, "", *copy, ""])


def _provider_argument(value: str) -> Mutation:
    def mutate(case: Case, rng: random.Random, name: str) -> Case | None:
        resources = [
            b
            for b in _root_blocks(case, "resource")
            if _plain(b) and b.labels[0].startswith("aws_")
        ]
        if not resources:
            return None
        return _insert_after_header(case, name, rng.choice(resources), f"  provider = {value}")

    return mutate


def _interpolate(inserted: str, plain_only: bool) -> Mutation:
    """`${...}` added inside a one-line quoted string of a root resource or output (not
    an output's description, which terraform requires to be a literal)."""

    def mutate(case: Case, rng: random.Random, name: str) -> Case | None:
        candidates = []
        for kind in ("resource", "output"):
            for block in _root_blocks(case, kind):
                if plain_only and not _plain(block):
                    continue
                for attribute in block.body.attributes.values():
                    expr = attribute.expr
                    if (
                        isinstance(expr, Literal)
                        and isinstance(expr.value, str)
                        and not expr.heredoc
                        and expr.range.start_line == expr.range.end_line
                        and "$" not in expr.value
                        and "%" not in expr.value
                        and attribute.name not in ("provider", "depends_on")
                        and not (kind == "output" and attribute.name == "description")
                    ):
                        candidates.append((block, expr))
        if not candidates:
            return None
        block, expr = rng.choice(candidates)
        assert block.file is not None
        path = block.file.path
        lines = _lines(case, path)
        index = expr.range.start_line - 1
        quote = expr.range.end_column - 2
        text = lines[index]
        if text[quote : quote + 1] != '"':
            return None
        lines[index] = text[:quote] + "-${" + inserted + "}" + text[quote:]
        return _with(case, name, path, lines)

    return mutate


MUTATIONS: dict[str, tuple[Mutation, str]] = {
    "drop-variable": (drop_variable, "core.undeclared-variable"),
    "misspell-resource": (_misspell("resource"), "core.undeclared-resource"),
    "misspell-data": (_misspell("data"), "core.undeclared-resource"),
    "misspell-local": (_misspell("local"), "core.undeclared-local"),
    "misspell-variable": (_misspell("variable"), "core.undeclared-variable"),
    "provider-for-each": (provider_for_each, "core.provider-meta-argument"),
    "missing-instance-key": (add_count, "core.missing-instance-key"),
    "cycle": (add_cycle, "core.dependency-cycle"),
    "duplicate": (duplicate_block, "core.duplicate-declaration"),
    "dynamic-provider": (_provider_argument("aws[0]"), "core.dynamic-provider-reference"),
    "undeclared-alias": (_provider_argument("aws.nowhere"), "core.undeclared-provider-alias"),
    "shell-placeholder": (_interpolate("environment", False), "core.invalid-reference"),
    "each-without-for-each": (_interpolate("each.key", True), "core.invalid-reference"),
    "count-without-count": (_interpolate("count.index", True), "core.invalid-reference"),
}
