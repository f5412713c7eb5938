"""The report: parts from the tables, Quarto sources, provenance and the renderer."""
