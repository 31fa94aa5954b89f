"""Quote archive: extract quotes from articles, keep them as YAML, publish them as a site."""

from __future__ import annotations

__version__ = "0.1.0"
