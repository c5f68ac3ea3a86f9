"""The command line: `tfjudge analyze`, `tfjudge rules`, `tfjudge explain`, `tfjudge batch`.

Exit codes: 0 no finding at or above --fail-on, 1 some, 2 bad usage or unreadable input
(one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from tfjudge import __version__, compile_cache
from tfjudge.analysis import Settings
from tfjudge.config import FAIL_ON, load_config
from tfjudge.errors import InputError, UsageError
from tfjudge.jobs import Request, analyze_all, default_jobs
from tfjudge.render import RenderOptions, formats
from tfjudge.response.reader import DEFAULT_MAX_BYTES
from tfjudge.rules.registry import Rule, all_rules, applicable_rules

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
COMMANDS = ("analyze", "rules", "explain", "batch")
BATCH_HELP = "grade a dataset of answers (case folders, JSONL, CSV, Parquet)"


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, sized as `shutil.get_terminal_size` would size it but
    without importing shutil (and bz2 and lzma with it): argparse builds a formatter for
    every argument it adds, and a run that prints no help would import them for nothing."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    """`shutil.get_terminal_size().columns`: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Parser(argparse.ArgumentParser):
    def __init__(self, *arguments: Any, **options: Any) -> None:
        options.setdefault("formatter_class", _Formatter)
        super().__init__(*arguments, **options)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of `tfjudge`; given a `command`, the other subcommands are there (for
    the help and for errors) without their arguments, which cost start-up time."""
    parser = _Parser(
        prog="tfjudge",
        description="Judge Terraform written by a language model: find every way it would fail.",
    )
    parser.add_argument("--version", action="version", version=f"tfjudge {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    analyze_cmd = commands.add_parser("analyze", help="analyze one or more responses")
    if command in (None, "analyze"):
        _add_analyze_arguments(analyze_cmd)
    rules_cmd = commands.add_parser("rules", help="list the rule catalogue")
    if command in (None, "rules"):
        rules_cmd.add_argument("--format", choices=("text", "json"), default="text")
    explain_cmd = commands.add_parser("explain", help="show one rule's documentation")
    if command in (None, "explain"):
        explain_cmd.add_argument("rule", metavar="RULE")
    if command in (None, "batch"):
        from tfjudge.batch.command import add_parser as add_batch_parser

        add_batch_parser(commands)
    else:
        commands.add_parser("batch", help=BATCH_HELP)
    return parser


def _add_analyze_arguments(analyze_cmd: argparse.ArgumentParser) -> None:
    analyze_cmd.add_argument("responses", nargs="+", type=Path, metavar="RESPONSE")
    analyze_cmd.add_argument("--prompt", type=Path, help="the task the model was given")
    analyze_cmd.add_argument("--ideal", type=Path, help="the working solution")
    analyze_cmd.add_argument("--format", choices=formats(), default=None)
    analyze_cmd.add_argument("-o", "--output", type=Path, help="write the report here")
    analyze_cmd.add_argument("--fail-on", choices=FAIL_ON, default=None)
    analyze_cmd.add_argument("--config", type=Path, help="a .tfjudge.toml or pyproject.toml")
    analyze_cmd.add_argument(
        "--select", action="append", default=[], help="rule ids or prefixes to run"
    )
    analyze_cmd.add_argument(
        "--ignore", action="append", default=[], help="rule ids or prefixes to skip"
    )
    analyze_cmd.add_argument("--max-bytes", type=int, default=None, help="largest input read")
    analyze_cmd.add_argument(
        "--provider-version",
        metavar="5|6",
        help="judge against this AWS provider major version, whatever the answer pins",
    )
    analyze_cmd.add_argument("--no-color", action="store_true", help="never colour the output")
    analyze_cmd.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="answers analysed at once (default: one per core)",
    )


def entry() -> NoReturn:
    """The `tfjudge` command: `main`, then, for the one-shot commands, an exit that skips
    the interpreter's teardown (freeing every object of the parsed answer one by one costs
    50-80 ms, a sixth of a whole run). Output is flushed first; `batch`, which owns worker
    processes and perhaps a Ray session, exits normally. mypy exits the same way."""
    argv = sys.argv[1:]
    code = main(argv)
    compile_cache.save()
    if argv[:1] != ["batch"]:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:  # the reader went away (`tfjudge ... | head`): nothing to lose
            pass
        os._exit(code)
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        arguments = build_parser(argv[0] if argv and argv[0] in COMMANDS else None).parse_args(argv)
        if arguments.command == "analyze":
            return _analyze(arguments)
        _start_collecting()
        if arguments.command == "rules":
            return _rules(arguments.format, sys.stdout)
        if arguments.command == "explain":
            return _explain(arguments.rule, sys.stdout)
        if arguments.command == "batch":
            from tfjudge.batch.command import run as run_batch

            return run_batch(arguments)
        build_parser().print_help()
        return EXIT_ERROR
    except (UsageError, InputError) as exc:
        print(f"tfjudge: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


def _start_collecting() -> None:
    """The end of start-up. The launcher (`tfjudge.launch`) keeps the cyclic collector off
    while the modules load; what they built lives until exit, so it is frozen out of the
    collector's way (workers forked next share those pages untouched) and the collector
    is switched on. Nothing to do when it is on already (tfjudge used as a library)."""
    if not gc.isenabled():
        from tfjudge.launch import start_collecting

        start_collecting()


def _split(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _settings(arguments: argparse.Namespace) -> tuple[Settings, str]:
    config = load_config(arguments.config, Path.cwd())
    settings = Settings(
        select=_split(arguments.select) or config.list_of("select"),
        ignore=_split(arguments.ignore)
        + config.list_of("ignore")
        + config.list_of("extend-ignore"),
        fail_on=arguments.fail_on or config.values.get("fail-on", "critical"),
        max_bytes=arguments.max_bytes or config.values.get("max-bytes", DEFAULT_MAX_BYTES),
    )
    provider_version = arguments.provider_version or config.values.get("provider-version")
    if provider_version:
        from tfjudge.schema.store import known_versions

        versions = {v.version for v in known_versions()} | {str(v.major) for v in known_versions()}
        if str(provider_version) not in versions:
            raise UsageError(f"unknown --provider-version {provider_version}; known: 5, 6")
        settings.options["provider_version"] = str(provider_version)
    for entry in [*settings.select, *settings.ignore]:
        pattern = entry.partition("@")[0]  # `rule@address` suppresses at an address
        if pattern.lower() != "all" and not any(
            rule_id == pattern.rstrip(".") or rule_id.startswith(pattern.rstrip(".") + ".")
            for rule_id in all_rules()
        ):
            raise UsageError(f"unknown rule or prefix: {pattern}")
    output_format = arguments.format or config.values.get("format", "text")
    if output_format not in formats():
        raise UsageError(f"unknown format {output_format!r}")
    return settings, output_format


def _analyze(arguments: argparse.Namespace) -> int:
    settings, output_format = _settings(arguments)
    color = _use_color(arguments)
    several = len(arguments.responses) > 1
    request = Request(
        arguments.prompt,
        arguments.ideal,
        settings,
        output_format,
        RenderOptions(color=color and arguments.output is None),
        combined=several and output_format in ("json", "sarif"),
    )
    # the rules that apply to any answer; those of a few resource types come with the answer
    applicable_rules(request.inputs, frozenset())
    _start_collecting()  # after start-up's imports
    jobs = arguments.jobs or default_jobs(len(arguments.responses))
    reports: list[str] = []
    documents: list[Any] = []
    exit_code = EXIT_OK
    for result in analyze_all(arguments.responses, request, jobs):
        if result.error is not None:
            print(f"tfjudge: error: {result.error}", file=sys.stderr)
            exit_code = EXIT_ERROR
            continue
        for note in result.notes:
            print(f"tfjudge: warning: {note}", file=sys.stderr)
        if result.fails and exit_code == EXIT_OK:
            exit_code = EXIT_FINDINGS
        if request.combined:
            documents.append(result.document)
        elif output_format == "text" and several:
            reports.append(f"==> {result.path} <==\n{result.report}")  # which answer it is
        else:
            reports.append(result.report)
    if request.combined and output_format == "json":
        reports = [json.dumps(documents, indent=2) + "\n"]
    if request.combined and output_format == "sarif":  # one SARIF log, one run, for all
        from tfjudge.render.sarif import render_sarif_parts

        reports = [render_sarif_parts(documents)]
    _write("".join(reports) if len(reports) <= 1 else "\n".join(reports), arguments.output)
    return exit_code


def _use_color(arguments: argparse.Namespace) -> bool:
    if arguments.no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None


def _rules(output_format: str, out: TextIO) -> int:
    rules = list(all_rules().values())
    if output_format == "json":
        json.dump([_rule_dict(r) for r in rules], out, indent=2)
        out.write("\n")
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"tfjudge {__version__}: {len(rules)} rules", show_lines=False)
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("severity")
    table.add_column("category")
    table.add_column("what it finds")
    for current in rules:
        needs = f" (needs --{', --'.join(current.requires)})" if current.requires else ""
        table.add_row(
            current.id, current.severity.value, current.category.value, current.title + needs
        )
    Console(file=out, width=140, no_color=not out.isatty()).print(table)
    return EXIT_OK


def _rule_dict(current: Rule) -> dict[str, object]:
    return {
        "id": current.id,
        "severity": current.severity.value,
        "category": current.category.value,
        "title": current.title,
        "summary": current.summary,
        "requires": list(current.requires),
        "doc": current.doc,
    }


def _explain(rule_id: str, out: TextIO) -> int:
    rules = all_rules()
    if rule_id not in rules:
        close = [r for r in rules if rule_id in r]
        hint = f"; did you mean {', '.join(close[:3])}?" if close else ""
        raise UsageError(f"unknown rule {rule_id}{hint}")
    from rich.console import Console
    from rich.markdown import Markdown

    current = rules[rule_id]
    header = (
        f"# {current.id}\n\n**{current.title}** — severity `{current.severity.value}`, "
        f"category `{current.category.value}`\n\n"
    )
    Console(file=out, width=100, no_color=not out.isatty()).print(Markdown(header + current.doc))
    return EXIT_OK
