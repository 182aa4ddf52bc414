/* Pressroom's search page, copied into site/search-index/pressroom-search.js by the build.
 * It keeps the contract of the index (docs/search-index.md; generator/site/search*.py): a query is cut
 * into terms as generator.site.searchquery.query_terms cuts it (tests/e2e/test_korean_search.py
 * compares the two), each term matches the index terms it begins, a page must match them all.
 * Plain ES2019, no build step, no dependency; every URL comes from the container's data-root,
 * resolved against the page, so the site works under any base path and never calls another host. */
(function () {
  "use strict";

  const PAGE_SIZE = 5;
  const DEBOUNCE_MS = 150;
  const EXCERPT = 160;  // characters of a result page's text around its first match
  const HANGUL = /[\uac00-\ud7a3]/;
  const GRAMMED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";  // Han and kana
  const RUNS = new RegExp("([" + GRAMMED + "]+)", "u");
  const GRAMMED_RUN = new RegExp("^[" + GRAMMED + "]+$", "u");
  const TOKEN = /[\p{L}\p{N}]+/gu;
  const WORD_CHAR = /[\p{L}\p{N}]/u;
  const BLOCKS = "address, article, aside, blockquote, br, dd, div, dl, dt, figcaption, figure, footer, " +
    "h1, h2, h3, h4, h5, h6, header, hr, li, nav, ol, p, pre, section, table, td, th, tr, ul";
  // Python's str.split() whitespace rather than JS's \s: both sides must see the same words.
  const SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

  // "ㆍ" (U+318D, U+119E after NFKC) as the middle dot of 항공우주ㆍ방산 unless it is the vowel of an
  // old syllable (after a leading consonant jamo): searchquery.normal's _ARAEA_DOT.
  const ARAEA_DOT = /(?<![\u1100-\u115f\ua960-\ua97f])\u119e/gu;
  const normal = (text) => text.normalize("NFKC").replace(ARAEA_DOT, "\u00b7").toLowerCase();
  const length = (text) => Array.from(text).length;  // code points, as Python's len counts

  function strip(word, suffixes, minStem) {
    const suffix = suffixes.find((s) => word.endsWith(s) && length(word) - length(s) >= minStem);
    return suffix === undefined ? word : word.slice(0, word.length - suffix.length);
  }

  function grams(token) {  // Han and kana runs as overlapping pairs, other runs whole
    const out = [];
    for (const run of token.split(RUNS)) {
      const chars = Array.from(run);
      if (!run) continue;
      if (!GRAMMED_RUN.test(run) || chars.length === 1) out.push(run);
      else for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    }
    return out;
  }

  /* The index terms a typed query looks for: query_terms's twin, with tables.json's tables. */
  function queryTerms(query, tables) {
    const terms = [];
    const alone = new Set(tables.suffixes);
    for (const word of normal(query).split(SPACE)) {
      (word.match(TOKEN) || []).forEach((piece, i) => {
        if (HANGUL.test(piece)) {
          // A particle standing alone after a quote or bracket (‘반도체’를) is no word of its own.
          if (!(i && alone.has(piece))) terms.push(strip(piece, tables.suffixes, tables.minStem));
          return;
        }
        for (const part of grams(piece)) {
          const english = /^[a-z]+$/i.test(part);
          terms.push(english ? strip(part, tables.englishSuffixes, tables.englishMinStem) : part);
        }
      });
    }
    return Array.from(new Set(terms));
  }

  const hex = (key) => Array.from(new TextEncoder().encode(key),
                                  (byte) => byte.toString(16).padStart(2, "0")).join("");

  /* One language's index; every file is fetched once (a failed fetch may be tried again). */
  class Index {
    constructor(root, language) {
      this.root = root;
      this.base = new URL("search-index/", root);
      this.folder = new URL(encodeURIComponent(language) + "/", this.base);
      this.cache = new Map();
    }

    load(url, read) {
      const key = url.href;
      if (!this.cache.has(key)) {
        const loading = fetch(key).then((response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status} for ${key}`);
          return read(response);
        });
        loading.catch(() => this.cache.delete(key));
        this.cache.set(key, loading);
      }
      return this.cache.get(key);
    }

    json(path, base) { return this.load(new URL(path, base || this.folder), (r) => r.json()); }
    tables() { return this.json("tables.json", this.base); }
    meta() { return this.json("meta.json"); }

    /* Each page matching one query term → the sum of its matching terms' weights (the term
     * itself counts twice), from every chunk whose key could hold a term the query term begins. */
    async matches(term, meta) {
      // One Latin letter or digit matches itself only: as a prefix it would fetch a whole
      // letter of the index (every chunk of "s…") for a query that is still being typed.
      const exact = term.length === 1 && term.charCodeAt(0) < 128;
      const keys = meta.chunks.filter((key) => term.startsWith(key) || (!exact && key.startsWith(term)));
      const chunks = await Promise.all(keys.map((key) => this.json(`terms/${hex(key)}.json`)));
      const found = new Map();
      for (const chunk of chunks) {
        for (const [indexed, postings] of Object.entries(chunk)) {
          if (exact ? indexed !== term : !indexed.startsWith(term)) continue;
          const factor = indexed === term ? 2 : 1;
          for (let i = 0, id = 0; i < postings.length; i += 2) {
            id += postings[i];
            found.set(id, (found.get(id) || 0) + factor * postings[i + 1]);
          }
        }
      }
      return found;
    }

    /* Ids of the pages matching every term, best first: Σ idf · s/(s+1.2), ties by higher id. */
    async rank(terms, meta) {
      const lists = await Promise.all(terms.map((term) => this.matches(term, meta)));
      const n = meta.docs;
      const idf = lists.map((list) => Math.log(1 + (n - list.size + 0.5) / (list.size + 0.5)));
      const smallest = lists.reduce((a, b) => (b.size < a.size ? b : a));
      const scored = [];
      for (const id of smallest.keys()) {
        let score = 0;
        const every = lists.every((list, i) => {
          const s = list.get(id);
          if (s !== undefined) score += idf[i] * s / (s + 1.2);
          return s !== undefined;
        });
        if (every) scored.push({id, score});
      }
      scored.sort((a, b) => b.score - a.score || b.id - a.id);
      return scored.map((hit) => hit.id);
    }

    async doc(id, block) {  // [url, title]
      const docs = await this.json(`docs/${Math.floor(id / block)}.json`);
      return docs[id % block];
    }

    /* A result page's text as the index read it: the marked element less its ignored parts. */
    pageText(url) {
      return this.load(new URL(url, this.root), async (response) => {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const body = page.querySelector("[data-pagefind-body]") || page.body;
        if (!body) return "";
        body.querySelectorAll("[data-pagefind-ignore], script, style").forEach((node) => node.remove());
        const heading = body.querySelector("h1");  // the result's link shows the title already
        if (heading) heading.remove();
        // textContent runs a heading into the paragraph after it: keep blocks apart
        body.querySelectorAll(BLOCKS).forEach((node) => { node.before(" "); node.after(" "); });
        return body.textContent.replace(/\s+/g, " ").trim();
      });
    }
  }

  /* Where the terms occur in `text` (compared as the index compares: NFKC, lowercase), as
   * merged [start, end) spans of the text itself. An English term is marked at a word's start only. */
  function occurrences(text, terms) {
    let folded = "";
    const starts = [];
    const ends = [];
    let at = 0;
    for (const ch of text) {
      const piece = normal(ch);
      for (let k = 0; k < piece.length; k++) { starts.push(at); ends.push(at + ch.length); }
      folded += piece;
      at += ch.length;
    }
    const found = [];
    for (const term of terms) {
      const wordStart = /^[a-z0-9]/.test(term);
      for (let i = folded.indexOf(term); i >= 0; i = folded.indexOf(term, i + 1)) {
        if (wordStart && i > 0 && WORD_CHAR.test(folded[i - 1])) continue;
        found.push([starts[i], ends[i + term.length - 1]]);
      }
    }
    found.sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const span of found) {
      const last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push(span.slice());
    }
    return merged;
  }

  /* About EXCERPT characters around the first match, the matches in <mark>: built with DOM
   * calls, so nothing from the page is ever read as markup. */
  function excerpt(text, terms) {
    const spans = occurrences(text, terms);
    const first = spans.length ? spans[0][0] : 0;
    let start = Math.max(0, Math.min(first - 50, text.length - EXCERPT));
    let end = Math.min(text.length, start + EXCERPT);
    const after = text.indexOf(" ", start);  // cut at spaces where one is near: no half words
    if (start > 0 && after >= 0 && after < first && after - start < 25) start = after + 1;
    const before = text.lastIndexOf(" ", end);
    if (end < text.length && before > Math.max(start, first) && end - before < 25) end = before;
    const out = document.createDocumentFragment();
    let at = start;
    out.append(start > 0 ? "… " : "");
    for (const [from, to] of spans.map(([a, b]) => [Math.max(a, at), Math.min(b, end)])) {
      if (from >= to) continue;
      const mark = document.createElement("mark");
      mark.textContent = text.slice(from, to);
      out.append(text.slice(at, from), mark);
      at = to;
    }
    out.append(text.slice(at, end) + (end < text.length ? " …" : ""));
    return out;
  }

  // One pass over the template only: the reader's query may itself hold "[COUNT]" or "[SEARCH_TERM]".
  const fill = (text, term, count) => (text || "").replace(/\[(SEARCH_TERM|COUNT)\]/g,
    (_, name) => (name === "COUNT" ? String(count) : term));
  let made = 0;  // containers, for unique ids

  function part(tag, name, text) {
    const element = document.createElement(tag);
    element.className = "pressroom-search__" + name;
    if (text !== undefined) element.textContent = text;
    return element;
  }

  /* The form, the message and the results inside one `[data-pressroom-search]` container. */
  class SearchBox {
    constructor(container) {
      this.container = container;
      this.texts = JSON.parse(container.dataset.texts || "{}");
      this.rootText = container.dataset.root || "";
      this.index = new Index(new URL(this.rootText, document.baseURI),
                             (container.dataset.language || "").toLowerCase() || "und");
      this.run = 0;
      this.hits = [];
      this.shown = 0;
      this.build();
    }

    build() {
      const t = this.texts;
      const id = "pressroom-search-" + ++made;
      const form = part("form", "form");
      form.setAttribute("role", "search");
      const label = part("label", "label", t.search_label);
      label.htmlFor = id;
      this.input = Object.assign(part("input", "input"), {type: "search", id, name: "q", autocomplete: "off",
                                                          placeholder: t.placeholder || ""});
      this.input.setAttribute("enterkeyhint", "search");
      const clear = Object.assign(part("button", "clear", t.clear_search), {type: "button"});
      form.append(label, this.input, clear);
      this.message = part("p", "message");
      this.message.setAttribute("role", "status");
      this.message.setAttribute("aria-live", "polite");
      this.elsewhere = part("p", "elsewhere");  // shown after a search that found nothing
      this.list = part("ol", "results");
      this.more = Object.assign(part("button", "more", t.load_more), {type: "button"});
      this.container.replaceChildren(form, this.message, this.list);
      this.state("idle");
      let timer = 0;
      this.input.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(() => this.search(this.input.value), DEBOUNCE_MS);
      });
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        clearTimeout(timer);
        this.search(this.input.value);
      });
      clear.addEventListener("click", () => {
        clearTimeout(timer);
        this.input.value = "";
        this.search("");
        this.input.focus();
      });
      this.more.addEventListener("click", () => this.next(this.run, true));
    }

    state(name, message) {
      this.container.dataset.state = name;
      this.list.setAttribute("aria-busy", String(name === "searching"));
      if (message !== undefined) this.message.textContent = message;
    }

    async search(query) {
      const run = ++this.run;
      const typed = query.trim();
      remember(typed);
      this.hits = [];
      this.shown = 0;
      if (!typed) {
        this.list.replaceChildren();
        this.more.remove();
        this.elsewhere.remove();
        this.state("idle", "");
        return;
      }
      this.elsewhere.remove();
      this.state("searching", fill(this.texts.searching || "", typed, 0));
      try {
        const [tables, meta] = await Promise.all([this.index.tables(), this.index.meta()]);
        const terms = queryTerms(typed, tables);
        const hits = terms.length ? await this.index.rank(terms, meta) : [];
        if (run !== this.run) return;
        this.terms = terms;
        this.hits = hits;
        const items = await this.page(run, tables);
        if (run !== this.run) return;
        this.list.replaceChildren(...items);
        this.showMore();
        const t = this.texts;
        this.state("done", fill(hits.length === 0 ? t.zero_results : hits.length === 1 ? t.one_result
          : t.many_results, typed, hits.length));
        this.offerElsewhere(hits.length === 0 ? typed : "");
      } catch (error) {
        if (run === this.run) this.unavailable();
      }
    }

    async next(run, focus) {  // the "more" button: the next PAGE_SIZE results
      this.more.disabled = true;
      try {
        const items = await this.page(run, await this.index.tables());
        if (run !== this.run) return;
        this.list.append(...items);
        this.showMore();
        if (focus && items.length) items[0].querySelector("a").focus();
      } catch (error) {
        if (run === this.run) this.unavailable();
      } finally {
        this.more.disabled = false;
      }
    }

    async page(run, tables) {  // list items for the next results; their excerpts come later
      const ids = this.hits.slice(this.shown, this.shown + PAGE_SIZE);
      const docs = await Promise.all(ids.map((id) => this.index.doc(id, tables.block)));
      if (run !== this.run) return [];
      this.shown += ids.length;
      return docs.map(([url, title]) => {
        const item = part("li", "result");
        const link = Object.assign(part("a", "link", title || url), {href: this.rootText + url});
        const text = part("p", "excerpt");
        item.append(link, text);
        const terms = this.terms;
        this.index.pageText(url).then((body) => text.replaceChildren(excerpt(body, terms)), () => {});
        return item;
      });
    }

    offerElsewhere(query) {  // nothing found: the same search in the site's other languages
      const language = (this.container.dataset.language || "").toLowerCase();
      const links = searchLinks().filter((link) => link.hreflang.toLowerCase() !== language);
      if (!query || !links.length || !this.texts.elsewhere) {
        this.elsewhere.remove();
        return;
      }
      const offered = links.map((link) => {
        const other = Object.assign(part("a", "elsewhere-link", link.textContent.trim()),
                                    {href: withQuery(link.href, query), hreflang: link.hreflang});
        other.lang = link.hreflang;
        return other;
      });
      this.elsewhere.replaceChildren(fill(this.texts.elsewhere, query, 0), " ",
                                     ...offered.flatMap((link, i) => (i ? [", ", link] : [link])));
      this.message.after(this.elsewhere);
    }

    showMore() {
      if (this.shown < this.hits.length) this.list.after(this.more);
      else this.more.remove();
    }

    unavailable() {
      this.list.replaceChildren();
      this.more.remove();
      this.elsewhere.remove();
      this.state("unavailable", this.texts.unavailable || "");
    }
  }

  function withQuery(href, query) {
    const address = new URL(href, window.location.href);
    if (query) address.searchParams.set("q", query);
    else address.searchParams.delete("q");
    return address.href;
  }

  function remember(query) {  // the query in the address, for links and bookmarks (?q=)
    const address = withQuery(window.location.href, query);
    if (address !== window.location.href) {
      try {
        window.history.replaceState(window.history.state, "", address);
      } catch (error) { /* a page opened from disk may refuse; the search still runs */ }
    }
    // the language switch's links to the other languages' search pages take the query along, so a
    // reader who searched in the wrong language is one click from the same search in the other
    for (const link of searchLinks()) link.href = withQuery(link.href, query);
  }

  function searchLinks() {  // the language switch's links to the languages' search pages
    return Array.from(document.querySelectorAll("a[hreflang]")).filter((link) =>
      new URL(link.href, window.location.href).pathname.endsWith("/search/"));
  }

  function start() {
    const boxes = Array.from(document.querySelectorAll("[data-pressroom-search]"), (c) => new SearchBox(c));
    if (!boxes.length) return;
    boxes[0].index.tables().then((tables) => {
      window.PressroomSearch = {queryTerms: (query) => queryTerms(query, tables)};
    }, () => {});
    const query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      for (const box of boxes) {
        box.input.value = query;
        box.search(query);
      }
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
