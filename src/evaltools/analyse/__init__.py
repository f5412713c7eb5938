"""Stage 2, analyse: the analysis of the tables (pure) and the notebook runs that apply it."""
