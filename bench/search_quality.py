"""Search quality: the playbook's search against Sphinx's default search, on the same query set.

Both run in headless Chromium on the real content: ours on the playbook build, Sphinx's on a
plain build of the same pages (pydata-sphinx-theme defaults, Sphinx's own search page).
Writes bench/results/search-quality.md and .json. Run: python bench/search_quality.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote_plus

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import yaml  # noqa: E402

from bench.generate import Entry, write_plain  # noqa: E402
from kb.model.entries import validate  # noqa: E402
from kb.model.frontmatter import parse  # noqa: E402
from kb.model.vocab import Vocabulary, load_bibliography, load_taxonomy  # noqa: E402

WORK = HERE / "work" / "search-quality"
FOLDERS = {"pattern": "patterns", "practice": "practices", "role": "roles"}


def real_entries() -> list[Entry]:
    vocab = Vocabulary()
    load_taxonomy(REPO / "content/taxonomy.yml", vocab)
    load_bibliography(REPO / "content/references.bib", vocab)
    out = []
    for kind, folder in FOLDERS.items():
        for path in sorted((REPO / "content" / folder).glob("*.md")):
            if path.stem == "index":
                continue
            text = path.read_text(encoding="utf-8")
            fm, _ = parse(text)
            e, _ = validate(path.stem, kind, fm, vocab)  # type: ignore[arg-type]
            fields: dict[str, object] = {"summary": e.summary}
            for name in ("symptoms", "causes", "practices", "related", "leads"):
                if getattr(e, name):
                    fields[name] = list(getattr(e, name))
            if e.evidence:
                fields["evidence"] = [(ev.key, ev.strength) for ev in e.evidence]
            if e.path:
                fields["path"] = [(s.entry, s.why) for s in e.path]
            body = text.split("---", 2)[2]
            out.append(Entry(kind, e.id, e.title, fields, body))
    return out


def sphinx_results(page, base: str, query: str) -> list[str]:
    page.goto(f"{base}/search.html?q={quote_plus(query)}")
    page.wait_for_function("() => !!document.querySelector('#search-results .search-summary, #search-results p')")
    page.wait_for_function(
        "() => !document.querySelector('#search-results h2') || !document.querySelector('#search-results h2').textContent.includes('Searching')",
        timeout=10000,
    )
    hrefs = page.locator("#search-results ul.search li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return [h.split("?")[0].split("#")[0].rsplit("/", 1)[-1].removesuffix(".html") for h in hrefs]


def main() -> int:
    from conftest import CHROMIUM_ARGS, serve
    from playwright.sync_api import sync_playwright

    from tasks import find_chromium

    queries = yaml.safe_load((REPO / "tests/search_queries.yml").read_text())
    shutil.rmtree(WORK, ignore_errors=True)
    write_plain(WORK / "plain", real_entries(), theme_defaults=True)
    for name, src in (("plain", WORK / "plain"), ("playbook", REPO / "content")):
        subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(WORK / f"out-{name}")], check=True
        )
    scores = {"sphinx": [0, 0], "playbook": [0, 0]}
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        plain_server, kb_server = serve(WORK / "out-plain"), serve(WORK / "out-playbook")
        plain_base = f"http://127.0.0.1:{plain_server.server_address[1]}"
        kb_base = f"http://127.0.0.1:{kb_server.server_address[1]}"
        page = browser.new_page()
        ours = browser.new_page()
        ours.goto(f"{kb_base}/search.html")
        for item in queries:
            theirs = sphinx_results(page, plain_base, item["q"])[:3]
            mine = ours.evaluate(
                "q => kbSearch.load().then(i => kbSearch.search(i, q, {}).slice(0, 3).map(r => r.doc.u.split('/').pop().replace('.html', '')))",
                item["q"],
            )
            for name, got in (("sphinx", theirs), ("playbook", mine)):
                scores[name][0] += bool(got[:1] == [item["expect"]])
                scores[name][1] += item["expect"] in got
            rows.append({"q": item["q"], "expect": item["expect"], "sphinx": theirs, "playbook": mine})
        browser.close()
        plain_server.shutdown()
        kb_server.shutdown()
    n = len(queries)
    index_bytes = (WORK / "out-playbook/_static/kb-search-index.js").stat().st_size
    sphinx_bytes = (WORK / "out-plain/searchindex.js").stat().st_size
    import gzip

    index_gz = len(gzip.compress((WORK / "out-playbook/_static/kb-search-index.js").read_bytes(), 9))
    sphinx_gz = len(gzip.compress((WORK / "out-plain/searchindex.js").read_bytes(), 9))
    lines = [
        "# Search quality on the real playbook",
        "",
        f"{n} queries from `tests/search_queries.yml`, written the way people describe problems "
        f"({sum(q['new_words'] for q in queries)} of them use words that are not in the pattern's title).",
        "",
        "| engine | top-1 | top-3 | index size (raw / gzip) | loaded on every page view? |",
        "|---|---:|---:|---:|---|",
        f"| Sphinx default search (pydata-sphinx-theme defaults) | {scores['sphinx'][0]}/{n} | {scores['sphinx'][1]}/{n} | "
        f"{sphinx_bytes:,} / {sphinx_gz:,} B | yes |",
        f"| playbook search | {scores['playbook'][0]}/{n} | {scores['playbook'][1]}/{n} | {index_bytes:,} / {index_gz:,} B | no, on first search |",
        "",
        "| query | expected | Sphinx top 3 | playbook top 3 |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r['q']} | {r['expect']} | {', '.join(r['sphinx']) or '–'} | {', '.join(r['playbook'])} |" for r in rows
    ]
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results/search-quality.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (HERE / "results/search-quality.json").write_text(
        json.dumps({"scores": scores, "n": n, "rows": rows}, indent=1), encoding="utf-8"
    )
    print("\n".join(lines[:9]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
