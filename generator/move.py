"""The `move-quote` recipe: a quote filed under the wrong speaker goes to the right one.

The quote keeps its id (and the ids merged into it), so its page at /q/<id>/ and every
link to it follow it to the new speaker; fragments of it stay linked by id. The speaker is
found as `add` finds one (a name or alias of any kind, never a description); a name nobody
has makes a new file. Both files are written together, or neither when `check` would reject
the result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.add import NewQuote, speaker_for
from generator.checks import load_valid_archive, write_checked
from generator.errors import GeneratorError
from generator.models import Quote, Speaker
from generator.store import speaker_path


@dataclass(frozen=True)
class Moved:
    """Where a quote went."""

    quote: Quote
    source: Path
    target: Path
    new_speaker: bool

    def summary(self) -> str:
        from generator.errors import display_path

        made = " (a new file)" if self.new_speaker else ""
        return (
            f"moved {self.quote.id} from {display_path(self.source)} to "
            f"{display_path(self.target)}{made}; its id and links stay"
        )


def move_quote(quotes_dir: Path, quote_id: str, speaker_name: str, kind: str = "person") -> Moved:
    """Move quote `quote_id` to the speaker `speaker_name` names; write both files."""
    archive = load_valid_archive(quotes_dir)
    found = next(
        ((s, q) for s in archive.speakers for q in s.quotes if q.id == quote_id.strip()), None
    )
    if found is None:
        raise GeneratorError(f"expected the id of a quote in the archive, found '{quote_id}'")
    source, quote = found
    target, is_new = speaker_for(archive, NewQuote(speaker_name, None, kind=kind), quotes_dir)
    if target.slug == source.slug:
        raise GeneratorError(f"quote {quote.id} is already {source.name}'s")
    left = replace(source, quotes=tuple(q for q in source.quotes if q.id != quote.id))
    gained: Speaker = replace(target, quotes=(*target.quotes, quote))
    write_checked(quotes_dir, [left, gained])
    return Moved(
        quote, speaker_path(quotes_dir, source.slug), speaker_path(quotes_dir, gained.slug), is_new
    )
