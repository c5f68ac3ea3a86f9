"""Cases the core rule tables and their terraform oracle tests share."""

from __future__ import annotations

# (the `type` of a variable, whether terraform accepts it): what terraform init said
TYPE_CONSTRAINTS = [
    ("string", True),
    ("number", True),
    ("bool", True),
    ("any", True),
    ("list", True),  # read as list(any): still accepted at the top
    ("map", True),
    ("list(any)", True),
    ("set(any)", True),
    ("map(any)", True),
    ("list(map(string))", True),
    ("object({})", True),
    ('object({a = optional(string, "x")})', True),
    ("object({a = optional(list(object({b = optional(number)})))})", True),
    ("list(object({a = string}))", True),
    ("tuple([string, number])", True),
    ("string # a comment", True),
    ("int", False),
    ("integer", False),
    ("String", False),
    ("dynamic", False),
    ("null", False),
    ('"string"', False),
    ("set", False),
    ("object", False),
    ("tuple", False),
    ("map()", False),
    ("list(string, number)", False),
    ("list(list)", False),
    ("object({a = list})", False),
    ("optional(string)", False),
    ("map(optional(string))", False),
    ("tuple(string)", False),
    ("object(string)", False),
    ('object({"a" = string})', False),
    ("object({a = string, a = number})", False),
    ("object({from = integer, to = number})", False),
    ("list(float)", False),
]
