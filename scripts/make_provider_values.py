#!/usr/bin/env python3
"""Ask the AWS provider which values it accepts for the arguments whose values AWS
enumerates.

    python scripts/make_provider_values.py [--version 5.100.0]

src/tfjudge/data/aws/constraints.json holds the values AWS's own API models accept
(botocore). The provider checks many of the same arguments at `terraform validate`
against the list of the AWS SDK it was built with, which is older: provider 5.100.0 knows
no `nodejs24.x` runtime, so an answer pinned to `~> 5.0` that asks for it fails validate.
The provider's schema JSON does not carry those lists, so the provider is asked: every
enumerated argument of constraints.json is set to a value no list holds, in one
configuration (each in its own block, written from the type's schema by
scripts/make_aws_schema.py's skeletons), and `terraform validate` (through
../shared/tools/tf-oracle) names the values it expected ("expected runtime to be one of
[...]", or the plugin framework's "value must be one of: [...]"). An argument the provider
does not check gets no entry: anything passes validate there.

Writes src/tfjudge/data/schema/aws/<version>/values.json with the source, versions and
command.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from make_aws_schema import OUT, PROVIDER, run_validate, terraform_version  # noqa: E402

from tfjudge.schema.model import AttributeSchema, BlockSchema  # noqa: E402
from tfjudge.schema.skeleton import Line, skeleton  # noqa: E402
from tfjudge.schema.store import get_version  # noqa: E402

CONSTRAINTS = ROOT / "src" / "tfjudge" / "data" / "aws" / "constraints.json"
PROBE = "tfjudge-probe"
# SDK v2's StringInSlice and the framework's OneOf validators list quoted values; the
# framework's enum type lists them bare ("Valid Values: [GLACIER STANDARD_IA ]")
ONE_OF = re.compile(r"(?:to be one of|value must be one of:)\s*\[(?P<values>[^\]]*)\]")
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
VALID_VALUES = re.compile(r"Valid Values:\s*\[(?P<values>[^\]]*)\]")


def enumerated_arguments() -> list[tuple[str, str]]:
    """(resource type, argument path) of every enumeration in constraints.json."""
    table = json.loads(CONSTRAINTS.read_text())["constraints"]
    return sorted(
        (kind, argument)
        for kind, arguments in table.items()
        for argument, facets in arguments.items()
        if facets.get("enum")
    )


def probe_value(attribute: AttributeSchema) -> str | None:
    """A value of the attribute's type that no enumeration holds (None: not a string)."""
    kind = attribute.type
    if kind == "string":
        return f'"{PROBE}"'
    if isinstance(kind, list) and kind[0] in ("list", "set") and kind[1] == "string":
        return f'["{PROBE}"]'
    return None


def attribute_at(schema: BlockSchema, path: tuple[str, ...]) -> AttributeSchema | None:
    for name in path[:-1]:
        nested = schema.blocks.get(name)
        if nested is None:
            return None
        schema = nested.block
    return schema.attributes.get(path[-1])


Probe = tuple[int, int, str, str]  # the block's first and last line, type, argument


def probe_configuration(version: str) -> tuple[str, list[Probe]]:
    """The configuration, and where each (type, argument) is probed."""
    schemas = get_version(version)
    text = ['variable "any" {}\n']
    probes: list[Probe] = []
    line_number = 1
    for index, (kind, argument) in enumerate(enumerated_arguments()):
        schema = schemas.resource(kind)
        path = tuple(argument.split("."))
        attribute = attribute_at(schema, path) if schema is not None else None
        value = probe_value(attribute) if attribute is not None else None
        if schema is None or value is None:
            continue
        lines = skeleton(f'resource "{kind}" "probe_{index}"', schema, extra=[path])
        first = line_number + 1
        for line in lines:
            line_number += 1
            if line.path == path:
                line = Line(f"{line.text.split('=', 1)[0]}= {value}", line.path)
            text.append(line.text + "\n")
        probes.append((first, line_number, kind, argument))
    return "".join(text), probes


def listed_values(message: str) -> list[str] | None:
    quoted = ONE_OF.search(message)
    if quoted is not None:
        return sorted({json.loads(f'"{v}"') for v in QUOTED.findall(quoted.group("values"))})
    bare = VALID_VALUES.search(message)
    return sorted(set(bare.group("values").split())) if bare is not None else None


def probe_of(diagnostic: dict[str, Any], message: str, probes: list[Probe]) -> Probe | None:
    """The probe whose block holds the diagnostic and whose argument it names."""
    start = (diagnostic.get("range") or {}).get("start", {}).get("line")
    if not isinstance(start, int):
        return None
    for probe in probes:
        first, last, _, argument = probe
        name = argument.rsplit(".", 1)[-1]
        named = re.search(
            rf"expected (?:\w+\.\d+\.)*{name}(?:\.\d+)? to be|(?:Path:|Attribute) \S*\b{name}\b",
            message,
        )
        if first <= start <= last and named:
            return probe
    return None


def accepted_values(version: str) -> tuple[dict[str, dict[str, list[str]]], list[str]]:
    text, probes = probe_configuration(version)
    with tempfile.TemporaryDirectory() as directory:
        (Path(directory) / "main.tf").write_text(text)
        diagnostics = run_validate(Path(directory))
    found: dict[str, dict[str, list[str]]] = {}
    unread: set[str] = set()
    for diagnostic in diagnostics:
        message = f"{diagnostic.get('summary', '')} {diagnostic.get('detail', '')}"
        values = listed_values(message)
        probe = probe_of(diagnostic, message, probes) if values is not None else None
        if probe is None or values is None:
            unread.add(diagnostic.get("summary", ""))
            continue
        _, _, kind, argument = probe
        found.setdefault(kind, {})[argument] = values
    return found, sorted(unread)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", default="5.100.0")
    arguments = parser.parse_args()
    values, unread = accepted_values(arguments.version)
    document: dict[str, Any] = {
        "provider": PROVIDER,
        "version": arguments.version,
        "source": "terraform validate of each enumerated argument of data/aws/constraints.json "
        "set to a value no list holds, with the provider installed offline "
        "(../shared/tools/tf-oracle validate): the values the provider's validators name",
        "terraform": terraform_version(),
        "command": "python scripts/make_provider_values.py",
        "generated": datetime.date.today().isoformat(),
        "unread_errors": unread,
        "types": values,
    }
    out = OUT / arguments.version / "values.json"
    out.write_text(json.dumps(document, indent=1, sort_keys=False) + "\n")
    checked = sum(len(a) for a in values.values())
    print(f"{out.relative_to(ROOT)}: {checked} arguments the provider checks against a list")


if __name__ == "__main__":
    main()
