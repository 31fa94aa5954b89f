"""Search: a Pagefind index built from lean records of the archive, not from the site's HTML.

This module re-exports the public API of the package: `records` (the lean page of each
quote, person and topic), `index` (one Pagefind run over records), `service` (our client of
`pagefind --service`), `shards` (cutting a large archive into several indexes), `bundle`
(reproducible bundles: sorted filter files) and `cbor` (the codec those files need).
"""

from __future__ import annotations

from generator.search.bundle import META_FILTERS, PF_SIGNATURE, normalize_bundle
from generator.search.cbor import _cbor_decode, _cbor_encode
from generator.search.index import BATCH_SIZE, IndexReport, write_search_index
from generator.search.records import (
    QUOTE_META_LENGTH,
    SearchRecord,
    person_record,
    quote_record,
    search_records,
    site_path,
    topic_record,
)
from generator.search.service import (
    WRITE_TIMEOUT,
    PagefindService,
    files_open_under,
    pagefind_executable,
    peak_rss_kb,
)
from generator.search.shards import (
    PAGEFIND_PROCESSES,
    SHARD_RECORDS,
    SHARDS_FILE,
    Shard,
    search_shards,
    shard_folder,
    write_search_shards,
)

__all__ = [
    "BATCH_SIZE",
    "META_FILTERS",
    "PAGEFIND_PROCESSES",
    "PF_SIGNATURE",
    "QUOTE_META_LENGTH",
    "SHARDS_FILE",
    "SHARD_RECORDS",
    "WRITE_TIMEOUT",
    "IndexReport",
    "PagefindService",
    "SearchRecord",
    "Shard",
    "_cbor_decode",
    "_cbor_encode",
    "files_open_under",
    "normalize_bundle",
    "pagefind_executable",
    "peak_rss_kb",
    "person_record",
    "quote_record",
    "search_records",
    "search_shards",
    "shard_folder",
    "site_path",
    "topic_record",
    "write_search_index",
    "write_search_shards",
]
