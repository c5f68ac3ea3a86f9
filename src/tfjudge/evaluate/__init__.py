"""Stage 4: the Terraform language — references, a dependency graph, a partial evaluator.

Two facts for rules::

    from tfjudge.evaluate import UNKNOWN, Evaluator, PartialString, References

    refs = ctx.get(References)
    evaluator = ctx.get(Evaluator)
    for block in ctx.configuration.root.resources_of_type("aws_lb_target_group"):
        if refs.is_superseded(block):          # an earlier copy of a repeated file
            continue
        for instance in evaluator.instances(block):          # count / for_each expanded
            name = evaluator.attribute(block, "name", instance)
            if isinstance(name, str) and len(name) > 32:
                ...                                            # the whole name is known
            elif isinstance(name, PartialString) and name.known_length > 32:
                ...                                            # known parts alone too long
            path = evaluator.attribute(block, "health_check.path", instance)
        bucket = block.body.get("bucket")                      # any expression
        for target in refs.targets(bucket):                    # aws_s3_bucket.logs.id
            print(target.block, target.attributes)             # -> (Block, ("id",))

Values are plain Python: str, int, float, bool, None, list, dict, plus `UNKNOWN` (a
value known only after apply: computed attributes, data sources, what hit a limit) and
`PartialString` (a string with unknown parts, `("app-", UNKNOWN, "-tg")`). The evaluator
never raises and never guesses: what terraform would reject is UNKNOWN too.

- `References`: every reference resolved (`of_block`, `in_expr`, `to`), declarations
  (`declaration`, `is_superseded`, `duplicates`), `targets(expr)`, the graph
  (`dependencies`, `dependents`, `depends_on`, `cycles`).
- `Evaluator`: `instances(block)`, `evaluate(expr, instance)`, `attribute(block, path,
  instance)`, `attribute_values(block, path)`, `nested(block, "ingress", instance)` with
  `nested_value(nested, "from_port")` (`dynamic` blocks expanded), `variable`, `local`,
  `output`, `document(expr)` (a policy as data, from `jsonencode()` or a JSON heredoc).
"""

from tfjudge.evaluate.evaluator import (
    Evaluator,
    Instance,
    ModuleContext,
    NestedBlock,
    Refusal,
    ValueSource,
)
from tfjudge.evaluate.expressions import Limits
from tfjudge.evaluate.references import Edge, Reference, References, Target
from tfjudge.evaluate.values import UNKNOWN, PartialString, Unknown, is_unknown, is_wholly_known

__all__ = [
    "UNKNOWN",
    "Edge",
    "Evaluator",
    "Instance",
    "Limits",
    "ModuleContext",
    "NestedBlock",
    "PartialString",
    "Reference",
    "References",
    "Refusal",
    "Target",
    "Unknown",
    "ValueSource",
    "is_unknown",
    "is_wholly_known",
]
