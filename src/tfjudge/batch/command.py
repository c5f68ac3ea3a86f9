"""`tfjudge batch`: its arguments and what it prints. Heavy modules load only when it runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tfjudge.cli import BATCH_HELP
from tfjudge.response.reader import DEFAULT_MAX_BYTES

EXIT_OK, EXIT_ERROR = 0, 2


def add_parser(commands: Any) -> None:
    """Add `batch` to the subcommands (`argparse._SubParsersAction`) of `tfjudge`."""
    batch = commands.add_parser(
        "batch",
        help=BATCH_HELP,
        description=(
            "Grade every answer of a dataset into OUTDIR: results.duckdb (tables responses "
            "and findings), findings.jsonl and responses.jsonl; --report adds report.md "
            "and report.html."
        ),
    )
    batch.add_argument(
        "dataset",
        type=Path,
        metavar="DATASET",
        help="a directory of case folders, or a .jsonl, .csv or .parquet file",
    )
    batch.add_argument(
        "-o", "--output", type=Path, default=Path("tfjudge-results"), metavar="OUTDIR",
        help="where the results go (default tfjudge-results)",
    )  # fmt: skip
    batch.add_argument("--input-format", choices=("cases", "jsonl", "csv", "parquet"))
    batch.add_argument("--id-col", metavar="NAME", help="the id column (default id)")
    defaults = {"response": "response / MODEL_RESPONSE.md", "prompt": "prompt / PROMPT.md"}
    defaults["ideal"] = "ideal / IDEAL_RESPONSE.md"
    for key, default in defaults.items():
        batch.add_argument(
            f"--{key}-col",
            metavar="NAME",
            help=f"the {key} column, or file of a case folder (default {default})",
        )
    batch.add_argument(
        "--label-col",
        action="append",
        metavar="NAME",
        help="keep only these columns as labels (default: every other column)",
    )
    batch.add_argument("--engine", choices=("local", "ray"), default="local")
    batch.add_argument("--workers", type=int, help="worker processes (default: the cores)")
    batch.add_argument("--address", help="a Ray cluster to join (--engine ray)")
    batch.add_argument("--batch-size", type=int, default=16, help="items per Ray task (16)")
    batch.add_argument("--timeout", type=float, default=60.0, help="seconds per item (60)")
    batch.add_argument(
        "--memory-limit", type=int, default=2048, help="MB of memory per worker (2048; 0: none)"
    )
    batch.add_argument("--resume", action="store_true", help="skip items already in OUTDIR")
    batch.add_argument("--overwrite", action="store_true", help="replace OUTDIR's results")
    batch.add_argument("--report", action="store_true", help="write report.md and report.html")
    batch.add_argument("--progress", choices=("auto", "bar", "plain", "none"), default="auto")
    batch.add_argument("--select", action="append", default=[], help="rule ids or prefixes")
    batch.add_argument("--ignore", action="append", default=[], help="rule ids or prefixes")
    batch.add_argument("--config", type=Path, help="a .tfjudge.toml or pyproject.toml")
    batch.add_argument("--max-bytes", type=int, default=None, help="largest answer read")
    batch.add_argument(
        "--provider-version",
        metavar="5|6",
        help="judge every answer against this AWS provider major version",
    )


def run(arguments: argparse.Namespace) -> int:
    from tfjudge.batch.grade import GradeOptions
    from tfjudge.batch.inputs import Columns
    from tfjudge.batch.runner import BatchOptions, run_batch
    from tfjudge.cli import _settings, _split
    from tfjudge.errors import UsageError

    if arguments.workers is not None and arguments.workers < 1:
        raise UsageError("--workers must be at least 1")
    if arguments.timeout <= 0:
        raise UsageError("--timeout must be positive")
    if arguments.resume and arguments.overwrite:
        raise UsageError("--resume and --overwrite exclude each other")
    arguments.fail_on = arguments.format = None  # what `analyze` has and `batch` does not
    settings, _ = _settings(arguments)
    settings.max_bytes = arguments.max_bytes or settings.max_bytes or DEFAULT_MAX_BYTES
    options = BatchOptions(
        dataset=arguments.dataset,
        output=arguments.output,
        grade=GradeOptions(settings, arguments.timeout, arguments.memory_limit),
        input_format=arguments.input_format,
        columns=Columns(
            arguments.id_col,
            arguments.response_col,
            arguments.prompt_col,
            arguments.ideal_col,
            tuple(_split(arguments.label_col)) if arguments.label_col else None,
        ),
        engine=arguments.engine,
        workers=arguments.workers,
        address=arguments.address,
        batch_size=max(arguments.batch_size, 1),
        resume=arguments.resume,
        overwrite=arguments.overwrite,
        report=arguments.report,
        progress=arguments.progress,
    )
    try:
        summary = run_batch(options)
    except KeyboardInterrupt:
        print(
            f"tfjudge batch: interrupted; continue with --resume -o {arguments.output}",
            file=sys.stderr,
        )
        return 130
    analysed = summary.graded - summary.invalid - summary.errors
    print(
        f"{summary.graded} answers graded in {summary.seconds:.1f} s ({summary.rate:.1f}/s): "
        f"{analysed} analysed, {summary.invalid} invalid, {summary.errors} errors, "
        f"{summary.deployable} deployable, {summary.findings} findings"
        + (f"; {summary.skipped} already done" if summary.skipped else "")
    )
    for path in summary.outputs:
        print(f"  {path}")
    return EXIT_OK
