"""Directories of Terraform as answers for scripts/validate_differential.py: one JSONL line
per directory that terraform here can validate on its own.

    python scripts/dirs_to_answers.py REPOSITORY [REPOSITORY ...] > answers.jsonl

A directory is taken when it holds `.tf` files that use only the aws provider and
terraform's own (`terraform_data`), call no module (a local one lives in another
directory, a registry one needs the network), and configure no provider alias (the
differential validates each answer as a child module, which cannot receive one). Its `.tf`
files become a Markdown answer with one fenced block per file, named by a heading.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

_TYPE = re.compile(r'^\s*(?:resource|data|ephemeral)\s+"([a-z0-9]+)', re.MULTILINE)
_MODULE = re.compile(r'^\s*module\s+"', re.MULTILINE)
_OTHER_PROVIDER = re.compile(r'^\s*provider\s+"(?!aws")', re.MULTILINE)
_REQUIRED = re.compile(r"required_providers\s*\{(.*?)\n\s*\}", re.DOTALL)
_ENTRY = re.compile(r"^\s*([a-z0-9_-]+)\s*=", re.MULTILINE)
_ALIASED = re.compile(r"configuration_aliases|provider\s*=\s*aws\.")


def validatable(text: str) -> bool:
    if not text.strip() or _MODULE.search(text) or _OTHER_PROVIDER.search(text):
        return False
    if _ALIASED.search(text):
        return False
    if any(kind not in ("aws", "terraform") for kind in _TYPE.findall(text)):
        return False
    entries = _ENTRY.findall("\n".join(_REQUIRED.findall(text)))
    return all(entry in ("aws", "source", "version") for entry in entries)


def answers(repository: Path) -> Iterator[dict[str, str]]:
    directories = sorted({path.parent for path in repository.rglob("*.tf")})
    for directory in directories:
        if any(part.startswith(".") for part in directory.relative_to(repository).parts):
            continue
        files = {f.name: f.read_text(errors="replace") for f in sorted(directory.glob("*.tf"))}
        if not validatable("\n".join(files.values())):
            continue
        markdown = "".join(
            f"### {name}\n```hcl\n{text.rstrip()}\n```\n\n" for name, text in files.items()
        )
        yield {"id": str(directory), "response": markdown}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repositories", nargs="+", type=Path)
    arguments = parser.parse_args()
    for repository in arguments.repositories:
        for answer in answers(repository):
            sys.stdout.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
