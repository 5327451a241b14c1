"""Papertrail: explainer story pages from curated stories and cleaned sources.

The core (model, loading, validation, rendering) is engine-free; only
:mod:`papertrail.plugin` imports MkDocs.
"""

__version__ = "0.1.0"
