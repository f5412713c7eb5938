"""evaltools: reproduceerbare evaluatierapportage van programma's (zelfevaluaties, interviews)."""

__version__ = "0.1.0"
