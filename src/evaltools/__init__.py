"""evaltools: reproduceerbare evaluatierapportage voor de Technohubs-regeling."""

__version__ = "0.1.0"
