"""Stage 1, ingest: read and validate a raw round, write its tables.

The tables go to ``data/processed/<ronde>/tables``; every reader of a raw input lives here.
"""
