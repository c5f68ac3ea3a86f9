"""The pre-commit hook: `tfjudge analyze` on the staged `.tf` and `.md` files.

pre-commit passes file names; Terraform's unit is the directory (a module's variables,
resources and outputs live in several files). So each `.tf` file stands for its directory,
analysed once as one configuration, and every other file (a Markdown answer) is analysed
on its own. Options given in the hook's `args` come first and pass through unchanged.

    python -m tfjudge.precommit [OPTIONS] FILE...
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from tfjudge.cli import main as cli_main


def paths_to_analyze(arguments: Sequence[str]) -> list[str]:
    """Arguments with each `.tf` file replaced by its directory (once, in order)."""
    out: list[str] = []
    seen: set[str] = set()
    for argument in arguments:
        if argument.endswith(".tf") and Path(argument).is_file():
            argument = str(Path(argument).parent)
        if argument in seen and Path(argument).is_dir():
            continue
        seen.add(argument)
        out.append(argument)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    return cli_main(["analyze", *paths_to_analyze(arguments)])


if __name__ == "__main__":
    sys.exit(main())
