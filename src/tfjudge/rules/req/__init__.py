"""req: what the prompt asked for and the response does not provide (needs --prompt)."""
