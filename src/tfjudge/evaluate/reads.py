"""The local files and directories a configuration reads, with the paths evaluated per
block instance: the path of `file()`, `templatefile()` and the file hashes, an archive's
`source_file` and `source_dir`, a Lambda function's or layer's package, a Synthetics
canary's zip, an S3 object's `source`.

`LocalReads` (a fact: `ctx.get(LocalReads)`) serves core.missing-local-file, which
reports the paths the answer never provides, and the embedded-document checks, which in a
directory answer judge only the files terraform reads.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING, NamedTuple

from tfjudge.evaluate.branches import block_instances, untaken_expressions
from tfjudge.evaluate.evaluator import Evaluator
from tfjudge.evaluate.files import normalize
from tfjudge.evaluate.references import References
from tfjudge.facts import fact
from tfjudge.model.config import Configuration, LocalValue
from tfjudge.parse.hcl.ast import Block, Expr, FunctionCall, Traversal
from tfjudge.records import record

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext

FILE_FUNCTIONS = {
    "file",
    "filebase64",
    "templatefile",
    "filemd5",
    "filesha1",
    "filesha256",
    "filesha512",
    "filebase64sha256",
    "filebase64sha512",
}
# resource type -> arguments that name a local file the provider reads
PACKAGE_ARGUMENTS = {
    "aws_lambda_function": ("filename",),
    "aws_lambda_layer_version": ("filename",),
    "aws_synthetics_canary": ("zip_file",),
    "aws_s3_object": ("source",),
    "aws_s3_bucket_object": ("source",),
}


class LocalRead(NamedTuple):
    """One place where the configuration reads a local file or directory."""

    path: str
    expr: Expr
    block: Block
    what: str  # `file()`, `source_dir`, `aws_lambda_function.filename`
    directory: bool = False

    @property
    def by_function(self) -> bool:
        """Read by a function, at plan: before any resource or command writes it."""
        return self.what.endswith("()")


@record(eq=False)
class LocalReads:
    """Every place the configuration reads a local file or directory."""

    reads: list[LocalRead] = field(default_factory=list)

    def covers(self, path: str) -> bool:
        """Whether terraform reads the file at `path` (relative to the answer's root): a
        read names it, or names a directory it is in."""
        target = normalize(path) or ""
        for read in self.reads:
            read_path = normalize(read.path) or ""
            if read_path == target or (read.directory and target.startswith(read_path + "/")):
                return True
            if not read.directory and posixpath.basename(read_path) == posixpath.basename(target):
                return True  # the answer's file names are matched leniently, as FileStore does
        return False


REPEATED = ("resource", "data", "module", "ephemeral")  # blocks with count / for_each


def path_from_top(evaluator: Evaluator, block: Block, written: Expr, path: str) -> str | None:
    """Where the evaluated `path` an expression of `block` names is, from the top of what
    was analysed: terraform resolves a relative path from its working directory (the
    directory of the root module that creates the block), and one built on `path.module`
    from the block's module. None for an absolute path or one leaving what was analysed."""
    configuration = evaluator.configuration
    module = configuration.module_of(block)
    base = configuration.root_of(module).directory
    if any(isinstance(e, Traversal) and e.dotted(2) == "path.module" for e in written.walk()):
        prefix = evaluator.module_path(module).rstrip("/") + "/"
        if not path.startswith(prefix):
            return None
        base, path = module.directory, path[len(prefix) :]
    if normalize(path) is None:
        return None
    joined = normalize(posixpath.join(base, path))
    return None if joined is None or joined.startswith("../") else joined


def paths_of(evaluator: Evaluator, expr: Expr, block: Block) -> set[str]:
    """The relative paths `expr` gives, one per instance of `block` that evaluates it
    (none for a block created zero times as written: terraform evaluates no argument)."""
    found: set[str] = set()
    if block.type in REPEATED and not evaluator.instances(block):
        return found
    for instance in block_instances(evaluator, block):
        value = evaluator.evaluate(expr, instance)
        if isinstance(value, str) and normalize(value):
            found.add(value)
    return found


def local_reads(
    configuration: Configuration, evaluator: Evaluator, references: References
) -> Iterator[LocalRead]:
    for module in configuration.modules.values():
        for block in references.active_blocks(module):
            calls = [  # the test inline, not in a function: it runs on every expression
                e
                for e in block.expressions()
                if isinstance(e, FunctionCall) and e.name in FILE_FUNCTIONS and e.args
            ]
            if calls:  # most blocks read no file: nothing to evaluate
                skipped = untaken_expressions(block, evaluator) | _replaced(block, references)
                calls = [call for call in calls if id(call) not in skipped]
            for call in calls:
                for path in paths_of(evaluator, call.args[0], block):
                    yield LocalRead(path, call, block, f"{call.name}()")
            if block.type in ("data", "resource") and block.labels[:1] == ("archive_file",):
                for name, is_directory in (("source_file", False), ("source_dir", True)):
                    argument = block.body.attributes.get(name)
                    if argument is not None:
                        for path in paths_of(evaluator, argument.expr, block):
                            yield LocalRead(path, argument.expr, block, name, is_directory)
            if block.type == "resource" and block.labels:
                for name in PACKAGE_ARGUMENTS.get(block.labels[0], ()):
                    argument = block.body.attributes.get(name)
                    if argument is not None:
                        for path in paths_of(evaluator, argument.expr, block):
                            what = f"{block.labels[0]}.{name}"
                            yield LocalRead(path, argument.expr, block, what)


def _replaced(block: Block, references: References) -> set[int]:
    """The ids of the expressions of a `locals` block's values that a later declaration of
    the same name replaces (terraform evaluates only the effective one)."""
    if block.type != "locals":
        return set()
    module = references.module_of(block)
    return {
        id(expr)
        for name, attribute in block.body.attributes.items()
        if isinstance(local := references.declaration(module, f"local.{name}"), LocalValue)
        and local.attribute is not attribute
        for expr in attribute.expr.walk()
    }


@fact(LocalReads)
def _local_reads_fact(ctx: RuleContext) -> LocalReads:
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    return LocalReads(list(local_reads(ctx.configuration, evaluator, references)))
