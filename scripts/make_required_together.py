#!/usr/bin/env python3
"""Ask the AWS provider which arguments need each other (its `RequiredWith` rules).

    python scripts/make_required_together.py [--version 5.100.0]

scripts/make_argument_rules.py reads the provider's conflicts and one-of groups by setting
every argument of a type at once, or none: neither shows `RequiredWith`, which speaks only
when an argument is set without its partners (`aws_lambda_function`'s `s3_bucket` without
`s3_key`: "all of `s3_bucket,s3_key` must be specified"). So each settable optional
top-level argument of every type is set alone, in a block of its own written from the
type's schema (the skeletons of scripts/make_aws_schema.py), and `terraform validate`
(../shared/tools/tf-oracle) names the group it needs. The rule runs one way:
`rotation_period_in_days` needs `enable_key_rotation`, not the other way round, so each
group is kept with the argument that asked for it. Adds them to
src/tfjudge/data/schema/aws/<version>/arguments.json as `all_of` (`when`, `arguments`),
with the command recorded there.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from make_argument_rules import JOBS, Key, framework_path, validate  # noqa: E402
from make_aws_schema import OUT  # noqa: E402

from tfjudge.schema.skeleton import literal_value, skeleton  # noqa: E402
from tfjudge.schema.store import get_version  # noqa: E402

ALL_OF = re.compile(r"all of `([\w.,]+)` must be specified")
BATCH = 400  # blocks a validate run


def probes(version: str) -> list[tuple[Key, str]]:
    """(type, argument) for every settable optional top-level argument of every type."""
    schemas = get_version(version)
    found: list[tuple[Key, str]] = []
    for kind in ("resource", "data"):
        for name in schemas.type_names(kind):
            schema = schemas.schema(kind, name)
            if schema is None:
                continue
            found += [
                ((kind, name), argument)
                for argument, attribute in schema.attributes.items()
                if attribute.settable and not attribute.required
            ]
    return found


Requirement = tuple[Key, str, tuple[str, ...]]  # type, the argument set alone, its group


def run_batch(version: str, batch: list[tuple[Key, str]]) -> Iterator[Requirement]:
    """(type, argument, group) for each argument that, set alone, needs its group."""
    schemas = get_version(version)
    lines: list[str] = []
    spans: list[tuple[Key, str, int, int]] = []
    for index, (key, argument) in enumerate(batch):
        kind, name = key
        schema = schemas.schema(kind, name)
        assert schema is not None
        block = skeleton(f'{kind} "{name}" "p{index}"', schema, [(argument,)], literal_value)
        first = len(lines) + 2  # after the variable's line
        spans.append((key, argument, first, first + len(block) - 1))
        lines += [line.text + "\n" for line in block]
    diagnostics = validate("".join(lines))
    if diagnostics is None:  # too slow: halve it
        if len(batch) > 1:
            middle = len(batch) // 2
            yield from run_batch(version, batch[:middle])
            yield from run_batch(version, batch[middle:])
        return
    for diagnostic in diagnostics:
        found = ALL_OF.search(diagnostic.get("detail", ""))
        line = diagnostic.get("range", {}).get("start", {}).get("line", 0)
        owner = next((s for s in spans if s[2] <= line <= s[3]), None)
        if found and owner is not None:
            group = tuple(sorted({framework_path(n) for n in found.group(1).split(",")}))
            yield owner[0], owner[1], group


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", default="5.100.0")
    arguments = parser.parse_args()
    work = probes(arguments.version)
    batches = [work[start : start + BATCH] for start in range(0, len(work), BATCH)]
    groups: dict[Key, set[tuple[str, tuple[str, ...]]]] = {}
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        for result in pool.map(lambda b: list(run_batch(arguments.version, b)), batches):
            for key, argument, group in result:
                groups.setdefault(key, set()).add((argument, group))
    path = OUT / arguments.version / "arguments.json"
    document: dict[str, Any] = json.loads(path.read_text())
    types = document["types"]
    for entry in types.values():
        entry.pop("all_of", None)
    for (kind, name), found in sorted(groups.items()):
        types.setdefault(f"{kind}.{name}", {})["all_of"] = [
            {"when": argument, "arguments": list(group)} for argument, group in sorted(found)
        ]
    document["all_of_command"] = "python scripts/make_required_together.py"
    path.write_text(json.dumps(document, indent=1, sort_keys=False) + "\n")
    total = sum(len(g) for g in groups.values())
    print(f"{path.relative_to(ROOT)}: {total} groups of arguments set together, {len(work)} probed")


if __name__ == "__main__":
    main()
