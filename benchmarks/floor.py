"""The least any tfjudge built on CPython, markdown-it-py and tree-sitter can cost, next to
what tfjudge costs: how much of the speed targets is left for tfjudge's own work.

    python benchmarks/floor.py [--answers N]

Two targets, two floors:

- Issue 3: a 2,000-line answer in <= 300 ms as a whole process. Counted in CPU
  instructions (valgrind's cachegrind, steady on a noisy machine), each stage a separate
  process doing one step more than the one before:

      interpreter   python -c pass
      libraries     + import markdown_it, tree_sitter, tree_sitter_hcl, json
      markdown      + the answer's Markdown parsed (what the fence extraction needs)
      tree-sitter   + every HCL fence parsed by tree-sitter
      walk          + every node visited once, reading its type and position: the least
                      a model builder must do with the tree
      tfjudge       tfjudge analyze ANSWER --format json, the whole command

  The 300 ms budget is turned into instructions with this machine's own rate, measured
  on the whole tfjudge command (CPU time and instructions of the same run). tfjudge runs
  as an installed one does after its first run, with its caches written: the compiled
  regular expressions it keeps (tfjudge.compile_cache) are part of the libraries' import
  here, so tfjudge can spend less than this floor on that step.

- Issue 10: >= 100 typical 500-line answers a second on 2 cores, so <= 20 ms of CPU an
  answer. CPU time in one process over N answers of benchmarks/make_dataset.py:
  Markdown parse + tree-sitter parse + walk (the floor) against tfjudge's in-process
  analysis of the same answers.

Needs valgrind for the first part; the second runs anywhere.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from count_instructions import environment
from generate import synthetic_answer
from machine import interpreter

ROOT = Path(__file__).resolve().parents[1]
HCL_LANGUAGES = {"hcl", "terraform", "tf"}

# The least a model builder does with a tree: visit every node once, reading its type
# and position (a cursor walk, cheaper than asking nodes for their children).
VISIT = """
def visit(tree):
    cursor = tree.walk()
    while True:
        node = cursor.node
        seen = (node.type, node.start_point, node.end_point)
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return seen
"""
FLOOR = (
    VISIT
    + """
import sys
stage = int(sys.argv[1])
if stage >= 1:
    import json
    import markdown_it, tree_sitter, tree_sitter_hcl
if stage >= 2:
    text = open(sys.argv[2], encoding="utf-8").read()
    tokens = markdown_it.MarkdownIt("commonmark").parse(text)
    fences = [t.content.encode() for t in tokens
              if t.type == "fence" and t.info.strip() in {"hcl", "terraform", "tf"}]
if stage >= 3:
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))
    trees = [parser.parse(fence) for fence in fences]
if stage >= 4:
    for tree in trees:
        visit(tree)
"""
)
STAGES = ["interpreter", "libraries", "markdown", "tree-sitter", "walk"]
SETTINGS = environment(ROOT / "src")  # an installed tfjudge after its first run
VALGRIND = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]


def instructions(command: list[str]) -> int:
    result = subprocess.run(
        [*VALGRIND, *command], capture_output=True, text=True, env=SETTINGS, check=False
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count for {command}:\n{result.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def cpu_seconds(command: list[str], repeat: int = 5) -> float:
    """The least CPU time (user + system) of the command's runs."""
    best = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, capture_output=True, env=SETTINGS, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, used)
    return best


def process_floor(answer: Path, work: Path) -> None:
    totals = [
        instructions([sys.executable, "-c", FLOOR, str(stage), str(answer)])
        for stage in range(len(STAGES))
    ]
    command = [sys.executable, "-m", "tfjudge", "analyze", str(answer), "--format", "json"]
    command += ["-o", str(work / "report.json")]
    subprocess.run(command, capture_output=True, env=SETTINGS, check=False)  # writes the caches
    whole = instructions(command)
    rate = whole / cpu_seconds(command)
    budget = 0.3 * rate
    print(f"issue 3: a {len(answer.read_text().splitlines()):,}-line answer as a whole process")
    print(f"  this machine: {rate / 1e9:.2f} G instructions per CPU second (tfjudge's run)")
    print(f"  300 ms budget: {budget / 1e6:,.0f} M instructions")
    previous = 0
    for name, total in zip(STAGES, totals, strict=True):
        step = total - previous
        previous = total
        print(f"  {name:<12} {step / 1e6:>8,.1f} M   cumulative {total / budget:>5.0%} of budget")
    floor = totals[-1]
    print(f"  floor         {floor / 1e6:>8,.1f} M   leaves {(budget - floor) / 1e6:,.0f} M")
    print(f"  tfjudge       {whole / 1e6:>8,.1f} M   {whole / budget:>5.0%} of budget")
    print(f"  tfjudge's own {(whole - floor) / 1e6:>8,.1f} M   above the floor")


def batch_floor(count: int) -> None:
    import markdown_it
    import tree_sitter
    import tree_sitter_hcl

    from tfjudge.analysis import analyze

    texts = _typical_answers(count)
    markdown = markdown_it.MarkdownIt("commonmark")
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))
    namespace: dict[str, Any] = {}
    exec(VISIT, namespace)
    visit = namespace["visit"]

    def floor_work(text: str) -> None:
        for token in markdown.parse(text):
            if token.type == "fence" and token.info.strip() in HCL_LANGUAGES:
                visit(parser.parse(token.content.encode()))

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, text in enumerate(texts):
            path = Path(folder) / f"answer-{index}.md"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        analyze(paths[0])  # lazy imports and data loads happen once per worker
        floor = _least_cpu(lambda: [floor_work(text) for text in texts]) / count
        judged = _least_cpu(lambda: [analyze(path) for path in paths]) / count
    print(
        f"issue 10: {count} answers of ~500 lines (make_dataset.py), CPU per answer (budget 20 ms)"
    )
    print(f"  floor (markdown + tree-sitter + walk): {floor * 1000:6.1f} ms")
    print(f"  tfjudge analysis:                      {judged * 1000:6.1f} ms")
    print(f"  left for tfjudge's own work:           {(0.020 - floor) * 1000:6.1f} ms")


def _typical_answers(count: int) -> list[str]:
    """The answers bench_batch grades: corpus ideals mutated as models get them wrong."""
    with tempfile.TemporaryDirectory() as folder:
        dataset = Path(folder) / "answers.jsonl"
        script = Path(__file__).with_name("make_dataset.py")
        subprocess.run([sys.executable, str(script), str(count), str(dataset)], check=True)
        return [json.loads(line)["response"] for line in dataset.read_text().splitlines()]


def _least_cpu(action: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=40, help="500-line answers for issue 10")
    arguments = parser.parse_args()
    print(f"interpreter: {interpreter()}")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        answer = work / "generated-2000.md"
        answer.write_text(synthetic_answer(2000), encoding="utf-8")
        if shutil.which("valgrind"):
            process_floor(answer, work)
        else:
            print("valgrind is not installed: the process floor is skipped")
    batch_floor(arguments.answers)


if __name__ == "__main__":
    main()
