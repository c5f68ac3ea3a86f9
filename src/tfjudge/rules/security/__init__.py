"""security: what leaves data or access open (encryption, public access, wildcards, secrets)."""
