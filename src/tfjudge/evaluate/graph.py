"""Cycles in the dependency graph, as terraform's graph walk finds them.

Terraform does not treat a module call as one node: a child module's input variable
depends on the caller's argument of that name, and `module.m.out` on the child's output
`out`. The graph here has the same granularity, so a value that goes into a module and a
different value that comes out do not make a cycle. A block that refers to itself is a
cycle of one (terraform's "Self-referential block"); a local value that does is one too
("Self-referencing local value").
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


class _Graph:
    def __init__(self, references: References) -> None:
        self.references = references
        self.nodes: dict[int, Node] = {}
        self.edges: dict[int, list[int]] = {}
        for reference in references.references:
            if reference.block.type == "variable":
                continue  # a validation block reads the variable itself: no dependency
            for target in self._targets(reference):
                self._edge(reference.source, target)
        for module in references.configuration.modules.values():
            self._module_inputs(module)

    def _edge(self, source: Node, target: Node) -> None:
        self.nodes[id(source)] = source
        self.nodes[id(target)] = target
        self.edges.setdefault(id(source), []).append(id(target))

    def _targets(self, reference: Reference) -> list[Node]:
        target = reference.target
        if target is None:
            return []
        if isinstance(target, Block) and target.type == "module":
            return self._outputs(target, reference)
        if isinstance(target, Block) and target.type == "provider":
            return []
        return [target]

    def _outputs(self, call: Block, reference: Reference) -> list[Node]:
        """`module.m.out` depends on the child's output `out`; `module.m` on all of them."""
        child = self._child(call)
        if child is None:
            return [call]
        outputs = [b for b in self.references.active_blocks(child) if b.type == "output"]
        if reference.remainder:
            outputs = [b for b in outputs if b.labels[:1] == (reference.remainder[0],)]
        return list(outputs)

    def _child(self, call: Block) -> Module | None:
        for module in self.references.configuration.modules.values():
            if any(caller is call for caller in module.callers):
                return module
        return None

    def _module_inputs(self, module: Module) -> None:
        """A child's `variable "x"` depends on what each caller's argument `x` refers to."""
        for caller in module.callers:
            for variable in self.references.active_blocks(module):
                if variable.type != "variable" or not variable.labels:
                    continue
                argument = caller.body.attributes.get(variable.labels[0])
                if argument is None:
                    continue
                for reference in self.references.in_expr(argument.expr):
                    for target in self._targets(reference):
                        self._edge(variable, target)

    def cycles(self) -> list[list[Node]]:
        index_of: dict[int, int] = {}
        low: dict[int, int] = {}
        on_stack: set[int] = set()
        stack: list[int] = []
        found: list[list[Node]] = []
        counter = 0
        for start in list(self.nodes):
            if start in index_of:
                continue
            # iterative Tarjan
            work: list[tuple[int, int]] = [(start, 0)]
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
                    component: list[int] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in self.edges.get(node, []):
                        found.append([self.nodes[m] for m in reversed(component)])
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
        return found


def node_address(node: Node) -> str:
    if isinstance(node, LocalValue):
        return node.address
    from tfjudge.model.config import block_address

    return block_address(node) or node.type
