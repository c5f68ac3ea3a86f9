"""Cases of core.template-variable-missing: `(template, vars, missing key or None)`, each
a `templatefile()` of one configuration (tests/rules/test_template_cases.py, and against
terraform validate in tests/oracle/test_template_oracle.py)."""

from __future__ import annotations

CASES: list[tuple[str, str, str | None]] = [
    ('echo "${port}"\n', "{ port = 80 }", None),
    ('echo "${port} ${host}"\n', "{ port = 80 }", "host"),
    # a shell variable must be escaped, or written without braces
    ('echo "$${HOME} $HOME"\n', "{}", None),
    ('echo "${HOME}"\n', "{}", "HOME"),
    # a template sees only its vars
    ('echo "${var.region}"\n', "{ region = 1 }", "var"),
    # its own for directive binds names
    ("%{ for ip in ips ~}\n${ip}\n%{ endfor ~}\n", '{ ips = ["a"] }', None),
    ("%{ for ip in ips ~}\n${ip} ${mask}\n%{ endfor ~}\n", '{ ips = ["a"] }', "mask"),
    ("%{ if enabled }on%{ else }off%{ endif }\n", "{}", "enabled"),
    # functions are no variables; keys may come from an evaluated map
    ("${upper(name)} ${jsonencode(tags)}\n", 'merge({ name = "a" }, { tags = {} })', None),
]


def files() -> dict[str, str]:
    """The configuration and its template files, one output per case."""
    main = ""
    found: dict[str, str] = {}
    for index, (template, variables, _) in enumerate(CASES):
        found[f"t{index}.tpl"] = template
        main += (
            f'output "case{index}" {{\n'
            f'  value = templatefile("${{path.module}}/t{index}.tpl", {variables})\n}}\n'
        )
    return {"main.tf": main, **found}


def line_of(index: int) -> int:
    """The line of case `index`'s templatefile() call in main.tf."""
    return 3 * index + 2
