"""`--format html`: one self-contained page (CSS and a little JS inlined, nothing fetched).

A thin renderer of `tfjudge.report.Report`, made with jinja2; code is highlighted with
pygments. Both are imported here only, so `--format json` never pays for them.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from tfjudge.analysis import Analysis
from tfjudge.findings import SEVERITIES
from tfjudge.render import RenderOptions
from tfjudge.report.model import CodeQuote, Report, build_report, display_path

_LEXERS = {"hcl": "terraform", "python": "python", "javascript": "javascript", "json": "json",
           "bash": "bash", "yaml": "yaml", "markdown": "markdown"}  # fmt: skip


def render_html(analysis: Analysis, options: RenderOptions) -> str:
    return html_report(build_report(analysis))


def html_report(report: Report) -> str:
    import jinja2

    template_text = resources.files("tfjudge").joinpath("render/templates/report.html.j2")
    environment = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    environment.filters["ticks"] = _ticks
    template = environment.from_string(template_text.read_text("utf-8"))
    return template.render(**_context(report))


def _context(report: Report) -> dict[str, Any]:
    from markupsafe import Markup
    from pygments.formatters import HtmlFormatter

    style = HtmlFormatter(style="friendly").get_style_defs(".hl")
    lines_of_items: dict[int, list[int]] = {}
    for item in report.items:
        for finding in item.findings:
            if finding.response_line:
                lines_of_items.setdefault(finding.response_line, []).append(item.number)
    totals = report.severity_totals()
    biggest = max([row.total for row in report.summary], default=1) or 1
    return {
        "report": report,
        "severities": [s.value for s in SEVERITIES],
        "totals": {s.value: n for s, n in totals.items()},
        "item_counts": {s.value: n for s, n in report.item_counts().items()},
        "biggest": biggest,
        "pygments_css": Markup(style),
        "highlight_quote": lambda quote: Markup(_highlight_quote(quote)),
        "highlight": lambda code, language="hcl": Markup(_highlight(code, language)),
        "response_lines": _response_lines(report, lines_of_items),
        "display_path": display_path,
    }


def _ticks(text: str) -> Any:
    """Escape the text and show its `backticked` parts as code."""
    import re

    from markupsafe import Markup, escape

    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def _lexer(language: str) -> Any:
    from pygments.lexers import TextLexer, get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(_LEXERS.get(language, language))
    except ClassNotFound:
        return TextLexer()


def _highlight(code: str, language: str) -> str:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter

    return str(highlight(code, _lexer(language), HtmlFormatter(cssclass="hl", nowrap=True)))


def _highlight_quote(quote: CodeQuote) -> str:
    """The quoted lines highlighted, one row per line with its response line number."""
    from markupsafe import escape

    html = _highlight(quote.text + "\n", quote.language)
    rows = html.rstrip("\n").split("\n")
    out = []
    for (number, _), row in zip(quote.lines, rows, strict=False):
        marked = " marked" if number in quote.marked else ""
        out.append(
            f'<span class="row{marked}"><a class="ln" href="#L{number}">{escape(number)}</a>'
            f"<span class='src'>{row}</span></span>"
        )
    return "\n".join(out)


def _response_lines(report: Report, items: dict[int, list[int]]) -> list[dict[str, Any]]:
    """Every line of the response, highlighted as Markdown, with the items that point at it."""
    text = report.response_text
    if not text:
        return []
    rows = _highlight(text if text.endswith("\n") else text + "\n", "markdown").split("\n")
    return [
        {"number": n, "html": row, "items": items.get(n, [])}
        for n, row in enumerate(rows[: text.count("\n") + 1], start=1)
    ]
