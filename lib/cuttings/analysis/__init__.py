"""Analyses of a ``Corpus``: each function returns a pandas DataFrame (sources, names, timeline, terms, topics, reuse)."""
