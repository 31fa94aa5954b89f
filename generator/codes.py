"""The table of problem codes: what each means and how to fix it.

Codes are stable: a contributor searches docs/error-codes.md for the code they were shown, and
CI annotations carry it as their title. docs/error-codes.md embeds `markdown_table()`
verbatim, and a test compares the two, so the documentation cannot drift from the code.

Prefixes: `Y` the YAML itself, `F` files and their names, `S` one file against the JSON
Schema, `X` rules that span files, `W` warnings that never fail a check, `A` articles,
`R` the review queue, `D` near-duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    """One documented problem code."""

    code: str
    meaning: str
    """What went wrong, in a few words."""
    hint: str
    """One line on how to fix it; shown under every problem with this code."""
    severity: str = "error"
    """`error` fails `check`; `warning` is reported only."""


_TABLE = (
    Code("Y001", "the file cannot be read as UTF-8 text", "save the file as UTF-8"),
    Code(
        "Y002",
        "the file is not valid YAML",
        "fix the line shown; text in single quotes is always read as text (double every ' "
        "inside it: 'it''s')",
    ),
    Code("Y003", "a key appears twice in the same mapping", "keep one of the two"),
    Code(
        "Y004",
        "a YAML anchor, alias (&name, *name) or tag (!!python/...) is used",
        "write each value out in full; archive files hold plain text, lists and mappings",
        "error",
    ),
    Code(
        "Y005",
        "the file has Windows line ends (CRLF)",
        "run `python -m generator fmt`, which writes Unix line ends (LF); the repository's "
        ".gitattributes keeps YAML files at LF",
    ),
    Code(
        "Y006",
        "a ' #' after plain text starts a comment, so the words after it are left out",
        "put the whole text in single quotes, such as text: 'We are #1 in the world'; a comment "
        "goes on a line of its own",
    ),
    Code(
        "Y007",
        "a value is nested deeper than the archive's files ever need (more than 20 levels)",
        "write the value out plainly: a speaker file is at most five levels deep "
        "(speaker, quotes, quote, sources, source)",
    ),
    Code(
        "F001",
        "the file name does not match the slug inside it",
        "rename the file or change its slug so that quotes/SLUG.yaml holds slug: SLUG",
    ),
    Code(
        "F002",
        "the archive directory does not exist",
        "run the command from the project root, or pass --quotes DIR",
    ),
    Code("F003", "a speaker file ends in .yml", "rename the file so that it ends in .yaml"),
    Code(
        "F004",
        "the topic taxonomy quotes/topics.yaml is missing",
        "restore quotes/topics.yaml from the main branch",
    ),
    Code(
        "F005",
        "a speaker or topic slug is `index` or `a-z`, names of the people and topics index pages",
        "choose another slug (and rename the file to match)",
        "error",
    ),
    Code(
        "F006",
        "a path under quotes/, content/ or review/ is a symbolic link, a directory where a file "
        "belongs, or a special file (FIFO, device, socket); nothing is read through it",
        "put the file itself there instead of a link to it, or remove it; links are never "
        "followed, so a link cannot publish a file from elsewhere",
    ),
    Code(
        "F007",
        "a file name or a slug contains a control character (a line break, a tab, ESC...)",
        "rename the file (and its slug) using lower-case letters, digits and hyphens",
    ),
    Code(
        "S101",
        "a required field is missing",
        "add the field; schema/speaker.schema.json says what it holds",
    ),
    Code("S102", "a field the schema does not know", "remove the field or fix its spelling"),
    Code(
        "S103",
        "a value has the wrong type",
        "use the type the schema asks for; put text in quotes when YAML would read it as a "
        "number, true/false or null",
    ),
    Code("S104", "a value is not one of the allowed values", "use one of the values listed"),
    Code(
        "S105",
        "a date is not YYYY, YYYY-MM or YYYY-MM-DD, or no such day exists",
        "write the date as YYYY, YYYY-MM or YYYY-MM-DD, such as 2025-10-26",
    ),
    Code(
        "S106",
        "a url is not an http(s) address",
        "use the full address starting with https:// or http://",
    ),
    Code("S107", "a quote has no sources", "add at least one source with a url or an outlet"),
    Code(
        "S108",
        "a source has neither a url nor an outlet",
        "give the source a url, an outlet, or both",
    ),
    Code("S109", "a list holds the same entry twice", "remove the repeated entry"),
    Code(
        "S110",
        "a slug is not lower-case words joined by hyphens",
        "use lower-case letters, digits and single hyphens, such as vladimir-putin",
    ),
    Code(
        "S111",
        "a quote id is malformed",
        "ids are assigned by the tool: delete the id line and run `python -m generator fmt`",
    ),
    Code(
        "S112",
        "a quote's text is wrapped in quote marks",
        "remove the quote marks at both ends (`python -m generator fmt` does it): the archive "
        "stores the words alone and the site adds the marks",
    ),
    Code(
        "X001",
        "a quote id is used more than once in the archive",
        "if you copied a quote, delete the id line of the copy and run "
        "`python -m generator fmt` to give it a new id",
    ),
    Code(
        "X002",
        "a topic is not in quotes/topics.yaml",
        "use a slug listed in quotes/topics.yaml, or add the topic there",
    ),
    Code(
        "X003",
        "a name or alias belongs to more than one speaker file",
        "keep each name in one file: merge the speakers or drop the alias",
    ),
    Code("X004", "a date lies in the future", "check the date; a quote cannot be from the future"),
    Code(
        "X005",
        "part_of names a quote id that does not exist",
        "point part_of at the id of an existing quote, or remove it",
    ),
    Code(
        "X006", "a topic slug is listed twice in quotes/topics.yaml", "keep one of the two entries"
    ),
    Code(
        "X007",
        "a speaker slug is used by two files, or by a file and a former_slugs entry",
        "give the speaker another slug, or remove the stale former_slugs entry",
    ),
    Code(
        "W001",
        "a disputed or misattributed quote gives no status_source",
        "add `status_source:` with the url or outlet (and title) of the fact-check or report "
        "that disputes it; readers see it beside the quote",
        "warning",
    ),
    Code(
        "W002",
        "a published quote id or speaker slug disappears, and every link to it with it",
        "moving a quote keeps its id: paste it whole into the other file; for a merge, list "
        "the old id under the other quote's `merged_ids` (or run `dedupe --apply`); for a "
        "renamed or merged speaker, list the old slug under `former_slugs`; a wrong quote is "
        "marked `status: misattributed`, not deleted",
        "warning",
    ),
    Code("A001", "an article file cannot be read", "check the path and its permissions", "error"),
    Code("A002", "an article is not UTF-8 text", "convert the file to UTF-8", "error"),
    Code("A003", "an article is empty", "remove the file or give it text", "error"),
    Code(
        "A004",
        "an HTML page has no main text that could be extracted",
        "save the article page itself, not an index or a page behind a login",
        "error",
    ),
    Code(
        "A005",
        "a JSON lines record is malformed, nested more than 20 levels deep, or has no 'text' field",
        "give every line one JSON object with at least a 'text' field",
        "error",
    ),
    Code(
        "A006",
        "Markdown front matter is not a plain YAML mapping (invalid YAML, an alias or tag, "
        "or nesting more than 20 levels deep)",
        "write front matter as `key: value` lines between two `---` lines",
        "error",
    ),
    Code(
        "A007",
        "the extractor raised an error on this article (a bug, not bad input)",
        "report it with the article attached; the other articles were still processed",
        "error",
    ),
    Code(
        "A008",
        "a Parquet file has no text column",
        "give the file a `text` column (or `body`/`content`) with one article per row",
        "error",
    ),
    Code(
        "A009",
        "a corpus partition could not be processed (its worker died or its task failed)",
        "run `ingest` again: finished partitions are kept and only the failed ones are redone",
        "error",
    ),
    Code(
        "A010",
        "an article is larger than the article size limit",
        "split the article, or raise the limit with --max-article-mb if it is genuine",
        "error",
    ),
    Code(
        "A011",
        "a compressed file expands beyond the decompression limits (size or ratio): "
        "a decompression bomb, or a file too large to read whole",
        "check the file; if it is genuine, shard it or raise --max-decompressed-mb or --max-ratio",
        "error",
    ),
    Code(
        "A012",
        "an article's metadata cannot go into the archive (a url that is not http(s), a "
        "date that does not exist or lies in the future, a value far too long); the "
        "article was skipped, the others were added",
        "fix the article's url, date, title, outlet or author and extract it again",
        "error",
    ),
    Code(
        "R001",
        "the review queue or the decisions file (review/) has an entry that cannot be read",
        "fix the entry by hand, or delete the file: `extract` or `ingest` write it again",
        "error",
    ),
    Code(
        "D001",
        "a quote looks like a near-duplicate of another quote by the same speaker",
        "if it is the same quote, run `python -m generator dedupe --apply ID` (or keep one and "
        "add the other's sources to it); if not, record it: `dedupe --not-duplicate ID OTHER-ID`",
        "warning",
    ),
    Code(
        "D002",
        "a quote looks like an excerpt of a longer quote by the same speaker",
        "add `part_of: <id of the longer quote>` (or run `dedupe --apply`)",
        "warning",
    ),
    Code(
        "D003",
        "the same words are attributed to two different speakers",
        "if the two files are the same person, merge them with `python -m generator "
        "merge-speakers SLUG OTHER-SLUG`; otherwise check who said it and mark the wrong one "
        "`status: misattributed`; if both said it, `dedupe --not-duplicate ID OTHER-ID`",
        "warning",
    ),
    Code(
        "D004",
        "two speaker files look like the same speaker",
        "merge them with `python -m generator dedupe --apply SLUG`; if they are two people, "
        "record it: `dedupe --not-duplicate SLUG OTHER-SLUG`",
        "warning",
    ),
    Code(
        "D005",
        "a speaker's name fits more than one known person, or two files may be one person "
        "spelt two ways",
        "use the full name; if the files are one person, `python -m generator merge-speakers "
        "SLUG OTHER-SLUG`; if two people, `dedupe --not-duplicate SLUG OTHER-SLUG`",
        "warning",
    ),
)

CODES: dict[str, Code] = {entry.code: entry for entry in _TABLE}
"""Every problem code by its name, in documentation order."""


def hint_for(code: str) -> str:
    """The fix hint of a code; empty for a code that is not in the table."""
    entry = CODES.get(code)
    return entry.hint if entry else ""


def markdown_table() -> str:
    """The code table as docs/error-codes.md shows it."""
    rows = ["| Code | Meaning | How to fix |", "| --- | --- | --- |"]
    for entry in CODES.values():
        meaning = entry.meaning if entry.severity == "error" else f"(warning) {entry.meaning}"
        rows.append(f"| `{entry.code}` | {_cell(meaning)} | {_cell(entry.hint)} |")
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
