#!/usr/bin/env python3
"""Compare two compact schema folders: how far a schema read from an npm package agrees
with one made from the real provider.

    python scripts/compare_schemas.py REFERENCE_DIR OTHER_DIR [--show N]

Each folder is a `<version>/` folder as `scripts/make_aws_schema.py` writes it. Compared:
the resource and data source types; per type in both, every attribute at every depth
(present, settable or read-only, required, type) and every nested block (present,
nesting, required, at most one). Differences are printed by kind, with examples.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tfjudge.schema.model import BlockSchema  # noqa: E402
from tfjudge.schema.store import SchemaVersion  # noqa: E402


@dataclass
class Tally:
    compared: Counter[str] = field(default_factory=Counter)
    differences: dict[str, list[str]] = field(default_factory=dict)

    def check(self, what: str, same: bool, example: str) -> None:
        self.compared[what] += 1
        if not same:
            self.differences.setdefault(what, []).append(example)


def loose(kind: Any) -> Any:
    """A type with list and set made one (the npm package cannot always tell them apart)."""
    if isinstance(kind, list):
        head = "list" if kind[0] in ("list", "set") else kind[0]
        if head == "object":
            return ["object", {n: loose(t) for n, t in kind[1].items()}]
        return [head, loose(kind[1])]
    return kind


def _side(path: str, left: object) -> str:
    return f"{path} (only in the {'reference' if left is not None else 'other'})"


def compare_blocks(a: BlockSchema, b: BlockSchema, where: str, tally: Tally) -> None:
    for name in sorted(set(a.attributes) | set(b.attributes)):
        left, right = a.attributes.get(name), b.attributes.get(name)
        path = f"{where}.{name}"
        tally.check("attribute present", left is not None and right is not None, _side(path, left))
        if left is None or right is None:
            continue
        tally.check("attribute settable", left.settable == right.settable, path)
        if left.settable and right.settable:
            tally.check("attribute required", left.required == right.required, path)
            tally.check(
                "attribute type (list = set)",
                loose(left.type) == loose(right.type),
                f"{path}: {left.type} / {right.type}",
            )
            tally.check(
                "attribute type (exact)",
                left.type == right.type,
                f"{path}: {left.type} / {right.type}",
            )
    for name in sorted(set(a.blocks) | set(b.blocks)):
        left, right = a.blocks.get(name), b.blocks.get(name)
        path = f"{where}.{name}"
        tally.check("block present", left is not None and right is not None, _side(path, left))
        if left is None or right is None:
            continue
        tally.check(
            "block required",
            bool(left.min_items) == bool(right.min_items),
            f"{path}: min {left.min_items} / {right.min_items}",
        )
        tally.check(
            "block at most one",
            (left.max_items == 1) == (right.max_items == 1),
            f"{path}: max {left.max_items} / {right.max_items}",
        )
        same_nesting = left.nesting == right.nesting or (
            {left.nesting, right.nesting} <= {"list", "single"}
            and left.max_items == right.max_items == 1
        )
        tally.check("block nesting", same_nesting, f"{path}: {left.nesting} / {right.nesting}")
        if left.block.open or right.block.open:
            tally.check("block content described", False, path)
            continue
        tally.check("block content described", True, path)
        compare_blocks(left.block, right.block, path, tally)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", type=Path)
    parser.add_argument("other", type=Path)
    parser.add_argument("--show", type=int, default=8, help="examples per kind of difference")
    arguments = parser.parse_args()
    a = SchemaVersion("aws", arguments.reference.name, arguments.reference)
    b = SchemaVersion("aws", arguments.other.name, arguments.other)
    tally = Tally()
    for kind in ("resource", "data"):
        names_a, names_b = set(a.type_names(kind)), set(b.type_names(kind))
        for name in sorted(names_a | names_b):
            tally.check(
                f"{kind} type present",
                name in names_a and name in names_b,
                f"{name} (only in the {'reference' if name in names_a else 'other'})",
            )
            if name in names_a and name in names_b:
                left, right = a.schema(kind, name), b.schema(kind, name)
                assert left is not None and right is not None
                compare_blocks(left, right, name if kind == "resource" else f"data.{name}", tally)
    compare_blocks(a.provider_config(), b.provider_config(), "provider", tally)
    print(f"{a.version} ({arguments.reference}) against {b.version} ({arguments.other})")
    for what, total in tally.compared.items():
        differing = len(tally.differences.get(what, []))
        share = 100 * (total - differing) / total if total else 100
        print(f"  {what:28} {total - differing:6}/{total:<6} agree ({share:.2f} %)")
    for what, examples in tally.differences.items():
        print(f"\n{what}: {len(examples)} differences")
        for example in examples[: arguments.show]:
            print(f"    {example}")


if __name__ == "__main__":
    main()
