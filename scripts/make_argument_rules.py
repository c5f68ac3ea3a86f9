#!/usr/bin/env python3
"""Ask the AWS provider which arguments of a type exclude or need each other.

    python scripts/make_argument_rules.py [--version 5.100.0] [--types aws_instance,...]

The provider's schema JSON (`terraform providers schema -json`) does not carry its
`ConflictsWith`, `ExactlyOneOf` and `AtLeastOneOf` rules, nor the plugin framework's
validators of the same kind; `terraform validate` enforces them. So the provider is asked,
with `../shared/tools/tf-oracle validate`, over configurations written from each type's
schema (scripts/make_aws_schema.py's skeletons):

- "all": every settable argument of the type set, and every optional block with its own
  arguments, with literal values of their types: each conflict is reported ("x": conflicts
  with y; "only one of `a,b` can be specified"). Arguments reported as conflicting are then
  left out and the type validated again, so the conflicts they hid come out too.
- "none": only the required arguments; and "blocks": the optional blocks present with only
  their required content. A group of which one must be set is reported ("one of `a,b` must
  be specified").

Each type is validated in batches; a batch that runs too long is split. What the provider
says is recorded, not what its error texts imply: a pair is written only when terraform
reported it. Writes src/tfjudge/data/schema/aws/<version>/arguments.json with the source,
versions and command.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from make_aws_schema import OUT, PROVIDER, run_validate, terraform_version  # noqa: E402

from tfjudge.schema.model import BlockSchema  # noqa: E402
from tfjudge.schema.skeleton import Line, literal_value, skeleton  # noqa: E402
from tfjudge.schema.store import get_version  # noqa: E402

Key = tuple[str, str]  # ("resource" | "data", type name)
Span = tuple[Key, int, int]  # a type's block and its first and last line

# SDK v2 (helper/schema) and plugin framework (validators) texts; a framework path's index
# is `[0]`, and a path with any other step (`<`, a relative expression) is not read
CONFLICT = re.compile(r'^"([\w.]+)": conflicts with ([\w.]+)$')
ONLY_ONE = re.compile(r"only one of `([\w.,]+)` can be specified")
MUST_ONE = re.compile(r"one of `([\w.,]+)` must be specified")
FRAMEWORK_CONFLICT = re.compile(
    r'Attribute "((?:[\w.]|\[\d+\])+)" cannot be specified when "((?:[\w.]|\[\d+\])+)"'
)
FRAMEWORK_TOGETHER = re.compile(
    r"These attributes cannot be configured together: \[((?:[\w.,]|\[\d+\])+)\]"
)
FRAMEWORK_ONE = re.compile(
    r"(?:No attribute specified when one \(and only one\) of|At least one attribute out of|"
    r"At least one of these attributes must be configured:) \[((?:[\w.,]|\[\d+\])+)\]"
)
# resourcevalidator.ExactlyOneOf says the same of none and of several; its summary tells which
FRAMEWORK_EXACTLY = re.compile(
    r"Exactly one of these attributes must be configured: \[((?:[\w.,]|\[\d+\])+)\]"
)
FRAMEWORK_MANY = re.compile(
    r"\d+ attributes specified when one \(and only one\) of \[((?:[\w.,]|\[\d+\])+)\]"
)
INDEX = re.compile(r"\[\d+\]|\[\"[^\"]*\"\]|\.\d+(?=\.|$)")
BATCH = 100
TIMEOUT = 300  # seconds for one batch's validate; a slower batch is split
JOBS = 2


def argument_paths(schema: BlockSchema) -> list[tuple[str, ...]]:
    """Every settable optional argument, every optional block and its settable arguments."""
    paths: list[tuple[str, ...]] = [
        (name,) for name, a in schema.attributes.items() if a.settable and not a.required
    ]
    for name, nested in schema.blocks.items():
        paths.append((name,))
        paths += [(name, m) for m, a in nested.block.attributes.items() if a.settable]
    return paths


def block_lines(
    key: Key, label: str, schema: BlockSchema, mode: str, left_out: set[str]
) -> list[Line]:
    kind, name = key
    if mode == "all":
        extra = [p for p in argument_paths(schema) if ".".join(p) not in left_out]
        extra = [p for p in extra if p[0] not in left_out]  # a block in a conflict, whole
    elif mode == "blocks":
        extra = [(n,) for n, b in schema.blocks.items() if not b.min_items]
    else:
        extra = []
    return skeleton(f'{kind} "{name}" "{label}"', schema, extra, literal_value)


def validate(text: str) -> list[dict[str, Any]] | None:
    """terraform validate's diagnostics for one configuration; None when it ran too long."""
    with tempfile.TemporaryDirectory() as directory:
        (Path(directory) / "main.tf").write_text('variable "any" {}\n' + text)
        try:
            diagnostics: list[dict[str, Any]] = run_validate(Path(directory), timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return None
    return diagnostics


def run_batch(
    keys: list[Key], schemas: dict[Key, BlockSchema], mode: str, left_out: dict[Key, set[str]]
) -> Iterator[tuple[Key, str, str]]:
    """(type, summary, detail) of each error the provider reports, splitting slow batches."""
    lines: list[str] = []
    spans: list[Span] = []
    for key in keys:
        block = block_lines(key, f"r{len(spans)}", schemas[key], mode, left_out.get(key, set()))
        first = len(lines) + 2  # after the variable's line
        spans.append((key, first, first + len(block) - 1))
        lines += [line.text + "\n" for line in block]
    diagnostics = validate("".join(lines))
    if diagnostics is None:
        if len(keys) == 1:
            print(f"  skipped {keys[0]}: validate ran over {TIMEOUT} s", file=sys.stderr)
            return
        middle = len(keys) // 2
        yield from run_batch(keys[:middle], schemas, mode, left_out)
        yield from run_batch(keys[middle:], schemas, mode, left_out)
        return
    for diagnostic in diagnostics:
        line = diagnostic.get("range", {}).get("start", {}).get("line", 0)
        owner = next((k for k, first, last in spans if first <= line <= last), None)
        if owner is not None and diagnostic["severity"] == "error":
            yield owner, diagnostic["summary"], " ".join(diagnostic.get("detail", "").split())


def framework_path(text: str) -> str:
    """`launch_template.0.id` (the SDK's) or `launch_template[0].id` (the framework's) as
    `launch_template.id`: the argument inside the block, whichever of its elements. (A
    framework message that names a relative path, `api_id.<.api_arn`, is not read: it does
    not say whether the group holds the attribute itself.)"""
    return INDEX.sub("", text)


class Harvest:
    def __init__(self) -> None:
        self.conflicts: dict[Key, set[tuple[str, str]]] = {}
        self.groups: dict[Key, dict[tuple[str, ...], set[str]]] = {}
        self.unread: dict[str, tuple[int, str]] = {}  # summary: (count, an example)

    def read(self, key: Key, summary: str, detail: str) -> None:
        conflict = CONFLICT.match(detail) or FRAMEWORK_CONFLICT.search(detail)
        if conflict:
            pair = sorted(framework_path(g) for g in conflict.groups())
            self.conflicts.setdefault(key, set()).add((pair[0], pair[1]))
            return
        together = FRAMEWORK_TOGETHER.search(detail)
        if together:
            names = sorted({framework_path(n) for n in together.group(1).split(",")})
            for i, first in enumerate(names):
                for second in names[i + 1 :]:
                    self.conflicts.setdefault(key, set()).add((first, second))
            return
        exactly = FRAMEWORK_EXACTLY.search(detail)
        several = exactly if exactly and summary == "Invalid Attribute Combination" else None
        at_most = ONLY_ONE.search(detail) or FRAMEWORK_MANY.search(detail) or several
        at_least = MUST_ONE.search(detail) or FRAMEWORK_ONE.search(detail) or exactly
        found = at_most or at_least
        if found:
            group = tuple(sorted({framework_path(n) for n in found.group(1).split(",")}))
            flags = self.groups.setdefault(key, {}).setdefault(group, set())
            flags.add("at_most_one" if at_most else "at_least_one")
            return
        count, example = self.unread.get(summary, (0, f"{key[1]}: {detail}"))
        self.unread[summary] = (count + 1, example)

    def hidden_by(self, key: Key) -> set[str]:
        """Arguments reported in a conflict: left out to let the others speak next time."""
        return {name for pair in self.conflicts.get(key, set()) for name in pair}


def run_all(
    keys: list[Key], schemas: dict[Key, BlockSchema], mode: str, left_out: dict[Key, set[str]]
) -> list[tuple[Key, str, str]]:
    """The errors of every batch of `keys`, two validates at a time (one per core)."""
    batches = [keys[start : start + BATCH] for start in range(0, len(keys), BATCH)]
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        results = pool.map(lambda b: list(run_batch(b, schemas, mode, left_out)), batches)
        return [error for result in results for error in result]


def harvest(keys: list[Key], schemas: dict[Key, BlockSchema], rounds: int) -> Harvest:
    found = Harvest()
    for mode in ("none", "blocks"):
        for key, summary, detail in run_all(keys, schemas, mode, {}):
            found.read(key, summary, detail)
        print(f"{mode}: {sum(len(g) for g in found.groups.values())} groups", file=sys.stderr)
    pending = keys
    left_out: dict[Key, set[str]] = {}
    for number in range(rounds):
        before = {k: len(v) for k, v in found.conflicts.items()}
        for key, summary, detail in run_all(pending, schemas, "all", left_out):
            found.read(key, summary, detail)
        pending = [k for k in pending if len(found.conflicts.get(k, ())) > before.get(k, 0)]
        left_out = {k: found.hidden_by(k) for k in pending}
        total = sum(len(c) for c in found.conflicts.values())
        print(
            f"all, round {number + 1}: {total} conflicts; {len(pending)} types again",
            file=sys.stderr,
        )
        if not pending:
            break
    return found


def as_data(found: Harvest, keys: Iterable[Key]) -> dict[str, Any]:
    types: dict[str, Any] = {}
    for key in keys:
        entry: dict[str, Any] = {}
        if found.conflicts.get(key):
            entry["conflicts"] = sorted([list(pair) for pair in found.conflicts[key]])
        groups = found.groups.get(key, {})
        if groups:
            entry["one_of"] = [
                {"arguments": list(names), **dict.fromkeys(sorted(flags), True)}
                for names, flags in sorted(groups.items())
            ]
        if entry:
            types[f"{key[0]}.{key[1]}"] = entry
    return types


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", default="5.100.0", help="the schema (and provider) version")
    parser.add_argument("--types", help="only these types (comma-separated, for a trial run)")
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    schema = get_version(arguments.version)
    keys: list[Key] = [(kind, n) for kind in ("resource", "data") for n in schema.type_names(kind)]
    if arguments.types:
        wanted = set(arguments.types.split(","))
        keys = [k for k in keys if k[1] in wanted]
    schemas = {key: schema.schema(*key) for key in keys}
    found = harvest(keys, {k: s for k, s in schemas.items() if s is not None}, arguments.rounds)
    types = as_data(found, keys)
    data = {
        "provider": PROVIDER,
        "version": arguments.version,
        "source": (
            "terraform validate of configurations written from each type's schema, with the "
            "provider installed offline (../shared/tools/tf-oracle validate)"
        ),
        "terraform": terraform_version(),
        "command": "python scripts/make_argument_rules.py"
        + (f" --types {arguments.types}" if arguments.types else ""),
        "generated": datetime.date.today().isoformat(),
        "unread_errors": {
            summary: {"count": count, "example": example[:300]}
            for summary, (count, example) in sorted(found.unread.items(), key=lambda i: -i[1][0])
            if "combination" in summary.lower() or "missing" in summary.lower()
        },
        "types": types,
    }
    out = OUT / arguments.version / "arguments.json"
    out.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n")
    print(f"{out}: {len(types)} types with rules")


if __name__ == "__main__":
    main()
