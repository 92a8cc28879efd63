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

  /* Query terms with weights: the words typed (1.0), synonyms of them (0.5), and, while typing,
   * completions of the last word (0.7). */
  function queryTerms(index, query, typing) {
    const q = tokens(query);
    const weights = new Map();
    const add = (t, w) => weights.set(t, Math.max(weights.get(t) || 0, w));
    q.forEach((t) => add(t, 1));
    for (const group of index.synonyms) {
      if (group.some((phrase) => contains(q, phrase))) {
        group.forEach((phrase) => phrase.forEach((t) => add(t, 0.5)));
      }
    }
    const raw = query.toLowerCase().match(/[a-z0-9]+$/);
    if (typing && raw && raw[0].length >= 3) {
      const prefix = raw[0];
      for (const term in index.terms) if (term.startsWith(prefix) && term !== prefix) add(term, 0.7);
    }
    return { weights, count: new Set(q).size };
  }

  function search(index, query, options) {
    const opts = options || {};
    const { weights, count } = queryTerms(index, query, opts.typing);
    if (!weights.size) return [];
    const N = index.docs.length;
    const avg = index.len.reduce((a, b) => a + b, 0) / Math.max(N, 1);
    const k1 = 1.2, b = 0.75;
    const scores = new Float64Array(N);
    const matched = new Float64Array(N);
    for (const [term, qw] of weights) {
      const postings = index.terms[term];
      if (!postings) continue;
      const idf = Math.log(1 + (N - postings.length + 0.5) / (postings.length + 0.5));
      for (const [doc, tf] of postings) {
        scores[doc] += qw * idf * (tf * (k1 + 1)) / (tf + k1 * (1 - b + b * index.len[doc] / avg));
        if (qw === 1) matched[doc] += 1;
      }
    }
    const results = [];
    for (let i = 0; i < N; i++) {
      if (scores[i] <= 0) continue;
      // Pages that match more of the words typed rank above pages matching one word often.
      const coverage = count ? 0.6 + 0.4 * (matched[i] / count) : 1;
      results.push({ doc: index.docs[i], score: scores[i] * coverage * index.docs[i].b });
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
