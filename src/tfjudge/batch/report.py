"""The aggregate report of a batch run: `report.md` (plots as PNG files) and `report.html`
(one self-contained file, plots inline).

What a reader of thousands of graded answers asks first: how many were analysed, how
many would deploy, which rules and families fire and on how many answers, which rules
hurt most, and how the label columns (model, temperature, ...) compare. Everything is
read from `results.duckdb`; the plots are drawn with matplotlib's object API (no pyplot
global state, no display).
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import field
from pathlib import Path
from typing import Any

from tfjudge import __version__
from tfjudge.batch.database import DATABASE, duckdb_module, quote_identifier
from tfjudge.errors import UsageError
from tfjudge.findings import SEVERITIES
from tfjudge.records import record

REPORT_MD = "report.md"
REPORT_HTML = "report.html"
PLOTS = "report-plots"
TOP_RULES = 15
WORST_RULES = 10
MAX_LABEL_VALUES = 25  # a label with more distinct values (an id, a timestamp) is not compared
MAX_ERRORS_LISTED = 20
SEVERITY_COLORS = {"critical": "#b71c1c", "high": "#e65100", "medium": "#f9a825", "low": "#0277bd"}
_SEVERITY_ORDER = (
    "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END"
)


@record
class Table:
    """A table of the aggregate report."""

    title: str
    columns: list[str]
    rows: list[list[Any]]
    note: str = ""


@record
class Plot:
    """A plot of the aggregate report, as a PNG."""

    name: str  # file name without extension
    title: str
    png: bytes


@record
class Aggregate:
    """The aggregate report: its headline figures and its sections of tables and plots."""

    headline: list[tuple[str, str]] = field(default_factory=list)
    sections: list[tuple[str, list[Table | Plot]]] = field(default_factory=list)


def write_report(directory: Path) -> list[Path]:
    """Write report.md, its plots and report.html from `directory`/results.duckdb."""
    database = directory / DATABASE
    if not database.exists():
        raise UsageError(f"{directory} holds no {DATABASE}: run tfjudge batch first")
    connection = duckdb_module().connect(str(database), read_only=True)
    try:
        aggregate = collect(connection)
    finally:
        connection.close()
    plots_dir = directory / PLOTS
    plots_dir.mkdir(exist_ok=True)
    written = [directory / REPORT_MD, directory / REPORT_HTML]
    for _, parts in aggregate.sections:
        for part in parts:
            if isinstance(part, Plot):
                path = plots_dir / f"{part.name}.png"
                path.write_bytes(part.png)
                written.append(path)
    written[0].write_text(render_markdown(aggregate), encoding="utf-8")
    written[1].write_text(render_html(aggregate), encoding="utf-8")
    return written


# -- the figures -------------------------------------------------------------------------


def collect(connection: Any) -> Aggregate:
    def rows(sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in connection.sql(sql).fetchall()]

    aggregate = Aggregate()
    total, analysed, invalid, errors, deployable, findings = rows(
        "SELECT count(*), count(*) FILTER (status = 'ok'), count(*) FILTER (status = 'invalid'),"
        " count(*) FILTER (status = 'error'), count(*) FILTER (deployable),"
        " coalesce(sum(findings), 0) FROM responses"
    )[0]
    judged = analysed + invalid  # every answer tfjudge could judge (an invalid one fails)
    aggregate.headline = [
        ("answers", f"{total:,}"),
        ("analysed", f"{analysed:,}"),
        ("invalid answers", f"{invalid:,}"),
        ("tool errors", f"{errors:,}"),
        ("deployable", f"{deployable:,} ({_share(deployable, judged)})"),
        ("findings", f"{findings:,} ({findings / analysed if analysed else 0:.1f} per answer)"),
    ]
    severity_totals = dict(rows("SELECT severity, count(*) FROM findings GROUP BY severity"))
    overview = Table(
        "Overview",
        ["measure", "value"],
        [[name, value] for name, value in aggregate.headline]
        + [[f"{s.value} findings", f"{severity_totals.get(s.value, 0):,}"] for s in SEVERITIES],
        note="The deployable rate counts invalid answers (empty, binary, too large) as "
        "not deployable and leaves out the answers tfjudge could not finish (tool errors).",
    )
    per_answer = rows("SELECT findings FROM responses WHERE status = 'ok'")
    aggregate.sections.append(
        ("Overview", [overview, _histogram([value for (value,) in per_answer])])
    )
    aggregate.sections.append(("Families", _families(rows, analysed)))
    aggregate.sections.append(("Rules", _rules(rows, analysed)))
    for label in _labels(connection, rows, total):
        aggregate.sections.append((f"By {label}", _by_label(rows, label)))
    problems = rows(
        "SELECT id, status, error FROM responses WHERE status <> 'ok' "
        f"ORDER BY status, seq LIMIT {MAX_ERRORS_LISTED}"
    )
    if problems:
        note = (
            f"The first {MAX_ERRORS_LISTED} are listed." if invalid + errors > len(problems) else ""
        )
        aggregate.sections.append(
            (
                "Answers not analysed",
                [
                    Table(
                        "Answers not analysed",
                        ["id", "status", "reason"],
                        [list(p) for p in problems],
                        note,
                    )
                ],
            )
        )
    return aggregate


def _share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def _families(rows: Any, analysed: int) -> list[Table | Plot]:
    severities = [s.value for s in SEVERITIES]
    counts = ", ".join(f"count(*) FILTER (severity = '{s}')" for s in severities)
    data = rows(
        f"SELECT family, count(*), count(DISTINCT seq), {counts} FROM findings "
        "GROUP BY family ORDER BY count(DISTINCT seq) DESC, family"
    )
    table = Table(
        "Findings per family",
        ["family", "findings", "answers affected", "share of answers", *severities],
        [[f, n, a, _share(a, analysed), *rest] for f, n, a, *rest in data],
    )
    parts: list[Table | Plot] = [table]
    if data:
        parts.append(
            _stacked_bars(
                "families",
                "Findings per family, by severity",
                [row[0] for row in data],
                {s: [row[3 + i] for row in data] for i, s in enumerate(severities)},
            )
        )
    return parts


def _rules(rows: Any, analysed: int) -> list[Table | Plot]:
    data = rows(
        "SELECT rule, mode(severity), mode(category), count(*), count(DISTINCT seq) "
        "FROM findings GROUP BY rule ORDER BY count(DISTINCT seq) DESC, rule"
    )
    table = Table(
        "Findings per rule",
        ["rule", "severity", "category", "findings", "answers affected", "share of answers"],
        [[r, s, c, n, a, _share(a, analysed)] for r, s, c, n, a in data],
    )
    worst = rows(
        "SELECT rule, severity, answers, title FROM (SELECT rule, mode(severity) AS severity, "
        "count(DISTINCT seq) AS answers, min(title) AS title FROM findings "
        "WHERE severity IN ('critical', 'high') GROUP BY rule) "
        f"ORDER BY {_SEVERITY_ORDER}, answers DESC, rule LIMIT {WORST_RULES}"
    )
    worst_table = Table(
        "The worst rules",
        ["rule", "severity", "answers affected", "share of answers", "example"],
        [[r, s, a, _share(a, analysed), t] for r, s, a, t in worst],
        note="Critical and high rules, most severe first, then by the answers they sink.",
    )
    parts: list[Table | Plot] = [worst_table, table]
    top = data[:TOP_RULES]
    if top:
        parts.append(
            _bars(
                "rules",
                f"Answers affected, top {len(top)} rules",
                [row[0] for row in top],
                [row[4] for row in top],
                [SEVERITY_COLORS.get(row[1], "#607d8b") for row in top],
            )
        )
    return parts


def _labels(connection: Any, rows: Any, total: int) -> list[str]:
    """Label columns worth comparing: 2 to MAX_LABEL_VALUES values, not one per answer."""
    fixed = {
        "seq", "id", "status", "error", "deployable", "findings", "critical", "high",
        "medium", "low", "files", "resources", "lines", "notes",
    }  # fmt: skip
    labels = []
    for column in [c[0] for c in connection.sql("DESCRIBE responses").fetchall()]:
        if column in fixed:
            continue
        (distinct,) = rows(f"SELECT count(DISTINCT {quote_identifier(column)}) FROM responses")[0]
        if 2 <= distinct <= MAX_LABEL_VALUES and distinct < total:
            labels.append(column)
    return labels


def _by_label(rows: Any, label: str) -> list[Table | Plot]:
    column = quote_identifier(label)
    data = rows(
        f"SELECT coalesce({column}, '(none)') AS value, count(*), "
        "count(*) FILTER (status = 'ok'), "
        "count(*) FILTER (deployable), count(*) FILTER (status IN ('ok', 'invalid')), "
        "avg(findings) FILTER (status = 'ok'), avg(critical) FILTER (status = 'ok') "
        "FROM responses GROUP BY value ORDER BY value"
    )
    top_rules = dict(
        rows(
            "SELECT value, rule FROM (SELECT value, rule, row_number() OVER "
            "(PARTITION BY value ORDER BY n DESC, rule) AS rank FROM "
            f"(SELECT coalesce({column}, '(none)') AS value, rule, count(DISTINCT seq) AS n "
            "FROM findings GROUP BY value, rule)) WHERE rank = 1"
        )
    )
    table = Table(
        f"Answers by {label}",
        [label, "answers", "analysed", "deployable", "findings per answer", "critical per answer",
         "most common rule"],
        [
            [v, n, a, _share(d, j), f"{f or 0:.2f}", f"{c or 0:.2f}", top_rules.get(v, "")]
            for v, n, a, d, j, f, c in data
        ],
    )  # fmt: skip
    rates = [100 * d / j if j else 0.0 for _, _, _, d, j, _, _ in data]
    plot = _bars(
        f"by-{_slug(label)}",
        f"Deployable answers by {label} (%)",
        [str(row[0]) for row in data],
        rates,
        ["#2e7d32"] * len(data),
        limit=115.0,
        texts=[f"{rate:.0f} % of {row[4]}" for rate, row in zip(rates, data, strict=True)],
    )
    return [table, plot]


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-") or "label"


# -- plots -------------------------------------------------------------------------------


def _figure(height: float) -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise UsageError(
            "the batch report needs matplotlib: pip install 'tfjudge[batch]'"
        ) from None
    return Figure(figsize=(8, height), dpi=100, layout="constrained")


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _bars(
    name: str,
    title: str,
    labels: list[str],
    values: list[float],
    colors: list[str],
    limit: float | None = None,
    texts: list[str] | None = None,
) -> Plot:
    figure = _figure(max(2.0, 0.35 * len(labels) + 1.0))
    axes = figure.subplots()
    positions = list(range(len(labels)))
    axes.barh(positions, values, color=colors)
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    if limit is not None:
        axes.set_xlim(0, limit)
    if texts is None:
        texts = [f"{v:.1f}" if isinstance(v, float) else f"{v}" for v in values]
    for position, value, text in zip(positions, values, texts, strict=True):
        axes.annotate(
            text, (value, position), xytext=(3, 0), textcoords="offset points", va="center"
        )
    axes.set_title(title)
    axes.spines[["top", "right"]].set_visible(False)
    return Plot(name, title, _png(figure))


def _stacked_bars(name: str, title: str, labels: list[str], series: dict[str, list[int]]) -> Plot:
    figure = _figure(max(2.0, 0.45 * len(labels) + 1.2))
    axes = figure.subplots()
    positions = list(range(len(labels)))
    left = [0] * len(labels)
    for severity, values in series.items():
        axes.barh(positions, values, left=left, color=SEVERITY_COLORS[severity], label=severity)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    figure.legend(loc="outside lower center", ncols=len(series), frameon=False)
    axes.set_title(title)
    axes.spines[["top", "right"]].set_visible(False)
    return Plot(name, title, _png(figure))


def _histogram(values: list[int]) -> Plot:
    figure = _figure(3.0)
    axes = figure.subplots()
    if values:
        top = max(values)
        # one bar per count while there are few, centred on the integers
        bins: Any = [x - 0.5 for x in range(top + 2)] if top <= 40 else 40
        axes.hist(values, bins=bins, color="#455a64", rwidth=0.9 if top <= 40 else None)
        from matplotlib.ticker import MaxNLocator

        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("findings in one answer")
    axes.set_ylabel("answers")
    axes.set_title("Findings per analysed answer")
    axes.spines[["top", "right"]].set_visible(False)
    return Plot("findings-per-answer", "Findings per analysed answer", _png(figure))


# -- rendering ---------------------------------------------------------------------------


def _md_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("|", "\\|")


def render_markdown(aggregate: Aggregate) -> str:
    lines = ["# tfjudge batch report", "", f"tfjudge {__version__}.", ""]
    lines += [" · ".join(f"**{value}** {name}" for name, value in aggregate.headline), ""]
    for heading, parts in aggregate.sections:
        lines += [f"## {heading}", ""]
        for part in parts:
            if isinstance(part, Plot):
                lines += [f"![{part.title}]({PLOTS}/{part.name}.png)", ""]
                continue
            if part.title != heading:
                lines += [f"### {part.title}", ""]
            if not part.rows:
                lines += ["None.", ""]
                continue
            lines.append("| " + " | ".join(_md_cell(c) for c in part.columns) + " |")
            lines.append("|" + "---|" * len(part.columns))
            lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in part.rows]
            lines.append("")
            if part.note:
                lines += [part.note, ""]
    return "\n".join(lines)


_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 70rem; margin: 2rem auto;
       padding: 0 1rem; color: #212121; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 2px solid #eceff1; margin-top: 2.5rem; }
.cards { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1rem 0; }
.card { background: #f5f7f8; border-radius: 8px; padding: .6rem 1rem; min-width: 8rem; }
.card b { display: block; font-size: 1.4rem; }
table { border-collapse: collapse; margin: .8rem 0; font-size: 14px; }
th, td { border-bottom: 1px solid #e0e0e0; padding: .3rem .7rem; text-align: left;
         vertical-align: top; }
th { background: #fafafa; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; display: block; margin: 1rem 0; }
.note { color: #616161; font-size: 13px; }
@media print { h2 { break-after: avoid; } img, table { break-inside: avoid; } }
"""


def render_html(aggregate: Aggregate) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>tfjudge batch report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>tfjudge batch report</h1>",
        f'<p class="note">tfjudge {html.escape(__version__)}</p>',
        '<div class="cards">',
    ]
    out += [
        f'<div class="card"><b>{html.escape(value)}</b>{html.escape(name)}</div>'
        for name, value in aggregate.headline
    ]
    out.append("</div>")
    for heading, parts in aggregate.sections:
        out.append(f"<h2>{html.escape(heading)}</h2>")
        for part in parts:
            if isinstance(part, Plot):
                data = base64.b64encode(part.png).decode("ascii")
                out.append(
                    f'<img alt="{html.escape(part.title)}" src="data:image/png;base64,{data}">'
                )
                continue
            if part.title != heading:
                out.append(f"<h3>{html.escape(part.title)}</h3>")
            if not part.rows:
                out.append("<p>None.</p>")
                continue
            out.append("<table><thead><tr>")
            out += [f"<th>{html.escape(c)}</th>" for c in part.columns]
            out.append("</tr></thead><tbody>")
            for row in part.rows:
                cells = [
                    f'<td class="n">{v}</td>' if isinstance(v, int | float) else
                    f"<td>{html.escape('' if v is None else str(v))}</td>"
                    for v in row
                ]  # fmt: skip
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</tbody></table>")
            if part.note:
                out.append(f'<p class="note">{html.escape(part.note)}</p>')
    out.append("</body></html>\n")
    return "\n".join(out)
