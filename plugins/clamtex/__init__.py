"""clamtex: a MkDocs plugin and CLI for the multilingual site of an EU-funded project."""

__version__ = "0.1.0"
