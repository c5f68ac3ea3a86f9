"""What AWS itself accepts, as data: name and value constraints, runtime schedules.

`tfjudge.aws.constraints` is the generated table of length limits, character rules and
enumerations per (resource type, argument) with a checker for evaluated (possibly partly
unknown) values; the aws.* rules read it.
"""
