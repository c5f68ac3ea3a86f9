"""Judge Terraform directories no one here wrote (module repositories, tutorials) and print,
for each, the findings by severity and every critical and high one: the precision check of
docs/real-modules.md.

    python scripts/judge_directories.py DIR [DIR ...] [--timeout SECONDS]

Each directory is analysed as `tfjudge analyze DIR --format json` in its own process, so
one that hangs or fails is reported and the rest go on.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

SEVERITIES = ("critical", "high", "medium", "low")


def judge(directory: Path, timeout: float) -> str:
    command = [sys.executable, "-m", "tfjudge", "analyze", str(directory), "--format", "json"]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"{directory.name}: no result in {timeout:.0f} s"
    seconds = time.perf_counter() - started
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return f"{directory.name}: exit {done.returncode}, {done.stderr.strip()[:200]}"
    counts = Counter(f["severity"] for f in report["findings"])
    lines = [
        f"{directory.name}: {seconds:.1f} s, " + ", ".join(f"{counts[s]} {s}" for s in SEVERITIES)
    ]
    for finding in report["findings"]:
        if finding["severity"] in SEVERITIES[:2]:
            lines.append(
                f"  {finding['severity']} {finding['rule']} {finding['file']}:{finding['line']}"
                f" {finding['message'][:160]}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directories", nargs="+", type=Path)
    parser.add_argument("--timeout", type=float, default=120.0)
    arguments = parser.parse_args()
    for directory in arguments.directories:
        print(judge(directory, arguments.timeout), flush=True)


if __name__ == "__main__":
    main()
