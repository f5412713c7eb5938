"""Review of a round for the consultants (`evaltools check`) and the privacy checks."""
