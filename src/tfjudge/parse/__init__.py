"""Stage 2: from extracted files to syntax trees (HCL, JSON, embedded programs)."""
