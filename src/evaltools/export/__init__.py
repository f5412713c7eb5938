"""evaltools export: a round's coded evidence as a REFI-QDA project (.qdpx) for QDA programs."""
