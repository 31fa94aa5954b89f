"""The map step and its checkpoints: one partition in, its quotes and problems out.

`extract_partition` is what a worker runs: it reads a partition's articles and extracts
their quotes with `generator.extract`, turning an article that makes the extractor raise into
a problem (A007) so one bad article never loses a partition. Results are kept as JSON lines,
one file per partition, written atomically by the process that drives the run; the reduce
step always reads them back from there, so a resumed run and a fresh one reduce the same data.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from generator.corpus.sources import Partition, read_unit
from generator.errors import Problem
from generator.extract import extract_quotes, extraction_failed
from generator.extract.records import Article, ExtractedQuote
from generator.store import write_files_atomically


@dataclass(frozen=True)
class PartitionResult:
    """What one partition gave: counts, quotes (articles without their text) and problems."""

    index: int
    articles: int
    size: int
    quotes: tuple[ExtractedQuote, ...]
    problems: tuple[Problem, ...]


def extract_partition(partition: Partition) -> PartitionResult:
    """Read and extract every article of `partition`; pure apart from reading its files."""
    articles = 0
    quotes: list[ExtractedQuote] = []
    problems: list[Problem] = []
    for unit in partition.units:
        for found in read_unit(unit, partition.limits):
            if isinstance(found, Problem):
                problems.append(found)
                continue
            articles += 1
            try:
                extracted = extract_quotes(found)
            except Exception as exc:  # a bug on one article must not cost the others
                problems.append(extraction_failed(found, exc))
                continue
            slim = replace(found, text="")
            quotes.extend(replace(q, article=slim) for q in extracted)
    return PartitionResult(
        partition.index, articles, partition.size, tuple(quotes), tuple(problems)
    )


# -- Checkpoints --------------------------------------------------------------------------------


class Checkpoints:
    """Finished partitions of one corpus run, as `part-NNNNN.jsonl` files in one directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def done(self) -> set[int]:
        """Indexes of partitions whose results are on disk."""
        if not self.directory.is_dir():
            return set()
        return {int(p.stem.removeprefix("part-")) for p in self.directory.glob("part-*.jsonl")}

    def write(self, result: PartitionResult) -> Path:
        """Save one partition's result atomically: a crash leaves the whole file or none."""
        target = self.directory / f"part-{result.index:05d}.jsonl"
        write_files_atomically({target: "".join(_line(record) for record in _records(result))})
        return target

    def read(self, index: int) -> PartitionResult:
        """One partition's result as `write` saved it."""
        path = self.directory / f"part-{index:05d}.jsonl"
        with path.open(encoding="utf-8") as stream:
            head, *records = (json.loads(line) for line in stream)
        quotes = tuple(_quote(r["quote"]) for r in records if "quote" in r)
        problems = tuple(_problem(r["problem"]) for r in records if "problem" in r)
        return PartitionResult(index, head["articles"], head["size"], quotes, problems)

    def remove(self) -> None:
        """Delete this run's checkpoints (and the parent directory once it is empty)."""
        shutil.rmtree(self.directory, ignore_errors=True)
        with contextlib.suppress(OSError):  # other runs' checkpoints are still there
            self.directory.parent.rmdir()


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"


def _records(result: PartitionResult) -> Iterator[dict[str, Any]]:
    yield {"partition": result.index, "articles": result.articles, "size": result.size}
    for quote in result.quotes:
        yield {"quote": asdict(quote)}
    for problem in result.problems:
        record = asdict(problem)
        record["related"] = list(problem.related)
        yield {"problem": record}


def _quote(record: dict[str, Any]) -> ExtractedQuote:
    article = record.pop("article")
    return ExtractedQuote(**record, article=Article(**article) if article else None)


def _problem(record: dict[str, Any]) -> Problem:
    return Problem(**{**record, "related": tuple(record["related"])})
