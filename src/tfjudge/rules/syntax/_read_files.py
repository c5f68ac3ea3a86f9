"""Which files of an answer the syntax rules judge."""

from __future__ import annotations

from tfjudge.evaluate.reads import LocalReads
from tfjudge.parse.embedded import Embedded
from tfjudge.rules.context import RuleContext


def unread_file(ctx: RuleContext, embedded: Embedded) -> bool:
    """A file of a directory answer that the configuration never reads (a test fixture, an
    app's source, a tool's settings): not terraform's, so not judged. A Markdown answer's
    files are all judged: the answer shows them to be used."""
    if ctx.response.kind != "directory" or embedded.block is not None:
        return False
    return not ctx.get(LocalReads).covers(embedded.file.path)
