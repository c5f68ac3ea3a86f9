"""Values files of the answer that terraform does not load by itself.

`terraform.tfvars` and `*.auto.tfvars` feed the evaluator. An answer often shows other
values too: a `terraform.tfvars.example`, a `prod.tfvars` meant for `-var-file`, or an
unnamed snippet of `name = value` lines. `ctx.get(ValuesFiles).assignments` maps each
variable name to its first such assignment (an `Attribute` of that file), for rules that
ask what value the answer suggests for a variable that has none::

    example = ctx.get(ValuesFiles).assignments.get("ssh_public_key")
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

from tfjudge.facts import fact
from tfjudge.parse.hcl import parse_hcl
from tfjudge.parse.hcl.ast import Attribute, HclDocument
from tfjudge.records import record
from tfjudge.source import SourceFile

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext


@record
class ValuesFiles:
    """Variable assignments in values files terraform does not load by itself."""

    assignments: dict[str, Attribute] = field(default_factory=dict)


@fact(ValuesFiles)
def values_files(ctx: RuleContext) -> ValuesFiles:
    loaded = {
        id(document)
        for module in ctx.configuration.modules.values()
        for document in (*module.documents, *module.tfvars)
    }
    parsed = {document.file.path for document in ctx.documents}
    candidates: list[HclDocument] = [
        document
        for document in ctx.documents
        if id(document) not in loaded and document.file.path.endswith(".tfvars")
    ]
    for file in ctx.response.files:
        if file.language == "hcl" and file.path not in parsed and not _backend_settings(file):
            try:
                candidates.append(parse_hcl(file))
            except RecursionError:  # nested too deeply to be a values file
                continue
    found = ValuesFiles()
    for document in candidates:
        if document.body.blocks or document.errors:
            continue  # configuration, or not HCL: not a values file
        for name, attribute in document.body.attributes.items():
            found.assignments.setdefault(name, attribute)
    return found


def _backend_settings(file: SourceFile) -> bool:
    """A `-backend-config` file (`prod.tfbackend`): the backend's settings, not variables."""
    return file.path.endswith(".tfbackend")
