"""What a tfjudge process costs in CPU instructions: a measure the machine's noise leaves
alone, for comparing two versions of tfjudge.

    python benchmarks/count_instructions.py [--baseline DIR]

Shared 2-core machines change speed by a third from one minute to the next, so a before
and after of a few percent drowns in wall time. Counting instructions (valgrind's
cachegrind, `--cache-sim=no`) gives the same number run after run. Each stage is a
separate process that does one more step than the one before, so the differences are the
steps' costs:

    interpreter      python -c pass
    import           + import tfjudge.cli
    rules            + the rules a plain analyze imports
    first analysis   + the generated 2,000-line answer, analysed once (cold)
    second analysis  + the same answer again (warm)
    process          tfjudge analyze ANSWER --format json, the whole command
    batch answer     one ~500-line answer of a generated dataset, with its prompt, analysed
                     in a warm process (issue 10's unit of work): the difference between
                     analysing 3 + 30 answers and 3, divided by 30

`--baseline DIR` counts the same stages with the tfjudge under DIR/src (a checkout of
another commit, for example from `git worktree add`) and prints both. Needs valgrind;
instruction counts track time well but not exactly (cache misses do not count).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generate import synthetic_answer
from make_dataset import DEFAULT_CORPUS, records

ROOT = Path(__file__).resolve().parents[1]

STAGES = """
import gc, sys
gc.disable()
stage = int(sys.argv[1])
if stage >= 1:
    import tfjudge.cli
if stage >= 2:
    from tfjudge.launch import start_collecting
    from tfjudge.rules.registry import applicable_rules
    applicable_rules([])
    start_collecting()
if stage >= 3:
    from pathlib import Path
    from tfjudge.analysis import analyze
    analyze(Path(sys.argv[2]))
if stage >= 4:
    analyze(Path(sys.argv[2]))
"""
BATCH = """
import json, sys
from tfjudge.analysis import PromptDocument, analyze_response
from tfjudge.launch import start_collecting
from tfjudge.response.loader import load_text_input
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
def grade(row):
    response = load_text_input(row["response"], row["id"])
    analyze_response(response, PromptDocument("prompt", row["prompt"]))
for row in rows[:3]:
    grade(row)
start_collecting()
for row in rows[3 : 3 + int(sys.argv[2])]:
    grade(row)
"""
BATCH_ANSWERS = 30
VALGRIND = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
NAMES = ["interpreter", "import", "rules", "first analysis", "second analysis"]


def environment(source: Path) -> dict[str, str]:
    """As an installed tfjudge runs after its first run: byte code and the command's caches
    written (tfjudge.compile_cache, tfjudge.shipped), which PYTHONDONTWRITEBYTECODE forbids."""
    variables = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**variables, "PYTHONPATH": str(source)}


def instructions(command: list[str], source: Path) -> int:
    result = subprocess.run(
        [*VALGRIND, *command],
        capture_output=True,
        text=True,
        env=environment(source),
        check=False,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count for {command}:\n{result.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def count(source: Path, answer: Path, work: Path) -> dict[str, int]:
    compiled = subprocess.run([sys.executable, "-m", "compileall", "-q", str(source)], check=False)
    if compiled.returncode != 0:
        raise SystemExit(f"cannot byte-compile {source}")
    totals = [
        instructions([sys.executable, "-c", STAGES, str(stage), str(answer)], source)
        for stage in range(len(NAMES))
    ]
    counts = {NAMES[0]: totals[0]}
    for stage in range(1, len(NAMES)):
        counts[NAMES[stage]] = totals[stage] - totals[stage - 1]
    output = work / "report.json"
    command = [sys.executable, "-m", "tfjudge", "analyze", str(answer), "--format", "json"]
    warm_up = [*command, "-o", str(output)]  # the first run writes the caches
    subprocess.run(warm_up, env=environment(source), check=False)
    counts["process"] = instructions([*command, "-o", str(output)], source)
    dataset = work / "dataset.jsonl"
    warm, graded = (
        instructions([sys.executable, "-c", BATCH, str(dataset), str(answers)], source)
        for answers in (0, BATCH_ANSWERS)
    )
    counts["batch answer"] = (graded - warm) // BATCH_ANSWERS
    return counts


def write_dataset(path: Path) -> None:
    corpus = DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else None
    rows = records(3 + BATCH_ANSWERS, 500, 7, corpus, 0)
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, help="a checkout of another tfjudge version")
    arguments = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        answer = work / "generated-2000.md"
        answer.write_text(synthetic_answer(2000), encoding="utf-8")
        write_dataset(work / "dataset.jsonl")
        now = count(ROOT / "src", answer, work)
        before = count(arguments.baseline / "src", answer, work) if arguments.baseline else None
    print(
        f"{'stage':<16} {'this checkout':>16}"
        + (f" {'baseline':>16} {'change':>8}" if before else "")
    )
    for name, value in now.items():
        line = f"{name:<16} {value / 1e6:>14,.1f} M"
        if before:
            line += f" {before[name] / 1e6:>14,.1f} M {100 * (value / before[name] - 1):>+7.1f}%"
        print(line)


if __name__ == "__main__":
    main()
