"""CLAMTEX: a MkDocs plugin and CLI for a multilingual EU-project news site."""

__version__ = "0.1.0"
