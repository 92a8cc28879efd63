/* kb explore: catalogue facets and the symptom finder. Without this script both pages still list
 * every pattern as plain links; with it, state lives in the URL so a view can be shared. */
(function () {
  "use strict";
  document.documentElement.classList.add("kb-js");

  /* Values from the address are anyone's to write: they only ever tick boxes the page has,
   * and a bounded number of them. */
  function readList(params, name) {
    const raw = params.get(name);
    return raw ? raw.slice(0, 20000).split(",", 500).filter(Boolean) : [];
  }

  function writeUrl(entries) {
    const url = new URL(window.location.href);
    for (const [name, values] of entries) {
      if (values.length) url.searchParams.set(name, values.join(","));
      else url.searchParams.delete(name);
    }
    history.replaceState(null, "", url);
  }

  /* ---- Catalogue groups: the page lists each entry once, under its earliest phase (light, and
   * complete without JavaScript); here each card is copied into its other phases' groups. ---- */
  /* A card's data-f holds, for each facet the groups' container names in its own data-f, the
   * positions of the card's values in the list the container declares (data-role, ...), as
   * fixed-width base-62 numbers; the segments are separated by "|" (see listings.py). */
  const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  function facetsOf(root, col, facet) {
    const ids = root.dataset[facet].split(" ");
    let width = 1;
    while (DIGITS.length ** width < ids.length) width += 1;
    const code = (col.dataset.f || "").split("|")[root.dataset.f.split(" ").indexOf(facet)] || "";
    const out = [];
    for (let i = 0; i + width <= code.length; i += width) {
      let n = 0;
      for (const c of code.slice(i, i + width)) n = n * DIGITS.length + DIGITS.indexOf(c);
      if (n < ids.length) out.push(ids[n]);
    }
    return out;
  }

  function expandGroups(root) {
    const groups = new Map();
    for (const group of root.querySelectorAll(".kb-phase-group")) {
      groups.set(group.dataset.phase, { list: group.querySelector(".kb-catalogue"), cols: [] });
    }
    for (const [phase, g] of groups) {
      for (const col of g.list.children) {
        g.cols.push(col);
        for (const other of facetsOf(root, col, "phase")) {
          if (other !== phase && groups.has(other)) groups.get(other).cols.push(col.cloneNode(true));
        }
      }
    }
    // The page's order: by title (the build sorts the same way).
    const keys = new Map();
    const key = (col) => {
      if (!keys.has(col)) keys.set(col, col.querySelector("a").textContent.toLowerCase());
      return keys.get(col);
    };
    for (const g of groups.values()) {
      if (g.cols.length === g.list.children.length) continue;
      g.cols.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      g.list.replaceChildren(...g.cols);
    }
    root.classList.add("kb-expanded");
  }

  /* ---- Catalogue facets: OR within a facet, AND across facets; counts reflect the other facets.
   * Each entry's facets are read once from data-* attributes; a click is one pass over entries. ---- */
  function initCatalogue(form) {
    const facets = Array.from(form.querySelectorAll("fieldset[data-facet]")).map((f) => f.dataset.facet);
    const status = document.getElementById("kb-filter-status");
    const root = document.querySelector(".kb-catalogue-groups");
    const groups = Array.from(root.querySelectorAll(".kb-phase-group"));
    const entries = new Map(); // href -> {cols, facet values}
    groups.forEach((group, g) => {
      for (const col of group.querySelectorAll(".kb-catalogue > li")) {
        const href = col.querySelector("a").getAttribute("href");
        let entry = entries.get(href);
        if (!entry) {
          entry = { cols: [], groups: [] };
          for (const f of facets) entry[f] = facetsOf(root, col, f);
          entries.set(href, entry);
        }
        entry.cols.push(col);
        entry.groups.push(g);
      }
    });
    const countEls = new Map();
    for (const input of form.querySelectorAll("input[type=checkbox]")) {
      countEls.set(`${input.name}\n${input.value}`, input.parentElement.querySelector(".kb-count"));
    }

    function selected() {
      const out = {};
      for (const facet of facets) {
        out[facet] = new Set(Array.from(form.querySelectorAll(`input[name=${facet}]:checked`), (i) => i.value));
      }
      return out;
    }
    function update(writeState) {
      const sel = selected();
      const counts = new Map();
      const perGroup = groups.map(() => 0);
      let shown = 0;
      for (const entry of entries.values()) {
        // Facets this entry fails; with one failure it still counts towards that facet's options.
        let fails = 0;
        let failed = null;
        for (const f of facets) {
          if (sel[f].size && !entry[f].some((v) => sel[f].has(v))) {
            fails += 1;
            failed = f;
          }
        }
        const ok = fails === 0;
        for (const col of entry.cols) if (col.hidden === ok) col.hidden = !ok;
        if (ok) {
          shown += 1;
          for (const g of entry.groups) perGroup[g] += 1;
        }
        if (fails > 1) continue;
        for (const f of facets) {
          if (ok || f === failed) for (const v of entry[f]) counts.set(`${f}\n${v}`, (counts.get(`${f}\n${v}`) || 0) + 1);
        }
      }
      groups.forEach((group, g) => {
        // With a phase selected, show only that phase's group: a pattern in several phases
        // would otherwise appear under phases the reader did not ask for.
        const hide = perGroup[g] === 0 || (sel.phase && sel.phase.size > 0 && !sel.phase.has(group.dataset.phase));
        if (group.hidden !== hide) group.hidden = hide;
      });
      for (const [key, el] of countEls) {
        const n = counts.get(key) || 0;
        const label = `(${n})`;
        if (el.textContent !== label) {
          // Screen readers hear "(9) patterns" from a visually hidden word after the count;
          // aria-label is not allowed on a span, so it was not reliably read.
          el.textContent = label;
        }
      }
      const active = facets.some((f) => sel[f].size);
      status.textContent = active
        ? `${shown} pattern${shown === 1 ? "" : "s"} match the filters`
        : `${shown} patterns`;
      if (writeState) writeUrl(facets.map((f) => [f, Array.from(sel[f])]));
    }
    const params = new URLSearchParams(window.location.search);
    for (const facet of facets) {
      const wanted = readList(params, facet);
      form.querySelectorAll(`input[name=${facet}]`).forEach((i) => { i.checked = wanted.includes(i.value); });
    }
    form.addEventListener("change", () => update(true));
    form.addEventListener("reset", () => setTimeout(() => update(true), 0));
    form.addEventListener("submit", (e) => e.preventDefault());
    update(false);
  }

  /* Arriving from a search that found nothing close (?q=...): mark the signs that use the
   * reader's words, so the finder starts from what they typed. Text only, never HTML. */
  function markWords(form, query) {
    if (!query || !query.trim() || !window.kbSearch) return;
    const wanted = new Set(window.kbSearch.tokens(query));
    let marked = 0;
    form.querySelectorAll("input[name=s]").forEach((input) => {
      const label = form.querySelector(`label[for="${CSS.escape(input.id)}"]`);
      if (label && window.kbSearch.tokens(label.textContent).some((t) => wanted.has(t))) {
        label.classList.add("kb-finder-suggested");
        marked++;
      }
    });
    const note = document.createElement("p");
    note.className = "kb-finder-words";
    note.setAttribute("role", "status");
    note.textContent = marked
      ? `${marked} sign${marked === 1 ? "" : "s"} use your words \u201c${query}\u201d: they are marked \u2605 below.`
      : `No sign uses your words \u201c${query}\u201d. Tick the ones you recognise.`;
    form.prepend(note);
  }

  /* ---- Symptom finder: patterns ranked by how many of their ticked signs match. ---- */
  function initFinder(form) {
    const data = JSON.parse(document.getElementById("kb-finder-data").textContent);
    const list = document.getElementById("kb-finder-list");
    const status = document.getElementById("kb-finder-status");
    const summaryBox = document.querySelector(".kb-finder-summary");
    const summary = document.getElementById("kb-finder-summary");

    function rank() {
      const ticked = Array.from(form.querySelectorAll("input[name=s]:checked")).map((i) => i.value);
      const hits = new Map();
      for (const v of ticked) {
        const id = v.slice(0, v.lastIndexOf("."));
        hits.set(id, (hits.get(id) || 0) + 1);
      }
      const ranked = Array.from(hits, ([id, n]) => ({ id, n, p: data[id] }))
        .filter((r) => r.p)
        .sort((a, b) => b.n - a.n || b.n / b.p.n - a.n / a.p.n || a.p.t.localeCompare(b.p.t));
      return { ticked, ranked };
    }
    function update(writeState) {
      const { ticked, ranked } = rank();
      list.replaceChildren();
      for (const r of ranked) {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = r.p.u;
        a.textContent = r.p.t;
        const meta = document.createElement("span");
        meta.className = "kb-finder-score";
        meta.textContent = ` \u2014 ${r.n} of ${r.p.n} signs`;
        li.append(a, meta);
        if (r.p.p.length) {
          const first = document.createElement("p");
          first.className = "kb-finder-first";
          first.append("Start with: ");
          r.p.p.forEach(([title, url], i) => {
            if (i) first.append(", ");
            const pa = document.createElement("a");
            pa.href = url;
            pa.textContent = title;
            first.append(pa);
          });
          li.append(first);
        }
        list.append(li);
      }
      status.textContent = ticked.length
        ? `${ticked.length} sign${ticked.length === 1 ? "" : "s"} ticked; ${ranked.length} pattern${ranked.length === 1 ? "" : "s"} match.`
        : "Tick a symptom to see matching patterns.";
      const bar = document.getElementById("kb-finder-bar");
      bar.hidden = ranked.length === 0;
      if (ranked.length) {
        document.getElementById("kb-finder-bar-text").textContent =
          `${ticked.length} ticked. Top match: ${ranked[0].p.t} (${ranked[0].n} of ${ranked[0].p.n}).`;
      }
      const top = ranked.slice(0, 3);
      summaryBox.hidden = top.length === 0;
      summary.textContent = top.length
        ? "Our top " + top.length + " pattern" + (top.length === 1 ? "" : "s") + " and their first practices:\n" +
          top.map((r, i) => `${i + 1}. ${r.p.t} (${r.n} of ${r.p.n} signs)\n   Start with: ${r.p.p.map((x) => x[0]).join("; ")}`).join("\n") +
          "\n\nLink: " + window.location.href
        : "";
      if (writeState) {
        writeUrl([["s", ticked]]);
        summary.textContent = summary.textContent.replace(/Link: .*$/, "Link: " + window.location.href);
      }
    }
    const wanted = readList(new URLSearchParams(window.location.search), "s");
    form.querySelectorAll("input[name=s]").forEach((i) => { i.checked = wanted.includes(i.value); });
    form.addEventListener("change", () => update(true));
    document.getElementById("kb-copy").addEventListener("click", () => {
      const done = () => { status.textContent = "Summary copied."; };
      if (navigator.clipboard) navigator.clipboard.writeText(summary.textContent).then(done, () => selectSummary());
      else selectSummary();
    });
    function selectSummary() {
      const range = document.createRange();
      range.selectNodeContents(summary);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      status.textContent = "Summary selected: press Ctrl+C to copy.";
    }
    document.getElementById("kb-print").addEventListener("click", () => window.print());
    markWords(form, new URLSearchParams(window.location.search).get("q"));
    document.getElementById("kb-finder-clear").addEventListener("click", () => {
      form.querySelectorAll("input[name=s]").forEach((i) => { i.checked = false; });
      update(true);
    });
    update(false);
  }

  function init() {
    const groups = document.querySelector(".kb-catalogue-groups");
    if (groups) expandGroups(groups);
    const filters = document.getElementById("kb-filters");
    if (filters) initCatalogue(filters);
    const finder = document.getElementById("kb-finder");
    if (finder) initFinder(finder);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
