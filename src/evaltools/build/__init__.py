"""evaltools build: every round of params.yaml through DVC, skipped when nothing changed."""
