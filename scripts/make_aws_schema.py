#!/usr/bin/env python3
"""Make tfjudge's compact AWS provider schema from the real provider.

    python scripts/make_aws_schema.py                      # runs ../shared/tools/tf-oracle
    python scripts/make_aws_schema.py --schema-json FILE   # a saved `providers schema -json`

Source: `terraform providers schema -json` of hashicorp/aws, through
`../shared/tools/tf-oracle schema` (the provider installed offline on the build machine).
The schema JSON marks attributes and blocks deprecated but carries no message, so the
script then asks the provider itself: it writes one small configuration per deprecated
settable attribute, block and type (from their required arguments), runs `terraform
validate` once over all of them, and keeps each warning's text as the deprecation message.

Newer (plugin framework) resources declare some required blocks with a validator instead
of `min_items`; the script finds them the same way (the skeleton of every type, validated,
"Block X must have a configuration value") and records them as min_items 1.

Writes `src/tfjudge/data/schema/aws/<version>/`: `index.json` (offset and length of each
type in the pack), `types.pack` (each type's compact schema, zlib-compressed, then the
large nested blocks stored once; the form is described in `tfjudge.schema.model`) and
`meta.json` (source, version, command, counts).
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from tfjudge.schema.model import BlockSchema, decode_block  # noqa: E402
from tfjudge.schema.skeleton import Line, literal_value, skeleton  # noqa: E402

# ../shared next to the checkout (or next to the folder of worktrees it sits in)
ORACLE = next(
    (d / "shared" / "tools" / "tf-oracle" for d in ROOT.parents if (d / "shared").is_dir()),
    ROOT.parent / "shared" / "tools" / "tf-oracle",
)
OUT = ROOT / "src" / "tfjudge" / "data" / "schema" / "aws"
PROVIDER = "registry.terraform.io/hashicorp/aws"
FLAGS = (
    ("r", "required"),
    ("o", "optional"),
    ("c", "computed"),
    ("s", "sensitive"),
    ("w", "write_only"),
    ("d", "deprecated"),
)
Key = tuple[str, str]  # (kind, type name); kind is "resource", "data" or "provider"
ItemPath = tuple[str, ...]


# -- compact form ---------------------------------------------------------------------------


def nested_type(spec: dict[str, Any]) -> Any:
    """The cty type of a framework nested attribute (`nested_type`)."""
    members = {name: attribute_type(a) for name, a in spec["attributes"].items()}
    obj = ["object", members]
    mode = spec.get("nesting_mode", "single")
    return obj if mode == "single" else [mode, obj]


def attribute_type(attribute: dict[str, Any]) -> Any:
    return attribute["type"] if "type" in attribute else nested_type(attribute["nested_type"])


def compact_block(block: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    attributes = {}
    for name, attribute in block.get("attributes", {}).items():
        flags = "".join(flag for flag, key in FLAGS if attribute.get(key))
        attributes[name] = [flags, attribute_type(attribute)]
    if attributes:
        out["a"] = attributes
    blocks = {}
    for name, nested in block.get("block_types", {}).items():
        blocks[name] = [
            nested["nesting_mode"],
            nested.get("min_items", 0),
            nested.get("max_items", 0),
            compact_block(nested["block"]),
        ]
    if blocks:
        out["b"] = blocks
    if block.get("deprecated"):
        out["d"] = ""
    return out


def compact_schema(provider: dict[str, Any]) -> dict[Key, dict[str, Any]]:
    types: dict[Key, dict[str, Any]] = {
        ("provider", ""): compact_block(provider["provider"]["block"])
    }
    for kind, section in (("resource", "resource_schemas"), ("data", "data_source_schemas")):
        for name, schema in sorted(provider[section].items()):
            types[(kind, name)] = compact_block(schema["block"])
    return types


# -- deprecation messages from the provider ----------------------------------------------------


def deprecated_items(schema: BlockSchema, prefix: ItemPath = ()) -> list[ItemPath]:
    """Paths of the deprecated attributes a configuration can set, and deprecated blocks."""
    found = [(*prefix, n) for n, a in schema.attributes.items() if a.deprecated and a.settable]
    for name, nested in schema.blocks.items():
        if nested.block.deprecated:
            found.append((*prefix, name))
        found += deprecated_items(nested.block, (*prefix, name))
    return found


def filled(schema: BlockSchema, item: ItemPath) -> list[ItemPath]:
    """The paths to write so that `item` is really set: the provider ignores an empty block."""
    node = schema
    for step in item:
        if step not in node.blocks:
            return [item]
        node = node.blocks[step].block
    if node.required_attributes() or (
        node.blocks and any(b.min_items for b in node.blocks.values())
    ):
        return [item]
    settable = [n for n, a in node.attributes.items() if a.settable]
    return [(*item, settable[0])] if settable else [item]


Target = tuple[str, str, ItemPath | None]  # kind, type, the deprecated item (None: the type)


def harvest_configuration(
    types: dict[Key, dict[str, Any]],
) -> tuple[str, list[tuple[Target, int, int]]]:
    """One configuration setting every deprecated item once, one block per item.

    Returns the text and, per block, its target with the line of its header and the line
    that sets the item (the provider reports attributes there, blocks and types at the header).
    """
    lines: list[str] = []
    targets: list[tuple[Target, int, int]] = []
    for (kind, name), compact in types.items():
        if kind == "provider":
            continue
        schema = decode_block(compact)
        items: list[ItemPath | None] = [None] if schema.deprecated else []
        items += deprecated_items(schema)
        for item in items:
            header = f'{kind} "{name}" "h{len(targets)}"'
            extra = filled(schema, item) if item else []
            block: list[Line] = skeleton(header, schema, extra, literal_value)
            first = len(lines) + 1
            at = next((i for i, line in enumerate(block) if item and line.path == item), 0)
            targets.append(((kind, name, item), first, first + at))
            lines += [line.text + "\n" for line in block]
    return "".join(lines), targets


def run_validate(directory: Path, timeout: float | None = None) -> list[dict[str, Any]]:
    """`terraform validate -json`'s diagnostics (subprocess.TimeoutExpired past `timeout`)."""
    result = subprocess.run(
        [str(ORACLE), "validate", str(directory)],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"tf-oracle validate failed ({result.returncode}): {result.stderr}")
    diagnostics: list[dict[str, Any]] = json.loads(result.stdout)["diagnostics"]
    return diagnostics


def harvest_messages(types: dict[Key, dict[str, Any]]) -> dict[tuple[str, str, ItemPath], str]:
    """The provider's messages, over up to three runs of validate.

    The provider validates a block's arguments in map order, which Go randomises, and a
    value error can end a block's validation before its deprecation warning: one run can
    miss a message that the next gives. Runs stop when one adds nothing new.
    """
    text, targets = harvest_configuration(types)
    messages: dict[tuple[str, str, ItemPath], str] = {}
    for _ in range(3):
        with tempfile.TemporaryDirectory() as directory:
            (Path(directory) / "main.tf").write_text(text)
            diagnostics = run_validate(Path(directory))
        found = read_messages(diagnostics, targets)
        if set(found) <= set(messages):
            break
        messages.update(found)
    return messages


def read_messages(
    diagnostics: list[dict[str, Any]], targets: list[tuple[Target, int, int]]
) -> dict[tuple[str, str, ItemPath], str]:
    warnings: dict[int, list[str]] = {}
    for diagnostic in diagnostics:
        line = diagnostic.get("range", {}).get("start", {}).get("line")
        if diagnostic["severity"] == "warning" and line:
            warnings.setdefault(line, []).append(" ".join(diagnostic["detail"].split()))
    type_messages = {
        (kind, name): warnings[header][0]
        for (kind, name, item), header, _ in targets
        if item is None and warnings.get(header)
    }
    messages: dict[tuple[str, str, ItemPath], str] = {
        (kind, name, ()): message for (kind, name), message in type_messages.items()
    }
    for (kind, name, item), header, at in targets:
        if item is None:
            continue
        said = warnings.get(at, []) if at != header else []
        if not said:  # a block: reported at the header, next to the type's own warning
            own = type_messages.get((kind, name))
            said = [w for w in warnings.get(header, []) if w != own]
            said = [w for w in said if item[-1] in w] or said
        if said:
            messages[(kind, name, item)] = said[0]
    return messages


def apply_message(compact: dict[str, Any], path: ItemPath, message: str) -> None:
    if not path:
        compact["d"] = message
        return
    node = compact
    for step in path[:-1]:
        node = node["b"][step][3]
    last = path[-1]
    if last in node.get("a", {}):
        entry = node["a"][last]
        node["a"][last] = [*entry[:2], message]
    else:
        node["b"][last][3]["d"] = message


# -- blocks the provider requires though the schema does not say so ------------------------------

REQUIRED_BLOCK = re.compile(r"Block ([\w.\[\]]+) must have a configuration value as the provider")
REQUIRED_PATH = re.compile(r"Must set a configuration value for the ([\w.\[\]]+) attribute")
INDEX = re.compile(r"\[\d+\]")


def required_block(schema: BlockSchema, detail: str) -> ItemPath | None:
    """The path of the absent block that a provider error says is required.

    "Block a[0].b must have a configuration value" names it; "Must set a configuration
    value for the a.x attribute" names an attribute inside it (the block being absent).
    """
    said = REQUIRED_BLOCK.search(detail) or REQUIRED_PATH.search(detail)
    if not said:
        return None
    path: ItemPath = ()
    block = schema
    for step in INDEX.sub("", said.group(1)).split("."):
        nested = block.blocks.get(step)
        if nested is None:
            return None
        path = (*path, step)
        if not nested.min_items:
            return path
        block = nested.block
    return None


def harvest_required_blocks(types: dict[Key, dict[str, Any]]) -> list[tuple[Key, ItemPath]]:
    """Blocks that the provider (its framework validators) requires with min_items 0.

    Newer resources declare a required block with a validator, not with min_items: the
    schema JSON says optional, `terraform validate` says "Block X must have a configuration
    value as the provider has marked it as required". Each type's skeleton is validated;
    every such block is marked min_items 1 and the type validated again (to find required
    blocks inside it), until nothing new comes.
    """
    found: list[tuple[Key, ItemPath]] = []
    pending = [key for key in types if key[0] != "provider"]
    for _ in range(4):
        lines: list[str] = ['variable "any" {}\n']
        spans: list[tuple[Key, int, int]] = []
        for kind, name in pending:
            block = skeleton(f'{kind} "{name}" "r{len(spans)}"', decode_block(types[(kind, name)]))
            spans.append(((kind, name), len(lines) + 1, len(lines) + len(block)))
            lines += [line.text + "\n" for line in block]
        with tempfile.TemporaryDirectory() as directory:
            (Path(directory) / "main.tf").write_text("".join(lines))
            diagnostics = run_validate(Path(directory))
        changed: set[Key] = set()
        for diagnostic in diagnostics:
            line = diagnostic.get("range", {}).get("start", {}).get("line", 0)
            key = next((k for k, first, last in spans if first <= line <= last), None)
            if key is None or diagnostic["severity"] != "error":
                continue
            path = required_block(decode_block(types[key]), diagnostic.get("detail", ""))
            if path is not None and (key, path) not in found:
                found.append((key, path))
                entry = entry_at(types[key], path)
                entry[1] = max(entry[1], 1)
                changed.add(key)
        if not changed:
            break
        pending = sorted(changed)
    return found


def entry_at(compact: dict[str, Any], path: ItemPath) -> list[Any]:
    """The compact `[nesting, min, max, block]` entry of the nested block at `path`."""
    node = compact
    for step in path[:-1]:
        node = node["b"][step][3]
    entry: list[Any] = node["b"][path[-1]]
    return entry


# -- output -------------------------------------------------------------------------------------

SHARE_ABOVE = 2048  # bytes of JSON: a nested block larger than this is stored once, by number


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def share(block: dict[str, Any], table: dict[str, int]) -> None:
    """Replace large nested blocks by their number in the shared table, innermost first.

    The WAF and QuickSight types repeat one nested tree hundreds of times: stored once,
    and read only when a check reaches it, they cost neither space nor load time.
    """
    for entry in block.get("b", {}).values():
        inner = entry[3]
        share(inner, table)
        text = dumps(inner)
        if len(text) > SHARE_ABOVE:
            entry[3] = table.setdefault(text, len(table))


def deprecated_paths(block: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[list[str]]:
    """Paths of the deprecated type ([]), attributes and blocks of a compact schema."""
    found = [list(prefix)] if "d" in block else []
    for name, entry in block.get("a", {}).items():
        if "d" in entry[0]:
            found.append([*prefix, name])
    for name, entry in block.get("b", {}).items():
        if isinstance(entry[3], dict):
            found += deprecated_paths(entry[3], (*prefix, name))
    return found


def write(
    types: dict[Key, dict[str, Any]], version: str, meta: dict[str, Any], root: Path = OUT
) -> Path:
    folder = root / version
    folder.mkdir(parents=True, exist_ok=True)
    # what is deprecated where, so that a schema without deprecations can borrow them
    # without decoding every type (read before large blocks are shared out)
    deprecated = {
        kind: {
            name: found
            for (k, name), compact in types.items()
            if k == kind and (found := deprecated_paths(compact))
        }
        for kind in ("resource", "data")
    }
    table: dict[str, int] = {}
    for compact in types.values():
        share(compact, table)
    index: dict[str, Any] = {"resource": {}, "data": {}, "provider": None, "shared": []}
    index["deprecations"] = meta.get("deprecations", True)
    index["deprecated"] = deprecated
    offset = 0
    with (folder / "types.pack").open("wb") as pack:
        for (kind, name), compact in types.items():
            blob = zlib.compress(dumps(compact).encode(), 9)
            pack.write(blob)
            if kind == "provider":
                index["provider"] = [offset, len(blob)]
            else:
                index[kind][name] = [offset, len(blob)]
            offset += len(blob)
        for text in table:  # in number order: dicts keep insertion order
            blob = zlib.compress(text.encode(), 9)
            pack.write(blob)
            index["shared"].append([offset, len(blob)])
            offset += len(blob)
    (folder / "index.json").write_text(json.dumps(index, separators=(",", ":")) + "\n")
    (folder / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    return folder


def provider_version() -> str:
    plugins = subprocess.run(
        [str(ORACLE), "plugin-dir"], capture_output=True, text=True, check=True
    ).stdout.strip()
    versions = sorted(p.name for p in (Path(plugins) / PROVIDER).iterdir() if p.is_dir())
    return versions[-1]


def terraform_version() -> str:
    out = subprocess.run(["terraform", "version", "-json"], capture_output=True, text=True)
    version: str = json.loads(out.stdout)["terraform_version"]
    return version


def from_terraform(
    arguments: argparse.Namespace,
) -> tuple[dict[Key, dict[str, Any]], dict[str, Any]]:
    if arguments.schema_json:
        raw = json.loads(arguments.schema_json.read_text())
    else:
        out = subprocess.run([str(ORACLE), "schema"], capture_output=True, text=True, check=True)
        raw = json.loads(out.stdout)
    provider = raw["provider_schemas"][PROVIDER]
    version = arguments.version or provider_version()
    types = compact_schema(provider)
    messages = {} if arguments.no_oracle else harvest_messages(types)
    for (kind, name, path), message in messages.items():
        apply_message(types[(kind, name)], path, message)
    required = [] if arguments.no_oracle else harvest_required_blocks(types)
    command = "python scripts/make_aws_schema.py" + (
        f" --schema-json {arguments.schema_json.name}" if arguments.schema_json else ""
    )
    meta = {
        "provider": PROVIDER,
        "version": version,
        "source": "terraform providers schema -json (via ../shared/tools/tf-oracle schema)",
        "terraform": terraform_version(),
        "deprecation_messages": (
            f"{len(messages)} from the provider's own `terraform validate` warnings"
        ),
        "required_blocks": (
            f"{len(required)} blocks with min_items 0 in the schema that the provider requires "
            "(`terraform validate`: Block ... must have a configuration value), set to min_items 1"
        ),
        "command": command,
        "resource_types": len(provider["resource_schemas"]),
        "data_source_types": len(provider["data_source_schemas"]),
    }
    return types, meta


def from_npm(tarball: Path) -> tuple[dict[Key, dict[str, Any]], dict[str, Any]]:
    """The schema from a CDK for Terraform provider package (see jsii_schema)."""
    from jsii_schema import Extractor, read_package

    package, assembly, modules = read_package(str(tarball))
    generated_from = package["cdktf"]["provider"]
    extractor = Extractor(assembly, modules)
    version, types = extractor.schemas()
    if version != generated_from["version"]:
        raise SystemExit(f"{tarball}: docs say {version}, package.json {generated_from}")
    provider = types.get(("provider", ""), {})
    provider.get("a", {}).pop("alias", None)  # a CDK construct setting, not the provider's
    for problem in extractor.problems[:20]:
        print(f"warning: {problem}", file=sys.stderr)
    resources = sum(1 for kind, _ in types if kind == "resource")
    meta = {
        "provider": generated_from["name"],
        "version": version,
        "source": (
            f"npm {package['name']} {package['version']} (generated from "
            f"{generated_from['name']} {version}): its .jsii assembly and lib/*/index.js"
        ),
        "not_in_source": "deprecations, sensitivity, max_items above 1, min_items above 1",
        "deprecations": False,
        "extraction_warnings": len(extractor.problems),
        "blocks_without_content": (
            "blocks typed `any` in the package or holding themselves are kept with their "
            f"content unchecked; self-holding: {sorted(extractor.recursive)}"
        ),
        "command": f"python scripts/make_aws_schema.py --npm {tarball.name}",
        "resource_types": resources,
        "data_source_types": sum(1 for kind, _ in types if kind == "data"),
    }
    return dict(sorted(types.items())), meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--schema-json", type=Path, help="a saved `terraform providers schema -json`"
    )
    parser.add_argument("--version", help="the provider version (default: the installed one)")
    parser.add_argument(
        "--no-oracle", action="store_true", help="skip asking the provider (messages, blocks)"
    )
    parser.add_argument(
        "--npm", type=Path, help="read a @cdktn/provider-aws tarball (`npm pack`) instead"
    )
    parser.add_argument("--out", type=Path, default=OUT, help="where the version folder goes")
    arguments = parser.parse_args()
    types, meta = from_npm(arguments.npm) if arguments.npm else from_terraform(arguments)
    meta["generated"] = datetime.date.today().isoformat()
    folder = write(types, meta["version"], meta, arguments.out)
    size = sum(p.stat().st_size for p in folder.iterdir())
    print(f"{folder}: {len(types) - 1} types, {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
