"""Whether a configuration provides what a requirement asks for.

Matching leans lenient on purpose: a requirement finding on a correct answer teaches
users to ignore the rule, so an output named a little differently, a variable with a
prefix, or a registry module that builds the component all count as provided.
"""

from __future__ import annotations

import re

from tfjudge.model.config import Configuration
from tfjudge.parse.hcl.ast import Block, Literal, Traversal
from tfjudge.prompt.components import Component, component_table
from tfjudge.prompt.requirements import Requirement

_KINDS = {
    "id", "ids", "arn", "arns", "name", "names", "url", "urls", "endpoint", "endpoints",
    "uri", "uris", "dns", "address", "addresses", "location", "ip", "ips", "hostname",
    "domain",
}  # fmt: skip
_FILLER = {"the", "a", "an", "of", "for", "and", "or", "all", "per", "each", "s3"}
_ABBREVIATIONS = {
    "sg": ("security", "group"),
    "db": ("database",),
    "rds": ("database", "db"),
    "alb": ("lb", "load", "balancer"),
    "lb": ("alb", "load", "balancer"),
    "igw": ("internet", "gateway"),
    "kms": ("key",),
    "sns": ("topic",),
    "sqs": ("queue",),
    "sfn": ("step", "function", "state", "machine"),
    "eventbridge": ("event", "rule"),
    "cloudfront": ("distribution", "cdn"),
}


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _tokens(text: str) -> set[str]:
    words = {_singular(w) for w in re.findall(r"[a-z0-9]+", text.lower())}
    for word in list(words):
        words.update(_ABBREVIATIONS.get(word, ()))
    return words


def component_satisfied(configuration: Configuration, requirement: Requirement) -> bool:
    """Declared, built by a module named for it, or referenced as if declared.

    A reference to `aws_vpc.main` without the block is `core.undeclared-resource`'s
    finding (the answer meant to have one), and a call of a local module the answer does
    not include is `core.missing-local-file`'s: neither is a missing requirement.
    """
    wanted = set(requirement.types)
    component = requirement.component
    directories = set(configuration.modules)
    if component is not None and component.only_with and not _needed(configuration, component):
        return True
    if _phrase_names_declared_type(configuration, requirement):
        return True
    for block in configuration.all_blocks():
        if block.type == "resource" and block.labels[:1] and block.labels[0] in wanted:
            return True
        if component is None:
            continue
        if _singleton_given(block, component.account_singleton, wanted):
            return True
        if block.type == "variable" and any(
            word in block.labels[0].lower() for word in component.variables
        ):
            return True
        if block.type == "module" and _module_builds(block, component.modules, directories, wanted):
            return True
        if component.attributes and block.type == "resource":
            for attribute in block.attributes_deep():
                value = attribute.expr
                if attribute.name in component.attributes and not (
                    isinstance(value, Literal) and value.value in (False, None)
                ):
                    return True
    return component is not None and _variable_used(configuration, component.variables)


def _phrase_names_declared_type(configuration: Configuration, requirement: Requirement) -> bool:
    """The prompt's words at the mention name another resource type the answer declares:
    "an ElastiCache user" is an `aws_elasticache_user`, "an Egress-Only Internet Gateway" an
    `aws_egress_only_internet_gateway`, "an S3 Glacier vault" an `aws_glacier_vault`. The
    mention is then part of that resource's name, not a request for the component.

    A declared type counts when its words (without `aws_`) stand in the sentence in a row
    that overlaps the mention and reaches past it, or follows it directly; words elsewhere
    in the sentence do not count ("an internet gateway and a NAT gateway" still asks for
    the internet gateway), nor does a type inside or just before the mention (`aws_vpc` in
    "VPC Flow Logs").
    """
    component = requirement.component
    if component is None:
        return False
    wanted = set(requirement.types)
    declared = {
        block.labels[0]
        for block in configuration.all_resources()
        if block.labels and block.labels[0] not in wanted and block.labels[0].startswith("aws_")
    }
    if not declared:
        return False
    sentence = requirement.quote
    words = _words_of(sentence)
    for mention in component.mentions(sentence):
        first = len(_words_of(sentence[: mention.start()]))
        last = first + len(_words_of(mention.group(0)))
        for resource_type in declared:
            parts = [_singular(w) for w in resource_type.removeprefix("aws_").split("_")]
            # rows that overlap the mention and reach past it, or follow it directly (the
            # head noun of "S3 Glacier vault" is the type's; of "VPC Flow Logs", the mention's)
            for start in range(max(0, first - len(parts) + 1), min(last, len(words)) + 1):
                within = first <= start and start + len(parts) <= last
                if not within and words[start : start + len(parts)] == parts:
                    return True
    return False


def _words_of(text: str) -> list[str]:
    """Words, with the punctuation that separates items kept as tokens: "API Gateway,
    Lambda functions" is two items, not an `aws_gateway_lambda`."""
    return [_singular(w) for w in re.findall(r"[a-z0-9]+|[,;:()/&]", text.lower())]


_IN_A_VPC = ("vpc_security_group_ids", "security_group_ids", "security_groups")


def _needed(configuration: Configuration, component: Component) -> bool:
    """Whether anything in the answer needs the component (`only_with`)."""
    for block in configuration.all_blocks():
        if block.type not in ("resource", "module") or not block.labels:
            continue
        if block.type == "module" or block.labels[0] in component.only_with:
            return True
        if block.body.blocks_of("vpc_config") or any(
            block.body.get(name) is not None for name in _IN_A_VPC
        ):
            return True
    return False


def _variable_used(configuration: Configuration, words: tuple[str, ...]) -> bool:
    """A variable named for the component is used (`var.transit_gateway_id`) though never
    declared: the answer takes the existing one as input, and `core.undeclared-variable`
    reports the missing declaration."""
    if not words:
        return False
    for block in configuration.all_blocks():
        for expr in block.expressions():
            if (
                isinstance(expr, Traversal)
                and expr.root == "var"
                and expr.attr_names
                and any(word in expr.attr_names[0].lower() for word in words)
            ):
                return True
    return False


def _singleton_given(block: Block, singleton: bool, wanted: set[str]) -> bool:
    """A data source or variable of an account singleton (the existing GuardDuty detector)."""
    if not singleton or block.type not in ("data", "variable") or not block.labels:
        return False
    return block.labels[0] in wanted or any(
        t.removeprefix("aws_").split("_")[0] in block.labels[0] for t in wanted
    )


def _module_builds(
    block: Block, words: tuple[str, ...], directories: set[str], types: set[str]
) -> bool:
    source = block.body.get("source")
    if not isinstance(source, Literal) or not isinstance(source.value, str):
        return False
    value = source.value
    if value.startswith(("./", "../")):
        name = value.rstrip("/").rpartition("/")[2]
        if any(d == name or d.endswith("/" + name) for d in directories):
            return False  # a local module given in full: its blocks are in the configuration
        parts = set(re.split(r"[/_.:-]+", name.lower())) | set(block.labels[:1])
    else:
        parts = set(re.split(r"[/_.:-]+", value.lower()))
        if _registry_name(value) in {t.removeprefix("aws_").replace("_", "-") for t in types}:
            return True  # terraform-aws-modules/security-group/aws builds security groups
    return any(word in parts for word in words)


def _registry_name(source: str) -> str:
    """`security-group` of `terraform-aws-modules/security-group/aws` (a registry address,
    `//submodule` and `?ref=` left out) or of a `terraform-aws-security-group` repository."""
    path = re.sub(r"^(?:[a-z0-9]+::)?(?:[a-z+]+://)?", "", source.split("?", 1)[0].lower())
    parts = path.split("//")[0].rstrip("/").split("/")
    if len(parts) == 3 and "." not in parts[0]:
        return parts[1]  # namespace/name/provider
    if len(parts) == 4 and "." in parts[0] and parts[3] == "aws":
        return parts[2]  # host/namespace/name/provider
    return parts[-1].removesuffix(".git").removeprefix("terraform-aws-")


def referenced_types(configuration: Configuration) -> set[str]:
    """The resource types the configuration refers to (`aws_vpc.main.id` gives aws_vpc)."""
    found: set[str] = set()
    for block in configuration.all_blocks():
        for expr in block.expressions():
            if isinstance(expr, Traversal) and expr.root.startswith("aws_") and expr.attr_names:
                found.add(expr.root)
    return found


def _value_tokens(block: Block) -> set[str]:
    """Words of the resource types and names an output's value refers to."""
    found: set[str] = set()
    types: set[str] = set()
    for expr in block.expressions():
        if isinstance(expr, Traversal):
            names = expr.attr_names
            if expr.root in ("var", "local", "module", "data") and names:
                found |= _tokens(names[0])
            elif expr.root.startswith("aws_"):
                types.add(expr.root)
                found |= _tokens(expr.root.removeprefix("aws_"))
                if names:
                    found |= _tokens(names[0])
    found.update(f"type:{t}" for t in types)
    return found


def _item_types(requirement: Requirement) -> set[str]:
    text = " ".join(requirement.words)
    return {
        f"type:{t}"
        for component in component_table()
        if component.mentions(text)
        for t in component.types
    }


def _score(requirement: Requirement, block: Block, with_value: bool) -> float:
    content = {_singular(w) for w in requirement.words if w not in _KINDS and w not in _FILLER}
    if not content or not block.labels:
        return 0.0
    name = _tokens(block.labels[0])
    have = name | (_value_tokens(block) if with_value else set())
    overlap = sum(
        1 for word in content if word in have or _ABBREVIATIONS.get(word, ("",))[0] in have
    )
    fraction = overlap / len(content)
    if with_value and _item_types(requirement) & have:
        fraction = max(fraction, 1.0)
    if fraction == 0:
        return 0.0
    kinds = {_singular(w) for w in requirement.words if w in _KINDS}
    return fraction + (0.5 if kinds & name else 0.0)


def output_satisfied(requirement: Requirement, outputs: list[Block]) -> bool:
    return any(_score(requirement, block, with_value=True) >= 0.5 for block in outputs)


def outputs_for(requirement: Requirement, outputs: list[Block]) -> list[Block]:
    """The outputs (of the ideal) that provide the item best, by name."""
    scored = [(_score(requirement, block, with_value=False), block) for block in outputs]
    best = max((score for score, _ in scored), default=0.0)
    if best < 0.5:
        return []
    return [block for score, block in scored if score == best]


def variable_satisfied(
    name: str, declared: list[str], referenced: frozenset[str] | set[str] = frozenset()
) -> bool:
    """Declared, or declared with a prefix (`aurora_instance_class`), or at least used.

    A variable the configuration uses but never declares is `core.undeclared-variable`'s
    finding, not a missing requirement.
    """
    if name in referenced:
        return True
    wanted = name.lower().split("_")
    for candidate in declared:
        parts = candidate.lower().split("_")
        if any(parts[i : i + len(wanted)] == wanted for i in range(len(parts) - len(wanted) + 1)):
            return True
    return False
