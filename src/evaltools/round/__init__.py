"""The ground every stage stands on.

The round model, problems and errors, paths, settings and Dutch notation; every package may
import it, and it imports no other package of evaltools.
"""
