"""Analysis of the processed tables (pure): matrices, scores, goals, typology, allocation."""
