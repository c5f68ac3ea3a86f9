"""The prompt: what the task asked for, read into requirements (a fact for req and format)."""
