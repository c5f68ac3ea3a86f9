"""How fast tfjudge analyzes answers: as a process (what a user waits for) and in-process.

    python benchmarks/bench_analyze.py [--repeat N]

Inputs: every MODEL_RESPONSE.md and IDEAL_RESPONSE.md of ../shared/corpus (when present),
the examples/, and a generated 2,000-line answer. Prints wall time per answer, lines per
second of the whole analysis and of HCL parsing alone. Targets (issue 3): a 2,000-line
answer in <= 0.3 s as a process; parsing >= 50,000 lines/s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import synthetic_answer

from tfjudge.analysis import analyze
from tfjudge.parse.hcl import parse_hcl
from tfjudge.response.loader import load_response

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def inputs(work: Path) -> list[Path]:
    paths = sorted(CORPUS.glob("**/MODEL_RESPONSE.md"))
    paths += sorted(CORPUS.glob("**/IDEAL_RESPONSE.md"))
    paths += sorted((ROOT / "examples").glob("*.md"))
    generated = work / "generated-2000.md"
    generated.write_text(synthetic_answer(2000))
    return [generated, *paths]


def best_of(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        paths = inputs(Path(directory))
        generated = paths[0]
        lines = len(generated.read_text().split("\n"))
        command = [sys.executable, "-m", "tfjudge", "analyze", str(generated), "--format", "json"]
        # What a user's installation does: bytecode cached (pip compiles it at install time).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run(command, capture_output=True, env=env)
        process = best_of(
            arguments.repeat, lambda: subprocess.run(command, capture_output=True, env=env)
        )
        inproc = best_of(arguments.repeat, lambda: analyze(generated))
        files = load_response(generated).terraform_files
        parse = best_of(arguments.repeat, lambda: [parse_hcl(f) for f in files])
        hcl_lines = sum(f.line_count for f in files)
        print(f"generated answer: {lines} lines")
        print(f"  whole process : {process * 1000:7.1f} ms   (target <= 300 ms)")
        print(f"  in-process    : {inproc * 1000:7.1f} ms   {lines / inproc:,.0f} lines/s")
        rate = hcl_lines / parse
        print(f"  HCL parsing   : {parse * 1000:7.1f} ms   {rate:,.0f} lines/s (target >= 50,000)")
        per_answer = []
        total_lines = 0
        for path in paths[1:]:
            total_lines += len(path.read_text(errors="replace").split("\n"))
            per_answer.append(best_of(1, lambda p=path: analyze(p)))
        if per_answer:
            total = sum(per_answer)
            print(f"corpus: {len(per_answer)} answers, {total_lines} lines")
            median = statistics.median(per_answer) * 1000
            rate = total_lines / total
            print(f"  in-process: {total:.2f} s total, median {median:.1f} ms, {rate:,.0f} lines/s")


if __name__ == "__main__":
    main()
