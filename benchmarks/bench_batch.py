"""How `tfjudge batch` scales: throughput, peak memory, poisoned inputs, Ray's overhead.

    python benchmarks/bench_batch.py [throughput|overhead|ideal|scale|poison|ray ...] [--answers N]

Each scenario generates its dataset with make_dataset.py in a temporary directory, runs
`tfjudge batch` as a process and samples the resident memory of its whole process tree
(driver, workers, Ray's processes) every 0.2 s from /proc. Targets (issue 10), on a
2-core machine: >= 100 answers/s for 500-line answers; 10,000 answers under 1 GB peak;
a poisoned dataset finishes every other item; Ray's overhead over local <= 30 %.
The machine's load average is printed with each result: shared machines are noisy.

`overhead` grades the same answers in one plain in-process loop and with the local engine:
the difference is what the batch machinery costs (worker start-up, IPC, the journal, the
database). `ideal` gives every answer its task's ideal (a real one from ../shared/corpus),
as datasets of benchmark answers do. tfjudge is byte-compiled first, as an installed one is.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from machine import interpreter, load

HERE = Path(__file__).resolve().parent
TFJUDGE = [sys.executable, "-m", "tfjudge"]


def tree_sample(root: int) -> tuple[int, dict[int, float]]:
    """Resident bytes of `root` and all its descendants, and each one's CPU seconds so far."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry.name), int(fields[1])
        children.setdefault(parent, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        cpu[pid] = (int(fields[11]) + int(fields[12])) / ticks
    total, stack, tree_cpu = 0, [root], {}
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        tree_cpu[pid] = cpu.get(pid, 0.0)
        stack += children.get(pid, [])
    return total, tree_cpu


# CPU seconds of the last run's process tree, sampled from /proc every 0.2 s: it counts
# daemons too (Ray's), which getrusage(RUSAGE_CHILDREN) misses as they are not waited for.
CPU = {"seconds": 0.0, "driver": 0.0}


def run(command: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak tree RSS in bytes, stdout; CPU["seconds"] gets the tree's CPU time."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    peak = 0
    seen: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            rss, cpu = tree_sample(process.pid)
            peak = max(peak, rss)
            for pid, seconds in cpu.items():
                seen[pid] = max(seen.get(pid, 0.0), seconds)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}")
    CPU["seconds"] = sum(seen.values())
    CPU["driver"] = seen.get(process.pid, 0.0)
    return time.perf_counter() - started, peak, out


def make(count: int, path: Path, *extra: str) -> Path:
    subprocess.run(
        [sys.executable, str(HERE / "make_dataset.py"), str(count), str(path), *extra], check=True
    )
    return path


def batch(dataset: Path, output: Path, *extra: str) -> tuple[float, int, str]:
    command = [
        *TFJUDGE,
        "batch",
        str(dataset),
        "-o",
        str(output),
        "--progress",
        "none",
        "--overwrite",
    ]
    return run([*command, *extra])


def rate_of(summary: str) -> float:
    """The engine's own rate, from the summary line '(N/s)'."""
    return float(summary.split("(", 1)[1].split("/s", 1)[0])


def statuses(output: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    with (output / "responses.jsonl").open() as stream:
        for line in stream:
            status = json.loads(line)["status"]
            counts[status] = counts.get(status, 0) + 1
    return counts


def throughput(work: Path, answers: int) -> None:
    dataset = make(answers, work / "answers.jsonl")
    print(f"throughput: {answers} answers of ~500 lines, local engine, {load()}")
    seconds, peak, out = batch(dataset, work / "out-local")
    print(f"  {out.splitlines()[0]}")
    print(f"  wall {seconds:.1f} s incl. start-up and database; peak RSS {peak / 2**20:.0f} MB")
    print(f"  engine rate {rate_of(out):.1f} answers/s (target >= 100); {load()}")
    cpu = CPU["seconds"]
    cores = os.cpu_count() or 1
    print(
        f"  CPU time of the process tree {cpu:.1f} s = {1000 * cpu / answers:.1f} ms per answer: "
        f"{cores * answers / cpu:.0f} answers/s on {cores} idle cores"
    )
    driver = CPU["driver"]
    print(
        f"  of which the driver {driver:.1f} s = {1000 * driver / answers:.1f} ms per answer, "
        f"the workers {1000 * (cpu - driver) / answers:.1f} ms per answer"
    )


# Grades a dataset in one process, one item after another: the analysis with nothing around it.
IN_PROCESS = """
import sys
from pathlib import Path
from tfjudge.batch.grade import GradeOptions, grade
from tfjudge.batch.inputs import Columns, Dataset
from tfjudge.rules.registry import all_rules
all_rules()
options = GradeOptions()
for item in Dataset(Path(sys.argv[1]), None, Columns()).items():
    grade(item, options)
"""


def overhead(work: Path, answers: int) -> None:
    """The batch's CPU beyond the analysis: the same answers graded in one plain loop."""
    dataset = make(answers, work / "overhead.jsonl")
    print(f"overhead: {answers} answers, one in-process loop vs the local engine; {load()}")
    run([sys.executable, "-c", IN_PROCESS, str(dataset)])
    plain = CPU["seconds"]
    print(f"  in-process loop: CPU {plain:.1f} s = {1000 * plain / answers:.1f} ms per answer")
    batch(dataset, work / "out-overhead")
    cpu, driver = CPU["seconds"], CPU["driver"]
    print(
        f"  local engine: CPU {cpu:.1f} s = {1000 * cpu / answers:.1f} ms per answer "
        f"(driver {1000 * driver / answers:.1f} ms per answer)"
    )
    print(f"  difference {1000 * (cpu - plain) / answers:.1f} ms CPU per answer; {load()}")
    # The difference of two runs is as noisy as the machine; the parts, measured directly:
    # the fixed cost (a run of 2 answers: start-ups, database) and the driver's share per
    # answer (the workers' own per-answer cost is the loop's plus a pickle each way).
    tiny = make(2, work / "overhead-2.jsonl")
    batch(tiny, work / "out-overhead-2")
    fixed, fixed_driver = CPU["seconds"] - 2 * plain / answers, CPU["driver"]
    per_answer = (driver - fixed_driver) / answers
    print(
        f"  fixed {fixed:.2f} s CPU a run (driver {fixed_driver:.2f} s, the rest the workers' "
        f"start-up) + driver {1000 * per_answer:.2f} ms per answer = "
        f"{1000 * (fixed / answers + per_answer):.1f} ms CPU per answer over {answers} answers"
    )


def corpus_ideals() -> list[str]:
    """The ideals of the shared corpus's real tasks (../shared/corpus/real beside the checkout)."""
    for parent in HERE.parents:
        real = parent / "shared" / "corpus" / "real"
        if real.is_dir():
            return [p.read_text(errors="replace") for p in sorted(real.glob("*/IDEAL_RESPONSE.md"))]
    raise SystemExit("the ideal scenario needs shared/corpus/real beside the checkout")


def ideal(work: Path, answers: int, tasks: int = 10) -> None:
    """Answers to a few tasks, each with its task's ideal (a real one of ~1,200 lines)."""
    ideals = corpus_ideals()[:tasks]
    plain = make(answers, work / "plain.jsonl")
    dataset = work / "ideal.jsonl"
    with plain.open() as source, dataset.open("w") as target:
        for n, line in enumerate(source):
            row = json.loads(line)
            row["ideal"] = ideals[n % len(ideals)]
            target.write(json.dumps(row) + "\n")
    print(f"ideal: {answers} answers to {len(ideals)} tasks, each with its task's ideal; {load()}")
    seconds, peak, out = batch(dataset, work / "out-ideal")
    cpu = CPU["seconds"]
    print(f"  {out.splitlines()[0]}")
    print(
        f"  CPU {cpu:.1f} s = {1000 * cpu / answers:.1f} ms per answer; wall {seconds:.1f} s; "
        f"peak {mb(peak)}; {load()}"
    )


def mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


def scale(work: Path, answers: int) -> None:
    dataset = make(answers, work / "scale.jsonl")
    print(f"scale: {answers} answers ({mb(dataset.stat().st_size)} of JSONL), {load()}")
    seconds, peak, out = batch(dataset, work / "out-scale", "--report")
    print(f"  {out.splitlines()[0]}")
    print(f"  wall {seconds:.1f} s; peak RSS of the process tree {mb(peak)} (target < 1024 MB)")
    print(f"  {load()}")


def poison(work: Path, answers: int) -> None:
    dataset = make(answers, work / "poison", "--format", "cases", "--poison", "2")
    print(f"poison: {answers} case folders with 2 binary, 2 empty, 2 x 50 MB, 2 slow; {load()}")
    seconds, peak, out = batch(dataset, work / "out-poison", "--timeout", "10")
    print(f"  {out.splitlines()[0]}")
    print(f"  statuses {statuses(work / 'out-poison')}; wall {seconds:.1f} s; peak {mb(peak)}")


def ray(work: Path, answers: int) -> None:
    dataset = make(answers, work / "ray.jsonl")
    print(f"ray: {answers} answers, local vs --engine ray on this machine; {load()}")
    runs = {}
    for engine in ("local", "ray"):
        seconds, peak, out = batch(dataset, work / f"out-{engine}", "--engine", engine)
        runs[engine] = (seconds, rate_of(out), CPU["seconds"])
        print(
            f"  {engine:5}: wall {seconds:.1f} s, engine {rate_of(out):.1f}/s, "
            f"CPU {CPU['seconds']:.1f} s, peak {mb(peak)}; {load()}"
        )
    same = all(
        (work / "out-local" / name).read_bytes() == (work / "out-ray" / name).read_bytes()
        for name in ("responses.jsonl", "findings.jsonl")
    )
    (local_wall, local_rate, local_cpu), (ray_wall, ray_rate, ray_cpu) = runs.values()
    print(
        f"  Ray overhead (target <= 30 %): wall {100 * (ray_wall / local_wall - 1):.0f} % "
        f"(Ray's start included), engine rate {100 * (local_rate / ray_rate - 1):.0f} %, "
        f"CPU {100 * (ray_cpu / local_cpu - 1):.0f} % (the least noisy on a shared machine)"
    )
    print(f"  same results byte for byte: {same}")


SCENARIOS = {
    "throughput": (throughput, 2000),
    "overhead": (overhead, 1000),
    "ideal": (ideal, 600),
    "scale": (scale, 10000),
    "poison": (poison, 300),
    "ray": (ray, 2000),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenarios", nargs="*", default=list(SCENARIOS), choices=list(SCENARIOS))
    parser.add_argument("--answers", type=int, help="override the scenario's dataset size")
    arguments = parser.parse_args()
    # An installed tfjudge has its bytecode; an editable checkout run with
    # PYTHONDONTWRITEBYTECODE would compile every module again in each of its processes.
    import compileall

    import tfjudge

    compileall.compile_dir(Path(tfjudge.__file__).parent, quiet=1)
    print(f"interpreter: {interpreter()}")
    with tempfile.TemporaryDirectory() as directory:
        for name in arguments.scenarios:
            scenario, default = SCENARIOS[name]
            scenario(Path(directory), arguments.answers or default)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
