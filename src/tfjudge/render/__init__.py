"""Stage 6: renderers. Each turns an `Analysis` into one output format.

The registry is data: a format name maps to the module that renders it, imported only
when that format is asked for (so `--format json` never pays for rich's import).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from tfjudge.analysis import Analysis
from tfjudge.records import record


@record(frozen=True)
class RenderOptions:
    """How a report is drawn: colours and line width (text formats)."""

    color: bool = False
    width: int = 100


Renderer = Callable[[Analysis, RenderOptions], str]

FORMATS: dict[str, str] = {
    "text": "tfjudge.render.text:render_text",
    "json": "tfjudge.render.json_report:render_json",
    "md": "tfjudge.render.markdown:render_markdown",
    "html": "tfjudge.render.html:render_html",
    "sarif": "tfjudge.render.sarif:render_sarif",
}


def formats() -> list[str]:
    return list(FORMATS)


def get_renderer(format_name: str) -> Renderer:
    if format_name not in FORMATS:
        raise KeyError(f"unknown format {format_name!r}; known: {', '.join(FORMATS)}")
    module_name, _, function = FORMATS[format_name].partition(":")
    renderer: Renderer = getattr(importlib.import_module(module_name), function)
    return renderer


def render(analysis: Analysis, format_name: str, options: RenderOptions | None = None) -> str:
    return get_renderer(format_name)(analysis, options or RenderOptions())
