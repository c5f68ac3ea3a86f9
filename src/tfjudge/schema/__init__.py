"""The AWS provider's schema, offline: generated data, typed views, and the schema checks.

`store` reads the compact data shipped under `tfjudge/data/schema/` (one folder per
provider version, made by `scripts/make_aws_schema.py`), loading only the types an
analysis asks for. `model` is the typed view of one type's schema, `values` the static
types of literal expressions and terraform's conversion rules, `provider` the
`ProviderSchema` fact (which blocks of an answer are judged against which schema),
`check` the fact every `schema.*` rule reads its findings from.
"""
