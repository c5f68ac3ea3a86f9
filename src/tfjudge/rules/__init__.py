"""Stage 5: the rules. Each family is a package; each rule is one module in it."""
