"""Which files of an answer the syntax rules judge."""

from __future__ import annotations

from tfjudge.evaluate.reads import LocalReads
from tfjudge.parse.embedded import Embedded, Judged
from tfjudge.rules.context import RuleContext


def judged_documents(ctx: RuleContext) -> Judged:
    """Which embedded documents the syntax rules judge: not a file of a directory answer
    that the configuration never reads (a test fixture, an app's source, a tool's
    settings), which is not terraform's. A Markdown answer's files are all judged: the
    answer shows them to be used."""

    def judged(embedded: Embedded) -> bool:
        if ctx.response.kind != "directory" or embedded.block is not None:
            return True
        return ctx.get(LocalReads).covers(embedded.file.path)

    return judged
