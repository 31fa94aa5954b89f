"""What the schema files accept, restated so wording and rules can recognise it.

`wording` names a violated pattern by comparing it with these; the rules beyond the schema
skip values the schema already rejected.
"""

from __future__ import annotations

import re

SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?")
"""What the schema accepts as a date; other rules skip dates it already rejected."""
DAY_PATTERN = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")
"""A full date the schema accepts; the calendar may still reject it (2025-02-30)."""
ID_PATTERN = "^[0-9a-z]{6,16}$"
URL_PATTERN = "^https?://[^\\s]+$"
"""A source's url: an http(s) address (never `javascript:` or `data:`)."""
