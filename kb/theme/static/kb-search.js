/* kb search: BM25 over any-word matches, weighted fields and synonyms.
 * The index (kb-search-index.js) is loaded only when someone starts to search.
 * tokens() and stem() mirror kb/model/text.py exactly. */
(function () {
  "use strict";

  const STOPWORDS = new Set(("a an and are as at be been but by can could do does for from had has have how i if in into is it its " +
    "just me my of on or our so than that the their them then there these they this those to too us was we " +
    "were what when where which while who whom why will with would you your also get got very really").split(" "));

  function stem(word) {
    let w = word;
    if (w.length <= 3 || /^[0-9]+$/.test(w)) return w;
    if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
    else if (w.endsWith("sses")) w = w.slice(0, -2);
    else if (w.endsWith("s") && !(w.endsWith("ss") || w.endsWith("us") || w.endsWith("is"))) w = w.slice(0, -1);
    for (const suffix of ["ing", "ed", "ly"]) {
      if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
        w = w.slice(0, -suffix.length);
        if (w.length > 3 && w[w.length - 1] === w[w.length - 2] && !"sz".includes(w[w.length - 1])) w = w.slice(0, -1);
        break;
      }
    }
    if (w.endsWith("er") && w.length >= 6) w = w.slice(0, -2);
    if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
    return w;
  }

  function tokens(text) {
    const t = (text.toLowerCase().replace(/\u2019/g, "'") + " ").replace(/'s /g, " ").replace(/n't/g, " not");
    return (t.match(/[a-z0-9]+/g) || []).filter((w) => !STOPWORDS.has(w)).map(stem);
  }

  function contains(seq, phrase) {
    for (let i = 0; i + phrase.length <= seq.length; i++) {
      let ok = true;
      for (let j = 0; j < phrase.length; j++) if (seq[i + j] !== phrase[j]) { ok = false; break; }
      if (ok) return true;
    }
    return false;
  }

  /* The query as concepts: one per word typed (weight 1), holding its synonyms (0.5) and, while
   * typing, completions of the last word (0.7). A page scores the best-matching term of each
   * concept, so a word with many synonyms cannot outweigh the other words of the query. */
  function concepts(index, query, typing) {
    const q = tokens(query);
    const out = q.map((t) => new Map([[t, 1]]));
    const add = (concept, t, w) => concept.set(t, Math.max(concept.get(t) || 0, w));
    for (const group of index.synonyms) {
      for (const phrase of group) {
        if (!contains(q, phrase)) continue;
        const last = q.indexOf(phrase[phrase.length - 1]);
        group.forEach((other) => other.forEach((t) => add(out[last], t, 0.5)));
      }
    }
    const raw = query.toLowerCase().match(/[a-z0-9]+$/);
    if (typing && raw && raw[0].length >= 3 && out.length) {
      const prefix = raw[0];
      for (const term in index.terms) if (term.startsWith(prefix)) add(out[out.length - 1], term, 0.7);
    }
    // The same word typed twice is one concept.
    const seen = new Set();
    return out.filter((c) => { const k = [...c.keys()][0]; if (seen.has(k)) return false; seen.add(k); return true; });
  }

  const SYNONYM_SPILL = 0.3;
  const TITLE_BONUS = 0.5;

  /* The file ships one record per page; the inverted index is built here, once, on load. */
  function prepare(index) {
    if (index.terms) return index;
    index.terms = Object.create(null);
    index.len = index.docs.map((doc, i) => {
      let total = 0;
      for (const term in doc.f) {
        const tf = doc.f[term];
        total += tf;
        (index.terms[term] || (index.terms[term] = [])).push([i, tf]);
      }
      return total;
    });
    return index;
  }

  function search(index, query, options) {
    prepare(index);
    const opts = options || {};
    const parts = concepts(index, query, opts.typing);
    if (!parts.length) return [];
    const N = index.docs.length;
    const avg = index.len.reduce((a, b) => a + b, 0) / Math.max(N, 1);
    const k1 = 1.2, b = 0.75;
    const scores = new Float64Array(N);
    const covered = new Float64Array(N);
    for (const concept of parts) {
      const best = new Map();
      for (const [term, w] of concept) {
        const postings = index.terms[term];
        if (!postings) continue;
        const idf = Math.log(1 + (N - postings.length + 0.5) / (postings.length + 0.5));
        for (const [doc, tf] of postings) {
          const s = w * idf * (tf * (k1 + 1)) / (tf + k1 * (1 - b + b * index.len[doc] / avg));
          const prev = best.get(doc) || [0, 0, 0];
          // Best term counts fully; further synonyms of the same word add a little.
          best.set(doc, s > prev[0] ? [s, w, prev[2] + prev[0]] : [prev[0], prev[1], prev[2] + s]);
        }
      }
      for (const [doc, [s, w, rest]] of best) {
        scores[doc] += s + SYNONYM_SPILL * rest;
        covered[doc] += w;
      }
    }
    const words = parts.map((c) => [...c.keys()][0]);
    const results = [];
    for (let i = 0; i < N; i++) {
      if (scores[i] <= 0) continue;
      const doc = index.docs[i];
      // Pages that match more of the query's concepts rank above pages matching one often,
      // and a page whose title or aliases use the reader's own words ranks higher still.
      const coverage = 0.6 + 0.4 * Math.min(1, covered[i] / parts.length);
      const named = words.filter((w) => doc.w.includes(w)).length / words.length;
      results.push({ doc, score: scores[i] * coverage * (1 + TITLE_BONUS * named) * doc.b });
    }
    results.sort((x, y) => y.score - x.score || x.doc.t.localeCompare(y.doc.t));
    return results.slice(0, opts.limit || 20);
  }

  const KIND = { pattern: "Pattern", practice: "Practice", role: "Role", page: "Page" };
  let loading = null;

  function root() {
    return document.documentElement.dataset.content_root || "";
  }

  function load() {
    if (window.kbSearchIndex) return Promise.resolve(window.kbSearchIndex);
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const s = document.createElement("script");
        s.src = root() + "_static/kb-search-index.js";
        s.onload = () => resolve(window.kbSearchIndex);
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function render(list, results, query) {
    list.replaceChildren();
    for (const { doc } of results) {
      const li = document.createElement("li");
      li.className = "kb-result kb-result-" + doc.k;
      const a = document.createElement("a");
      a.href = root() + doc.u;
      const badge = document.createElement("span");
      badge.className = "kb-result-kind";
      badge.textContent = KIND[doc.k] || doc.k;
      const title = document.createElement("span");
      title.className = "kb-result-title";
      title.textContent = doc.t;
      a.append(badge, " ", title);
      li.append(a);
      if (doc.s) {
        const p = document.createElement("p");
        p.className = "kb-result-summary";
        p.textContent = doc.s;
        li.append(p);
      }
      list.append(li);
    }
    const status = list.parentElement.querySelector(".kb-search-status");
    if (status) {
      status.textContent = !query.trim() ? "" : results.length
        ? `${results.length} result${results.length === 1 ? "" : "s"} for \u201c${query}\u201d`
        : `No results for \u201c${query}\u201d. Try describing what you see in other words.`;
    }
  }

  /* Attach live results to a search input; `page` also keeps the query in the URL. */
  function attach(input, container, page) {
    const status = document.createElement("p");
    status.className = "kb-search-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    const list = document.createElement("ol");
    list.className = "kb-search-results";
    list.setAttribute("aria-label", "Search results");
    container.append(status, list);
    let timer = null;
    const run = (typing) =>
      load().then((index) => {
        const q = input.value;
        render(list, q.trim() ? search(index, q, { typing, limit: page ? 20 : 8 }) : [], q);
        if (page) {
          const url = new URL(window.location.href);
          if (q.trim()) url.searchParams.set("q", q); else url.searchParams.delete("q");
          history.replaceState(null, "", url);
        }
      });
    input.addEventListener("focus", () => load(), { once: true });
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => run(true), 60);
    });
    return run;
  }

  function init() {
    const pageBox = document.getElementById("kb-search-page");
    if (pageBox) {
      const input = pageBox.querySelector("input[name=q]");
      const run = attach(input, pageBox, true);
      const q = new URLSearchParams(window.location.search).get("q");
      if (q) { input.value = q; run(false); }
      input.focus();
    }
    const dialog = document.getElementById("pst-search-dialog");
    if (dialog) {
      const input = dialog.querySelector("input[name=q]");
      const box = document.createElement("div");
      box.className = "kb-dialog-results";
      dialog.append(box);
      if (input) attach(input, box, false);
    }
  }

  window.kbSearch = { search, tokens, stem, load };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
