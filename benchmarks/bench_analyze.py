"""How fast tfjudge analyzes answers: as a process (what a user waits for) and in-process.

    python benchmarks/bench_analyze.py [--repeat N]

Inputs: every MODEL_RESPONSE.md and IDEAL_RESPONSE.md of ../shared/corpus (when present),
the examples/, and a generated 2,000-line answer. Prints wall time per answer, lines per
second of the whole analysis and of HCL parsing alone. Targets (issue 3): a 2,000-line
answer in <= 0.3 s as a process; parsing >= 50,000 lines/s. Evaluation (issue 4): what the
references, the evaluator and the core rules add to the analysis of the 2,000-line answer,
and what evaluating every argument of every block instance adds (an upper bound of what
rules that read evaluated values can cost); target <= 30 %.
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
from machine import interpreter, load

from tfjudge.analysis import ParsedAnswer, Settings, analyze, parse_answer
from tfjudge.evaluate import Evaluator, References
from tfjudge.parse.hcl import parse_hcl
from tfjudge.response.loader import load_response
from tfjudge.source import SourceFile

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


def evaluate_everything(answer: ParsedAnswer, files: list[SourceFile]) -> int:
    """Build the facts and evaluate every argument of every instance of every block."""
    evaluator = Evaluator(answer.configuration, References(answer.configuration), files)
    count = 0
    for block in answer.configuration.all_blocks():
        for instance in evaluator.instances(block):
            for attribute in block.attributes_deep():
                evaluator.evaluate(attribute.expr, instance)
                count += 1
    return count


def evaluation_cost(generated: Path, repeat: int) -> None:
    """CPU time of the three variants, interleaved round by round and the least of each
    kept: steadier than wall time on a machine shared with other work."""
    response = load_response(generated)
    answer = parse_answer(response)
    variants = {
        "without": lambda: analyze(generated, settings=Settings(ignore=["core"])),
        "with": lambda: analyze(generated),
        "everything": lambda: evaluate_everything(answer, response.files),
    }
    best = dict.fromkeys(variants, float("inf"))
    for _ in range(repeat):
        for name, action in variants.items():
            start = time.process_time()
            action()
            best[name] = min(best[name], time.process_time() - start)
    without, with_core, everything = best["without"], best["with"], best["everything"]
    values = evaluate_everything(answer, response.files)
    print("evaluation (issue 4, target <= 30 %; least CPU time of interleaved runs):")
    print(f"  analysis without core rules : {without * 1000:7.1f} ms")
    added = (with_core - without) / without
    print(f"  with references + core rules: {with_core * 1000:7.1f} ms   ({added:+.0%})")
    share = everything / without
    print(
        f"  facts + all {values} arguments of all instances evaluated: "
        f"{everything * 1000:.1f} ms (+{share:.0%})"
    )


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
        print(f"interpreter: {interpreter()}; {load()}")
        print(f"generated answer: {lines} lines")
        print(f"  whole process : {process * 1000:7.1f} ms   (target <= 300 ms)")
        print(f"  in-process    : {inproc * 1000:7.1f} ms   {lines / inproc:,.0f} lines/s")
        rate = hcl_lines / parse
        print(f"  HCL parsing   : {parse * 1000:7.1f} ms   {rate:,.0f} lines/s (target >= 50,000)")
        evaluation_cost(generated, max(arguments.repeat * 3, 15))
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
