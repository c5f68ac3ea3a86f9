"""schema: the AWS provider's schema (types, arguments, blocks, value types, deprecations)."""
