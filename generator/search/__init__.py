"""Search: a Pagefind index built from lean pages of the archive, not from the site's HTML.

This module re-exports the public API of the package: `records` (the lean page of each
person, with every quote after its own anchor, and of each topic), `index` (one Pagefind
run over records), `service` (our client of `pagefind --service`), `shards` (cutting a large
archive into several indexes by speaker, reusing unchanged ones), `bundle` (reproducible
bundles: sorted filter files; fragments finished, unused files pruned), `cbor` (the codec
those files need) and `names` (the small name index the search page answers names from
before Pagefind).
"""

from __future__ import annotations

from generator.search.bundle import META_FILTERS, PF_SIGNATURE, normalize_bundle
from generator.search.cbor import _cbor_decode, _cbor_encode
from generator.search.index import BATCH_SIZE, IndexReport, write_search_index
from generator.search.names import (
    NAMES_FOLDER,
    LastNames,
    NameEntry,
    NameShard,
    fold,
    name_entries,
    name_index_files,
    name_index_key,
    name_shards,
    rank_people,
    write_name_index,
)
from generator.search.records import (
    QuoteSection,
    SearchRecord,
    context_around,
    person_record,
    quote_section,
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
    HEADROOM,
    KEY_FILE,
    PAGEFIND_PROCESSES,
    QUOTE_BUDGET,
    SHARDS_FILE,
    IndexSlots,
    PhraseFilters,
    ReusedShard,
    Shard,
    SpooledShard,
    content_key,
    drop_shared_files,
    filters_to_make,
    input_key,
    made_filter,
    phrase_filters,
    reusable_shards,
    same_wasm,
    search_shards,
    shard_count,
    shard_folder,
    shard_of,
    speaker_shards,
    spool_shards,
    write_search_shards,
    write_shard_phrase_hints,
)

__all__ = [
    "BATCH_SIZE",
    "HEADROOM",
    "KEY_FILE",
    "META_FILTERS",
    "NAMES_FOLDER",
    "PAGEFIND_PROCESSES",
    "PF_SIGNATURE",
    "QUOTE_BUDGET",
    "SHARDS_FILE",
    "WRITE_TIMEOUT",
    "IndexReport",
    "IndexSlots",
    "LastNames",
    "NameEntry",
    "NameShard",
    "PagefindService",
    "PhraseFilters",
    "QuoteSection",
    "ReusedShard",
    "SearchRecord",
    "Shard",
    "SpooledShard",
    "_cbor_decode",
    "_cbor_encode",
    "content_key",
    "context_around",
    "drop_shared_files",
    "files_open_under",
    "filters_to_make",
    "fold",
    "input_key",
    "made_filter",
    "name_entries",
    "name_index_files",
    "name_index_key",
    "name_shards",
    "normalize_bundle",
    "pagefind_executable",
    "peak_rss_kb",
    "person_record",
    "phrase_filters",
    "quote_section",
    "rank_people",
    "reusable_shards",
    "same_wasm",
    "search_records",
    "search_shards",
    "shard_count",
    "shard_folder",
    "shard_of",
    "site_path",
    "speaker_shards",
    "spool_shards",
    "topic_record",
    "write_name_index",
    "write_search_index",
    "write_search_shards",
    "write_shard_phrase_hints",
]
