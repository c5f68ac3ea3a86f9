"""core: what `terraform validate` rejects in the language itself, without any provider."""
