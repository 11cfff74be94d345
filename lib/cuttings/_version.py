"""The package version, in one place (read by pyproject.toml and by the figure source lines)."""
__version__ = "0.1.0"
