/*
 * Search for the quote archive, on top of Pagefind's JS API (pagefind/pagefind.js).
 *
 * - Adds a search box to the Material header that leads to the search page (?q=...).
 * - On the search page (#qa-search): topics matching the words, then people, each with their
 *   matching quotes (the words highlighted, date, status, topics, permalink), filtered by
 *   speaker, topic and year. The index holds one page per person with a heading per quote
 *   (generator/search/records.py): the heading's id is the quote's anchor and its text
 *   ("2025-03-14 | disputed | Bridges | ...") gives the date, status and topics, so filters,
 *   which Pagefind applies to whole pages, are applied again here to each quote.
 * - As you type, before Pagefind answers: people whose name or alias has words starting with
 *   the words typed, from the small name index (names/, generator/search/names.py): one JSON
 *   file for the typed word's first letters, folded like the build folds them.
 * - On a redirect page (a speaker's former slug), goes to the new page keeping the #anchor.
 * - Gives every quote (.qa-quote) buttons that copy a citation (plain text or BibTeX) and
 *   its permanent link, from what the quote's block shows: speaker (the page's heading or
 *   the block's speaker link), <time datetime>, and its first source (link, title, outlet).
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
  var EXCERPT_WORDS = 60;
  var HEADING_SEPARATOR = " | ";
  var TYPING_PAUSE_MS = 250;
  var pagefindPromise = null;

  function loadPagefind() {
    if (!pagefindPromise) {
      pagefindPromise = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname }).then(function () {
          return mergeShards(pf);
        }).then(function () {
          return pf;
        });
      });
    }
    return pagefindPromise;
  }

  /* A large archive is indexed in shards (pagefind/, pagefind-1/, ...; people by a hash of
     their slug), listed in pagefind/shards.json. Pagefind sums filter counts over merged
     indexes and sorts their results together by score. */
  function mergeShards(pf) {
    return fetch(new URL("pagefind/shards.json", root).href).then(function (response) {
      return response.ok ? response.json() : { shards: [] };
    }).then(function (listing) {
      var names = (listing.shards || []).filter(function (name) {
        return /^pagefind-[0-9]+$/.test(name);
      });
      return names.reduce(function (done, name) {
        return done.then(function () {
          return pf.mergeIndex(new URL(name + "/", root).pathname, { baseUrl: root.pathname });
        });
      }, Promise.resolve());
    });
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
     the alias that matched when their name did not: [{name, url, role, quotes, alias}]. */
  function findPeople(text) {
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
                         alias: alias, key: fold(names, String(person[0])) });
          }
        });
        found.sort(function (a, b) {
          return a.rank - b.rank || b.quotes - a.quotes ||
            (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
            (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
        });
        return found.slice(0, PEOPLE_SHOWN);
      });
    });
  }

  /* -- Header search box ------------------------------------------------------------ */

  function addHeaderSearch() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".qa-header-search")) return;
    var form = el("form", "qa-header-search");
    form.setAttribute("role", "search");
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

  /* -- Redirect pages ----------------------------------------------------------------- */

  function followRedirect() {
    var target = document.querySelector("a.qa-redirect__target");
    if (target) location.replace(target.href + location.hash);
  }

  /* -- Search page -------------------------------------------------------------------- */

  function SearchPage(box) {
    this.box = box;
    this.form = box.querySelector("form");
    this.query = box.querySelector(".qa-search__query");
    this.speaker = box.querySelector(".qa-search__speaker");
    this.topic = box.querySelector(".qa-search__topic");
    this.year = box.querySelector(".qa-search__year");
    this.status = box.querySelector(".qa-search__status");
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
    [this.topic, this.year].forEach(function (select) {
      select.addEventListener("change", function () { self.submit(); });
    });
    this.speaker.addEventListener("change", function () { self.submit(); });
    this.speaker.addEventListener("focus", function () { self.suggestSpeakers(); }, { once: true });
    this.more.addEventListener("click", function () { self.showMore(); });
    window.addEventListener("popstate", function () { self.fromUrl(); });
    /* Search as you type, once typing pauses (Enter searches at once). Not on every key:
       each prefix of a word can need another index chunk, and chunks are what readers
       download. */
    var typing = null;
    this.query.addEventListener("input", function () {
      /* People by name at once: one small file per word's first letters (cached). */
      self.showPeople();
      loadPagefind();
      clearTimeout(typing);
      typing = setTimeout(function () { self.submit(true); }, TYPING_PAUSE_MS);
    });
    this.form.addEventListener("submit", function () { clearTimeout(typing); });
    this.fromUrl();
    /* The name index's key list is small: fetch it now, so the first keystroke needs one file.
       Pagefind (its meta files, one per shard) loads on the first keystroke, or above when
       the address already holds a search. */
    loadNames();
  }

  SearchPage.prototype.fromUrl = function () {
    var params = new URLSearchParams(location.search);
    this.query.value = params.get("q") || "";
    this.speaker.value = params.get("speaker") || "";
    setSelect(this.topic, params.get("topic") || "");
    setSelect(this.year, params.get("year") || "");
    this.showPeople();
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
      return Promise.resolve();
    }
    return findPeople(words).then(function (people) {
      if (run !== self.peopleRun) return;
      if (!people.length) {
        self.people.replaceChildren();
        return;
      }
      var list = el("ul", "qa-search__page-list qa-search__people-list");
      list.setAttribute("aria-label", people.length === 1 ? "1 person by name" : people.length + " people by name");
      people.forEach(function (person) {
        var item = el("li", "qa-search__person");
        item.appendChild(siteLink(person.url, "qa-search__person-link", person.name));
        if (person.alias) item.appendChild(el("span", "qa-search__alias", " (" + person.alias + ")"));
        var about = [person.role, person.quotes === 1 ? "1 quote" : person.quotes + " quotes"];
        item.appendChild(el("span", "qa-description", " " + about.filter(Boolean).join(" · ")));
        list.appendChild(item);
      });
      self.people.replaceChildren(list);
    });
  };

  function setSelect(select, value) {
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
    select.value = known ? value : "";
  }

  /* `replace` (typing) updates the address without adding a history entry per pause. */
  SearchPage.prototype.submit = function (replace) {
    var params = new URLSearchParams();
    if (this.query.value.trim()) params.set("q", this.query.value.trim());
    if (this.speaker.value.trim()) params.set("speaker", this.speaker.value.trim());
    if (this.topic.value) params.set("topic", this.topic.value);
    if (this.year.value) params.set("year", this.year.value);
    var search = params.toString();
    var address = location.pathname + (search ? "?" + search : "");
    if (address !== location.pathname + location.search) {
      history[replace === true ? "replaceState" : "pushState"](null, "", address);
    } else if (replace === true && this.searched === address) {
      return;
    }
    this.searched = address;
    this.search();
  };

  /* Filters for Pagefind: pages (people) with at least one quote of that topic or year. */
  SearchPage.prototype.filters = function () {
    var filters = { type: "Person" };
    if (this.speaker.value.trim()) filters.speaker = this.speaker.value.trim();
    if (this.topic.value) filters.topic = this.topic.value;
    if (this.year.value) filters.year = this.year.value;
    return filters;
  };

  /* The same filters for one quote, from its heading. */
  SearchPage.prototype.accepts = function (quote) {
    var year = this.year.value;
    var topic = this.topic.value && headingTitle(this.topic.value);
    return (!year || quote.date.slice(0, 4) === year) &&
      (!topic || quote.topics.indexOf(topic) !== -1);
  };

  SearchPage.prototype.search = function () {
    var self = this;
    var run = ++this.run;
    var words = this.query.value.trim();
    var filters = this.filters();
    var narrowed = Object.keys(filters).length > 1;
    this.clear();
    if (!words && !narrowed) {
      this.status.textContent = "Type words, a name or a phrase, or pick a filter.";
      this.box.dataset.state = "idle";
      return Promise.resolve();
    }
    this.status.textContent = "Searching…";
    this.box.dataset.state = "searching";
    return loadPagefind().then(function (pf) {
      var people = pf.search(words || null, { filters: filters, sort: words ? undefined : { date: "desc" } });
      var topics = words && !narrowed
        ? pf.search(words, { filters: { type: "Topic" } })
        : Promise.resolve(null);
      return Promise.all([people, topics]);
    }).then(function (found) {
      if (run !== self.run) return;
      self.found = found[0].results;
      self.words = words;
      self.box.dataset.total = String(self.found.length);
      var count = self.found.length;
      self.status.textContent = count === 1 ? "Quotes of 1 person" : "Quotes of " + count + " people";
      var topics = found[1] ? found[1].results.slice(0, 5) : [];
      return Promise.all([self.showTopics(topics, run), self.showMore()]);
    }).catch(function (error) {
      self.status.textContent = "Search is unavailable: " + error;
      self.box.dataset.state = "failed";
    });
  };

  SearchPage.prototype.clear = function () {
    this.found = [];
    this.shown = 0;
    this.results.replaceChildren();
    this.pages.replaceChildren();
    this.facets.replaceChildren();
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
    var batch = this.found.slice(this.shown, this.shown + PAGE_SIZE);
    this.shown += batch.length;
    this.more.hidden = this.shown >= this.found.length;
    this.box.dataset.state = "loading";
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
      if (run !== self.run) return;
      pages.forEach(function (page) {
        var result = self.personResult(page);
        if (result) self.results.appendChild(result);
      });
      self.box.dataset.state = "done";
    });
  };

  /* A person with the quotes to show: those the words were found in or, when only the name
     (or nothing: a browse by filter) matched, all of them; then the filters, quote by quote. */
  SearchPage.prototype.personResult = function (page) {
    var self = this;
    var words = page.content.split(/[\r\n\s]+/g);
    var quotes = quotesOf(page, words.length);
    var hits = page.locations || [];
    var found = quotes.filter(function (q) {
      return hits.some(function (at) { return at >= q.start && at < q.end; });
    });
    var shown = (found.length ? found : quotes).filter(function (q) { return self.accepts(q); });
    if (!shown.length && quotes.length) return null;
    var item = el("li", "qa-person");
    var head = el("p", "qa-person__head");
    head.appendChild(siteLink(page.url, "qa-person__name", page.meta.title));
    var about = [page.meta.description, page.meta.count].filter(Boolean).join(" · ");
    if (about) head.appendChild(el("span", "qa-description", " " + about));
    item.appendChild(head);
    var list = el("ul", "qa-person__quotes");
    shown.forEach(function (quote, index) {
      var li = quoteResult(page.url, quote, words, hits);
      li.hidden = index >= QUOTES_SHOWN;
      list.appendChild(li);
    });
    item.appendChild(list);
    if (shown.length > QUOTES_SHOWN) {
      var rest = shown.length - QUOTES_SHOWN;
      var button = el("button", "qa-person__more", rest + " more " + (rest === 1 ? "quote" : "quotes"));
      button.type = "button";
      button.addEventListener("click", function () {
        list.querySelectorAll(".qa-result[hidden]").forEach(function (li) { li.hidden = false; });
        button.remove();
      });
      item.appendChild(button);
    }
    return item;
  };

  /* The quotes of a person's page: each h2 anchor q-<id> starts one, its words run to the
     next anchor (x-<id> starts its other wordings, not shown). */
  function quotesOf(page, wordCount) {
    var anchors = (page.anchors || []).slice().sort(function (a, b) { return a.location - b.location; });
    var quotes = [];
    anchors.forEach(function (anchor, index) {
      if (anchor.element !== "h2" || !/^q-[A-Za-z0-9_-]+$/.test(anchor.id || "")) return;
      var next = anchors[index + 1];
      var nextQuote = anchors.slice(index + 1).find(function (a) { return a.element === "h2"; });
      var fields = (anchor.text || "").split(HEADING_SEPARATOR);
      quotes.push({
        id: anchor.id,
        start: anchor.location,
        textStart: anchor.location + anchor.text.trim().split(/\s+/).length,
        textEnd: next ? next.location : wordCount,
        end: nextQuote ? nextQuote.location : wordCount,
        date: fields[0] === "undated" ? "" : fields[0],
        status: fields[1] || "",
        topics: fields.slice(2).map(function (title) { return title.trim(); }),
      });
    });
    return quotes;
  }

  /* A topic's title as quote headings spell it (generator.search.records.quote_heading). */
  function headingTitle(title) {
    return title.replace(/\|/g, "/").trim().split(/\s+/).join(" ");
  }

  function quoteResult(pageUrl, quote, words, hits) {
    var li = el("li", "qa-result");
    var text = el("blockquote", "qa-result__text");
    var link = siteLink(pageUrl.split("#")[0] + "#" + quote.id, "qa-result__link");
    appendExcerpt(link, quote, words, hits);
    text.appendChild(link);
    li.appendChild(text);
    var line = el("p", "qa-result__meta");
    line.appendChild(el("span", "qa-result__date", quote.date ? longDate(quote.date) : "Date unknown"));
    if (quote.status && quote.status !== "attributed") line.appendChild(el("span", "qa-status", " · " + quote.status));
    quote.topics.forEach(function (title, index) {
      line.appendChild(document.createTextNode(index ? ", " : " · "));
      line.appendChild(siteLink("search/?topic=" + encodeURIComponent(title), "qa-result__topic", title));
    });
    li.appendChild(line);
    return li;
  }

  /* The quote's words, the ones found wrapped in <mark>; a long quote is cut to a window
     around the first word found. */
  function appendExcerpt(parent, quote, words, hits) {
    var marked = {};
    hits.forEach(function (at) { if (at >= quote.textStart && at < quote.textEnd) marked[at] = true; });
    var first = hits.filter(function (at) { return marked[at]; }).sort(function (a, b) { return a - b; })[0];
    var from = quote.textStart;
    var to = quote.textEnd;
    if (to - from > EXCERPT_WORDS) {
      from = Math.max(quote.textStart, Math.min((first || from) - 10, to - EXCERPT_WORDS));
      to = from + EXCERPT_WORDS;
    }
    var pending = from > quote.textStart ? "… " : "";
    for (var at = from; at < to; at++) {
      if (at > from) pending += " ";
      if (marked[at]) {
        if (pending) parent.appendChild(document.createTextNode(pending));
        pending = "";
        parent.appendChild(el("mark", null, words[at]));
      } else {
        pending += words[at];
      }
    }
    if (to < quote.textEnd) pending += " …";
    if (pending) parent.appendChild(document.createTextNode(pending));
  }

  SearchPage.prototype.suggestSpeakers = function () {
    var list = document.getElementById("qa-speakers");
    loadPagefind().then(function (pf) { return pf.filters(); }).then(function (filters) {
      Object.keys(filters.speaker || {}).sort().forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        list.appendChild(option);
      });
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

  /* The quote's own permalink (on its speaker's page), wherever the block is shown. */
  function permalinkOf(article) {
    var link = article.querySelector(".qa-quote__meta a.qa-permalink");
    return link ? link.href : new URL("#" + article.id, location.href).href;
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
      id: article.id.replace(/^q-/, ""), speaker: speaker ? speaker.textContent.trim() : "",
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

  function addCiteControls() {
    document.querySelectorAll("article.qa-quote[id^='q-']").forEach(function (article) {
      var bar = el("p", "qa-quote__actions");
      var status = el("span", "qa-quote__copied");
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      [["Cite", "qa-cite", "Copy a citation of this quote", plainCitation],
       ["BibTeX", "qa-cite-bibtex", "Copy a BibTeX entry for this quote", bibtex],
       ["Copy link", "qa-copy-link", "Copy the permanent link to this quote",
        function (f) { return f.permalink; }]].forEach(function (spec) {
        var button = el("button", "qa-action " + spec[1], spec[0]);
        button.type = "button";
        button.setAttribute("aria-label", spec[2]);
        button.addEventListener("click", function () { copy(spec[3](quoteFacts(article)), status); });
        bar.appendChild(button);
        bar.appendChild(document.createTextNode(" "));
      });
      bar.appendChild(status);
      var meta = article.querySelector(".qa-quote__meta");
      article.insertBefore(bar, meta ? meta.nextSibling : null);
    });
  }

  addHeaderSearch();
  followRedirect();
  addCiteControls();
  var box = document.getElementById("qa-search");
  if (box) new SearchPage(box);
})();
