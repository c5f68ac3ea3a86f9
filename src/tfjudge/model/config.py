"""Stage 3: the configuration view: modules, their blocks and Terraform addresses.

Files are grouped by directory. A directory that a `module` block's local `source`
points at is a child module, and so is a `modules/<name>` directory no shown block calls
(its own module, with no caller); every other directory is part of the root module
(answers name files `lib/main.tf` and `provider.tf` in one breath, and mean one
configuration).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import field

from tfjudge.parse.hcl.ast import Attribute, Block, Expr, HclDocument, Literal
from tfjudge.records import record
from tfjudge.source import SourceFile

# the top-level block types and the labels each takes, as terraform names them in its errors
TOP_LEVEL_LABELS: dict[str, tuple[str, ...]] = {
    "resource": ("type", "name"),
    "data": ("type", "name"),
    "ephemeral": ("type", "name"),
    "module": ("name",),
    "provider": ("name",),
    "variable": ("name",),
    "output": ("name",),
    "check": ("name",),
    "locals": (),
    "terraform": (),
    "moved": (),
    "import": (),
    "removed": (),
}


def lacks_labels(block: Block) -> bool:
    """A top-level block with fewer labels than its type takes: terraform loads none of it
    (`resource "aws_s3_bucket" {` has no name), so neither does the configuration view."""
    expected = TOP_LEVEL_LABELS.get(block.type)
    return expected is not None and len(block.labels) < len(expected)


def block_address(block: Block) -> str | None:
    """The Terraform address of a top-level block (`aws_s3_bucket.b`, `var.x`, ...)."""
    alias = block.body.get("alias") if block.type == "provider" else None
    alias_name = (
        alias.value if isinstance(alias, Literal) and isinstance(alias.value, str) else None
    )
    return address_for(block.type, block.labels, alias_name)


def address_for(kind: str, labels: tuple[str, ...], alias: str | None = None) -> str | None:
    if kind == "resource" and len(labels) >= 2:
        return f"{labels[0]}.{labels[1]}"
    if kind == "data" and len(labels) >= 2:
        return f"data.{labels[0]}.{labels[1]}"
    if kind == "module" and labels:
        return f"module.{labels[0]}"
    if kind == "variable" and labels:
        return f"var.{labels[0]}"
    if kind == "output" and labels:
        return f"output.{labels[0]}"
    if kind == "provider" and labels:
        return f"provider.{labels[0]}.{alias}" if alias else f"provider.{labels[0]}"
    return None


def top_level_block(block: Block) -> Block:
    while block.parent is not None:
        block = block.parent
    return block


@record(eq=False)
class LocalValue:
    """One `locals` entry: its name, its attribute and the `locals` block holding it."""

    name: str
    attribute: Attribute
    block: Block

    @property
    def address(self) -> str:
        return f"local.{self.name}"

    @property
    def expr(self) -> Expr:
        return self.attribute.expr


@record(eq=False)
class Module:
    """The blocks of one module directory ("" for the root)."""

    directory: str
    documents: list[HclDocument] = field(default_factory=list)
    tfvars: list[HclDocument] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    callers: list[Block] = field(default_factory=list)  # module blocks that call this one
    # the blocks by type, made on the first `of_type` (the blocks are complete by then)
    _by_type: dict[str, list[Block]] | None = field(default=None, init=False, repr=False)

    @property
    def is_root(self) -> bool:
        return not self.callers

    @property
    def complete(self) -> bool:
        """Whether the answer shows the whole module: files present, parsed, not cut off."""
        documents = self.documents
        return bool(documents) and not any(d.errors or d.file.truncated for d in documents)

    @property
    def files(self) -> list[SourceFile]:
        return [d.file for d in self.documents]

    def of_type(self, kind: str) -> list[Block]:
        by_type = self._by_type
        if by_type is None:
            by_type = self._by_type = {}
            for block in self.blocks:
                by_type.setdefault(block.type, []).append(block)
        return list(by_type.get(kind, ()))  # a copy: callers may change theirs

    def arguments(self, name: str) -> list[tuple[Block, Attribute]]:
        """What the calls of this module pass its variable `name`: each call that sets it,
        with the argument."""
        found = []
        for call in self.callers:
            argument = call.body.attributes.get(name)
            if argument is not None:
                found.append((call, argument))
        return found

    @property
    def resources(self) -> list[Block]:
        return self.of_type("resource")

    @property
    def data_sources(self) -> list[Block]:
        return self.of_type("data")

    @property
    def module_calls(self) -> list[Block]:
        return self.of_type("module")

    @property
    def providers(self) -> list[Block]:
        return self.of_type("provider")

    @property
    def variables(self) -> list[Block]:
        return self.of_type("variable")

    @property
    def outputs(self) -> list[Block]:
        return self.of_type("output")

    @property
    def terraform_blocks(self) -> list[Block]:
        return self.of_type("terraform")

    @property
    def locals(self) -> list[LocalValue]:
        return [
            LocalValue(name, attribute, block)
            for block in self.of_type("locals")
            for name, attribute in block.body.attributes.items()
        ]

    def resources_of_type(self, resource_type: str) -> list[Block]:
        return [b for b in self.resources if b.labels[:1] == (resource_type,)]

    def by_address(self) -> dict[str, list[Block]]:
        found: dict[str, list[Block]] = {}
        for block in self.blocks:
            address = block_address(block)
            if address is not None:
                found.setdefault(address, []).append(block)
        return found


@record(eq=False)
class Configuration:
    """The answer's modules by path (`""` is the root module)."""

    modules: dict[str, Module]
    # the modules by directory, made on the first `module_of` (the modules are complete then)
    _by_directory: dict[str, Module] | None = field(default=None, init=False, repr=False)

    @property
    def root(self) -> Module:
        return self.modules[""]

    def all_blocks(self) -> Iterator[Block]:
        for module in self.modules.values():
            yield from module.blocks

    def all_resources(self) -> Iterator[Block]:
        for module in self.modules.values():
            yield from module.resources

    def module_of(self, block: Block) -> Module:
        by_directory = self._by_directory
        if by_directory is None:
            by_directory = self._by_directory = {}
            for module in self.modules.values():
                by_directory.setdefault(module.directory, module)
        path = top_level_block(block).file
        found = by_directory.get(path.directory if path is not None else "")
        return found if found is not None else self.root

    def call_chain(self, module: Module) -> list[Module]:
        """`module`, the module of its (first) caller, that one's, ... up to a module no one
        calls (or until a call cycle comes back)."""
        chain = [module]
        while module.callers:
            module = self.module_of(module.callers[0])
            if any(m is module for m in chain):
                break  # a call cycle: no root is on it
            chain.append(module)
        return chain

    def root_of(self, module: Module) -> Module:
        """The module terraform runs in when it creates `module`: the top of its chain of
        callers; a module no one calls is a root of its own."""
        return self.call_chain(module)[-1]

    def callee(self, call: Block) -> Module | None:
        """The module of the answer a `module` block calls (a local source), or None."""
        for module in self.modules.values():
            if any(caller is call for caller in module.callers):
                return module
        return None

    @property
    def resource_count(self) -> int:
        return sum(len(m.resources) for m in self.modules.values())


def build_configuration(documents: list[HclDocument]) -> Configuration:
    configuration_docs = [d for d in documents if d.file.path.endswith(".tf")]
    tfvars_docs = [d for d in documents if d.file.path.endswith(".tfvars")]
    directories = sorted({d.file.directory for d in configuration_docs})
    calls: dict[str, list[Block]] = {}
    # directories that call the top one (`source = "../.."`): an example or a wrapper of the
    # module at the top, each its own root module, which terraform run at the top never loads
    own_roots: set[str] = set()
    for document in configuration_docs:
        directory = document.file.directory
        for block in document.body.blocks_of("module"):
            exact = document.file.origin == "file"  # on disk, a path means what it says
            target = _local_source(block, directory, directories, exact)
            if target == "" and directory:
                own_roots.add(directory)
            if target is not None and target != directory:
                calls.setdefault(target, []).append(block)
    # a directory read from disk is a module, as terraform sees it; the places of a Markdown
    # answer's files are tfjudge's reading of headings and comments
    on_disk = {d.file.directory for d in configuration_docs if d.file.origin == "file"}
    modules: dict[str, Module] = {"": Module("")}
    for directory in directories:
        if directory in calls:
            modules[directory] = Module(directory, callers=calls[directory])
        elif directory in own_roots or directory in on_disk or _is_module_directory(directory):
            modules[directory] = Module(directory)  # its caller is not shown, or it has none
    # a directory of .tf files -> the module they are part of; the top is the root's
    read_in: dict[str, Module] = {"": modules[""]}
    for document in configuration_docs:
        module = modules.get(document.file.directory, modules[""])
        module.documents.append(document)
        module.blocks.extend(b for b in document.body.blocks if not lacks_labels(b))
        read_in[document.file.directory] = module
    for document in tfvars_docs:
        # terraform loads the values files of the directory it runs in: one beside no .tf
        # file below the top (`environments/prod/terraform.tfvars`) is given with -var-file
        owner = read_in.get(document.file.directory)
        if owner is not None and _auto_loaded(document.file):
            owner.tfvars.append(document)
    return Configuration(modules)


def _is_module_directory(directory: str) -> bool:
    """`modules/vpc`, `lib/modules/db`: a child module by Terraform's standard layout, even
    when the answer never shows the call. Other directories no module calls (`lib/`
    beside a `provider.tf` at the top) are one root module: answers place one module's
    files inconsistently far more often than they ship several roots."""
    return "modules" in directory.split("/")[:-1]


def _auto_loaded(file: SourceFile) -> bool:
    return file.name == "terraform.tfvars" or file.name.endswith(".auto.tfvars")


def _local_source(
    block: Block, directory: str, directories: list[str], exact: bool = False
) -> str | None:
    """The directory a local module source names. In a Markdown answer, whose file places
    are tfjudge's reading of headings, a source that names no shown directory is matched
    by its ending (`./modules/vpc` to `infra/modules/vpc`); read from disk (`exact`), it
    is the path terraform resolves."""
    source = block.body.get("source")
    if not isinstance(source, Literal) or not isinstance(source.value, str):
        return None
    value = source.value
    if not value.startswith(("./", "../")):
        return None
    target = posixpath.normpath(posixpath.join(directory, value))
    target = "" if target == "." else target
    if target in directories or exact:
        return target
    suffix = value.lstrip("./").rstrip("/")
    matches = [d for d in directories if d == suffix or d.endswith("/" + suffix)]
    return matches[0] if len(matches) == 1 else target
