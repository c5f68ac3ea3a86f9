"""## What it does
Reports a local file the configuration reads that the answer never provides: the path of
`file()`, `filebase64()`, `templatefile()` and the `file*sha256()`-style hashes, an
`archive_file`'s `source_file` or `source_dir`, a Lambda function's or layer's
`filename`, a Synthetics canary's `zip_file`, an S3 object's `source`. Paths are
evaluated (`"${path.module}/lambda/app.py"`) and matched leniently against the answer's
files (by path, by directory, by a unique file name); an answer read from disk (a
directory, a lone `.tf` file) also has what lies beside it there (`../fixtures/app.zip`
from an examples directory). A package is provided when an
`archive_file` (`output_path`) or a `local_file` writes it, or a local-exec command names
it, or the answer tells how to build it (an archive's name in a script, a command, a
comment or the prose: `zip payment.zip payment.py`). A file a `local_file` writes is
not there for a function: functions run at plan, before apply writes it
(`templatefile("user_data.sh", ...)` beside `resource "local_file"` writing
`user_data.sh` fails on every fresh checkout). A provider or data source that depends on
a block running a local-exec command (itself, or through the `depends_on` of its module's
call: terraform then reads the data source during apply) reads after it, so the command
may build the path in a script tfjudge cannot read: not reported. In a repository read
from disk, a path its `.gitignore` excludes (`dist/`, `*.zip`, `keys/*`) is made by its
workflow before terraform runs: reported low. So is a placeholder path the answer asks
the user to fill in with a key, credential or certificate of their own
(`path/to/service-account-key.json`, `<PATH_TO_KEY>`, `your-cert.pem`), which no answer
should ship; a placeholder for code (`path/to/lambda.zip`) is not. Absolute and home paths
(`~/.ssh/id_rsa.pub`) are the user's machine: not reported. Nor is a path when the answer
holds an unnamed code block of the same kind that may be that file.

## Why is this bad?
`terraform plan` fails when a function reads a file that does not exist ("no file exists
at ..."), and `apply` fails when the provider uploads a package that does not exist.
See https://developer.hashicorp.com/terraform/language/functions/file.

## Example
```hcl
data "archive_file" "lambda" {
  type        = "zip"
  source_file = "${path.module}/lambda/handler.py"
  output_path = "${path.module}/lambda.zip"
}
```
(and the answer never shows `lambda/handler.py`)

## Use instead
Provide the file in the answer (a fenced block named `lambda/handler.py`), or inline the
code with an `archive_file` `source { content = ..., filename = ... }` block.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, PartialString, References
from tfjudge.evaluate.files import FileStore, normalize
from tfjudge.evaluate.reads import LocalRead, LocalReads, path_from_top, paths_of
from tfjudge.evaluate.references import Node
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import Module
from tfjudge.parse.hcl.ast import Block, Expr
from tfjudge.patterns import lazy_pattern
from tfjudge.response.disk import Disk
from tfjudge.response.naming import DEFAULT_NAME
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.source import SourceFile

PRODUCERS = {
    "local_file": "filename",
    "local_sensitive_file": "filename",
    "archive_file": "output_path",  # the resource form of the archive provider
}
# marks a path a resource writes during apply: there for a provider, never for a function
APPLIED = "applied:"


@rule(
    "core.missing-local-file",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Local file the answer never provides",
    impact="terraform plan (function calls) or apply (packages) fails on the missing file.",
    fix="Provide the file in the answer, or build it inline (archive_file source blocks).",
)
def missing_local_file(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    uses = ctx.get(LocalReads).reads
    if not uses:
        return
    produced = _produced(ctx, evaluator, references) | _built(ctx)
    unnamed = _unnamed_extensions(ctx)
    # a directory's files that are not read (`README.md`, `build.zip`) are there all the same
    on_disk = FileStore(SourceFile(p, "", "") for p in ctx.response.other_paths)
    seen: set[tuple[int, str]] = set()
    for use in uses:
        key = (id(use.block), use.path)
        if key in seen:
            continue
        seen.add(key)
        if _provided(evaluator, use, produced, unnamed):
            continue
        if on_disk.find(use.path) is not None or (
            use.directory and on_disk.has_directory(use.path)
        ):
            continue
        if _beside(ctx.response.disk, use) or _built_first(ctx, references, use):
            continue
        placeholder = _placeholder_path(use.path)
        if placeholder or _user_supplies(ctx, use.path):
            kind = "a placeholder for" if placeholder else "what the prose asks:"
            yield ctx.finding(
                f'{use.what} names "{use.path}", {kind} a file of the user\'s own '
                "(a key, a credential, a certificate the answer must not ship): "
                + _consequence(use).rstrip(".")
                + " until it is replaced.",
                use.expr,
                block=use.block,
                severity=Severity.LOW,
            )
            continue
        if _ignored(ctx.response.disk, evaluator, use):
            yield ctx.finding(
                f'{use.what} names "{use.path}", which .gitignore keeps out of the repository: '
                "it is built or supplied before terraform runs (a fresh clone fails until "
                "then).",
                use.expr,
                block=use.block,
                severity=Severity.LOW,
            )
            continue
        yield ctx.finding(
            f'{use.what} names "{use.path}", which the answer never provides: ' + _consequence(use),
            use.expr,
            block=use.block,
        )


def _built_first(ctx: RuleContext, references: References, use: LocalRead) -> bool:
    """Whether a provider or a data source reads the path after a block that runs a
    local-exec command (`depends_on = [null_resource.build]`, on the block or on a call of
    its module: terraform then reads the data source during apply): the command may build
    it, in a script tfjudge cannot read. A function reads at plan, before any command runs."""
    if use.by_function:
        return False
    chain = ctx.configuration.call_chain(ctx.configuration.module_of(use.block))
    waiting = [use.block, *(call for module in chain for call in module.callers)]
    return any(references.dependency_where(b, _runs_command) is not None for b in waiting)


# `path/to/key.json`, `path-to-your-key.json`, `<PATH_TO_KEY>`, `/your/cert.pem`: a path
# the answer asks the user to fill in
_PLACEHOLDER_PATH = lazy_pattern(
    r"(?:^|/)path[/_-]to[/_-]|<[^>]+>|(?:^|[/_.-])your[_-]|\bYOUR_", re.IGNORECASE
)


# what a user keeps out of any configuration: keys, credentials, certificates
_SECRET_FILE = lazy_pattern(
    r"\.(?:pem|key|p12|pfx|crt|cer|jks)$|credential|secret|token|service[_ -]?account"
    r"|\bkey|key\b|cert",
    re.IGNORECASE,
)


def _user_supplies(ctx: RuleContext, path: str) -> bool:
    """The prose tells the user to put a key or certificate of their own there ("Place your
    public SSH key in `id_rsa.pub`"): no answer can ship it."""
    name = posixpath.basename(path)
    if not name or (not _SECRET_FILE.search(name) and not name.endswith(".pub")):
        return False
    wording = re.compile(
        rf"\b(?:place|put|copy|save|add|generate|create|provide)\b[^.\n]*{re.escape(name)}",
        re.IGNORECASE,
    )
    return any(wording.search(text) for _, text in ctx.response.prose)


def _placeholder_path(path: str) -> bool:
    """A fill-in path (`path/to/key.json`) to a key or credential of the user's own."""
    return bool(_PLACEHOLDER_PATH.search(path) and _SECRET_FILE.search(path))


def _runs_command(node: Node) -> bool:
    return isinstance(node, Block) and any(
        p.labels[:1] == ("local-exec",) for p in node.body.blocks_of("provisioner")
    )


def _beside(disk: Disk | None, use: LocalRead) -> bool:
    """Whether an answer read from disk has the file where terraform looks for it, also
    outside what was loaded (`../fixtures/app.zip`, a file beside a lone `.tf` file)."""
    normal = normalize(use.path)
    if disk is None or not normal:
        return False  # not read from disk, or an absolute or home path: the user's machine
    return disk.has_directory(normal) if use.directory else disk.has_file(normal)


def _ignored(disk: Disk | None, evaluator: Evaluator, use: LocalRead) -> bool:
    """Whether a repository read from disk ignores the path on purpose (`dist/`, `*.zip`,
    `keys/*`): its workflow makes the file, which the configuration does not show."""
    where = path_from_top(evaluator, use.block, use.expr, use.path)
    if disk is None or not where:
        return False
    return disk.ignored(where, use.directory)


def _consequence(use: LocalRead) -> str:
    if use.by_function:
        return (
            'terraform plan fails with "no file exists at ..." (functions read only files '
            "distributed with the configuration)."
        )
    if use.directory:
        return "terraform plan fails: the archive's source directory does not exist."
    return "the file does not exist when terraform needs it, so plan or apply fails."


def _produced(ctx: RuleContext, evaluator: Evaluator, references: References) -> set[str]:
    """Paths the configuration itself writes: archive outputs, local files, build commands."""
    produced: set[str] = set()
    for module in ctx.configuration.modules.values():
        for block in references.active_blocks(module):
            if block.type == "data" and block.labels[:1] == ("archive_file",):
                output = block.body.attributes.get("output_path")
                if output is not None:
                    produced |= _paths_or_names(evaluator, output.expr, block)
            if block.type == "resource" and block.labels[:1] and block.labels[0] in PRODUCERS:
                argument = block.body.attributes.get(PRODUCERS[block.labels[0]])
                if argument is not None:
                    written = _paths_or_names(evaluator, argument.expr, block)
                    root = _own_root_directory(ctx, module)
                    produced |= {APPLIED + _in_directory(root, path) for path in written}
            for provisioner in block.body.blocks_of("provisioner"):
                command = provisioner.body.get("command")
                if command is not None:
                    value = evaluator.evaluate(command)
                    text = value.render("") if isinstance(value, PartialString) else value
                    if isinstance(text, str):
                        produced.add("command:" + text)
    return produced


_ARCHIVES = (".zip", ".jar", ".tgz", ".tar.gz", ".whl")


def _built(ctx: RuleContext) -> set[str]:
    """Archives the answer says how to build: named outside Terraform expressions."""
    texts = [text for _, text in ctx.response.prose]
    for file in ctx.response.files:
        if file.language == "hcl":
            texts += [line for line in file.lines if line.strip().startswith(("#", "//"))]
        else:
            texts.append(file.text)
    words = re.compile(r"[\w./-]+(?:" + "|".join(re.escape(a) for a in _ARCHIVES) + r")\b")
    found: set[str] = set()
    for text in texts:
        for match in words.finditer(text):
            found.add("command:" + posixpath.basename(match.group(0)))
    return found


def _paths_or_names(evaluator: Evaluator, expr: Expr, block: Block) -> set[str]:
    paths = paths_of(evaluator, expr, block)
    if paths:
        return paths
    value = evaluator.evaluate(expr)
    if isinstance(value, PartialString) and value.suffix:
        return {"suffix:" + value.suffix}  # `${path.module}/${var.name}.zip`: a zip, somewhere
    return set()


def _provided(evaluator: Evaluator, use: LocalRead, produced: set[str], unnamed: set[str]) -> bool:
    files = evaluator.files
    normal = normalize(use.path) or ""
    if use.directory:
        written = [normalize(p.removeprefix(APPLIED)) or "" for p in produced]
        return files.has_directory(use.path) or any(_under(p, normal) for p in written)
    if files.find(use.path) is not None:
        return True
    name = posixpath.basename(normal)
    function = use.by_function
    for item in produced:
        if item.startswith(APPLIED):
            if function:
                continue  # plan reads it before apply writes it
            item = item.removeprefix(APPLIED)
        if item.startswith("command:"):
            if name and name in item:
                return True
        elif item.startswith("suffix:"):
            if normal.endswith(item.removeprefix("suffix:").lstrip("/")):
                return True
        elif (normalize(item) or "") == normal or posixpath.basename(item) == name:
            return True
    extension = posixpath.splitext(name)[1]
    return bool(extension) and extension in unnamed


def _own_root_directory(ctx: RuleContext, module: Module) -> str:
    """The directory terraform runs in for a module that is a root of its own (a directory
    of examples: no one calls it), from the top of the answer; "" for the top and the
    modules it calls, whose relative paths are the top's."""
    if module is ctx.configuration.root or module.callers or ctx.response.kind != "directory":
        return ""
    return module.directory


def _in_directory(directory: str, path: str) -> str:
    """A relative path written from `directory`, as seen from the top of the answer."""
    normal = None if ":" in path else normalize(path)  # not a marker (`suffix:.zip`)
    if not directory or not normal or normal.startswith(directory + "/"):
        return path  # absolute, a marker, or already from the top
    return f"{directory}/{normal}"


def _under(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory + "/")


def _unnamed_extensions(ctx: RuleContext) -> set[str]:
    """Extensions of the answer's code blocks that got a default name (no name was given)."""
    defaults = {posixpath.splitext(name)[0] for name in DEFAULT_NAME.values()}
    found: set[str] = set()
    for file in ctx.response.files:
        stem, extension = posixpath.splitext(file.name)
        base = stem.rsplit("_", 1)[0] if stem.rsplit("_", 1)[-1].isdigit() else stem
        if base in defaults and file.language not in ("hcl", "text", "markdown", "console"):
            found.add(extension)
    return found
