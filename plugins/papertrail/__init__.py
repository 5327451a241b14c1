"""Papertrail: explainer story pages from curated stories and cleaned sources.

The core (schema, model, loading, analysis, checks, render, and the pipeline that
runs them) is engine-free; only :mod:`papertrail.plugin` and
:mod:`papertrail.page_cache` import MkDocs.
"""

__version__ = "0.1.0"
