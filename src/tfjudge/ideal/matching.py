"""Matching the ideal's blocks to the response's: which block of the answer plays each role.

Two passes, as a reviewer reads them side by side:

1. the same address (`aws_s3_bucket.logs` in both);
2. among the blocks of one type left over, the best pair by role: what they reference and
   what references them (through the pairs found so far), and the words of their names
   (`primary_bucket` and `bucket_primary`). Role evidence grows as pairs are found, so the
   pass repeats until nothing new pairs. A type with exactly one block left on each side
   and exactly one block of that type in each configuration pairs as well (`aws_kms_key.main`
   with `aws_kms_key.monitoring`).

A response block whose `count`/`for_each` evaluates to no instance at all (`for_each` over a
variable whose default is `[]`) deploys nothing, so it plays no role in pass 2 unless the
ideal's block has no instance either: three alarms `for_each = toset(var.function_names)`
with `default = []` are not the ideal's alarms on its functions.

`IdealMatch` is a fact (`ctx.get(IdealMatch)`): built once per analysis when `--ideal` is
given, used by the ideal rules and by the step that quotes the ideal's code in findings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import field
from functools import lru_cache
from typing import TYPE_CHECKING

from tfjudge.evaluate.evaluator import Evaluator
from tfjudge.evaluate.references import References
from tfjudge.facts import fact
from tfjudge.model.config import Configuration, block_address
from tfjudge.parse.hcl.ast import Block, Traversal
from tfjudge.patterns import lazy_pattern
from tfjudge.records import record

if TYPE_CHECKING:
    from tfjudge.analysis import ParsedAnswer
    from tfjudge.rules.context import RuleContext

MATCHED_KINDS = ("resource", "data", "module", "variable", "output")
_WORD = lazy_pattern(r"[a-z0-9]+")


def group_of(block: Block) -> str:
    """Blocks compete for a pairing only within a group: kind and type."""
    if block.type in ("resource", "data") and block.labels:
        return f"{block.type}:{block.labels[0]}"
    return block.type


def block_text(block: Block) -> str:
    """The block exactly as written, from its first line to its closing brace."""
    if block.file is None:
        return ""
    lines = block.file.lines[block.range.start_line - 1 : block.range.end_line]
    return "\n".join(lines).rstrip() + "\n"


def _references(block: Block) -> set[str]:
    """The addresses a block refers to (`aws_vpc.main`, `var.region`, `data.x.y`)."""
    found: set[str] = set()
    for expr in block.expressions():
        if not isinstance(expr, Traversal):
            continue
        names = expr.attr_names
        if expr.root == "data" and len(names) >= 2:
            found.add(f"data.{names[0]}.{names[1]}")
        elif names and (expr.root in ("var", "module") or "_" in expr.root):
            found.add(f"{expr.root}.{names[0]}")
    return found


@record
class _Side:
    """One configuration's blocks, with the references between them, for matching."""

    blocks: dict[str, Block]  # address -> block
    refs: dict[str, set[str]]  # address -> addresses it references
    referrers: dict[str, set[str]]  # address -> addresses referencing it
    type_counts: dict[str, int]
    empty: frozenset[str] = frozenset()  # addresses whose count/for_each gives no instance


def _side(configuration: Configuration, empty: frozenset[str] = frozenset()) -> _Side:
    blocks: dict[str, Block] = {}
    root = set(map(id, configuration.root.blocks))
    for block in configuration.all_blocks():
        if block.type not in MATCHED_KINDS:
            continue
        if block.type in ("variable", "output") and id(block) not in root:
            continue  # a child module's interface: compared through the module's resources
        address = block_address(block)
        if address is not None and address not in blocks:
            blocks[address] = block
    refs = {address: _references(block) & set(blocks) for address, block in blocks.items()}
    referrers: dict[str, set[str]] = defaultdict(set)
    for address, targets in refs.items():
        for target in targets:
            referrers[target].add(address)
    counts: dict[str, int] = defaultdict(int)
    for block in blocks.values():
        counts[group_of(block)] += 1
    return _Side(blocks, refs, dict(referrers), dict(counts), empty)


def without_instances(evaluator: Evaluator) -> frozenset[str]:
    """Addresses of the root module's resources and data sources whose `count` or
    `for_each` evaluates to no instance (`count = 0`, `for_each` over an empty default)."""
    found = set()
    for block in evaluator.configuration.root.blocks:
        if block.type not in ("resource", "data"):
            continue
        if block.body.get("count") is None and block.body.get("for_each") is None:
            continue
        address = block_address(block)
        if address is not None and not evaluator.instances(block):
            found.add(address)
    return frozenset(found)


def _can_pair(ideal_address: str, response_address: str, left: _Side, right: _Side) -> bool:
    """A response block that deploys nothing stands in only for an ideal block that
    deploys nothing either."""
    return response_address not in right.empty or ideal_address in left.empty


@lru_cache(maxsize=4096)  # every ideal name is compared with every response name of its type
def _words(name: str) -> frozenset[str]:
    return frozenset(
        word[:-1] if len(word) > 3 and word.endswith("s") else word
        for word in _WORD.findall(name.lower())
    )


def _name_similarity(a: str, b: str) -> float:
    left, right = _words(a), _words(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


@record
class IdealMatch:
    """Pairs of (ideal address, response address), and the ideal blocks left unpaired."""

    ideal: dict[str, Block] = field(default_factory=dict)
    response: dict[str, Block] = field(default_factory=dict)
    pairs: dict[str, str] = field(default_factory=dict)  # ideal address -> response address
    how: dict[str, str] = field(default_factory=dict)  # ideal address -> "address" / "role"

    @property
    def reverse(self) -> dict[str, str]:
        return {r: i for i, r in self.pairs.items()}

    def counterpart_of(self, response_address: str) -> Block | None:
        """The ideal's block for a response address, or for a type (`aws_sfn_state_machine`)."""
        ideal_address = self.reverse.get(response_address)
        if ideal_address is None and response_address in self.ideal:
            ideal_address = response_address
        if ideal_address is not None:
            return self.ideal[ideal_address]
        if "." not in response_address:  # a resource type the response lacks
            for address, block in self.ideal.items():
                if block.type == "resource" and block.labels[:1] == (response_address,):
                    return self.ideal[address]
        return None

    def unmatched_ideal(self) -> list[Block]:
        return [b for a, b in self.ideal.items() if a not in self.pairs]


def match(
    ideal: Configuration,
    response: Configuration,
    ideal_empty: frozenset[str] = frozenset(),
    response_empty: frozenset[str] = frozenset(),
) -> IdealMatch:
    """Pair the blocks; `*_empty` are the addresses without instances (`without_instances`)."""
    return _match(_side(ideal, ideal_empty), _side(response, response_empty))


def _match(left: _Side, right: _Side) -> IdealMatch:
    result = IdealMatch(left.blocks, right.blocks)
    for address in left.blocks:
        if address in right.blocks and group_of(left.blocks[address]) == group_of(
            right.blocks[address]
        ):
            result.pairs[address] = address
            result.how[address] = "address"
    changed = True
    while changed:
        changed = _pair_by_role(left, right, result)
    _pair_singletons(left, right, result)
    return result


def _pair_by_role(left: _Side, right: _Side, result: IdealMatch) -> bool:
    taken = set(result.pairs.values())
    reverse = result.reverse
    candidates: list[tuple[float, str, str]] = []
    groups: dict[str, list[str]] = defaultdict(list)
    for address, block in right.blocks.items():
        if address not in taken:
            groups[group_of(block)].append(address)
    for address, block in left.blocks.items():
        if address in result.pairs:
            continue
        for other in groups.get(group_of(block), []):
            if not _can_pair(address, other, left, right):
                continue
            score = _role_score(address, other, left, right, result.pairs, reverse)
            if score >= 0.5:
                candidates.append((score, address, other))
    changed = False
    used_left: set[str] = set()
    used_right: set[str] = set()
    for _score, address, other in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if address in used_left or other in used_right:
            continue
        used_left.add(address)
        used_right.add(other)
        result.pairs[address] = other
        result.how[address] = "role"
        changed = True
    return changed


def _role_score(
    ideal_address: str,
    response_address: str,
    left: _Side,
    right: _Side,
    pairs: dict[str, str],
    reverse: dict[str, str],
) -> float:
    ideal_name = ideal_address.rsplit(".", 1)[-1]
    response_name = response_address.rsplit(".", 1)[-1]
    score = _name_similarity(ideal_name, response_name)
    out_ideal = {pairs[a] for a in left.refs.get(ideal_address, set()) if a in pairs}
    out_response = right.refs.get(response_address, set())
    in_ideal = {pairs[a] for a in left.referrers.get(ideal_address, set()) if a in pairs}
    in_response = right.referrers.get(response_address, set())
    shared = len(out_ideal & out_response) + len(in_ideal & in_response)
    known = len(out_ideal) + len(in_ideal)
    if known:
        score += shared / known
        contradicted = (out_ideal and not out_ideal & out_response and out_response) and (
            in_ideal and not in_ideal & in_response and in_response
        )
        if contradicted:
            score -= 0.5
    return score


def _pair_singletons(left: _Side, right: _Side, result: IdealMatch) -> None:
    taken = set(result.pairs.values())
    open_left: dict[str, list[str]] = defaultdict(list)
    open_right: dict[str, list[str]] = defaultdict(list)
    for address, block in left.blocks.items():
        if address not in result.pairs and block.type in ("resource", "data"):
            open_left[group_of(block)].append(address)
    for address, block in right.blocks.items():
        if address not in taken and block.type in ("resource", "data"):
            open_right[group_of(block)].append(address)
    for group, addresses in open_left.items():
        others = open_right.get(group, [])
        if (
            len(addresses) == 1
            and len(others) == 1
            and _can_pair(addresses[0], others[0], left, right)
            and left.type_counts.get(group) == 1
            and right.type_counts.get(group) == 1
        ):
            result.pairs[addresses[0]] = others[0]
            result.how[addresses[0]] = "role"


@fact(IdealMatch)
def ideal_match(ctx: RuleContext) -> IdealMatch:
    if ctx.ideal is None:
        return IdealMatch()
    response = _side(ctx.configuration, without_instances(ctx.get(Evaluator)))
    return _match(ideal_side(ctx.ideal), response)


def ideal_side(ideal: ParsedAnswer) -> _Side:
    """The ideal's side of the matching. It depends on the ideal alone, so it is worked out
    once per parsed ideal: the answers to one task in a batch share it."""
    side: _Side | None = ideal.memo.get(_Side)
    if side is None:
        configuration = ideal.configuration
        evaluator = Evaluator(configuration, References(configuration), ideal.response.files)
        side = ideal.memo[_Side] = _side(configuration, without_instances(evaluator))
    return side
