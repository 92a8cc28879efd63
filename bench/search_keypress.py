"""Keypress-to-results time of the playbook search at 3,000 patterns, in headless Chromium.

    python bench/search_keypress.py            # writes bench/results/search-keypress.md

The real site is built once; its search index is then replaced by the index the build writes for a
3,000-pattern synthetic playbook (bench/generate.py, the build's own record function), so the
browser searches 3,000 patterns with the real page and scripts. Each query is typed one character at
a time; for every keystroke we time from the input event to the results list changing (what a
reader sees), and separately the ranking call alone. Times are this machine's, in this run.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import platform
import random
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from bench.generate import WORDS, phrasings_per_pattern, write_playbook  # noqa: E402
from kb.model.entries import validate  # noqa: E402
from kb.model.frontmatter import parse  # noqa: E402
from kb.model.vocab import Vocabulary, load_bibliography, load_taxonomy  # noqa: E402
from kb.views.search_index import index_json, load_synonyms, search_record  # noqa: E402

WORK = HERE / "work" / "search-keypress"
FOLDERS = {"pattern": "patterns", "practice": "practices", "role": "roles"}
QUERIES = [
    "our model works in the notebook but breaks in production",
    "who owns monitoring after launch",
    "data scientsts dont write tests",
    "DS and SE don't speak the same language",
]

TYPE = """async (query) => {
  const input = document.getElementById('kb-search-input');
  const list = document.querySelector('#kb-search-page .kb-search-results');
  await kbSearch.load();
  const times = [];
  input.value = '';
  for (let n = 1; n <= query.length; n++) {
    const changed = new Promise((resolve) => {
      const obs = new MutationObserver(() => { obs.disconnect(); resolve(performance.now()); });
      obs.observe(list, {childList: true});
      setTimeout(() => { obs.disconnect(); resolve(null); }, 1000);
    });
    input.value = query.slice(0, n);
    const t0 = performance.now();
    input.dispatchEvent(new Event('input', {bubbles: true}));
    const t1 = await changed;
    if (t1 !== null && query.slice(0, n).trim()) times.push(t1 - t0);
  }
  return times;
}"""

RANK = """(query) => kbSearch.load().then((index) => {
  const times = [];
  for (let n = 1; n <= query.length; n++) {
    const t0 = performance.now();
    kbSearch.search(index, query.slice(0, n), {typing: true, limit: 20});
    times.push(performance.now() - t0);
  }
  return times;
})"""


def large_index(n_patterns: int) -> str:
    src = WORK / "large"
    write_playbook(src, n_patterns)
    vocab = Vocabulary()
    load_taxonomy(src / "taxonomy.yml", vocab)
    load_bibliography(src / "references.bib", vocab)
    records = []
    rng = random.Random(3000)
    phrasings = phrasings_per_pattern()
    for kind, folder in FOLDERS.items():
        for path in sorted((src / folder).glob("*.md")):
            if path.stem == "index":
                continue
            text = path.read_text(encoding="utf-8")
            entry, _ = validate(path.stem, kind, parse(text)[0], vocab)  # type: ignore[arg-type]
            if kind == "pattern":
                # As many readers' phrasings as the real patterns have on average (8 to 9 words; 10 here).
                words = tuple(" ".join(rng.choice(WORDS) for _ in range(10)) for _ in range(phrasings))
                entry = dataclasses.replace(entry, in_their_words=words)
            record = search_record(entry.title, kind, text.split("---", 2)[2], entry)
            records.append('{"u":' + json.dumps(f"{folder}/{path.stem}.html") + "," + record[1:])
    return f"window.kbSearchIndex={index_json(records, load_synonyms(src / 'synonyms.yml'))};\n"


def pctl(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def main() -> int:
    from conftest import CHROMIUM_ARGS, serve
    from playwright.sync_api import sync_playwright

    from tasks import find_chromium

    shutil.rmtree(WORK, ignore_errors=True)
    site = WORK / "site"
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(WORK / "dt"), str(REPO / "content"), str(site)],
        check=True,
    )
    payload = large_index(3000)
    (site / "_static/kb-search-index.js").write_text(payload, encoding="utf-8")
    size = len(gzip.compress(payload.encode("utf-8"), 9))
    keypress: list[float] = []
    rank: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        server = serve(site)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/search.html")
        page.evaluate(RANK, "warm up")
        for q in QUERIES:
            keypress += page.evaluate(TYPE, q)
            rank += page.evaluate(RANK, q)
        browser.close()
        server.shutdown()
    lines = [
        "# Search: keypress to results at 3,000 patterns",
        "",
        f"Machine: {platform.platform()}, Python {platform.python_version()}, headless Chromium. "
        "Produced by `python bench/search_keypress.py`. Times in this run only.",
        "",
        f"Index: 3,000 synthetic patterns (bench/generate.py) plus practices and roles, {size:,} bytes gzip. "
        f"{len(QUERIES)} queries typed one character at a time: {len(keypress)} keystrokes.",
        "",
        "| measure | median | 95th percentile | max |",
        "|---|---:|---:|---:|",
        f"| input event to results list updated | {statistics.median(keypress):.1f} ms | {pctl(keypress, 0.95):.1f} ms | {max(keypress):.1f} ms |",
        f"| ranking call alone | {statistics.median(rank):.1f} ms | {pctl(rank, 0.95):.1f} ms | {max(rank):.1f} ms |",
        "",
    ]
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results/search-keypress.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
