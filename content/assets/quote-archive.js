/*
 * The site's script, on top of Pagefind's JS API (pagefind/pagefind.js).
 *
 * - Adds a search box to the Material header that leads to the search page (?q=...).
 * - On the search page (#qa-search): topics matching the words, then people, each with their
 *   matching quotes shown like the quotes on pages (the words exactly as stored, those found
 *   marked; speaker, date, status, topics, first source, permalink, Cite / Copy link),
 *   filtered by speaker, topic, year and status. The index holds one page per person with an
 *   anchor per quote (generator/search/records.py), its id the quote's; the person's
 *   `quotes` meta gives each quote's page, first source, date, status and topics, so
 *   filters, which Pagefind applies to whole pages, are applied again here to each quote.
 *   A quote id is found at the quote's own page (q/<id>/), not in the index. A query
 *   of several words also searches them as a phrase, and phrase matches come first. A large
 *   index is in shards, searched one after the other: the shard of a person named first,
 *   else the shard the phrase hints (phrases/, generator/search/phrases.py) say holds the
 *   words side by side.
 * - Names, as you type, before Pagefind answers, and the Speaker filter: people whose name or
 *   alias has words starting with the words typed, from the small name index (names/,
 *   generator/search/names.py): one JSON file for the typed word's first letters, folded
 *   like the build folds them.
 * - Person pages: the filter form (words, topic, status, year), and a permalink to a quote
 *   on one of the speaker's year pages goes on to it. People A–Z: the filter box.
 * - Gives every quote (.qa-quote) buttons that copy a citation (plain text or BibTeX) and
 *   its permanent link (its own page, q/<id>/), from what the quote's block shows: speaker (the page's heading or
 *   the block's speaker link), <time datetime>, and its first source (link, title, outlet).
 * - The Data page's counts and sizes (data/summary.json); addresses for print.
 *
 * Everything found in the index is inserted as text (textContent, text nodes and <mark>
 * elements made here), never as HTML, and the site root comes from this script's own URL,
 * so the site works from any sub-path.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var root = new URL("../", script ? script.src : location.href);
  var PAGE_SIZE = 20;
  var QUOTES_SHOWN = 5;
  var END_OF_TEXT = ".";
  var HIDDEN_WORD = "_";
  /* A filter no page passes: a page's type is "Person" or "Topic" (generator.search.records). */
  var NO_PAGE = { type: "no-such-type" };
  var TYPING_PAUSE_MS = 250;
  var SHORTEST_PAUSE_MS = 80;
  var NEW_BURST_MS = 1000;
  var pagefindPromise = null;
  var shardsPromise = null;
  var shardSearches = {};
  var PHRASES_FORMAT = 2;
  var phrasesIndex = null;
  var phraseFiles = new Map();
  var crcTable = null;

  /* How long typing must pause before the search runs as the reader types: twice their own
     gap between keys (the median of the last few), from SHORTEST_PAUSE_MS to
     TYPING_PAUSE_MS, and TYPING_PAUSE_MS before a second key tells. A slow typist is not
     searched for at every letter (each prefix of a word can need another index chunk); a
     fast one is not kept waiting a quarter of a second after the last key. `gaps`: ms
     between the last keys of this burst of typing. */
  function typingPause(gaps) {
    if (!gaps.length) return TYPING_PAUSE_MS;
    var sorted = gaps.slice().sort(function (a, b) { return a - b; });
    var median = sorted[Math.floor(sorted.length / 2)];
    return Math.min(TYPING_PAUSE_MS, Math.max(SHORTEST_PAUSE_MS, 2 * median));
  }

  /* Pagefind's module (its JS; the index files load per shard, below). */
  function loadPagefind() {
    if (!pagefindPromise) {
      pagefindPromise = import(new URL("pagefind/pagefind.js", root).href);
      loadShards();
    }
    return pagefindPromise;
  }

  /* A large archive is indexed in shards (pagefind/, pagefind-1/, ...; people by a hash of
     their slug), listed in pagefind/shards.json. Each shard is a search of its own, and
     they are searched one after the other: results show as soon as the first shard has
     answered, and a reader downloads one shard's meta file and chunks before seeing them,
     not every shard's (generator.search.shards). Names: ["pagefind", "pagefind-1", ...]. */
  function loadShards() {
    if (!shardsPromise) {
      shardsPromise = fetch(new URL("pagefind/shards.json", root).href).then(function (response) {
        return response.ok ? response.json() : { shards: [] };
      }).catch(function () { return { shards: [] }; }).then(function (listing) {
        if (listing.shared_wasm === true) shareWasm();
        var phrases = listing.phrases;
        if (phrases && phrases.format === PHRASES_FORMAT && /^[a-z]+\/$/.test(phrases.folder)) {
          phrasesIndex = phrases;
        }
        return ["pagefind"].concat((listing.shards || []).filter(function (name) {
          return /^pagefind-[0-9]+$/.test(name);
        }));
      });
    }
    return shardsPromise;
  }

  /* Every shard's bundle holds the same Pagefind WebAssembly (shards.json says so when the
     build found it so), and Pagefind's module starts it once, whichever shard asks first:
     fetching each shard's copy (72 KB, 45 of them at 1M quotes) would be for nothing. So
     Pagefind's fetches of any bundle's wasm file get one shared fetch of the first bundle's
     (each caller reads a clone of the one response); every other fetch is left alone. */
  function shareWasm() {
    var fetchPage = window.fetch;
    var bundles = new URL("pagefind", root).href;
    var shared = {};
    window.fetch = function (input, init) {
      var address = typeof input === "string" || input instanceof URL
        ? new URL(input, location.href).href : "";
      var rest = address.indexOf(bundles) === 0 ? address.slice(bundles.length) : "";
      var wasm = /^(?:-[0-9]+)?\/(wasm\.[a-z0-9_-]+\.pagefind)$/i.exec(rest);
      if (!wasm) return fetchPage.call(window, input, init);
      var first = bundles + "/" + wasm[1];
      if (!shared[first]) {
        shared[first] = fetchPage.call(window, first).then(function (response) {
          if (!response.ok) delete shared[first];
          return response;
        });
      }
      return shared[first].then(function (response) { return response.clone(); });
    };
  }

  /* The search of one shard (a Pagefind instance with that shard's bundle), made once: it
     starts loading the shard's files when made. In the page, not in Pagefind's worker: the
     worker's script and start-up come before any index file, and cost more time than the
     searches of a shard take here. Pagefind's module runs one WebAssembly for all of them,
     made by the first to start: two that started together each made one, and the index of
     one was then read from memory the module had left ("memory access out of bounds", a
     search that never ends). So the first is made at once, the others once it runs (an
     empty preload waits for that and loads nothing). */
  var firstShardRunning = null;
  function shardSearch(name) {
    if (!shardSearches[name]) {
      shardSearches[name] = loadPagefind().then(function (pf) {
        var make = function () {
          return pf.createInstance({
            basePath: new URL(name + "/", root).pathname,
            baseUrl: root.pathname,
            noWorker: true,
          });
        };
        if (firstShardRunning) return firstShardRunning.then(make);
        var first = make();
        var settled = function () { return null; };
        firstShardRunning = first.preload("").then(settled, settled);
        return first;
      });
    }
    return shardSearches[name];
  }

  function shardName(number) {
    return number ? "pagefind-" + number : "pagefind";
  }

  /* The shards (folder names) in the order to search them: those of `first` (folder names,
     in the order wanted) that the site has, once each, then the others in order. */
  function shardOrder(names, first) {
    var wanted = (first || [])
      .filter(function (name, i, all) { return names.indexOf(name) !== -1 && all.indexOf(name) === i; });
    return wanted.concat(names.filter(function (name) { return wanted.indexOf(name) === -1; }));
  }

  /* -- Phrase hints (generator/search/phrases.py) --------------------------------------- */

  /* The phrase hints' index, from the shards listing (generator.search.phrases.phrase_index):
     their folder, the buckets, the hashes a pair sets, each shard's folder and the size of
     its segments. Null on a site without hints. */
  function loadPhrases() {
    return loadShards().then(function () { return phrasesIndex; });
  }

  function phraseFile(bucket) {
    if (!phraseFiles.has(bucket)) {
      var name = ("00" + bucket.toString(16)).slice(-3) + ".bin";
      phraseFiles.set(bucket, fetch(new URL(phrasesIndex.folder + name, root).href).then(function (response) {
        return response.ok ? response.arrayBuffer() : null;
      }).then(function (buffer) {
        return buffer ? new Uint8Array(buffer) : null;
      }).catch(function () { return null; }));
    }
    return phraseFiles.get(bucket);
  }

  /* CRC-32 (zlib's) of a string's UTF-8, then MurmurHash3's finaliser twice: the bucket,
     the first bit and the step between bits of a pair, as phrases.pair_hashes makes them. */
  function pairHashes(pair) {
    if (!crcTable) {
      crcTable = new Uint32Array(256);
      for (var n = 0; n < 256; n++) {
        var c = n;
        for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
        crcTable[n] = c >>> 0;
      }
    }
    var bytes = new TextEncoder().encode(pair);
    var crc = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xFF] ^ (crc >>> 8);
    var first = (crc ^ 0xFFFFFFFF) >>> 0;
    var second = mix32(first);
    return [first, second, (mix32(second) | 1) >>> 0];
  }

  function mix32(value) {
    value = (value ^ (value >>> 16)) >>> 0;
    value = Math.imul(value, 0x85EBCA6B) >>> 0;
    value = (value ^ (value >>> 13)) >>> 0;
    value = Math.imul(value, 0xC2B2AE35) >>> 0;
    return (value ^ (value >>> 16)) >>> 0;
  }

  /* The shards (folder names) whose quotes hold every three neighbouring words of `terms` (a
     query's folded words; every two, for two words), by the phrase hints: a few words of a
     quote typed are searched first where that quote is. Null when there is nothing to tell:
     fewer than two words, a site of one shard, or the hints missing. */
  function phraseShards(terms) {
    if (terms.length < 2) return Promise.resolve(null);
    return loadPhrases().then(function (index) {
      if (!index) return null;
      var runs = [];
      var length = terms.length > 2 ? 3 : 2;
      for (var i = 0; i + length <= terms.length; i++) runs.push(terms.slice(i, i + length).join(" "));
      return Promise.all(runs.map(function (run) {
        var hashes = pairHashes(run);
        return phraseFile(hashes[0] % index.buckets).then(function (data) {
          if (!data) return null;
          var held = [];
          var offset = 0;
          index.segments.forEach(function (size, shard) {
            var bits = size * 8;
            var position = hashes[1];
            var set = true;
            for (var k = 0; k < index.hashes && set; k++) {
              var bit = position % bits;
              set = Boolean(data[offset + (bit >>> 3)] & (1 << (bit & 7)));
              position += hashes[2];
            }
            if (set) held.push(index.shards[shard]);
            offset += size;
          });
          return held;
        });
      })).then(function (found) {
        if (found.some(function (held) { return held === null; })) return null;
        return found.reduce(function (all, held) {
          return all.filter(function (name) { return held.indexOf(name) !== -1; });
        });
      });
    }).catch(function () { return null; });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function siteLink(url, className, text) {
    var link = el("a", className, text);
    // Only links into this site: index URLs are made by the build, but check anyway.
    var target = new URL(url, root);
    if (target.origin === root.origin && target.pathname.indexOf(root.pathname) === 0) {
      link.href = target.href;
    }
    return link;
  }

  /* -- Name index (generator/search/names.py) ------------------------------------------- */

  var PEOPLE_SHOWN = 5;
  /* What a quote id may look like (generator.ids.ID_PATTERN). */
  var QUOTE_ID = /^[0-9a-z]{6,16}$/;
  var NAMES_FORMAT = 1;
  var namesPromise = null;
  var nameFiles = new Map();

  /* names/index.json: the keys (folded word prefixes) that have a file, and the fold table.
     Null when the site has no name index (or another format): Pagefind alone answers. */
  function loadNames() {
    if (!namesPromise) {
      namesPromise = fetch(new URL("names/index.json", root).href).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (index) {
        if (!index || index.format !== NAMES_FORMAT) return null;
        return { prefix: index.prefix, table: index.fold || {}, keys: new Set(index.keys || []) };
      }).catch(function () { return null; });
    }
    return namesPromise;
  }

  /* As generator.search.names.fold: lower case, NFKD, marks removed, then the table. */
  function fold(names, text) {
    var bare = text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
    return Array.from(bare, function (c) {
      return Object.prototype.hasOwnProperty.call(names.table, c) ? names.table[c] : c;
    }).join("");
  }

  function nameWords(names, text) {
    return fold(names, text).match(/[\p{L}\p{N}]+/gu) || [];
  }

  function nameFile(key) {
    if (!nameFiles.has(key)) {
      var hex = Array.from(new TextEncoder().encode(key), function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      }).join("");
      nameFiles.set(key, fetch(new URL("names/" + hex + ".json", root).href).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).catch(function () {
        nameFiles.delete(key);  // ask again next time
        return { people: [] };
      }));
    }
    return nameFiles.get(key);
  }

  /* The file for a typed word: its longest prefix that is a key (a key with many people
     splits by one more letter). Null: nobody has a word starting with it. Prefixes count
     characters (code points), as Python's do. */
  function keyFor(names, word) {
    var chars = Array.from(word);
    for (var n = chars.length; n >= names.prefix; n--) {
      var key = chars.slice(0, n).join("");
      if (names.keys.has(key)) return key;
    }
    return null;
  }

  /* 0: the whole name typed; 1: its start (each word typed starts the word at its place);
     2: each word typed starts one of its words; 3: no match (names._match_rank). */
  function matchRank(typed, name) {
    if (typed.length === name.length && typed.every(function (t, i) { return t === name[i]; })) return 0;
    if (typed.length <= name.length && typed.every(function (t, i) { return name[i].indexOf(t) === 0; })) return 1;
    if (typed.every(function (t) { return name.some(function (n) { return n.indexOf(t) === 0; }); })) return 2;
    return 3;
  }

  /* People for the words typed, best first (generator.search.names.rank_people), each with
     the alias that matched when their name did not: [{name, url, role, quotes, alias, rank}];
     at most `limit` (PEOPLE_SHOWN) of them. */
  function findPeople(text, limit) {
    return loadNames().then(function (names) {
      if (!names) return [];
      var typed = nameWords(names, text);
      var chosen = null;
      var nobody = false;
      typed.forEach(function (word) {
        if (Array.from(word).length < names.prefix) return;
        var key = keyFor(names, word);
        if (key === null) nobody = true;
        else if (!chosen || Array.from(key).length > Array.from(chosen).length) chosen = key;
      });
      if (nobody || !chosen) return [];
      return nameFile(chosen).then(function (file) {
        var found = [];
        (file.people || []).forEach(function (person) {
          var variants = [person[0]].concat(person[4] || []);
          var best = 3;
          var alias = "";
          variants.forEach(function (variant, index) {
            var rank = matchRank(typed, nameWords(names, String(variant)));
            if (rank < best) { best = rank; alias = index ? String(variant) : ""; }
          });
          if (best < 3) {
            found.push({ rank: best, name: String(person[0]), url: String(person[1]),
                         role: String(person[2] || ""), quotes: Number(person[3]) || 0,
                         alias: alias, key: fold(names, String(person[0])),
                         shard: Number(person[5]) || 0 });
          }
        });
        found.sort(function (a, b) {
          return a.rank - b.rank || b.quotes - a.quotes ||
            (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
            (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
        });
        return found.slice(0, limit || PEOPLE_SHOWN);
      });
    });
  }

  /* -- Header search box ------------------------------------------------------------ */

  function addHeaderSearch() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".qa-header-search")) return;
    var form = el("form", "qa-header-search");
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Site search");
    form.action = new URL("search/", root).href;
    form.method = "get";
    var input = el("input", "qa-header-search__input");
    input.type = "search";
    input.name = "q";
    input.placeholder = "Search quotes";
    input.setAttribute("aria-label", "Search quotes");
    input.value = new URLSearchParams(location.search).get("q") || "";
    form.appendChild(input);
    var source = header.querySelector(".md-header__source");
    header.insertBefore(form, source);
  }

  /* -- Moved quotes ----------------------------------------------------------------------- */

  /* A speaker's first page maps the quotes on their other pages (generator/render/person.py):
     a permalink people/<slug>/#q-<id> to one of them goes on to its page. */
  function followMovedQuote() {
    var map = document.querySelector("script.qa-moved");
    var id = location.hash.slice(1);
    if (!map || !/^q-[0-9a-z]+$/.test(id) || document.getElementById(id)) return;
    var moved;
    try { moved = JSON.parse(map.textContent); } catch (error) { return; }
    var quote = id.slice(2);
    Object.keys(moved).some(function (page) {
      if (moved[page].indexOf(quote) === -1) return false;
      location.replace(new URL(page, location.href.split("#")[0]).href + location.hash);
      return true;
    });
  }

  /* -- Filters on a person page and on People A–Z ------------------------------------- */

  /* A person page's filter, made here from the page (so it costs the HTML of the 20k person
     pages of a large archive nothing): words, topic and status narrow the quotes of this
     page, to the topics and statuses they have; a year on another page is a link to it. When
     the speaker's quotes are split into pages, a link searches all of them with the same
     filters. */
  function PersonFilter(person) {
    var quotes = Array.prototype.slice.call(
      document.querySelectorAll(".md-content article.qa-quote[id^='q-']"));
    var facts = quotes.map(articleFacts);
    var form = el("form", "qa-filter");
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter these quotes");
    var fields = el("p", "qa-filter__fields");
    this.words = field(fields, "Words", el("input", "qa-filter__words"));
    this.words.type = "search";
    this.words.autocomplete = "off";
    var topics = unique([].concat.apply([], facts.map(function (f) { return f.topics; })));
    this.topic = field(fields, "Topic", choice("qa-filter__topic", "Any topic", topics.map(pair)));
    var statuses = unique(facts.map(function (f) { return f.status; }));
    this.status = field(fields, "Status", choice("qa-filter__status", "Any status", statuses.map(pair)));
    var years = Array.prototype.map.call(person.querySelectorAll(".qa-years a"), function (a) {
      return [a.getAttribute("href"), a.textContent];
    });
    this.split = person.dataset.split === "yes";
    this.year = field(fields, "Year", choice("qa-filter__year", this.split ? "This page" : "Any year", years));
    form.appendChild(fields);
    this.count = el("p", "qa-filter__count");
    this.count.setAttribute("role", "status");
    form.appendChild(this.count);
    var nav = person.querySelector(".qa-years");
    person.insertBefore(form, nav ? nav.nextSibling : null);
    this.form = form;
    this.quotes = quotes;
    var self = this;
    form.addEventListener("submit", function (event) { event.preventDefault(); self.apply(); });
    this.words.addEventListener("input", function () { self.apply(); });
    [this.topic, this.status].forEach(function (select) {
      select.addEventListener("change", function () { self.apply(); });
    });
    this.year.addEventListener("change", function () { self.pickYear(); });
  }

  function field(parent, label, control) {
    var wrap = el("label", null, label + " ");
    wrap.appendChild(control);
    parent.appendChild(wrap);
    parent.appendChild(document.createTextNode(" "));
    return control;
  }

  /* A select with an empty first option and [value, label] options. */
  function choice(className, empty, options) {
    var select = el("select", className);
    [["", empty]].concat(options).forEach(function (option) {
      var item = el("option", null, option[1]);
      item.value = option[0];
      select.appendChild(item);
    });
    return select;
  }

  function pair(value) { return [value, value]; }

  function unique(values) {
    return values.filter(function (v, i) { return v && values.indexOf(v) === i; })
      .sort(function (a, b) { return a.localeCompare(b); });
  }

  PersonFilter.prototype.pickYear = function () {
    var href = this.year.value;
    if (href && href.charAt(0) !== "#") {
      location.href = new URL(href, location.href).href;
      return;
    }
    this.apply();
  };

  PersonFilter.prototype.apply = function () {
    var words = foldText(this.words.value).split(/\s+/).filter(Boolean);
    var topic = this.topic.value;
    var status = this.status.value;
    var option = this.year.options[this.year.selectedIndex];
    var year = this.year.value ? option.textContent : "";
    var shown = 0;
    this.quotes.forEach(function (article) {
      var facts = articleFacts(article);
      var keep = (!topic || facts.topics.indexOf(topic) !== -1) &&
        (!status || facts.status === status) && (!year || facts.year === year) &&
        words.every(function (word) { return facts.words.indexOf(word) !== -1; });
      article.hidden = !keep;
      if (keep) shown += 1;
    });
    hideEmptyHeadings();
    var narrowed = words.length || topic || status || year;
    this.count.replaceChildren();
    if (!narrowed) return;
    var total = this.quotes.length;
    this.count.appendChild(document.createTextNode(
      (shown === 1 ? "1 quote" : shown + " quotes") + " of " + total + " on this page match."));
    if (this.split || !shown) {
      var params = new URLSearchParams();
      if (this.words.value.trim()) params.set("q", this.words.value.trim());
      var name = document.querySelector(".qa-person h1");
      if (name) params.set("speaker", name.textContent.trim());
      if (topic) params.set("topic", topic);
      if (status) params.set("status", status);
      if (year && year !== "Undated") params.set("year", year);
      this.count.appendChild(document.createTextNode(" "));
      this.count.appendChild(siteLink("search/?" + params.toString(), "qa-filter__search",
        "Search all of this speaker's quotes with these filters"));
    }
  };

  /* What a quote block on a page says about itself, for the filter. */
  function articleFacts(article) {
    var time = article.querySelector(".qa-quote__meta time");
    var status = (article.querySelector(".qa-quote__meta .qa-status") || {}).textContent || "attributed";
    var text = ["qa-quote__text", "qa-quote__context", "qa-quote__variants", "qa-sources"]
      .map(function (name) {
        var part = article.querySelector("." + name);
        return part ? part.textContent : "";
      }).join(" ");
    return {
      year: time ? time.getAttribute("datetime").slice(0, 4) : "Undated",
      status: status.trim(),
      topics: Array.prototype.map.call(article.querySelectorAll(".qa-topic"), function (a) {
        return a.textContent.trim();
      }),
      words: foldText(text).split(/[^\p{L}\p{N}]+/u),
    };
  }

  function hideEmptyHeadings() {
    document.querySelectorAll(".md-content h2").forEach(function (heading) {
      var node = heading.nextElementSibling;
      var quotes = 0;
      var visible = 0;
      while (node && node.tagName !== "H2") {
        if (node.matches("article.qa-quote")) {
          quotes += 1;
          if (!node.hidden) visible += 1;
        }
        node = node.nextElementSibling;
      }
      if (quotes) heading.hidden = !visible;
    });
  }

  /* Lower case, accents removed: what filters compare (the name index folds more). */
  function foldText(text) {
    return String(text || "").toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  }

  /* People A–Z's filter: on a single page, hides the names that do not match; on a page of
     a split index, lists the people the name index finds, whatever their letter. */
  function PeopleFilter(form) {
    this.form = form;
    this.input = form.querySelector(".qa-people-filter__input");
    this.count = form.querySelector(".qa-people-filter__count");
    this.found = form.querySelector(".qa-people-filter__found");
    this.split = form.dataset.split === "yes";
    this.run = 0;
    var self = this;
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); self.apply(); });
    this.input.addEventListener("input", function () { self.apply(); });
  }

  PeopleFilter.prototype.apply = function () {
    var text = this.input.value.trim();
    if (this.split) return this.lookUp(text);
    var typed = foldText(text).match(/[\p{L}\p{N}]+/gu) || [];
    var shown = 0;
    document.querySelectorAll(".md-content ul.qa-people:not(.qa-people-filter__found) > li")
      .forEach(function (item) {
        var words = foldText(item.querySelector("a").textContent + " " +
          ((item.querySelector(".qa-alias-of") || {}).textContent || "")).match(/[\p{L}\p{N}]+/gu) || [];
        var keep = typed.every(function (t) {
          return words.some(function (w) { return w.indexOf(t) === 0; });
        });
        item.hidden = !keep;
        if (keep) shown += 1;
      });
    document.querySelectorAll(".md-content ul.qa-people:not(.qa-people-filter__found)")
      .forEach(function (list) {
        var any = list.querySelector("li:not([hidden])") !== null;
        list.hidden = !any;
        var heading = list.previousElementSibling;
        if (heading && heading.tagName === "H2") heading.hidden = !any;
      });
    this.count.textContent = typed.length
      ? (shown === 1 ? "1 person matches." : shown + " people match.") : "";
  };

  PeopleFilter.prototype.lookUp = function (text) {
    var self = this;
    var run = ++this.run;
    if (!text) {
      this.found.replaceChildren();
      this.count.textContent = "";
      return Promise.resolve();
    }
    return findPeople(text, 50).then(function (people) {
      if (run !== self.run) return;
      self.found.replaceChildren();
      people.forEach(function (person) {
        var item = el("li");
        var link = siteLink(person.url, null, person.name);
        link.dir = "auto";
        item.appendChild(link);
        if (person.alias) item.appendChild(el("span", "qa-search__alias", " (" + person.alias + ")"));
        item.appendChild(el("span", "qa-count", " " + (person.quotes === 1 ? "1 quote" : person.quotes + " quotes")));
        self.found.appendChild(item);
      });
      self.count.textContent = people.length === 1 ? "1 person matches." :
        (people.length ? people.length + " people match." : "Nobody by that name.");
    });
  };

  /* -- Search page -------------------------------------------------------------------- */

  var SPEAKERS_MATCHED = 50;

  function SearchPage(box) {
    this.box = box;
    this.form = box.querySelector("form");
    this.query = box.querySelector(".qa-search__query");
    this.speaker = box.querySelector(".qa-search__speaker");
    this.topic = box.querySelector(".qa-search__topic");
    this.year = box.querySelector(".qa-search__year");
    this.quoteStatus = box.querySelector(".qa-search__quote-status");
    this.status = box.querySelector(".qa-search__status");
    this.hint = box.querySelector(".qa-search__hint");
    this.people = box.querySelector(".qa-search__people");
    this.pages = box.querySelector(".qa-search__pages");
    this.facets = box.querySelector(".qa-search__facets");
    this.results = box.querySelector(".qa-search__results");
    this.more = box.querySelector(".qa-search__more");
    this.found = [];
    this.shown = 0;
    this.run = 0;
    this.peopleRun = 0;
    var self = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.submit();
    });
    [this.topic, this.year, this.quoteStatus].forEach(function (select) {
      select.addEventListener("change", function () { self.submit(); });
    });
    this.speaker.addEventListener("change", function () { self.submit(); });
    this.speaker.addEventListener("input", function () { self.suggestSpeakers(); });
    this.more.addEventListener("click", function () { self.showMore(); });
    window.addEventListener("popstate", function () { self.fromUrl(); });
    /* Search as you type, once typing pauses (Enter searches at once). Not on every key:
       each prefix of a word can need another index chunk, and chunks are what readers
       download. */
    var typing = null;
    var lastKey = null;
    var gaps = [];
    this.query.addEventListener("input", function (event) {
      /* People by name at once: one small file per word's first letters (cached). */
      self.showPeople();
      self.warm();
      clearTimeout(typing);
      var now = performance.now();
      var gap = lastKey === null ? Infinity : now - lastKey;
      gaps = gap > NEW_BURST_MS ? [] : gaps.concat([gap]).slice(-4);
      lastKey = now;
      /* Words pasted or completed arrive whole: nothing more is coming. */
      var whole = event.inputType === "insertFromPaste" || (event.data || "").length > 1;
      typing = setTimeout(function () { self.submit(true); }, whole ? 0 : typingPause(gaps));
    });
    this.form.addEventListener("submit", function () { clearTimeout(typing); });
    this.fromUrl();
    /* The name index's key list is small: fetch it now, so the first keystroke needs one file.
       Pagefind's module loads on the first keystroke, and the shard to search first once it
       is known (warm), or above when the address already holds a search. */
    loadNames();
  }

  /* While the reader types, loads the index files (entry, meta, wasm, and the chunks of the
     words typed whole) of the shard the search will start with, once that is sure: at once
     on a site of one shard; otherwise once a word typed is long enough for the name index
     and the words (as typed by then) name only people of one shard (more letters only
     narrow them), or name nobody and the phrase hints of the words typed whole give one
     shard or none (the first shard comes first). Never a shard the search would not start
     with, whatever is typed next, unless a name typed goes on with words that name nobody
     or the next word parts the words from the shard the hints gave. */
  SearchPage.prototype.warm = function () {
    var self = this;
    loadPagefind();
    Promise.all([loadShards(), loadNames()]).then(function (loaded) {
      var all = loaded[0];
      var names = loaded[1];
      var text = self.query.value.trim();
      if (all.length === 1) return all[0];
      if (!names || self.speaker.value.trim()) return null;
      var long = nameWords(names, text).some(function (word) {
        return Array.from(word).length >= names.prefix;
      });
      if (!long) return null;
      return findPeople(text).then(function (people) {
        var whole = people.filter(function (p) { return p.rank === 0; });
        var named = whole.length ? whole : people;
        if (named.some(function (p) { return p.shard !== named[0].shard; })) return null;
        if (named.length || !phrasesIndex) return shardsToSearch(all, null, people, null)[0];
        /* Words that name nobody: the shard the phrase hints give the words typed whole, when
           they give one (more words only narrow them), or the first when they give none. */
        var typed = parseQuery(wordsTyped(text)).terms;
        if (typed.length < 2) return null;
        return phraseShards(typed).then(function (held) {
          if (!held || held.length > 1) return null;
          return held.length ? held[0] : all[0];
        });
      });
    }).then(function (name) {
      if (!name) return null;
      return shardSearch(name).then(function (pf) {
        return pf.init().then(function () {
          /* The chunks of the words typed whole, while the reader types the next one. */
          var done = wordsTyped(self.query.value);
          if (done) return pf.preload(done);
        });
      });
    }).catch(function () { /* the search says what went wrong */ });
  };

  /* The words of `text` the reader has finished typing: all but the one the cursor is on
     (the last, unless a space follows it). Never a part of a word: the chunks of a word's
     first letters are many, and most of them would not be needed. */
  function wordsTyped(text) {
    return text.replace(/\S*$/, "").trim();
  }

  SearchPage.prototype.fromUrl = function () {
    var params = new URLSearchParams(location.search);
    this.query.value = params.get("q") || "";
    this.speaker.value = params.get("speaker") || "";
    setSelect(this.topic, params.get("topic") || "");
    setSelect(this.year, params.get("year") || "");
    setSelect(this.quoteStatus, params.get("status") || "");
    this.showPeople();
    this.searched = location.pathname + location.search;
    this.search();
  };

  /* People whose name matches the words typed, above the full-text results (links, like
     them, reached by Tab; the list is labelled for screen readers). */
  SearchPage.prototype.showPeople = function () {
    var self = this;
    var run = ++this.peopleRun;
    var words = this.query.value.trim();
    if (!this.people) return Promise.resolve();
    if (!words) {
      this.people.replaceChildren();
      this.people.dataset.words = "";
      return Promise.resolve();
    }
    return findPeople(words).then(function (people) {
      if (run !== self.peopleRun) return;
      self.people.dataset.words = words;  // what the list is for (each key makes a new one)
      if (!people.length) {
        self.people.replaceChildren();
        return;
      }
      var list = el("ul", "qa-search__page-list qa-search__people-list");
      list.setAttribute("aria-label", people.length === 1 ? "1 person by name" : people.length + " people by name");
      people.forEach(function (person) {
        var item = el("li", "qa-search__person");
        var link = siteLink(person.url, "qa-search__person-link", person.name);
        link.dir = "auto";
        item.appendChild(link);
        if (person.alias) item.appendChild(el("span", "qa-search__alias", " (" + person.alias + ")"));
        var about = [person.role, person.quotes === 1 ? "1 quote" : person.quotes + " quotes"];
        item.appendChild(el("span", "qa-description", " " + about.filter(Boolean).join(" · ")));
        list.appendChild(item);
      });
      self.people.replaceChildren(list);
    });
  };

  /* A select's option by its value, or (topics) by the slug a link gave. */
  function setSelect(select, value) {
    var wanted = String(value).trim();
    var found = Array.prototype.find.call(select.options, function (o) {
      return o.value === wanted || (o.dataset.slug && o.dataset.slug === wanted);
    });
    select.value = found ? found.value : "";
  }

  /* `replace` (typing) updates the address without adding a history entry per pause. The
     words searched already (the pause after typing came before Enter) are not searched again
     unless that search failed: a second search cleared the first's results and raced it for
     the same index files (at 200k quotes, one then never showed a result). */
  SearchPage.prototype.submit = function (replace) {
    var params = new URLSearchParams();
    if (this.query.value.trim()) params.set("q", this.query.value.trim());
    if (this.speaker.value.trim()) params.set("speaker", this.speaker.value.trim());
    if (this.topic.value) params.set("topic", this.topic.value);
    if (this.year.value) params.set("year", this.year.value);
    if (this.quoteStatus.value) params.set("status", this.quoteStatus.value);
    var search = params.toString();
    var address = location.pathname + (search ? "?" + search : "");
    if (address !== location.pathname + location.search) {
      history[replace === true ? "replaceState" : "pushState"](null, "", address);
    } else if (this.searched === address && this.box.dataset.state !== "failed") {
      return;
    }
    this.searched = address;
    this.search();
  };

  /* The speakers the Speaker box names, through the name index like the main box: accents
     and case do not matter and part of a name will do ("chexbret" finds Gramzas Chéxbret).
     A name typed whole picks that person alone. Null: no box; []: nobody. Each is
     {name, shard}; shard is null when the site has no name index to tell it. */
  SearchPage.prototype.speakers = function () {
    var typed = this.speaker.value.trim();
    if (!typed) return Promise.resolve(null);
    return Promise.all([loadNames(), findPeople(typed, SPEAKERS_MATCHED)]).then(function (found) {
      var names = found[0];
      var people = found[1];
      if (!names) return [{ name: typed, shard: null }];
      var whole = people.filter(function (p) { return p.rank === 0; });
      return (whole.length ? whole : people).map(function (p) {
        return { name: p.name, shard: p.shard };
      });
    });
  };

  /* Filters for Pagefind: pages (people) with at least one quote of that topic, year and
     status, of one of the speakers named. */
  SearchPage.prototype.filters = function (speakers) {
    var filters = { type: "Person" };
    if (speakers) filters.speaker = { any: speakers.map(function (s) { return s.name; }) };
    if (this.topic.value) filters.topic = this.topic.value;
    if (this.year.value) filters.year = this.year.value;
    if (this.quoteStatus.value) filters.status = this.quoteStatus.value;
    return filters;
  };

  /* The same filters for one quote, from its facts (quotesOf). */
  SearchPage.prototype.accepts = function (quote) {
    var year = this.year.value;
    var topic = this.topic.value && oneLine(this.topic.value);
    var status = this.quoteStatus.value;
    return (!year || quote.date.slice(0, 4) === year) &&
      (!topic || quote.topics.indexOf(topic) !== -1) &&
      (!status || quote.status === status);
  };

  /* The words of a query, and the phrase they make when there are several and none is in
     double quotes (Pagefind then finds the exact phrase, which ranks first). */
  function parseQuery(text) {
    var quoted = text.indexOf('"') !== -1;
    var terms = foldText(text.replace(/"/g, " ")).match(/[\p{L}\p{N}]+/gu) || [];
    return { text: text, terms: terms, phrase: !quoted && terms.length > 1 ? '"' + text + '"' : null };
  }

  /* The shards to search, in order. With a Speaker filter whose people's shards are known,
     only theirs (no other page can match). Otherwise the shards of the people the words
     name first (a name typed whole, else any name they start), then those the phrase hints
     say hold the words side by side (`phrased`, folder names), then the others in order. */
  function shardsToSearch(all, speakers, named, phrased) {
    var known = speakers && speakers.every(function (s) { return s.shard !== null; });
    if (known) {
      var theirs = speakers.map(function (s) { return shardName(s.shard); });
      return shardOrder(all, theirs).filter(function (name) { return theirs.indexOf(name) !== -1; });
    }
    var whole = named.filter(function (p) { return p.rank === 0; });
    var first = (whole.length ? whole : named).map(function (p) { return shardName(p.shard); });
    return shardOrder(all, first.concat(phrased || []));
  }

  SearchPage.prototype.search = function () {
    var self = this;
    var run = ++this.run;
    var words = this.query.value.trim();
    var query = parseQuery(words);
    var narrowed = Boolean(this.speaker.value.trim() || this.topic.value || this.year.value ||
      this.quoteStatus.value);
    this.clear();
    if (!words && !narrowed) {
      this.status.textContent = "Type words, a name or a phrase, or pick a filter.";
      this.box.dataset.state = "idle";
      return Promise.resolve();
    }
    this.status.textContent = "Searching…";
    this.box.dataset.state = "searching";
    this.query_ = query;
    /* A word that could be a quote's id asks for its page; one with a digit is most likely
       an id, so the search waits for that answer and, when it is one, shows only its quote. */
    var lookup = narrowed ? Promise.resolve(false) : this.showQuoteById(words, run);
    var byId = /[0-9]/.test(words) ? lookup : Promise.resolve(false);
    var hinted = phraseShards(query.terms);
    return byId.then(function (found) {
      if (found) return "found";
      return Promise.all([loadShards(), self.speakers(), words ? findPeople(words) : []]);
    }).then(function (loaded) {
      if (loaded === "found" || run !== self.run) return null;
      var all = loaded[0];
      var speakers = loaded[1];
      var people = loaded[2];
      self.speakerNames = speakers;
      if (speakers && !speakers.length) return null;
      var filters = self.filters(speakers);
      var sort = words ? undefined : { date: "desc" };
      self.sharded = all.length > 1;
      /* One shard after the other: each adds its results as it answers, so the first show
         once one shard's files are in, not every shard's. */
      function searchEach(names) {
        return names.reduce(function (done, name) {
          return done.then(function () {
            if (run !== self.run) return null;
            return shardSearch(name).then(function (pf) {
              return Promise.all([
                query.phrase ? pf.search(query.phrase, { filters: filters }) : null,
                pf.search(words || null, { filters: filters, sort: sort }),
                words && !narrowed && name === "pagefind" ? pf.search(words, { filters: { type: "Topic" } }) : null,
                self.sharded ? holdsEveryWord(pf, words) : true,
              ]);
            }).then(function (found) {
              if (run !== self.run) return null;
              if (!found[3]) return null;
              var topics = found[2] ? found[2].results.slice(0, 5) : [];
              return Promise.all([self.showTopics(topics, run), self.add(found[0], found[1], run)]);
            });
          });
        }, Promise.resolve());
      }
      /* When names decide the first shard (a Speaker filter, or people the words name), it is
         searched while the phrase hints load; they order the shards after it. */
      var known = speakers && speakers.every(function (s) { return s.shard !== null; });
      var byName = shardsToSearch(all, speakers, people, null);
      var now = known ? byName : people.length ? byName.slice(0, 1) : [];
      return searchEach(now).then(function () {
        if (known || run !== self.run) return null;
        return hinted.then(function (phrased) {
          return searchEach(shardsToSearch(all, speakers, people, phrased).filter(function (name) {
            return now.indexOf(name) === -1;
          }));
        });
      });
    }).then(function () {
      self.finish(run, true);
    }).catch(function (error) {
      if (run !== self.run) return;
      self.status.textContent = "Search is unavailable: " + error;
      self.box.dataset.state = "failed";
    });
  };

  /* A quote's id is no word of the index (ids were 8 % of it): a query that could be one
     asks for the quote's own page, q/<id>/, first without its body (a HEAD request: most such
     words are no id), and shows its quote first, with who said it, when, and links to its
     place and its permalink. A merged id's page gives the quote it was merged into. */
  SearchPage.prototype.showQuoteById = function (words, run) {
    var self = this;
    var id = words.toLowerCase();
    if (!QUOTE_ID.test(id)) return Promise.resolve(false);
    var address = new URL("q/" + id + "/", root);
    return fetch(address, { method: "HEAD" }).then(function (head) {
      return head.ok ? fetch(address).then(function (page) { return page.ok ? page.text() : ""; }) : "";
    }).then(function (html) {
      if (!html || run !== self.run) return false;
      var doc = new DOMParser().parseFromString(html, "text/html");
      var words = doc.querySelector("body > blockquote > p");
      var lead = doc.querySelector("body > blockquote + p");
      var link = lead && lead.querySelector("a[href]");
      if (!words || !link) return false;
      var item = el("li", "qa-person qa-person--by-id");
      item.dataset.phrase = "yes";  // stays first
      var list = el("ul", "qa-person__quotes");
      var li = el("li", "qa-result");
      var article = el("article", "qa-quote qa-result__quote");
      article.dataset.quote = "q-" + id;
      var text = el("blockquote", "qa-quote__text qa-result__text");
      text.dir = "auto";
      var lang = doc.querySelector("body > blockquote").getAttribute("lang");
      if (lang) text.lang = lang;
      // the page puts the words in quotation marks; here the style sheet does
      text.appendChild(el("p", null, words.textContent.replace(/^“/, "").replace(/”$/, "")));
      article.appendChild(text);
      var line = el("p", "qa-quote__meta qa-result__meta", link.previousSibling ? link.previousSibling.textContent : "");
      line.appendChild(siteLink(new URL(link.getAttribute("href"), address).href, "qa-speaker", link.textContent));
      line.appendChild(document.createTextNode(" · "));
      line.appendChild(siteLink("q/" + id + "/", "qa-permalink", "Permalink"));
      article.appendChild(line);
      li.appendChild(article);
      list.appendChild(li);
      item.appendChild(list);
      self.results.insertBefore(item, self.results.firstChild);
      self.quotesShown += 1;
      self.peopleShown += 1;
      self.finish(run, self.finalRun === run);
      return true;
    }).catch(function () { return false; /* no page: the search says what else it found */ });
  };

  /* One shard's results into the list. People with the exact phrase go after those with it
     found so far, before everyone else, even when that puts them among the people shown
     (they are shown there at once: the phrase comes first whichever shard holds it); the
     others join those not shown yet by Pagefind's score (a search with no words, sorted by
     date, keeps them in shard order: the dates are not in the results). People shown never
     change places with each other. Then a page's worth is shown, as it comes. */
  SearchPage.prototype.add = function (phrase, all, run) {
    var self = this;
    var first = {};
    var shownNow = [];
    (phrase ? phrase.results : []).forEach(function (result) {
      first[result.id] = true;
      var at = self.phrasedCount++;
      self.found.splice(at, 0, result);
      if (at < self.shown) {
        self.shown += 1;
        shownNow.push(result);
      }
    });
    var ranked = Boolean(this.query_ && this.query_.terms.length);
    all.results.forEach(function (result) {
      if (first[result.id]) return;
      var at = self.found.length;
      if (ranked) {
        while (at > Math.max(self.shown, self.phrasedCount) && self.found[at - 1].score < result.score) at--;
      }
      self.found.splice(at, 0, result);
    });
    this.box.dataset.total = String(this.found.length);
    var placed = shownNow.length ? this.render(shownNow, run, true) : Promise.resolve();
    return Promise.all([placed, this.shown < PAGE_SIZE ? this.showMore() : null]);
  };

  SearchPage.prototype.clear = function () {
    this.found = [];
    this.phrasedCount = 0;
    this.shown = 0;
    this.quotesShown = 0;
    this.peopleShown = 0;
    this.results.replaceChildren();
    this.pages.replaceChildren();
    this.facets.replaceChildren();
    this.hint.replaceChildren();
    this.more.hidden = true;
  };

  SearchPage.prototype.showTopics = function (results, run) {
    var self = this;
    return Promise.all(results.map(function (r) { return r.data(); })).then(function (pages) {
      if (run !== self.run || !pages.length) return;
      var list = el("ul", "qa-search__page-list");
      pages.forEach(function (page) {
        var item = el("li", "qa-search__page");
        item.appendChild(siteLink(page.url, "qa-search__page-link", page.meta.title));
        item.appendChild(el("span", "qa-search__kind", " topic"));
        if (page.meta.description) item.appendChild(el("span", "qa-description", " " + page.meta.description));
        list.appendChild(item);
      });
      self.pages.appendChild(list);
    });
  };

  SearchPage.prototype.showMore = function () {
    var self = this;
    var run = this.run;
    var phrased = this.phrasedCount;
    var from = this.shown;
    var batch = this.found.slice(from, from + PAGE_SIZE);
    this.shown += batch.length;
    this.more.hidden = this.shown >= this.found.length;
    var inPhrase = batch.slice(0, Math.max(0, phrased - from));
    return this.render(inPhrase, run, true).then(function () {
      return self.render(batch.slice(inPhrase.length), run, false);
    }).then(function () {
      self.finish(run, self.finalRun === run);
    });
  };

  /* People's results in order, each as soon as it and those before it are in: the first
     one's page (fragment) alone, so it shows without waiting for the others, then the rest
     together. `phrased`: they hold the exact phrase, and go after the others that do. */
  SearchPage.prototype.render = function (results, run, phrased) {
    var self = this;
    if (!results.length) return Promise.resolve();
    var place = function (page) {
      if (run !== self.run) return;
      var result = self.personResult(page);
      if (!result) return;
      if (phrased) result.item.dataset.phrase = "yes";
      var after = phrased ? self.results.querySelector(".qa-person:not([data-phrase])") : null;
      self.results.insertBefore(result.item, after);
      self.quotesShown += result.quotes;
      self.peopleShown += 1;
      self.finish(run, self.finalRun === run);
    };
    return results[0].data().then(function (page) {
      place(page);
      var rest = results.slice(1).map(function (r) { return r.data(); });
      return rest.reduce(function (done, next) {
        return done.then(function () { return next; }).then(place);
      }, Promise.resolve());
    });
  };

  /* The count of quotes found, or what to try when there are none; `final` once every
     shard has answered (until then the count says "so far"). */
  SearchPage.prototype.finish = function (run, final) {
    if (run !== this.run) return;
    if (final) this.finalRun = run;
    var done = this.finalRun === run;
    var quotes = this.quotesShown || 0;
    var people = this.peopleShown || 0;
    var count = (quotes === 1 ? "1 quote" : quotes + " quotes") + " by " +
      (people === 1 ? "1 person" : people + " people");
    if (this.shown < this.found.length) {
      count += " so far; " + (this.found.length - this.shown) + " more people to show";
    } else if (!done) {
      count += " so far; searching on";
    }
    if (this.query_ && this.query_.phrase && quotes) count += "; quotes with the exact phrase first";
    this.status.textContent = quotes ? count + "." : done ? "No quotes found." : "Searching…";
    if (done && !quotes && this.shown >= this.found.length) this.suggest();
    this.box.dataset.state = done ? "done" : "loading";
  };

  /* What to try after a search that found nothing: other words, fewer filters, browsing. */
  SearchPage.prototype.suggest = function () {
    var self = this;
    var list = el("ul", "qa-search__tips");
    var words = this.query.value.trim();
    if (this.speakerNames && !this.speakerNames.length) {
      list.appendChild(el("li", null, "No speaker's name or alias starts with “" +
        this.speaker.value.trim() + "”: check the spelling, or type part of the name."));
    }
    if (words) {
      list.appendChild(el("li", null, words.indexOf('"') !== -1
        ? "Remove the double quotes to find the words anywhere in a quote, not only together."
        : "Check the spelling, or use fewer or other words: a quote must contain every word."));
    }
    [[this.speaker, "Speaker"], [this.topic, "Topic"], [this.year, "Year"],
     [this.quoteStatus, "Status"]].forEach(function (pair) {
      if (!pair[0].value) return;
      var item = el("li");
      var button = el("button", "qa-action qa-search__unfilter", "Search without " + pair[1] + ": " +
        (pair[0].tagName === "SELECT" ? pair[0].options[pair[0].selectedIndex].textContent : pair[0].value));
      button.type = "button";
      button.addEventListener("click", function () {
        pair[0].value = "";
        self.submit();
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    var browse = el("li", null, "Or browse ");
    browse.appendChild(siteLink("people/", null, "people A–Z"));
    browse.appendChild(document.createTextNode(" and "));
    browse.appendChild(siteLink("topics/", null, "topics"));
    browse.appendChild(document.createTextNode("."));
    list.appendChild(browse);
    this.hint.replaceChildren(el("p", null, "Try this:"), list);
  };

  /* A person with the quotes to show: those the words were found in or, when only the name
     (or nothing: a browse by filter) matched, all of them; then the filters, quote by quote.
     Quotes with the words as a phrase come first, then those with more of the words. */
  SearchPage.prototype.personResult = function (page) {
    var self = this;
    var words = page.content.split(/[\r\n\s]+/g);
    var facts = {};
    try { facts = JSON.parse(page.meta.quotes || "{}"); } catch (error) { facts = {}; }
    var quotes = quotesOf(page, words, facts);
    var hits = page.locations || [];
    var found = quotes.filter(function (q) {
      return hits.some(function (at) { return at >= q.start && at < q.end; });
    });
    var terms = this.query_ ? this.query_.terms : [];
    var shown = (found.length ? found : quotes).filter(function (q) { return self.accepts(q); });
    if (!shown.length && quotes.length) return null;
    shown = rankQuotes(shown, words, terms);
    var item = el("li", "qa-person");
    var head = el("p", "qa-person__head");
    var name = siteLink(page.url, "qa-person__name", page.meta.title);
    name.dir = "auto";
    head.appendChild(name);
    var about = [page.meta.description, page.meta.count].filter(Boolean).join(" · ");
    if (about) head.appendChild(el("span", "qa-description", " " + about));
    item.appendChild(head);
    var list = el("ul", "qa-person__quotes");
    shown.forEach(function (quote, index) {
      var li = quoteResult(page, quote, words, hits, facts[quote.id.slice(2)] || []);
      li.hidden = index >= QUOTES_SHOWN;
      list.appendChild(li);
    });
    item.appendChild(list);
    if (shown.length > QUOTES_SHOWN) {
      var rest = shown.length - QUOTES_SHOWN;
      var button = el("button", "qa-person__more qa-action", rest + " more " + (rest === 1 ? "quote" : "quotes") + " by " + page.meta.title);
      button.type = "button";
      button.addEventListener("click", function () {
        list.querySelectorAll(".qa-result[hidden]").forEach(function (li) { li.hidden = false; });
        button.remove();
      });
      item.appendChild(button);
    }
    return { item: item, quotes: shown.length };
  };

  /* Whether a shard's index holds every word of the query. Pagefind leaves out a word its
     index does not have, so a shard without it returns pages with the other words only: one
     index (every word is in it somewhere) never does, and results must not depend on how the
     archive is sharded. Each word is searched alone, as Pagefind reads it (split at spaces,
     so "don't" is one word), and needs a page: its chunks are those the search loads anyway.
     With every word in the index, every page found holds them all (Pagefind's pages are
     those with each word, or a word it starts, or its stem). A word of punctuation alone
     is no word to Pagefind, and one with a symbol ("$5") may be indexed without it: neither
     is asked for. Each is searched under a filter no page passes (NO_PAGE): Pagefind counts
     the pages with the word before it filters, and ranks only those left: the count comes
     without ranking every page of a common word (in a 200k-quote shard, "in" took 30-65 ms
     alone, 2-8 ms so). */
  function holdsEveryWord(pf, text) {
    var words = (text || "").replace(/"/g, " ").split(/\s+/).filter(function (word) {
      return /[\p{L}\p{N}]/u.test(word) && /^[\p{L}\p{N}\p{M}\p{P}]+$/u.test(word);
    });
    if (words.length < 2) return Promise.resolve(true);
    return Promise.all(words.map(function (word) {
      return pf.search(word, { filters: NO_PAGE });
    })).then(function (all) {
      return all.every(function (found) { return found && found.unfilteredResultCount > 0; });
    });
  }

  /* Quotes with the query's words as a phrase (in order, side by side) first, then by how many
     of the words they hold; otherwise newest first, as listed. */
  function rankQuotes(quotes, words, terms) {
    if (terms.length < 2) return quotes;
    return quotes.map(function (quote, index) {
      var tokens = quote.words.map(function (w) {
        return (foldText(w).match(/[\p{L}\p{N}]+/gu) || []).join("");
      });
      var held = terms.filter(function (t) {
        return tokens.some(function (w) { return w.indexOf(t) === 0; });
      }).length;
      return { quote: quote, index: index, phrase: hasPhrase(tokens, terms), held: held };
    }).sort(function (a, b) {
      return (b.phrase - a.phrase) || (b.held - a.held) || (a.index - b.index);
    }).map(function (ranked) { return ranked.quote; });
  }

  function hasPhrase(tokens, terms) {
    for (var i = 0; i + terms.length <= tokens.length; i++) {
      var all = terms.every(function (t, k) {
        return k === terms.length - 1 ? tokens[i + k].indexOf(t) === 0 : tokens[i + k] === t;
      });
      if (all) return 1;
    }
    return 0;
  }

  /* The quotes of a person's page: each anchor q-<id> starts one, at its first word; its
     words run to the next quote's anchor, less the placeholders of what else finds it
     (generator.search.bundle) and their last word, which the build adds (records.END_OF_TEXT)
     so that Pagefind adds no full stop: what is left is the quote exactly as stored. Its
     date, status and topics come from the page's `quotes` meta (`facts`: [page, language,
     outlet, title, URL, source's date, date, status, topic...] by id). */
  function quotesOf(page, words, facts) {
    var anchors = (page.anchors || []).slice().sort(function (a, b) { return a.location - b.location; });
    var quotes = [];
    anchors.forEach(function (anchor, index) {
      if (!/^q-[A-Za-z0-9_-]+$/.test(anchor.id || "")) return;
      var next = anchors[index + 1];
      var fact = facts[anchor.id.slice(2)] || [];
      var textStart = anchor.location;
      var textEnd = next ? next.location : words.length;
      while (textEnd > textStart && words[textEnd - 1] === HIDDEN_WORD) textEnd -= 1;
      if (textEnd > textStart && words[textEnd - 1] === END_OF_TEXT) textEnd -= 1;
      quotes.push({
        id: anchor.id,
        start: anchor.location,
        textStart: textStart,
        textEnd: textEnd,
        words: words.slice(textStart, textEnd),
        end: next ? next.location : words.length,
        date: fact[6] || "",
        status: fact[7] || "",
        topics: fact.slice(8).map(oneLine),
      });
    });
    return quotes;
  }

  /* A title with its spaces as one (the Topic filter's value against a quote's topics). */
  function oneLine(title) {
    return String(title).trim().split(/\s+/).join(" ");
  }

  /* One quote found, shown like a quote on a page (the same classes, so Cite and Copy link
     read it the same way): the words exactly as stored with those found marked, the speaker,
     date, status, topics, first source and permalink. `fact`: [page, language, outlet,
     title, URL, date] from the person's `quotes` meta. */
  function quoteResult(page, quote, words, hits, fact) {
    var li = el("li", "qa-result");
    var article = el("article", "qa-quote qa-result__quote" +
      (quote.status === "disputed" || quote.status === "misattributed" ? " qa-quote--" + quote.status : ""));
    article.dataset.quote = quote.id;
    var person = page.url.split("#")[0];
    var permalink = new URL(person + (fact[0] || "") + "#" + quote.id, root);
    var text = el("blockquote", "qa-quote__text qa-result__text");
    text.dir = "auto";
    if (fact[1]) text.lang = fact[1];
    var para = el("p");
    appendMarked(para, quote, words, hits);
    text.appendChild(para);
    article.appendChild(text);
    var line = el("p", "qa-quote__meta qa-result__meta");
    var speaker = siteLink(person, "qa-speaker", page.meta.title);
    speaker.dir = "auto";
    line.appendChild(speaker);
    line.appendChild(document.createTextNode(" · "));
    if (quote.date) {
      var time = el("time", "qa-result__date", longDate(quote.date));
      time.setAttribute("datetime", quote.date);
      line.appendChild(time);
    } else {
      line.appendChild(el("span", "qa-undated", "date unknown"));
    }
    if (quote.status && quote.status !== "attributed") {
      line.appendChild(document.createTextNode(" · "));
      line.appendChild(el("span", "qa-status qa-status--" + quote.status, quote.status));
    }
    quote.topics.forEach(function (title, index) {
      line.appendChild(document.createTextNode(index ? ", " : " · "));
      line.appendChild(siteLink("search/?topic=" + encodeURIComponent(title), "qa-result__topic", title));
    });
    line.appendChild(document.createTextNode(" · "));
    line.appendChild(siteLink(permalink.href, "qa-permalink", "Permalink"));
    article.appendChild(line);
    var source = firstSource(fact);
    if (source) article.appendChild(source);
    addActions(article);
    li.appendChild(article);
    return li;
  }

  /* The first source as a page shows it: linked title or outlet, outlet, date. */
  function firstSource(fact) {
    var outlet = String(fact[2] || "");
    var title = String(fact[3] || "");
    var url = String(fact[4] || "");
    var date = String(fact[5] || "");
    if (!outlet && !title && !url) return null;
    var list = el("ul", "qa-sources");
    var item = el("li");
    var label = title ? el("cite", "qa-source__title", title) :
      el("cite", outlet ? "qa-outlet" : null, outlet || hostOf(url));
    if (/^https?:\/\//i.test(url)) {
      var link = el("a", "qa-source");
      link.href = url;
      link.rel = "nofollow noopener noreferrer";
      link.appendChild(label);
      item.appendChild(link);
    } else {
      item.appendChild(label);
    }
    if (title && outlet) {
      item.appendChild(document.createTextNode(", "));
      item.appendChild(el("span", "qa-outlet", outlet));
    }
    if (date) {
      item.appendChild(document.createTextNode(", "));
      var time = el("time", null, longDate(date));
      time.setAttribute("datetime", date);
      item.appendChild(time);
    }
    list.appendChild(item);
    return list;
  }

  function hostOf(url) {
    try { return new URL(url).host; } catch (error) { return "source"; }
  }

  /* The quote's words, joined by single spaces as pages show them, the ones found wrapped in
     <mark>. The whole quote: a quote is never cut or altered. */
  function appendMarked(parent, quote, words, hits) {
    var marked = {};
    hits.forEach(function (at) { if (at >= quote.textStart && at < quote.textEnd) marked[at] = true; });
    var pending = "";
    for (var at = quote.textStart; at < quote.textEnd; at++) {
      if (at > quote.textStart) pending += " ";
      if (marked[at]) {
        if (pending) parent.appendChild(document.createTextNode(pending));
        pending = "";
        parent.appendChild(el("mark", null, words[at]));
      } else {
        pending += words[at];
      }
    }
    if (pending) parent.appendChild(document.createTextNode(pending));
  }

  /* Suggestions for the Speaker box, from the name index as it is typed. */
  SearchPage.prototype.suggestSpeakers = function () {
    var list = document.getElementById("qa-speakers");
    var typed = this.speaker.value.trim();
    if (!list || !typed) return;
    findPeople(typed, 8).then(function (people) {
      list.replaceChildren.apply(list, people.map(function (person) {
        var option = document.createElement("option");
        option.value = person.name;
        return option;
      }));
    });
  };

  // -- Cite and copy link ------------------------------------------------------------------

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];

  function longDate(iso) {
    var parts = (iso || "").split("-");
    if (parts.length === 3) return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
    if (parts.length === 2) return MONTHS[Number(parts[1]) - 1] + " " + parts[0];
    return parts[0];
  }

  /* The quote's own page, q/<id>/ (generator/render/permalinks.py), wherever the block is
     shown: the address that lasts when the quote moves to another speaker or page, or is
     merged into another quote. */
  function permalinkOf(article) {
    var id = (article.dataset.quote || article.id).replace(/^q-/, "");
    return new URL("q/" + id + "/", root).href;
  }

  function quoteFacts(article) {
    var text = article.querySelector(".qa-quote__text p");
    var speaker = article.querySelector(".qa-speaker") || document.querySelector(".qa-person h1");
    var time = article.querySelector(".qa-quote__meta time");
    var source = article.querySelector(".qa-sources li");
    var part = function (selector) {
      var found = source && source.querySelector(selector);
      return found ? found.textContent : "";
    };
    var link = source && source.querySelector("a.qa-source");
    var sourceTime = source && source.querySelector("time");
    return {
      id: (article.dataset.quote || article.id).replace(/^q-/, ""),
      speaker: speaker ? speaker.textContent.trim() : "",
      date: time ? time.getAttribute("datetime") : "", outlet: part(".qa-outlet"),
      title: part(".qa-source__title"), url: link ? link.href : "",
      sourceDate: sourceTime ? sourceTime.getAttribute("datetime") : "",
      text: text ? text.textContent : "",
      status: (article.className.match(/qa-quote--(disputed|misattributed)/) || [])[1] || "",
      permalink: permalinkOf(article), accessed: new Date().toISOString().slice(0, 10),
    };
  }

  function plainCitation(f) {
    var out = f.speaker + ", “" + f.text + "”" + (f.date ? ", " + longDate(f.date) : ", date unknown");
    if (f.status) out += " [" + f.status + "]";
    var source = [f.outlet, f.title ? "“" + f.title + "”" : "", longDate(f.sourceDate), f.url]
      .filter(Boolean).join(", ");
    if (source) out += ". Reported in " + source;
    return out + ". " + document.title.split(" - ").pop() + ", " + f.permalink +
      " (accessed " + f.accessed + ").";
  }

  function bibEscape(text) {
    return text.replace(/[\\{}$&%#_^~]/g, function (c) {
      return { "\\": "\\textbackslash{}", "^": "\\textasciicircum{}",
               "~": "\\textasciitilde{}" }[c] || "\\" + c;
    });
  }

  function bibUrl(url) {
    return url.replace(/[{}\\\s]/g, encodeURIComponent);
  }

  function bibtex(f) {
    var fields = [
      ["author", "{" + bibEscape(f.speaker) + "}"],
      ["title", "{" + bibEscape("“" + f.text + "”") + "}"],
      ["year", f.date ? f.date.slice(0, 4) : ""],
      ["date", f.date],
      ["howpublished", bibEscape([f.outlet, f.title ? "“" + f.title + "”" : "", f.sourceDate]
        .filter(Boolean).join(", "))],
      ["note", bibEscape((f.status ? "Status: " + f.status + ". " : "") + "Quote archive, id " +
        f.id) + (f.url ? ". Source: \\url{" + bibUrl(f.url) + "}" : "")],
      ["url", bibUrl(f.permalink)],
      ["urldate", f.accessed],
    ].filter(function (field) { return field[1]; });
    return "@misc{qa-" + f.id + ",\n" + fields.map(function (field) {
      return "  " + field[0] + " = {" + field[1] + "}";
    }).join(",\n") + "\n}\n";
  }

  function copy(text, status) {
    var done = function () { status.textContent = "Copied"; };
    var fail = function () { status.textContent = "Copy failed: select and copy by hand"; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fail);
    } else {
      fail();
    }
  }

  /* Buttons named by their visible words, completed for screen readers by hidden ones
     ("Cite" is read "Cite this quote"): the accessible name holds what is seen. */
  var ACTIONS = [
    ["Cite", " this quote", "qa-cite", plainCitation],
    ["BibTeX", " entry for this quote", "qa-cite-bibtex", bibtex],
    ["Copy link", " to this quote", "qa-copy-link", function (f) { return f.permalink; }],
  ];

  function addActions(article) {
    var bar = el("p", "qa-quote__actions");
    var status = el("span", "qa-quote__copied");
    status.setAttribute("role", "status");
    ACTIONS.forEach(function (spec) {
      var button = el("button", "qa-action " + spec[2], spec[0]);
      button.type = "button";
      button.appendChild(el("span", "qa-sr-only", spec[1]));
      button.addEventListener("click", function () { copy(spec[3](quoteFacts(article)), status); });
      bar.appendChild(button);
      bar.appendChild(document.createTextNode(" "));
    });
    bar.appendChild(status);
    var meta = article.querySelector(".qa-quote__meta");
    article.insertBefore(bar, meta ? meta.nextSibling : null);
  }

  function addCiteControls() {
    document.querySelectorAll("article.qa-quote[id^='q-']").forEach(addActions);
  }

  /* Print: each source and permalink with its whole address, and the site, its address and
     the day above the page (quote-archive.css, @media print). */
  function preparePrint() {
    document.querySelectorAll(".md-content a.qa-source, .md-content a.qa-permalink")
      .forEach(function (link) { link.dataset.printUrl = link.href; });
    var content = document.querySelector(".md-content");
    if (!content) return;
    var site = document.title.split(" - ").pop();
    content.dataset.printed = site + ", " + location.href.split("#")[0] + ", printed " +
      new Date().toISOString().slice(0, 10);
  }

  /* -- Data page: counts, the archive's date and file sizes (data/summary.json) --------- */

  function showDataFacts(box) {
    fetch(new URL("data/summary.json", root).href).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (facts) {
      if (!facts) return;
      var number = function (n) { return Number(n).toLocaleString("en"); };
      var lines = [number(facts.quotes) + " quotes by " + number(facts.speakers) + " speakers on " +
        number(facts.topics) + " topics, from " + number(facts.sources) + " sources" +
        (facts.as_of ? "; the newest dated " + longDate(facts.as_of) : "") + "."];
      var sizes = Object.keys(facts.files || {}).map(function (path) {
        return path.replace(/^data\//, "") + " " + byteSize(facts.files[path]);
      });
      if (facts.people_files) {
        sizes.push("people/ " + number(facts.people_files.count) + " files, " +
          byteSize(facts.people_files.bytes) + " together");
      }
      lines.push("Sizes: " + sizes.join("; ") + ".");
      box.textContent = lines.join(" ");
      box.hidden = false;
    }).catch(function () { /* the page says the rest */ });
  }

  function byteSize(bytes) {
    var units = ["bytes", "KB", "MB", "GB"];
    var size = Number(bytes);
    var unit = 0;
    while (size >= 1000 && unit < units.length - 1) { size /= 1000; unit += 1; }
    return (unit ? size.toFixed(size < 10 ? 1 : 0) : String(size)) + " " + units[unit];
  }

  addHeaderSearch();
  followMovedQuote();
  window.addEventListener("hashchange", followMovedQuote);
  addCiteControls();
  window.addEventListener("beforeprint", preparePrint);
  var person = document.querySelector(".qa-person");
  if (person && person.querySelector(".qa-years")) new PersonFilter(person);
  var peopleFilter = document.querySelector("form.qa-people-filter");
  if (peopleFilter) new PeopleFilter(peopleFilter);
  var facts = document.querySelector(".qa-data-facts");
  if (facts) showDataFacts(facts);
  var box = document.getElementById("qa-search");
  if (box) new SearchPage(box);
  /* The rules a reader cannot see at work, for tests (tests/test_browser.py). */
  window.quoteArchive = {
    typingPause: typingPause, wordsTyped: wordsTyped, pairHashes: pairHashes,
    phraseShards: phraseShards, shardsToSearch: shardsToSearch, shardSearch: shardSearch,
  };
})();
