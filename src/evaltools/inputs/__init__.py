"""Inputs of a round: schemas, readers' plain values, validation, forms and ingest to tables."""
