"""evaltools wederhoor: the drafts and response forms a hub checks before the report goes out."""
