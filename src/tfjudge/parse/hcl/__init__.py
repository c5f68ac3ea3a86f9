"""HCL: tree-sitter parsing into the typed tree of `ast`, with terraform-worded errors."""

from tfjudge.parse.hcl.parser import parse_hcl

__all__ = ["parse_hcl"]
