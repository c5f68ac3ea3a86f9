"""ideal: what the working solution has and the response lacks or sets differently."""
