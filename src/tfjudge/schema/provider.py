"""The `ProviderSchema` fact: which blocks of an answer are judged against which schema.

A resource or data block belongs to the provider named by its `provider` meta-argument,
else by its type's prefix (`aws_s3_bucket` -> `aws`, `random_id` -> `random`), as
terraform decides. That local name means hashicorp/aws unless `required_providers` gives
it another source (or gives another name hashicorp/aws's source). Only those blocks are
judged against the AWS schema; types of other providers are never reported unknown.
"""

from __future__ import annotations

from dataclasses import field

from tfjudge.facts import fact
from tfjudge.model.config import Configuration, Module
from tfjudge.parse.hcl.ast import Block, Literal, ObjectExpr, Template, Traversal
from tfjudge.records import record
from tfjudge.rules.context import RuleContext
from tfjudge.schema.model import BlockSchema
from tfjudge.schema.store import DATA_SOURCE, RESOURCE, SchemaVersion, newest_carrying
from tfjudge.schema.versions import SchemaChoice, select_schema

AWS_SOURCE = "hashicorp/aws"


def normalise_source(source: str) -> str:
    """`registry.terraform.io/HashiCorp/aws` and `hashicorp/aws` are one provider."""
    parts = source.strip().lower().split("/")
    if len(parts) == 3 and parts[0] == "registry.terraform.io":
        parts = parts[1:]
    if len(parts) == 1:
        parts = ["hashicorp", parts[0]]
    return "/".join(parts)


def required_providers(module: Module) -> dict[str, Block | ObjectExpr | Literal | Template]:
    """The `required_providers` entries of a module, by local name."""
    entries: dict[str, Block | ObjectExpr | Literal | Template] = {}
    for terraform in module.terraform_blocks:
        for block in terraform.body.blocks_of("required_providers"):
            for name, attribute in block.body.attributes.items():
                if isinstance(attribute.expr, ObjectExpr | Literal | Template):
                    entries[name] = attribute.expr
    return entries


def provider_sources(module: Module) -> dict[str, str]:
    """Local name -> normalised source for the names `required_providers` declares."""
    sources: dict[str, str] = {}
    for name, entry in required_providers(module).items():
        source = entry.get("source") if isinstance(entry, ObjectExpr) else None
        if isinstance(source, Literal) and isinstance(source.value, str):
            sources[name] = normalise_source(source.value)
        else:  # a bare version string, or no source: the default hashicorp/<name>
            sources[name] = normalise_source(name)
    return sources


def provider_local_name(block: Block) -> str | None:
    """The provider local name a resource or data block uses."""
    provider = block.body.get("provider")
    if isinstance(provider, Traversal):
        return provider.root
    if not block.labels:
        return None
    return block.labels[0].split("_", 1)[0]


# a provider configuration: (module directory, local name, alias)
_Use = tuple[str, str, str | None]


@record(eq=False)
class ProviderSchema:
    """The AWS schema an answer is judged against, and which of its blocks it judges."""

    schema: SchemaVersion
    configuration: Configuration
    choice: SchemaChoice | None = None  # how the version was chosen (None: given directly)
    _aws_names: dict[str, frozenset[str]] = field(default_factory=dict)
    _uses: set[_Use] | None = None
    _judged: dict[int, bool] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return self.schema.version

    def aws_names(self, module: Module) -> frozenset[str]:
        """The local names that mean hashicorp/aws in `module`."""
        if module.directory not in self._aws_names:
            sources = provider_sources(module)
            names = {name for name, source in sources.items() if source == AWS_SOURCE}
            if "aws" not in sources:
                names.add("aws")
            self._aws_names[module.directory] = frozenset(names)
        return self._aws_names[module.directory]

    def judges(self, block: Block) -> bool:
        """Whether a top-level resource, data or provider block is AWS's to judge."""
        known = self._judged.get(id(block))
        if known is None:
            known = self._judged[id(block)] = self._judges(block)
        return known

    def _judges(self, block: Block) -> bool:
        module = self.configuration.module_of(block)
        if block.type == "provider":
            return bool(block.labels) and block.labels[0] in self.aws_names(module)
        if block.type not in (RESOURCE, DATA_SOURCE) or len(block.labels) < 2:
            return False
        return provider_local_name(block) in self.aws_names(module)

    def used(self, provider: Block) -> bool:
        """Whether a `provider` block's configuration is used (terraform validates only those).

        A default configuration is used by the blocks of its provider that name no other
        configuration, in its module and in the child modules that inherit it (no
        `providers` map) or are passed it (`providers = { aws = aws }`); an aliased one
        where `provider = aws.alias` or a `providers` map names it.
        """
        if self._uses is None:
            self._uses = self._collect_uses()
        local = provider.labels[0] if provider.labels else ""
        alias = provider.body.get("alias")
        name = alias.value if isinstance(alias, Literal) and isinstance(alias.value, str) else None
        directory = self.configuration.module_of(provider).directory
        return (directory, local, name) in self._uses

    def _collect_uses(self) -> set[_Use]:
        uses: set[_Use] = set()
        inherited: dict[tuple[str, str], frozenset[_Use]] = {}
        for module in self.configuration.modules.values():
            for block in module.blocks:
                if block.type in (RESOURCE, DATA_SOURCE) and len(block.labels) >= 2:
                    reference = block.body.get("provider")
                    if isinstance(reference, Traversal):
                        uses.add((module.directory, *_configuration_name(reference)))
                    else:
                        local = block.labels[0].split("_", 1)[0]
                        uses.update(self._default_configurations(module, local, inherited, set()))
                elif block.type == "module":
                    providers = block.body.get("providers")
                    if isinstance(providers, ObjectExpr):
                        uses.update(
                            (module.directory, *_configuration_name(item.value))
                            for item in providers.items
                            if isinstance(item.value, Traversal)
                        )
        return uses

    def _default_configurations(
        self,
        module: Module,
        local: str,
        known: dict[tuple[str, str], frozenset[_Use]],
        visiting: set[tuple[str, str]],
    ) -> frozenset[_Use]:
        """The configurations that a module's default `local` provider stands for: its own
        in the root module, else what its callers pass or hand down. Worked out once per
        module (`known`): a module called from many places, through modules called from
        many places, would otherwise be walked once per path. A module in a call cycle
        (terraform rejects those) stands for its own."""
        key = (module.directory, local)
        if key in known:
            return known[key]
        if module.is_root or key in visiting:
            return frozenset({(module.directory, local, None)})
        visiting.add(key)
        found: set[_Use] = set()
        for caller in module.callers:
            parent = self.configuration.module_of(caller)
            providers = caller.body.get("providers")
            if not isinstance(providers, ObjectExpr):
                found |= self._default_configurations(parent, local, known, visiting)
                continue
            passed = providers.get(local)
            if isinstance(passed, Traversal):
                found.add((parent.directory, *_configuration_name(passed)))
        visiting.discard(key)
        known[key] = frozenset(found)
        return known[key]

    def schema_of(self, block: Block) -> BlockSchema | None:
        """The schema of a judged block; None for an unknown type (or a block not judged)."""
        if not self.judges(block):
            return None
        if block.type == "provider":
            return self.schema.provider_config()
        return self.schema.schema(block.type, block.labels[0])

    def type_schema(self, kind: str, type_name: str) -> BlockSchema | None:
        """`kind` is "resource" or "data"."""
        return self.schema.schema(kind, type_name)

    def sensitive(self, block: Block, name: str) -> bool:
        """Whether the provider marks a top-level attribute of a judged block sensitive. A
        schema without sensitivity (the npm package's) borrows it from the newest shipped
        version that has it: the marks of an attribute rarely change between releases."""
        source: SchemaVersion | None = self.schema
        if not self.schema.has_sensitivity:
            source = newest_carrying(lambda v: v.has_sensitivity)
        if source is None or not self.judges(block) or block.type == "provider":
            return False
        schema = source.schema(block.type, block.labels[0])
        attribute = schema.attributes.get(name) if schema is not None else None
        return attribute is not None and attribute.sensitive

    def has_argument(self, kind: str, type_name: str, name: str) -> bool:
        """Whether configuration may set `name` on the type (for other rules)."""
        schema = self.type_schema(kind, type_name)
        if schema is None:
            return False
        attribute = schema.attributes.get(name)
        return (attribute is not None and attribute.settable) or name in schema.blocks


def _configuration_name(reference: Traversal) -> tuple[str, str | None]:
    """`aws.west` -> ("aws", "west"), `aws` -> ("aws", None)."""
    names = reference.attr_names
    return reference.root, names[0] if names else None


@fact(ProviderSchema)
def provider_schema(ctx: RuleContext) -> ProviderSchema:
    choice = ctx.options.get("schema_choice")
    if not isinstance(choice, SchemaChoice):
        choice = select_schema(
            ctx.configuration, ctx.options.get("provider_version"), ctx.response.lock_files
        )
    return ProviderSchema(choice.schema, ctx.configuration, choice)
