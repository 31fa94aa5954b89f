"""Benchmark: the reduce of `ingest` over a very large synthetic corpus, on 0, 1 and 2 workers.

Extraction is left out: the checkpoints a map would leave are generated directly (quotes
with speakers, sources, offsets; about a tenth repeat a quote of another article, as
outlets do), then the reduce runs on the engine `ingest` uses: counting name claims per
partition, planning speakers, routing every quote to its bucket, placing each bucket.
Measured for each engine: wall time, quotes per second, the peak memory of each worker
(and of the driver), and that every engine writes the same speakers (a digest).

The words of the quotes follow English frequencies (wordfreq's top 20,000), speakers get
quotes by a Zipf law (a few with tens of thousands), so per-speaker matching costs what it
costs on real news.

Usage: .venv/bin/python benchmarks/bench_reduce.py [--quotes N] [--speakers N]
       [--workers 0,1,2] [--partition-quotes N]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import itertools
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from generator.corpus import CorpusOptions, CorpusReport, _reduce  # noqa: E402
from generator.corpus.engines import open_engine  # noqa: E402
from generator.corpus.partitions import Checkpoints, PartitionResult  # noqa: E402
from generator.corpus.sources import CorpusPlan, Partition  # noqa: E402
from generator.extract.records import Article, ExtractedQuote  # noqa: E402
from generator.ingest import SourceDefaults  # noqa: E402
from generator.models import Archive  # noqa: E402
from generator.review import ReviewState  # noqa: E402

GIVEN = (
    "Ana", "Ben", "Cara", "Dev", "Ema", "Finn", "Gia", "Hal", "Ida", "Jon",
    "Kai", "Lea", "Max", "Nia", "Oto", "Pia", "Rex", "Sol", "Tea",
)  # fmt: skip


def synthetic_corpus(
    store: Checkpoints, quotes: int, speakers: int, per_partition: int, seed: int = 1
) -> int:
    """Write checkpoints of `quotes` synthetic quotes; return the number of partitions."""
    from wordfreq import top_n_list

    rng = random.Random(seed)
    words = top_n_list("en", 20_000)
    cumulative = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(words))))
    names = [f"{GIVEN[i % len(GIVEN)]} {_family(i)}" for i in range(speakers)]
    popularity = list(itertools.accumulate(1 / (rank + 1) ** 1.1 for rank in range(speakers)))
    said: list[tuple[str, str]] = []
    partitions = 0
    for first in range(0, quotes, per_partition):
        batch = []
        for number in range(first, min(first + per_partition, quotes)):
            if said and rng.random() < 0.1:
                name, text = rng.choice(said)  # another outlet reports the same words
            else:
                name = rng.choices(names, cum_weights=popularity)[0]
                text = " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(6, 40)))
                if len(said) < 200_000:
                    said.append((name, text))
            batch.append(_quote(number, name, text))
        store.write(PartitionResult(partitions, len(batch), len(batch) * 400, tuple(batch), ()))
        partitions += 1
    return partitions


def _family(number: int) -> str:
    return "Van" + hashlib.sha256(str(number).encode()).hexdigest()[:6].capitalize()


def _quote(number: int, name: str, text: str) -> ExtractedQuote:
    article = Article(
        path="corpus.jsonl", text="", url=f"https://news.example/{number}",
        outlet="Example News", date="2025-03-01", line=number + 1,
    )  # fmt: skip
    return ExtractedQuote(
        text=text, speaker=name, speaker_role=None, speaker_kind="person",
        context=f"“{text},” {name} said.", start=10, end=10 + len(text), confidence=0.98,
        evidence="after:full", article_key=f"{number:016x}", article=article,
    )  # fmt: skip


def peak_mb() -> int:
    """This process's peak resident memory (VmHWM), in MB.

    Not `getrusage`'s ru_maxrss: Linux keeps that across fork and exec, so a worker process
    started by a parent holding 1 GB reports 1 GB however little it uses itself."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def run_in_child(store: Checkpoints, partitions: int, workers: int) -> dict[str, object]:
    """`run` in a fresh process (spawned), so its driver's peak is the reduce's own and
    not the corpus generation's."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(run, store, partitions, workers).result()


def run(store: Checkpoints, partitions: int, workers: int) -> dict[str, object]:
    plan = CorpusPlan(tuple(Partition(i, ()) for i in range(partitions)), "bench")
    options = CorpusOptions(workers=workers, defaults=SourceDefaults(), added="2025-03-02")
    report = CorpusReport(plan, store.directory)
    started = time.perf_counter()
    with open_engine(None, workers) as engine:
        result = _reduce(
            engine, plan, store, Archive(), ReviewState(), options, report, lambda *_: None
        )
        worker_peaks = []
        if engine.client is not None:
            peaks = engine.client.run(peak_mb)
            worker_peaks = sorted(peaks.values())
    seconds = time.perf_counter() - started
    digest = hashlib.sha256()
    for slug in sorted(result.dumped):
        digest.update(result.dumped[slug].encode())
    return {
        "seconds": seconds,
        "quotes": report.quotes,
        "added": result.count("added"),
        "merged": result.count("merged"),
        "speakers": len(result.changed),
        "workers_mb": worker_peaks,
        "driver_mb": peak_mb(),
        "digest": digest.hexdigest()[:16],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quotes", type=int, default=200_000)
    parser.add_argument("--speakers", type=int, default=20_000)
    parser.add_argument("--workers", default="0,1,2")
    parser.add_argument("--partition-quotes", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        store = Checkpoints(Path(work) / "checkpoints")
        started = time.perf_counter()
        partitions = synthetic_corpus(store, args.quotes, args.speakers, args.partition_quotes)
        took = time.perf_counter() - started
        print(f"{args.quotes:,} quotes over {args.speakers:,} speakers in {partitions} "
              f"partitions, generated in {took:.0f} s", flush=True)  # fmt: skip
        rows = []
        for workers in (int(w) for w in args.workers.split(",")):
            row = run_in_child(store, partitions, workers)
            rows.append((workers, row))
            print(f"workers {workers}: {row}", flush=True)
    base = cast(float, rows[0][1]["seconds"])
    print("\n| engine | seconds | quotes/s | x first | worker peak MB | driver peak MB | digest |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for workers, row in rows:
        seconds = cast(float, row["seconds"])
        name = "this process" if workers == 0 else f"{workers} worker(s)"
        print(f"| {name} | {seconds:.0f} | {args.quotes / seconds:,.0f} | "
              f"{base / seconds:.2f} | {row['workers_mb'] or '-'} | {row['driver_mb']} | "
              f"{row['digest']} |")  # fmt: skip
    same = len({row["digest"] for _, row in rows}) == 1
    print(f"\nevery engine wrote the same speakers: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
