/*
 * Search for the quote archive, on top of Pagefind's JS API (pagefind/pagefind.js).
 *
 * - Adds a search box to the Material header that leads to the search page (?q=...).
 * - On the search page (#qa-search): people and topics matching the words first, then
 *   quotes, filtered by speaker, topic and year. Speakers are too many for a checkbox list,
 *   so the speaker filter is a text box with suggestions, plus the speakers most frequent
 *   in the current results as one-click chips.
 * - On a redirect page (a speaker's former slug), goes to the new page keeping the #anchor.
 * - Gives every quote (.qa-quote) buttons that copy a citation (plain text or BibTeX) and
 *   its permanent link, from the data-* attributes the generator renders (escaped there).
 *
 * Everything found in the index is inserted as text (textContent), never as HTML, and the
 * site root comes from this script's own URL, so the site works from any sub-path.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var root = new URL("../", script ? script.src : location.href);
  var PAGE_SIZE = 20;
  var pagefindPromise = null;

  function loadPagefind() {
    if (!pagefindPromise) {
      pagefindPromise = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname }).then(function () {
          return mergeShards(pf);
        }).then(function () {
          // Loading every filter up front lets results report counts per speaker (the chips).
          return pf.filters();
        }).then(function () {
          return pf;
        });
      });
    }
    return pagefindPromise;
  }

  /* A large archive is indexed in shards (pagefind/, pagefind-1/, ...; newest quotes first),
     listed in pagefind/shards.json. Pagefind sums filter counts over merged indexes and lists
     their results in the order they were merged, so a date-sorted browse stays in order. */
  function mergeShards(pf) {
    return fetch(new URL("pagefind/shards.json", root).href).then(function (response) {
      return response.ok ? response.json() : { shards: [] };
    }).then(function (listing) {
      var names = (listing.shards || []).filter(function (name) {
        return /^pagefind-[0-9]+$/.test(name);
      });
      // One after the other: the order of merging is the order of results.
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
    this.pages = box.querySelector(".qa-search__pages");
    this.facets = box.querySelector(".qa-search__facets");
    this.results = box.querySelector(".qa-search__results");
    this.more = box.querySelector(".qa-search__more");
    this.found = [];
    this.shown = 0;
    this.run = 0;
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
    this.fromUrl();
  }

  SearchPage.prototype.fromUrl = function () {
    var params = new URLSearchParams(location.search);
    this.query.value = params.get("q") || "";
    this.speaker.value = params.get("speaker") || "";
    setSelect(this.topic, params.get("topic") || "");
    setSelect(this.year, params.get("year") || "");
    this.search();
  };

  function setSelect(select, value) {
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
    select.value = known ? value : "";
  }

  SearchPage.prototype.submit = function () {
    var params = new URLSearchParams();
    if (this.query.value.trim()) params.set("q", this.query.value.trim());
    if (this.speaker.value.trim()) params.set("speaker", this.speaker.value.trim());
    if (this.topic.value) params.set("topic", this.topic.value);
    if (this.year.value) params.set("year", this.year.value);
    var search = params.toString();
    history.pushState(null, "", location.pathname + (search ? "?" + search : ""));
    this.search();
  };

  SearchPage.prototype.filters = function () {
    var filters = { type: "Quote" };
    if (this.speaker.value.trim()) filters.speaker = this.speaker.value.trim();
    if (this.topic.value) filters.topic = this.topic.value;
    if (this.year.value) filters.year = this.year.value;
    return filters;
  };

  SearchPage.prototype.search = function () {
    var self = this;
    var run = ++this.run;
    var words = this.query.value.trim();
    var filters = this.filters();
    this.clear();
    if (!words && Object.keys(filters).length === 1) {
      this.status.textContent = "Type words, a name or a phrase, or pick a filter.";
      return Promise.resolve();
    }
    this.status.textContent = "Searching…";
    return loadPagefind().then(function (pf) {
      var quotes = pf.search(words || null, { filters: filters, sort: words ? undefined : { date: "desc" } });
      var pages = words
        ? pf.search(words, { filters: { type: { any: ["Person", "Topic"] } } })
        : Promise.resolve(null);
      return Promise.all([quotes, pages]);
    }).then(function (found) {
      if (run !== self.run) return;
      self.found = found[0].results;
      self.box.dataset.total = String(self.found.length);
      self.status.textContent = self.found.length === 1 ? "1 quote" : self.found.length + " quotes";
      self.showFacets(found[0].filters || {});
      var pageResults = found[1] ? found[1].results.slice(0, 5) : [];
      return Promise.all([self.showPages(pageResults, run), self.showMore()]);
    }).catch(function (error) {
      self.status.textContent = "Search is unavailable: " + error;
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

  SearchPage.prototype.showPages = function (results, run) {
    var self = this;
    return Promise.all(results.map(function (r) { return r.data(); })).then(function (pages) {
      if (run !== self.run || !pages.length) return;
      var list = el("ul", "qa-search__page-list");
      pages.forEach(function (page) {
        var item = el("li", "qa-search__page");
        item.appendChild(siteLink(page.url, "qa-search__page-link", page.meta.title));
        var kind = page.filters.type && page.filters.type[0] === "Topic" ? "topic" : "person";
        item.appendChild(el("span", "qa-search__kind", " " + kind));
        var about = [page.meta.description, page.meta.count].filter(Boolean).join(" · ");
        if (about) item.appendChild(el("span", "qa-description", " " + about));
        list.appendChild(item);
      });
      self.pages.appendChild(list);
    });
  };

  SearchPage.prototype.showFacets = function (filters) {
    var self = this;
    var speakers = Object.entries(filters.speaker || {})
      .filter(function (entry) { return entry[1] > 0; })
      .sort(function (a, b) { return b[1] - a[1] || a[0].localeCompare(b[0]); })
      .slice(0, 8);
    if (this.speaker.value.trim() || speakers.length < 2) return;
    this.facets.appendChild(el("span", "qa-label", "Speakers in these results: "));
    speakers.forEach(function (entry) {
      var chip = el("button", "qa-chip", entry[0] + " (" + entry[1] + ")");
      chip.type = "button";
      chip.addEventListener("click", function () {
        self.speaker.value = entry[0];
        self.submit();
      });
      self.facets.appendChild(chip);
    });
  };

  SearchPage.prototype.showMore = function () {
    var self = this;
    var run = this.run;
    var batch = this.found.slice(this.shown, this.shown + PAGE_SIZE);
    this.shown += batch.length;
    this.more.hidden = this.shown >= this.found.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
      if (run !== self.run) return;
      items.forEach(function (item) { self.results.appendChild(quoteResult(item)); });
    });
  };

  function quoteResult(item) {
    var meta = item.meta;
    var li = el("li", "qa-result");
    var quote = el("blockquote", "qa-result__text");
    quote.appendChild(siteLink(item.url, "qa-result__link", meta.quote));
    li.appendChild(quote);
    var line = el("p", "qa-result__meta");
    line.appendChild(siteLink(item.url.split("#")[0], "qa-result__speaker", meta.title));
    if (meta.date) line.appendChild(el("span", "qa-result__date", " · " + meta.date));
    if (meta.status && meta.status !== "attributed") line.appendChild(el("span", "qa-status", " · " + meta.status));
    topicsOf(meta).forEach(function (topic, index) {
      line.appendChild(document.createTextNode(index ? ", " : " · "));
      line.appendChild(siteLink("topics/" + encodeURIComponent(topic[0]) + "/", "qa-result__topic", topic[1]));
    });
    li.appendChild(line);
    return li;
  }

  function topicsOf(meta) {
    try {
      var topics = JSON.parse(meta.topics || "[]");
      return Array.isArray(topics) ? topics : [];
    } catch (error) {
      return [];
    }
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

  function permalinkOf(article) {
    return new URL("#" + article.id, location.href).href;
  }

  function quoteFacts(article) {
    var d = article.dataset;
    var text = article.querySelector(".qa-quote__text p");
    return {
      id: d.quoteId, speaker: d.speaker, date: d.date, outlet: d.outlet, title: d.title,
      url: d.url, sourceDate: d.sourceDate, text: text ? text.textContent : "",
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
    document.querySelectorAll("article.qa-quote[data-quote-id]").forEach(function (article) {
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
