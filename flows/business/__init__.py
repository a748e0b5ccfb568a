"""/settings: the user's language for everyone, the business's own settings for its owners."""
