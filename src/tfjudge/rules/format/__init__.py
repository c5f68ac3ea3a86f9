"""format: the response as a document (code present, complete, in the form asked for)."""
