/* Search in fragments: Pagefind's index in Material's search dialog.
 *
 * The dialog is the theme's (theme/overrides/partials/search.html); this script loads
 * pagefind/pagefind.js from the site itself the first time a reader opens search, and
 * Pagefind fetches only the index chunks and result fragments each query needs.
 *
 * Everything from the index is text: titles, summaries and URLs are set with
 * textContent and attributes, never parsed as markup, and an excerpt keeps only its
 * text and Pagefind's <mark> highlights. A result that would leave the site is dropped.
 */
(() => {
  "use strict";

  const dialog = document.querySelector(".pt-search[data-pt-search]");
  const toggle = document.getElementById("__search");
  if (!dialog || !toggle) return;

  const input = dialog.querySelector(".md-search__input");
  const form = dialog.querySelector("form");
  const status = dialog.querySelector(".md-search-result__meta");
  const list = dialog.querySelector(".md-search-result__list");
  const more = dialog.querySelector(".pt-search-more");
  const kinds = dialog.querySelector(".pt-search-kinds");
  const older = dialog.querySelector(".pt-search-older");
  const placeholder = status.textContent.trim();

  // Kinds a reader can narrow to (build/search.py's SEARCH_KINDS), with singular labels.
  const KINDS = [
    ["story", "Stories", "Story"],
    ["topic", "Topics", "Topic"],
    ["question", "Questions", "Question"],
    ["outlet", "Outlets", "Outlet"],
    ["source", "Sources", "Source"],
    ["page", "Pages", "Page"],
  ];
  const SINGULAR = Object.fromEntries(KINDS.map(([key, , one]) => [key, one]));
  const PAGE_SIZE = 10;

  let translations = {};
  try {
    translations = JSON.parse(document.getElementById("__config").textContent).translations || {};
  } catch (error) {
    translations = {};
  }

  let engine = null;
  let bundleBase = null;
  let olderShards = [];
  let merged = false;
  let kind = "";
  let results = [];
  let shown = 0;
  let asked = 0;

  function load() {
    if (!engine) {
      const bundle = new URL(dialog.dataset.ptSearch, document.baseURI).href;
      const root = new URL(dialog.dataset.ptRoot, document.baseURI).pathname;
      bundleBase = new URL("./", bundle);
      engine = import(bundle).then(async (pagefind) => {
        // No worker: one fewer script to fetch, and a shard is small enough to search
        // on the page's own thread.
        await pagefind.options({ baseUrl: root, excerptLength: 24, noWorker: true });
        await pagefind.init();
        // The older shards (build/search.py): merged in when a reader asks.
        try {
          const listed = await (await fetch(new URL("shards.json", bundleBase))).json();
          olderShards = Array.isArray(listed.older) ? listed.older.filter((p) => typeof p === "string") : [];
        } catch (error) {
          olderShards = [];
        }
        // The kinds' counts come with each search only once the filters are loaded.
        await pagefind.filters();
        return pagefind;
      });
      engine.catch(() => {
        engine = null;
      });
    }
    return engine;
  }

  function say(count) {
    const key = count === 0 ? "search.result.none" : count === 1 ? "search.result.one" : "search.result.other";
    const fallback = count === 0 ? "No matching documents" : count === 1 ? "1 matching document" : "# matching documents";
    return (translations[key] || fallback).replace("#", String(count));
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Pagefind's excerpt is HTML with <mark> around matched words: read it in an inert
  // document and keep only its text and marks.
  function excerpt(html) {
    const paragraph = element("p");
    const parsed = new DOMParser().parseFromString(String(html || ""), "text/html");
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          paragraph.append(child.textContent);
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          if (child.tagName === "MARK") paragraph.append(element("mark", "", child.textContent));
          else walk(child);
        }
      }
    };
    walk(parsed.body);
    return paragraph;
  }

  function onSite(url) {
    try {
      const target = new URL(url, document.baseURI);
      return target.origin === window.location.origin ? target.href : null;
    } catch (error) {
      return null;
    }
  }

  function item(data) {
    const href = onSite(data.url);
    if (!href) return null;
    const meta = data.meta || {};
    const entry = element("li", "md-search-result__item");
    const link = element("a", "md-search-result__link");
    link.href = href;
    const article = element("article", "md-search-result__article md-typeset");
    article.append(element("h1", "", meta.title || href));
    article.append(meta.summary ? element("p", "", meta.summary) : excerpt(data.excerpt));
    const kindOf = ((data.filters || {}).kind || [])[0];
    if (SINGULAR[kindOf]) article.append(element("span", "pt-search-kind", SINGULAR[kindOf]));
    link.append(article);
    entry.append(link);
    return entry;
  }

  function showKinds(counts) {
    kinds.replaceChildren();
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const options = [["", "All", total], ...KINDS.filter(([key]) => counts[key]).map(([key, many]) => [key, many, counts[key]])];
    for (const [key, label, count] of options) {
      const button = element("button", "pt-search-kinds__option", `${label} ${count}`);
      button.type = "button";
      button.dataset.kind = key;
      button.setAttribute("aria-pressed", String(key === kind));
      kinds.append(button);
    }
    kinds.hidden = options.length <= 2;
  }

  async function showMore() {
    const ask = asked;
    const batch = results.slice(shown, shown + PAGE_SIZE);
    shown += batch.length;
    const loaded = await Promise.all(batch.map((result) => result.data()));
    if (ask !== asked) return;
    for (const data of loaded) {
      const entry = item(data);
      if (entry) list.append(entry);
    }
    more.hidden = shown >= results.length;
    older.hidden = merged || olderShards.length === 0;
  }

  async function searchOlder() {
    const pagefind = await load();
    older.disabled = true;
    for (const shard of olderShards) {
      const url = new URL(shard, bundleBase);
      if (url.origin === window.location.origin) await pagefind.mergeIndex(url.pathname);
    }
    merged = true;
    older.disabled = false;
    older.hidden = true;
    await search();
  }

  async function search() {
    const ask = ++asked;
    const term = input.value.trim();
    if (!term) {
      results = [];
      list.replaceChildren();
      delete list.dataset.query;
      kinds.hidden = true;
      more.hidden = true;
      older.hidden = true;
      status.textContent = placeholder;
      return;
    }
    let pagefind;
    try {
      pagefind = await load();
    } catch (error) {
      status.textContent = "Search is not available yet: its index is made after the site is built. Reload the page in a moment.";
      return;
    }
    const found = await pagefind.debouncedSearch(term, kind ? { filters: { kind } } : {}, 150);
    if (found === null || ask !== asked) return;
    results = found.results;
    shown = 0;
    list.replaceChildren();
    showKinds((found.totalFilters || {}).kind || {});
    status.textContent = say(results.length);
    await showMore();
    // Which query the list answers (with its kind), for scripts and tests that wait on it.
    list.dataset.query = term;
    list.dataset.kind = kind;
  }

  function links() {
    return [...list.querySelectorAll(".md-search-result__link")];
  }

  function open() {
    if (!toggle.checked) toggle.checked = true;
    input.focus();
    load().catch(() => {});
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  input.addEventListener("input", search);
  input.addEventListener("focus", () => {
    if (!toggle.checked) toggle.checked = true;
    load().catch(() => {});
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = links()[0];
    if (first) window.location.href = first.href;
  });
  form.addEventListener("reset", () => {
    window.setTimeout(() => {
      search();
      input.focus();
    });
  });
  toggle.addEventListener("change", () => {
    if (toggle.checked) open();
  });
  kinds.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-kind]");
    if (!button) return;
    kind = button.dataset.kind;
    search();
  });
  more.addEventListener("click", () => {
    showMore();
  });
  older.addEventListener("click", () => {
    searchOlder();
  });

  // Keys as in Material: "/", "s" or "f" opens search, Escape closes it, arrows move
  // between the query and the results.
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!toggle.checked) {
      if (!typing && ["/", "s", "f"].includes(event.key)) {
        event.preventDefault();
        open();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const stops = [input, ...links()];
    const at = stops.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    const next = Math.min(Math.max(at + (event.key === "ArrowDown" ? 1 : -1), 0), stops.length - 1);
    stops[next].focus();
  });
})();
