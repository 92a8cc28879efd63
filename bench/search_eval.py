"""Search evaluation on a query file: Sphinx's default search, a plain BM25 and ours, with 95 % CIs.

    python bench/search_eval.py bench/queries/tuning.yml    # full detail, per query
    python bench/search_eval.py bench/queries/test.yml      # the frozen set: counts only
    python bench/search_eval.py bench/queries/tuning.yml bench/queries/tuning-2.yml  # both halves of all tuning data

The three engines rank the same pages of the real content:
- Sphinx: its own search page on a plain build (pydata-sphinx-theme defaults), in headless Chromium;
- plain BM25: every page's article text from the playbook build, our tokeniser, BM25 (k1=1.2,
  b=0.75), any-word matching, no field weights, synonyms or vectors;
- ours: kbSearch.search() in headless Chromium on the playbook build, exactly as readers get it.

A query's answers are the acceptable entry ids (the first is the main one). top-1: the first
result is one of them; top-3: one is among the first three; MRR: the mean of 1/rank of the first
acceptable result (0 beyond rank 20). Proportions get Wilson intervals, MRR and the paired
difference of top-1 (ours minus plain BM25) a percentile bootstrap with a fixed seed.

The frozen test set (a file named test.yml, or --counts-only) never has a query, an answer or a
miss printed or written: only the aggregate figures. See bench/queries/PROTOCOL.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import quote_plus

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import yaml  # noqa: E402

from kb.model.text import tokens  # noqa: E402

WORK = HERE / "work" / "search-eval"
DEPTH = 20  # results looked at for MRR
SEED = 20261130
ENGINES = ("sphinx", "bm25", "ours")
LABELS = {
    "sphinx": "Sphinx default search (pydata-sphinx-theme defaults)",
    "bm25": "plain BM25 over the same pages",
    "ours": "playbook search",
}


# -- statistics --------------------------------------------------------------------------------


def wilson(hits: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """95 % Wilson score interval for a proportion."""
    if n == 0:
        return (0.0, 0.0)
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def bootstrap(values: list[float], rounds: int = 4000, seed: int = SEED) -> tuple[float, float]:
    """95 % percentile bootstrap interval of a mean, reproducible (fixed seed)."""
    if not values:
        return (0.0, 0.0)
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(values[rng.randrange(n)] for _ in range(n)) / n for _ in range(rounds))
    return (means[int(0.025 * rounds)], means[int(0.975 * rounds) - 1])


HALF_SEED = 777


def halves(queries: list[dict]) -> list[str]:
    """Each query's half of the tuning set, "A" or "B": stratified by main answer with a fixed seed
    (per pattern, shuffled with Random(HALF_SEED + i); half A takes the larger part on even i).
    Changes are made looking at half A's misses only and kept if half B improves too, an estimate
    of how a change generalises before the blind test set is measured."""
    by: dict[str, list[int]] = {}
    for i, q in enumerate(queries):
        by.setdefault(q["answers"][0], []).append(i)
    half = [""] * len(queries)
    for i, main in enumerate(sorted(by)):
        group = list(by[main])
        random.Random(HALF_SEED + i).shuffle(group)
        take = (len(group) + 1) // 2 if i % 2 == 0 else len(group) // 2
        for j, index in enumerate(group):
            half[index] = "A" if j < take else "B"
    return half


def first_hit(ranked: list[str], answers: list[str]) -> int:
    """1-based rank of the first acceptable answer, 0 when none is in the first DEPTH."""
    for i, doc in enumerate(ranked[:DEPTH], 1):
        if doc in answers:
            return i
    return 0


def summarise(ranks: list[int]) -> dict[str, object]:
    n = len(ranks)
    top1 = sum(r == 1 for r in ranks)
    top3 = sum(1 <= r <= 3 for r in ranks)
    rr = [1 / r if r else 0.0 for r in ranks]
    return {
        "n": n,
        "top1": top1,
        "top1_ci": wilson(top1, n),
        "top3": top3,
        "top3_ci": wilson(top3, n),
        "mrr": sum(rr) / max(n, 1),
        "mrr_ci": bootstrap(rr),
    }


# -- engines -----------------------------------------------------------------------------------


def page_id(href: str) -> str:
    return href.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")


def build_sites() -> tuple[Path, Path]:
    from bench.generate import write_plain
    from bench.search_quality import real_entries

    shutil.rmtree(WORK, ignore_errors=True)
    write_plain(WORK / "plain", real_entries(), theme_defaults=True)
    outs = {}
    for name, src in (("plain", WORK / "plain"), ("playbook", REPO / "content")):
        outs[name] = WORK / f"out-{name}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-q",
                "-b",
                "html",
                "-d",
                str(WORK / f"dt-{name}"),
                str(src),
                str(outs[name]),
            ],
            check=True,
        )
    return outs["plain"], outs["playbook"]


class PlainBM25:
    """The textbook ranking over each page's visible text: the floor any tuning has to beat."""

    def __init__(self, site: Path) -> None:
        from bs4 import BeautifulSoup

        index = json.loads(
            (site / "_static/kb-search-index.js").read_text(encoding="utf-8")[len("window.kbSearchIndex=") : -2]
        )
        self.ids, self.tf, self.len = [], [], []
        for doc in index["docs"]:
            html = (site / doc["u"]).read_text(encoding="utf-8")
            article = BeautifulSoup(html, "html.parser").select_one("article.bd-article")
            counts = Counter(tokens(article.get_text(" ") if article else ""))
            self.ids.append(page_id(doc["u"]))
            self.tf.append(counts)
            self.len.append(sum(counts.values()))
        self.df = Counter(term for counts in self.tf for term in counts)
        self.avg = sum(self.len) / max(len(self.len), 1)

    def search(self, query: str) -> list[str]:
        n, k1, b = len(self.ids), 1.2, 0.75
        scores = [0.0] * n
        for term in set(tokens(query)):
            df = self.df.get(term)
            if not df:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            for i, counts in enumerate(self.tf):
                tf = counts.get(term, 0)
                if tf:
                    scores[i] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * self.len[i] / self.avg))
        order = sorted((i for i in range(n) if scores[i] > 0), key=lambda i: (-scores[i], self.ids[i]))
        return [self.ids[i] for i in order]


def sphinx_ranked(page, base: str, query: str) -> list[str]:
    page.goto(f"{base}/search.html?q={quote_plus(query)}")
    page.wait_for_function(
        "() => { const h = document.querySelector('#search-results h2');"
        " return h && !h.textContent.includes('Searching'); }",
        timeout=15000,
    )
    hrefs = page.locator("#search-results ul.search li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return [page_id(h) for h in hrefs]


OURS_JS = (
    "qs => kbSearch.load().then(i => qs.map(q => kbSearch.search(i, q, {limit: LIMIT})"
    ".map(r => r.doc.u.split('#')[0].replace(/\\/$/, '').split('/').pop().replace('.html', ''))))"
).replace("LIMIT", str(DEPTH))


def ours_ranked(page, base: str, queries: list[str]) -> list[list[str]]:
    page.goto(f"{base}/search.html")
    return page.evaluate(OURS_JS, queries)


def run(queries: list[dict], engines: tuple[str, ...]) -> dict[str, list[list[str]]]:
    from conftest import CHROMIUM_ARGS, serve
    from playwright.sync_api import sync_playwright

    from tasks import find_chromium

    plain, playbook = build_sites()
    texts = [q["q"] for q in queries]
    ranked: dict[str, list[list[str]]] = {}
    if "bm25" in engines:
        bm25 = PlainBM25(playbook)
        ranked["bm25"] = [bm25.search(q) for q in texts]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        servers = {name: serve(site) for name, site in (("plain", plain), ("playbook", playbook))}
        base = {name: f"http://127.0.0.1:{s.server_address[1]}" for name, s in servers.items()}
        page = browser.new_page()
        if "ours" in engines:
            ranked["ours"] = ours_ranked(page, base["playbook"], texts)
        if "sphinx" in engines:
            ranked["sphinx"] = [sphinx_ranked(page, base["plain"], q) for q in texts]
        browser.close()
        for s in servers.values():
            s.shutdown()
    ranked["_index_gzip"] = [[str(len(gzip.compress((playbook / "_static/kb-search-index.js").read_bytes(), 9)))]]
    return ranked


# -- report ------------------------------------------------------------------------------------


def pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def report(
    name: str, queries: list[dict], ranked: dict[str, list[list[str]]], counts_only: bool
) -> tuple[str, dict[str, dict]]:
    answers = [q["answers"] for q in queries]
    ranks = {e: [first_hit(r, a) for r, a in zip(ranked[e], answers, strict=True)] for e in ENGINES if e in ranked}
    stats = {e: summarise(r) for e, r in ranks.items()}
    n = len(queries)
    lines = [
        f"# Search evaluation: `{name}`",
        "",
        f"{n} queries. Written blind from the evidence brief and labelled by a second pass "
        "(`bench/queries/PROTOCOL.md`). 95 % intervals: Wilson for top-1 and top-3, percentile bootstrap "
        f"(seed {SEED}) for MRR. Produced by `python bench/search_eval.py "
        + " ".join(f"bench/queries/{n}" for n in name.split())
        + "`.",
        "",
        "| engine | top-1 | top-3 | MRR |",
        "|---|---:|---:|---:|",
    ]
    for e, s in stats.items():
        lo1, hi1 = s["top1_ci"]
        lo3, hi3 = s["top3_ci"]
        lom, him = s["mrr_ci"]
        lines.append(
            f"| {LABELS[e]} | {s['top1']}/{n} = {pct(s['top1'] / n)} ({pct(lo1)}–{pct(hi1)}) "
            f"| {s['top3']}/{n} = {pct(s['top3'] / n)} ({pct(lo3)}–{pct(hi3)}) "
            f"| {s['mrr']:.3f} ({lom:.3f}–{him:.3f}) |"
        )
    if "ours" in ranks and "bm25" in ranks:
        diff = [float(a == 1) - float(b == 1) for a, b in zip(ranks["ours"], ranks["bm25"], strict=True)]
        lo, hi = bootstrap(diff)
        lines += [
            "",
            f"Top-1, ours minus plain BM25 (paired): {100 * sum(diff) / n:+.1f} points "
            f"(95 % bootstrap interval {100 * lo:+.1f} to {100 * hi:+.1f}).",
        ]
    if "_index_gzip" in ranked:
        lines += ["", f"Search data the browser loads (index, gzip -9): {int(ranked['_index_gzip'][0][0]):,} bytes."]
    if not counts_only:
        by_style: dict[str, list[int]] = {}
        for q, r in zip(queries, ranks.get("ours", []), strict=False):
            by_style.setdefault(q.get("style", "?"), []).append(r)
        half = halves(queries)
        lines += [
            "",
            "## Ours by half (tuning split, `halves()`)",
            "",
            "| half | n | top-1 | top-3 |",
            "|---|---:|---:|---:|",
        ]
        for h in ("A", "B"):
            rs = [r for r, x in zip(ranks.get("ours", []), half, strict=False) if x == h]
            lines.append(f"| {h} | {len(rs)} | {sum(r == 1 for r in rs)} | {sum(1 <= r <= 3 for r in rs)} |")
        lines += ["", "## Ours by style", "", "| style | n | top-1 | top-3 |", "|---|---:|---:|---:|"]
        for style, rs in sorted(by_style.items()):
            lines.append(f"| {style} | {len(rs)} | {sum(r == 1 for r in rs)} | {sum(1 <= r <= 3 for r in rs)} |")
        lines += [
            "",
            "## Per query",
            "",
            "| query | answers | ours (rank) | BM25 (rank) | ours top 3 |",
            "|---|---|---:|---:|---|",
        ]
        for i, q in enumerate(queries):
            got = ranked.get("ours", [[]] * n)[i][:3]
            lines.append(
                f"| {q['q'].replace('|', '/')} | {', '.join(q['answers'])} | {ranks.get('ours', [0] * n)[i] or '–'} "
                f"| {ranks.get('bm25', [0] * n)[i] or '–'} | {', '.join(got)} |"
            )
    return "\n".join(lines) + "\n", {e: {k: v for k, v in s.items()} for e, s in stats.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("queries", type=Path, nargs="+", help="query files, evaluated as one set")
    parser.add_argument("--counts-only", action="store_true", help="print aggregate figures only")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: sphinx,bm25,ours")
    parser.add_argument("--no-write", action="store_true", help="print, do not write bench/results/")
    args = parser.parse_args(argv)
    counts_only = args.counts_only or any(p.name == "test.yml" for p in args.queries)
    # Several files are one set (its halves are drawn over all of them).
    queries = [q for p in args.queries for q in yaml.safe_load(p.read_text(encoding="utf-8"))["queries"]]
    ranked = run(queries, tuple(e for e in args.engines.split(",") if e))
    name = " ".join(p.name for p in args.queries)
    text, stats = report(name, queries, ranked, counts_only)
    summary = text.split("\n## ")[0]
    print(summary)
    if not args.no_write:
        stem = "search-eval-" + "+".join(p.stem for p in args.queries)
        (HERE / "results").mkdir(exist_ok=True)
        (HERE / "results" / f"{stem}.md").write_text(text, encoding="utf-8")
        (HERE / "results" / f"{stem}.json").write_text(json.dumps(stats, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
