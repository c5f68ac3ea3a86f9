"""Cycles in the dependency graph, as terraform's graph walk finds them.

Terraform does not treat a module call as one node: a child module's input variable
depends on the caller's argument of that name, and `module.m.out` on the child's output
`out`. The graph here has the same granularity, so a value that goes into a module and a
different value that comes out do not make a cycle; through a module whose source the
answer does not hold, no dependency is assumed. A block that refers to itself is a
cycle of one (terraform's "Self-referential block"), unless only its `depends_on` names
it (validate and plan accept that); a local value that does is one too ("Self-referencing
local value").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tfjudge.model.config import LocalValue, Module
from tfjudge.parse.hcl.ast import Block

if TYPE_CHECKING:
    from tfjudge.evaluate.references import Node, Reference, References


def find_cycles(references: References) -> list[list[Node]]:
    """Strongly connected components with a cycle, each ordered as found."""
    graph = _Graph(references)
    return graph.cycles()


# A module's place in the configuration: the module calls from the root down to it.
_Path = tuple[int, ...]
# Calls of one module beyond which its instances share one place (no real configuration
# has so many; the bound keeps a module called from many places through many others cheap)
MAX_PATHS = 64


class _Graph:
    """Nodes are a block or local value in one instance of its module: a module called twice
    has two of each, so one call's output feeding the other call's input is no cycle."""

    def __init__(self, references: References) -> None:
        self.references = references
        self.nodes: dict[tuple[int, _Path], Node] = {}
        self.edges: dict[tuple[int, _Path], list[tuple[int, _Path]]] = {}
        self._paths: dict[int, list[_Path]] = {}
        self._children: dict[int, Module] = {
            id(call): module
            for module in references.configuration.modules.values()
            for call in module.callers
        }
        for reference in references.references:
            if reference.block.type == "variable":
                continue  # a validation block reads the variable itself: no dependency
            self._reference_edges(reference)
        for module in references.configuration.modules.values():
            self._module_inputs(module)

    def _reference_edges(self, reference: Reference) -> None:
        target, source = reference.target, reference.source
        if target is None or (reference.explicit and target is source):
            return  # unresolved; or a block in its own depends_on: terraform ignores it
        paths = self._paths_of(reference.module)
        if isinstance(target, Block) and target.type in ("module", "provider"):
            for path in paths:
                for found in self._targets(reference, path):
                    self._edge((source, path), found)
            return
        nodes, edges = self.nodes, self.edges
        for path in paths:  # _edge((source, path), (target, path)) inline: most references
            source_key, target_key = (id(source), path), (id(target), path)
            nodes[source_key] = source
            nodes[target_key] = target
            edges.setdefault(source_key, []).append(target_key)

    def _paths_of(self, module: Module, visiting: frozenset[int] = frozenset()) -> list[_Path]:
        """The places of a module: one per chain of calls from a module nothing calls."""
        known = self._paths.get(id(module))
        if known is not None:
            return known
        paths: list[_Path] = []
        for call in module.callers:
            parent = self.references.configuration.module_of(call)
            if id(parent) in visiting:
                continue  # a module calling itself (terraform rejects it)
            for path in self._paths_of(parent, visiting | {id(module)}):
                paths.append((*path, id(call)))
        if not paths or len(paths) > MAX_PATHS:
            paths = [()]
        self._paths[id(module)] = paths
        return paths

    def _edge(self, source: tuple[Node, _Path], target: tuple[Node, _Path]) -> None:
        source_key, target_key = (id(source[0]), source[1]), (id(target[0]), target[1])
        self.nodes[source_key] = source[0]
        self.nodes[target_key] = target[0]
        self.edges.setdefault(source_key, []).append(target_key)

    def _targets(self, reference: Reference, path: _Path) -> list[tuple[Node, _Path]]:
        target = reference.target
        if target is None:
            return []
        if isinstance(target, Block) and target.type == "module":
            return self._outputs(target, reference, path)
        if isinstance(target, Block) and target.type == "provider":
            return []
        return [(target, path)]

    def _outputs(self, call: Block, reference: Reference, path: _Path) -> list[tuple[Node, _Path]]:
        """`module.m.out` depends on the child's output `out`; `module.m` on all of them.
        A module the answer does not hold (the registry's, a path not shown) is opaque:
        which of its inputs an output depends on is unknown, and passing a module's own
        output back into it (a bucket policy naming the module's bucket) is the usual,
        valid wiring, so nothing is assumed."""
        child = self._children.get(id(call))
        inside = self._child_path(child, path, call) if child is not None else None
        if child is None or inside is None:
            return []
        outputs = [b for b in self.references.active_blocks(child) if b.type == "output"]
        if reference.remainder:
            outputs = [b for b in outputs if b.labels[:1] == (reference.remainder[0],)]
        return [(output, inside) for output in outputs]

    def _child_path(self, child: Module, path: _Path, call: Block) -> _Path | None:
        """The child's place under `call` at `path`; None when the child has too many
        places to tell apart: it is then opaque, as a module not shown is."""
        inside = (*path, id(call))
        return inside if inside in self._paths_of(child) else None

    def _module_inputs(self, module: Module) -> None:
        """A child's `variable "x"` depends on what its caller's argument `x` refers to."""
        variables = [
            b for b in self.references.active_blocks(module) if b.type == "variable" and b.labels
        ]
        for caller in module.callers:
            parent = self.references.configuration.module_of(caller)
            for path in self._paths_of(parent):
                inside = self._child_path(module, path, caller)
                if inside is None:
                    continue
                for variable in variables:
                    argument = caller.body.attributes.get(variable.labels[0])
                    if argument is None:
                        continue
                    for reference in self.references.in_expr(argument.expr):
                        for target in self._targets(reference, path):
                            self._edge((variable, inside), target)

    def cycles(self) -> list[list[Node]]:
        index_of: dict[tuple[int, _Path], int] = {}
        low: dict[tuple[int, _Path], int] = {}
        on_stack: set[tuple[int, _Path]] = set()
        stack: list[tuple[int, _Path]] = []
        found: list[list[Node]] = []
        seen: set[frozenset[int]] = set()
        counter = 0
        for start in list(self.nodes):
            if start in index_of:
                continue
            # iterative Tarjan
            work: list[tuple[tuple[int, _Path], int]] = [(start, 0)]
            while work:
                node, position = work.pop()
                if position == 0:
                    index_of[node] = low[node] = counter
                    counter += 1
                    stack.append(node)
                    on_stack.add(node)
                successors = self.edges.get(node, [])
                if position < len(successors):
                    work.append((node, position + 1))
                    successor = successors[position]
                    if successor not in index_of:
                        work.append((successor, 0))
                    elif successor in on_stack:
                        low[node] = min(low[node], index_of[successor])
                    continue
                if low[node] == index_of[node]:
                    component: list[tuple[int, _Path]] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in self.edges.get(node, []):
                        cycle = [self.nodes[m] for m in reversed(component)]
                        members = frozenset(map(id, cycle))
                        if members not in seen:  # the same cycle in another instance
                            seen.add(members)
                            found.append(cycle)
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
        return found


def node_address(node: Node) -> str:
    if isinstance(node, LocalValue):
        return node.address
    from tfjudge.model.config import block_address

    return block_address(node) or node.type
