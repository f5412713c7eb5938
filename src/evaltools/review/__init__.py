"""evaltools check: the review of a round for the consultants, never part of the report.

The privacy scans it runs live in ``privacy``; the spell check and its dictionary live here.
"""
