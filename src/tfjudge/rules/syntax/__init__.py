"""syntax: code that does not parse (HCL, JSON documents, embedded programs)."""
