"""The package version (one place; ``jzanalysis.__version__`` re-exports it)."""

__version__ = "0.1.0"
