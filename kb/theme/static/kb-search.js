/* kb search (BM25, weighted fields, synonyms, typos); the index loads on first search.
 * tokens() and stem() mirror kb/model/text.py exactly. */
(function () {
  "use strict";

  const STOPWORDS = new Set(("a an and are as at be been but by can could do does for from had has have how i if in into is it its " +
    "just me my of on or our so than that the their them then there these they this those to too us was we " +
    "were what when where which while who whom why will with would you your also get got very really " +
    "m re ve ll d should much many ever still any some about not wo ca sha actually basically literally simply " +
    "quite rather honestly totally").split(" "));

  /* Length in code points, as Python's len(). */
  const len = (w) => (/[\ud800-\udfff]/.test(w) ? [...w].length : w.length);

  function stem(word) {
    let w = word;
    if (len(w) <= 3 || /^[0-9]+$/.test(w)) return w;
    if (w.endsWith("ies") && len(w) > 4) w = w.slice(0, -3) + "y";
    else if (w.endsWith("sses")) w = w.slice(0, -2);
    else if (w.endsWith("s") && !(w.endsWith("ss") || w.endsWith("us") || w.endsWith("is"))) w = w.slice(0, -1);
    for (const suffix of ["ing", "ed", "ly"]) {
      if (w.endsWith(suffix) && len(w) - suffix.length >= 3) {
        w = w.slice(0, -suffix.length);
        if (len(w) > 3 && w[w.length - 1] === w[w.length - 2] && !"sz".includes(w[w.length - 1])) w = w.slice(0, -1);
        break;
      }
    }
    if (w.endsWith("er") && len(w) >= 6) w = w.slice(0, -2);
    if (w.endsWith("e") && len(w) > 3) w = w.slice(0, -1);
    return w;
  }

  /* Unicode letters and digits, as Python's [^\W_]+ ("Qualität"). */
  const WORD = /[\p{L}\p{N}]+/gu;

  function words(text) {
    const t = (text.normalize("NFC").toLowerCase().replace(/\u2019/g, "'") + " ").replace(/'s /g, " ").replace(/n't/g, " not");
    return t.match(WORD) || [];
  }

  function tokens(text) {
    return words(text).filter((w) => !STOPWORDS.has(w)).map(stem);
  }

  /* Where a phrase (a token sequence) starts in seq. */
  function starts(seq, phrase) {
    const at = [];
    for (let i = 0; i + phrase.length <= seq.length; i++) {
      let ok = true;
      for (let j = 0; j < phrase.length; j++) if (seq[i + j] !== phrase[j]) { ok = false; break; }
      if (ok) at.push(i);
    }
    return at;
  }

  const contains = (seq, phrase) => starts(seq, phrase).length > 0;

  const FUZZY = 0.8;

  /* Damerau-Levenshtein distance, giving up past `limit`. */
  function edits(a, b, limit) {
    const m = a.length, n = b.length;
    let prev2 = null, prev = Array.from({ length: n + 1 }, (_, j) => j);
    for (let i = 1; i <= m; i++) {
      const cur = [i];
      let rowMin = i;
      for (let j = 1; j <= n; j++) {
        let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        cur.push(d);
        rowMin = Math.min(rowMin, d);
      }
      if (rowMin > limit) return limit + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[n];
  }

  /* One concept per word typed (1), with its synonyms (0.5) and, while typing, completions (0.7):
   * a page scores each concept's best term, so many synonyms cannot outweigh other words. */
  function concepts(index, query, typing) {
    const typedWords = words(query).filter((w) => !STOPWORDS.has(w));  // tokens() before stemming
    // Three letters are not stemmed: "SEs" is "SE".
    const q = typedWords.map(stem).map((t) => {
      const one = t.slice(0, -1);
      return len(t) === 3 && t.endsWith("s") && !index.terms[t] && (index.terms[one] || index.known.has(one)) ? one : t;
    });
    const out = q.map((t) => new Map([[t, 1]]));
    // Role words ("as a DS", "our PO") say who asks, not about what.
    const role = q.map(() => false);
    for (const phrase of index.roles) for (const i of starts(q, phrase)) phrase.forEach((_, j) => { role[i + j] = true; });
    out.forEach((c, i) => { c.role = role[i]; });
    const add = (concept, t, w) => concept.set(t, Math.max(concept.get(t) || 0, w));
    for (const group of index.synonyms) {
      for (const phrase of group) {
        if (!contains(q, phrase)) continue;
        const last = q.indexOf(phrase[phrase.length - 1]);
        group.forEach((other) => other.forEach((t) => add(out[last], t, 0.5)));
      }
    }
    // A word no page uses is probably misspelt: try words one edit away (two if long).
    q.forEach((t, n) => {
      // Not the word being typed (completed below), nor one of four letters ("town" is no "own").
      if (index.terms[t] || index.known.has(t) || len(typedWords[n]) < 5 || (typing && n === q.length - 1)) return;
      const limit = len(t) >= 8 ? 2 : 1;
      // The nearest words, the most used of them ("modle" is "model", not the rarer "module").
      let near = [], best = limit + 1;
      for (const term in index.terms) {
        if (Math.abs(term.length - t.length) > limit) continue;
        const d = edits(t, term, limit);
        if (d < best) { best = d; near = []; }
        if (d === best && d <= limit) near.push(term);
      }
      const most = Math.max(0, ...near.map((term) => index.terms[term].length));
      for (const term of near) if (index.terms[term].length * 2 >= most) add(out[n], term, FUZZY);
    });
    const raw = query.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+$/u);
    if (typing && raw && raw[0].length >= 3 && out.length) {
      const prefix = raw[0];
      for (const term in index.terms) if (term.startsWith(prefix)) add(out[out.length - 1], term, 0.7);
    }
    // A synonym phrase of stop words alone ("who does what") is looked for among the words typed
    // and brings in its group as one more concept (after completion, which extends the last word).
    const typedAll = words(query);
    for (const group of index.synonyms) {
      if (!group.some((p) => p.every((w) => STOPWORDS.has(w)) && contains(typedAll, p))) continue;
      const c = new Map();
      for (const p of group) for (const t of p) if (!STOPWORDS.has(t)) add(c, t, 0.5);
      if (c.size) out.push(Object.assign(c, { role: false }));
    }
    // A word typed twice is one concept.
    const seen = new Map();
    const parts = out.filter((c) => {
      const k = [...c.keys()][0];
      if (seen.has(k)) { seen.get(k).role &&= c.role; return false; }
      seen.set(k, c);
      return true;
    });
    return Object.assign(parts, { typed: q });
  }

  const SYNONYM_SPILL = 0.3;
  const TITLE_BONUS = 0.5;
  const ROLE_WEIGHT = 0.4;
  const NAME_BONUS = 0.5;
  const WHOLE_NAME_BONUS = 3;
  /* A page with one phrasing or symptom matching the query whole beats one with the words
   * scattered: up to twice the score (wholePhrasing). */
  const PHRASING_BONUS = 1;
  const RERANK = 50;
  /* Nothing matches well (we say so) below these; see bench/results/search-tuning-notes.md. */
  const WEAK_SHARE = 0.35;
  const WEAK_SCORE = 3.5;

  /* The inverted index is built here, once, from one record per page. */
  function prepare(index) {
    if (index.terms) return index;
    index.terms = Object.create(null);
    // Text shipped to be quoted is tokenised and weighted here; doc.f holds the rest.
    const W = index.weights;
    for (const doc of index.docs) {
      const f = Object.create(null);
      // doc.f: {weight: "term term ..."}.
      for (const w in doc.f) for (const t of doc.f[w].split(" ")) f[t] = (f[t] || 0) + Number(w);
      const add = (text, w) => { for (const t of tokens(text)) f[t] = (f[t] || 0) + w; };
      add(doc.t, W.t);
      add(doc.s || "", W.s);
      for (const text of doc.m || []) add(text, W.m);
      for (const text of doc.a || []) add(text, W.a);
      // Phrasings: positions in doc.f's terms (in key order), then the quoted text.
      const order = Object.keys(doc.f).sort().flatMap((w) => doc.f[w].split(" "));
      const phrasings = doc.p ? doc.p.split(",").map((p) => p.split(" ").map((x) => order[parseInt(x, 16)])) : [];
      doc.phrasings = [...phrasings, ...[doc.t, ...(doc.m || []), ...(doc.a || [])].map(tokens)].filter((p) => p.length);
      doc.f = f;
      // The page's names as token sequences.
      doc.n = [doc.t, ...(doc.a || [])].map(tokens).filter((p) => p.length);
      doc.w = new Set(doc.n.flat());
    }
    // Role names: role pages' names, and synonym groups holding one.
    const names = new Set();
    for (const doc of index.docs) if (doc.k === "role") for (const p of doc.n) names.add(p.join(" "));
    for (const group of index.synonyms) {
      if (group.some((p) => names.has(p.join(" ")))) group.forEach((p) => names.add(p.join(" ")));
    }
    index.roles = [...names].map((n) => n.split(" "));
    // Synonym-table words are not typos ("prod").
    index.known = new Set(index.synonyms.flat(2));
    index.idf = (t) => {
      const p = index.terms[t];
      return p ? Math.log(1 + (index.docs.length - p.length + 0.5) / (p.length + 0.5)) : 0;
    };
    index.len = index.docs.map((doc, i) => {
      let total = 0;
      for (const term in doc.f) {
        const tf = doc.f[term];
        total += tf;
        (index.terms[term] || (index.terms[term] = [])).push([i, tf]);
      }
      return total;
    });
    // Per page: the phrasings holding each term, and each phrasing's IDF weight.
    for (const doc of index.docs) {
      doc.held = new Map();
      doc.pw = doc.phrasings.map((p, n) => {
        const set = new Set(p);
        for (const t of set) (doc.held.get(t) || doc.held.set(t, []).get(t)).push(n);
        return [...set].reduce((a, t) => a + index.idf(t), 0);
      });
    }
    return index;
  }

  /* Best Dice overlap (IDF-weighted) of the query with one of the page's phrasings. */
  function wholePhrasing(doc, parts, weight, totalIdf) {
    const hits = new Float64Array(doc.pw.length);
    for (const c of parts) {
      const got = new Map();
      for (const [t, w] of c) for (const n of doc.held.get(t) || []) got.set(n, Math.max(got.get(n) || 0, w));
      for (const [n, w] of got) hits[n] += weight(c) * w * c.idf;
    }
    let best = 0;
    hits.forEach((h, n) => { if (h) best = Math.max(best, (2 * h) / (totalIdf + doc.pw[n])); });
    return best;
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
    // Role words count less, unless there is nothing else ("data scientist").
    const topical = parts.some((c) => !c.role);
    const weight = (c) => (topical && c.role ? ROLE_WEIGHT : 1);
    let totalIdf = 0;
    for (const concept of parts) {
      const cw = weight(concept);
      const best = new Map();
      concept.idf = Math.max(0, ...[...concept.keys()].map(index.idf));
      totalIdf += cw * concept.idf;
      for (const [term, w] of concept) {
        const postings = index.terms[term];
        if (!postings) continue;
        const idf = Math.log(1 + (N - postings.length + 0.5) / (postings.length + 0.5));
        for (const [doc, tf] of postings) {
          const s = w * idf * (tf * (k1 + 1)) / (tf + k1 * (1 - b + b * index.len[doc] / avg));
          const prev = best.get(doc) || [0, 0, 0];
          // Best term counts fully, other synonyms a little.
          best.set(doc, s > prev[0] ? [s, w, prev[2] + prev[0]] : [prev[0], prev[1], prev[2] + s]);
        }
      }
      for (const [doc, [s, w, rest]] of best) {
        scores[doc] += cw * (s + SYNONYM_SPILL * rest);
        covered[doc] += cw * w;
      }
    }
    const total = parts.reduce((a, c) => a + weight(c), 0);
    const q = parts.typed;
    const typed = parts.filter((c) => !topical || !c.role).map((c) => [...c.keys()][0]);
    const results = [];
    for (let i = 0; i < N; i++) {
      if (scores[i] <= 0) continue;
      const doc = index.docs[i];
      // Matching more concepts beats matching one often; the reader's words in a name, more.
      const share = Math.min(1, covered[i] / total);
      const named = typed.filter((w) => doc.w.has(w)).length / typed.length;
      // A name of 2+ words typed ("model card") is a strong sign, unless a role's in a topical query.
      const exact = !(topical && doc.k === "role") && doc.n.some((p) => p.length > 1 && contains(q, p));
      // A query that is a name, whole, asks for that page.
      const whole = doc.n.some((p) => p.length === q.length && contains(q, p));
      const bonus = whole ? WHOLE_NAME_BONUS : exact ? 1 + NAME_BONUS : 1;
      const score = scores[i] * (0.6 + 0.4 * share) * (1 + TITLE_BONUS * named) * bonus * doc.b;
      results.push({ doc, score, share });
    }
    const byScore = (x, y) => y.score - x.score || x.doc.t.localeCompare(y.doc.t);
    results.sort(byScore);
    // The first RERANK only: for all, it cost more than the rest at 3,000 patterns.
    const top = results.slice(0, RERANK);
    for (const r of top) {
      r.phrasing = wholePhrasing(r.doc, parts, weight, totalIdf);
      r.base = r.score;
      r.score *= 1 + PHRASING_BONUS * r.phrasing;
    }
    top.sort(byScore).splice(opts.limit || 20);
    // Weak: the best page shares too little of what was typed, or scores low (before the bonus).
    top.weak = !top.length || top[0].share < WEAK_SHARE || top[0].base < WEAK_SCORE;
    top.concepts = parts;
    return top;
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
        // A script, not a JSON fetch: it also loads from file:// when the site is opened offline.
        const s = document.createElement("script");
        s.src = root() + "_static/kb-search-index.js";
        s.onload = () => (window.kbSearchIndex ? resolve(window.kbSearchIndex) : s.onerror());
        s.onerror = () => {
          // Forget the failure: the next search tries again.
          loading = null;
          s.remove();
          reject(new Error("the search index could not be loaded"));
        };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  /* Why it matched: the symptom, alias, summary or title sharing most of the reader's words. */
  function why(result, concepts) {
    // Role words count less here too.
    const topical = concepts.some((c) => !c.role);
    const weight = new Map();
    for (const c of concepts) {
      for (const t of c.keys()) weight.set(t, Math.max(weight.get(t) || 0, topical && c.role ? ROLE_WEIGHT : 1));
    }
    const wanted = new Set(weight.keys());
    let best = null, most = 0;
    for (const text of [...(result.doc.m || []), ...(result.doc.a || []), result.doc.s, result.doc.t]) {
      if (!text) continue;
      const hits = [...new Set(tokens(text))].reduce((a, t) => a + (weight.get(t) || 0), 0);
      if (hits > most) { most = hits; best = text; }
    }
    return best && { text: best, wanted };
  }

  /* Text with the reader's words in <mark>: built from text nodes, never from HTML strings. */
  function highlighted(text, wanted) {
    const frag = document.createDocumentFragment();
    const re = /[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)?/gu;
    let last = 0, m;
    while ((m = re.exec(text))) {
      const t = tokens(m[0]);
      if (!t.length || !wanted.has(t[0])) continue;
      frag.append(text.slice(last, m.index));
      const mark = document.createElement("mark");
      mark.textContent = m[0];
      frag.append(mark);
      last = m.index + m[0].length;
    }
    frag.append(text.slice(last));
    return frag;
  }

  function link(href, text) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  /* No dead ends: offer the symptom finder (with the words typed) and the role paths. */
  function deadEnd(index, query, hasResults) {
    const box = document.createElement("div");
    box.className = "kb-search-weak";
    const p = document.createElement("p");
    p.append(hasResults
      ? "Nothing matches that closely; the results below are the nearest we have. "
      : "Nothing in the playbook matches that. ");
    // The finder's own URL from the index, so dirhtml builds (finder/) link right too.
    const finder = index.docs.find((d) => /(^|\/)finder(\.html|\/)?$/.test(d.u));
    const url = new URL(root() + (finder ? finder.u : "finder.html"), window.location.href);
    url.searchParams.set("q", query);
    p.append("Try ", link(url.href, "the symptom finder"),
      ": tick the signs you recognise (those mentioning your words are marked).");
    const roles = index.docs.filter((d) => d.k === "role");
    const q = document.createElement("p");
    q.append("Or follow the reading path for your role: ");
    roles.forEach((r, i) => { q.append(i ? ", " : "", link(root() + r.u, r.t)); });
    q.append(".");
    box.append(p, q);
    return box;
  }

  function render(list, results, query, index) {
    list.replaceChildren();
    const container = list.parentElement;
    const old = container.querySelector(".kb-search-weak");
    if (old) old.remove();
    for (const result of results) {
      const { doc } = result;
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
      // A matching symptom or alias goes under the title; else the title or summary is marked.
      const reason = why(result, results.concepts || []);
      if (reason && reason.text === doc.t) title.replaceChildren(highlighted(doc.t, reason.wanted));
      if (reason && reason.text !== doc.t && reason.text !== doc.s) {
        const p = document.createElement("p");
        p.className = "kb-result-why";
        const label = document.createElement("span");
        label.className = "kb-why-label";
        label.textContent = "Matches: ";
        p.append(label, highlighted(reason.text, reason.wanted));
        li.append(p);
      }
      if (doc.s) {
        const p = document.createElement("p");
        p.className = "kb-result-summary";
        if (reason && reason.text === doc.s) p.append(highlighted(doc.s, reason.wanted));
        else p.textContent = doc.s;
        li.append(p);
      }
      list.append(li);
    }
    if (query.trim() && results.weak) container.insertBefore(deadEnd(index, query, results.length > 0), list);
    const status = container.querySelector(".kb-search-status");
    if (status) {
      status.textContent = !query.trim() ? "" : results.length
        ? `${results.length} result${results.length === 1 ? "" : "s"} for \u201c${query}\u201d` + (results.weak ? ", none a close match" : "")
        : `No results for \u201c${query}\u201d.`;
    }
  }

  /* Arrow keys move between the box and its results (Tab still works). */
  function arrowKeys(input, list) {
    const move = (event) => {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      const links = Array.from(list.querySelectorAll(".kb-result a"));
      const here = event.target === input ? -1 : links.indexOf(event.target);
      const next = here + (event.key === "ArrowDown" ? 1 : -1);
      if (next >= links.length || next < -1 || (here === -1 && next === -1)) return;
      event.preventDefault();
      (next === -1 ? input : links[next]).focus();
    };
    input.addEventListener("keydown", move);
    list.addEventListener("keydown", move);
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
    let pending = false;
    arrowKeys(input, list);
    const run = (typing) =>
      load().then((index) => {
        const q = input.value;
        render(list, q.trim() ? search(index, q, { typing, limit: page ? 20 : 8 }) : [], q, index);
        if (page) {
          const url = new URL(window.location.href);
          if (q.trim()) url.searchParams.set("q", q); else url.searchParams.delete("q");
          history.replaceState(null, "", url);
        }
      }, () => {
        status.textContent = "The search could not load. Check your connection and search again.";
      });
    input.addEventListener("focus", () => load().catch(() => {}), { once: true });
    // One queued run reads the box when it runs: fast typing queues no stale searches.
    input.addEventListener("input", () => {
      if (pending) return;
      pending = true;
      setTimeout(() => { pending = false; run(true); }, 0);
    });
    return run;
  }

  function init() {
    const pageBox = document.getElementById("kb-search-page");
    if (pageBox) {
      const input = pageBox.querySelector("input[name=q]");
      const run = attach(input, pageBox, true);
      // Shown only as text and searched for; bounded, since anyone can write the address.
      const q = (new URLSearchParams(window.location.search).get("q") || "").slice(0, 500);
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

  window.kbSearch = { search, tokens, stem, load, why };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
