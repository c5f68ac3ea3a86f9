"""The ideal: the working solution, matched block by block to the response (needs --ideal)."""
