"""Generate src/tfjudge/data/backends/required.json: the settings each backend requires.

Source: the backends' configuration schemas in terraform's own source tree,
`internal/backend/remote-state/<name>/backend.go` (top-level attributes marked
`Required: true`), at the terraform release tfjudge is checked against.

    python scripts/backend_settings.py TERRAFORM_GIT_DIR [--tag v1.11.4]

TERRAFORM_GIT_DIR is a clone (or bare mirror) of https://github.com/hashicorp/terraform.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
from pathlib import Path

OUT = (
    Path(__file__).resolve().parents[1] / "src" / "tfjudge" / "data" / "backends" / "required.json"
)
SOURCE = "https://github.com/hashicorp/terraform internal/backend/remote-state/*/backend.go"
BACKENDS = "internal/backend/remote-state"
NAMES = {"azure": "azurerm"}  # directory name -> backend type name in configurations
_ATTRIBUTES = re.compile(
    r"^(\t+)(?:Attributes: map\[string\]\*configschema\.Attribute|"
    r"Schema: map\[string\]\*schema\.Schema)\{$"
)


def git(directory: str, *args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", directory, *args], capture_output=True, text=True, check=True
    ).stdout


def required_attributes(source: str) -> list[str]:
    """Names of the top-level schema attributes with `Required: true` and no environment
    default (those terraform init asks for when they are missing)."""
    lines = source.split("\n")
    begin = next((i for i, line in enumerate(lines) if line.startswith("func New(")), 0)
    start = next(
        (i for i, line in enumerate(lines) if i >= begin and _ATTRIBUTES.match(line)), None
    )
    if start is None:
        return []
    indent = _ATTRIBUTES.match(lines[start]).group(1)  # type: ignore[union-attr]
    entry = re.compile("^" + indent + '\t"([a-z0-9_]+)": \\{')
    required: set[str] = set()
    defaulted: set[str] = set()
    current: str | None = None
    for line in lines[start + 1 :]:
        if line == indent + "},":
            break
        match = entry.match(line)
        if match:
            current = match.group(1)
            continue
        if current and re.match("^" + indent + "\t\tRequired:\\s+true,", line):
            required.add(current)
        if current and re.match("^" + indent + "\t\tDefaultFunc:", line):
            defaulted.add(current)
    return sorted(required - defaulted)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("terraform_git_dir")
    parser.add_argument("--tag", default="v1.11.4")
    arguments = parser.parse_args()
    tag = arguments.tag
    directory = arguments.terraform_git_dir
    if Path(directory, ".git").exists():
        directory = str(Path(directory, ".git"))
    listing = git(directory, "ls-tree", "--name-only", f"{tag}:{BACKENDS}/")
    backends: dict[str, list[str]] = {}
    for name in listing.split():
        try:
            source = git(directory, "show", f"{tag}:{BACKENDS}/{name}/backend.go")
        except subprocess.CalledProcessError:
            continue
        backends[NAMES.get(name, name)] = required_attributes(source)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "source": SOURCE,
        "version": tag,
        "command": f"python scripts/backend_settings.py TERRAFORM_GIT_DIR --tag {tag}",
        "backends": dict(sorted(backends.items())),
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n")


if __name__ == "__main__":
    main()
