"""`--format text`: the terminal report, grouped by file, with the offending lines quoted."""

from __future__ import annotations

import io
from collections import defaultdict

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from tfjudge.analysis import Analysis
from tfjudge.findings import SEVERITIES, Finding
from tfjudge.render import RenderOptions
from tfjudge.schema.versions import describe_summary

SEVERITY_STYLE = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "yellow",
    "low": "cyan",
}


def render_text(analysis: Analysis, options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=options.color,
        no_color=not options.color,
        width=options.width,
        highlight=False,
        soft_wrap=False,
    )
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in analysis.findings:
        by_file[finding.file or ""].append(finding)
    files = {f.path: f for f in analysis.response.files}
    for path in sorted(by_file, key=lambda p: (p != "", p)):
        heading = path or f"{analysis.response.path} (the response as a whole)"
        console.print(Text(heading, style="bold underline"))
        for finding in sorted(by_file[path], key=lambda f: (f.line or 0, f.severity.rank)):
            _print_finding(console, finding, files.get(path))
        console.print()
    console.print(_summary(analysis))
    return buffer.getvalue()


def _print_finding(console: Console, finding: Finding, file: object) -> None:
    where = f"{finding.line}" if finding.line else "-"
    if finding.response_line and finding.response_line != finding.line:
        where += f" (response line {finding.response_line})"
    line = Text("  ")
    line.append(f" {finding.severity.value.upper()} ", style=SEVERITY_STYLE[finding.severity.value])
    line.append(f" {finding.rule}", style="bold")
    line.append(f"  line {where}")
    if finding.address:
        line.append(f"  {finding.address}", style="magenta")
    console.print(line)
    console.print(f"    {escape(finding.message)}")
    quoted = getattr(file, "line_text", None)
    if finding.line and quoted is not None:
        source = quoted(finding.line).rstrip()
        if source.strip():
            console.print(Text(f"    {finding.line:>5} | {source}", style="dim"))


def _summary(analysis: Analysis) -> Text:
    counts = analysis.counts()
    text = Text()
    total = len(analysis.findings)
    text.append(f"{total} finding{'s' if total != 1 else ''}: ", style="bold")
    parts = [f"{counts[s.value]} {s.value}" for s in SEVERITIES]
    text.append(", ".join(parts))
    if analysis.suppressed:
        text.append(f" ({analysis.suppressed} suppressed)")
    verdict = "deployable" if analysis.deployable else "not deployable"
    text.append(f" — {verdict}", style="bold green" if analysis.deployable else "bold red")
    schema = analysis.provider_schema
    if schema:
        text.append(f"\njudged against {describe_summary(schema)}")
    return text
