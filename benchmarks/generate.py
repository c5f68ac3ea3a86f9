"""Synthetic answers of a chosen size, built from the valid configurations in tests/data.

Each copy of a source renames its blocks (suffix `_N`) so the answer stays one valid
configuration however many copies it holds.
"""

from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "valid"
_DECLARATION = re.compile(r'^(resource|data) "(\w+)" "(\w+)"', re.MULTILINE)
_OTHER = re.compile(r"^(variable|output|locals|terraform|provider)\b", re.MULTILINE)


def _blocks_only(text: str) -> str:
    """Keep resource and data blocks: variables, outputs and settings are added once."""
    kept: list[str] = []
    depth = 0
    keep = False
    for line in text.split("\n"):
        if depth == 0:
            declaration = bool(_DECLARATION.match(line))
            keep = declaration or (keep and not _OTHER.match(line) and not line.strip())
        if keep:
            kept.append(line)
        depth += line.count("{") - line.count("}")
    return "\n".join(kept)


def synthetic_answer(target_lines: int) -> str:
    sources = [p.read_text() for p in sorted(DATA.glob("*.tf"))]
    header = "\n\n".join(sources)
    body: list[str] = [header]
    lines = header.count("\n")
    copy = 1
    bodies = [_blocks_only(text) for text in sources]
    while lines < target_lines:
        for text in bodies:
            names = {name for _, _, name in _DECLARATION.findall(text)}
            renamed = text
            for name in sorted(names, key=len, reverse=True):
                renamed = re.sub(rf'(?<=[".]){name}(?=["\s.\[])', f"{name}_{copy}", renamed)
            body.append(renamed)
            lines += renamed.count("\n")
        copy += 1
    hcl = "\n\n".join(body)
    return f"Here is the configuration.\n\n### main.tf\n\n```hcl\n{hcl}\n```\n"


if __name__ == "__main__":
    import sys

    print(synthetic_answer(int(sys.argv[1]) if len(sys.argv) > 1 else 2000), end="")
