"""The one base class of evaltools' own errors: what the CLI reports in Dutch, never as a trace.

Every error evaltools raises on purpose (bad input, a tool that failed, a setting that makes no
sense) derives from :class:`EvaltoolsError`; its message is Dutch and complete. Anything else
that reaches the CLI is unforeseen and goes to the error log.
"""

from __future__ import annotations


class EvaltoolsError(Exception):
    """An error evaltools raises on purpose, with a Dutch message for the consultant."""
