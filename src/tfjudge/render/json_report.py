"""`--format json`: the stable contract of SPEC.md."""

from __future__ import annotations

import json

from tfjudge.analysis import Analysis
from tfjudge.render import RenderOptions


def render_json(analysis: Analysis, options: RenderOptions) -> str:
    return json.dumps(analysis.to_dict(), indent=2, ensure_ascii=False) + "\n"
