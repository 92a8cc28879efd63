"""Hostile text in every field of every kind of file is shown as text, never run, never breaks a page.

Every front-matter field, taxonomy term, bibliography field, site setting and synonym below
carries a payload that tries each way out of its context: closing an element, opening an HTML
comment inside a script, leaving an attribute, starting a template expression, a line separator.
The built HTML, JavaScript and JSON are inspected, then every page type is opened in Chromium
(with hostile values in the address too) to check that nothing runs and every page is whole.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, ROOTS, Site, run_build, serve

PAYLOAD = (
    '<!--<script>window.__pwned=1</script>"\'><img src=x onerror="window.__pwned=2;alert(2)">'
    "</script><svg onload=alert(3)>{{7*7}}\u2028&amp;"
)
MARK = "__pwned"
#: Parts of the payload that survive typography (smart quotes turn '"' into curly quotes).
FRAGMENTS = ("<script>window.__pwned=1</script>", "<img src=x onerror=", "<svg onload=alert(3)>", "{{7*7}}")


def shows_payload(text: str, tag: str) -> bool:
    """``text`` shows the payload tagged ``tag`` as readable text."""
    start = text.find(tag)
    return start >= 0 and all(fragment in text[start:] for fragment in FRAGMENTS)


def _q(tag: str) -> str:
    """The payload as a YAML (and JSON) string, tagged with where it was put."""
    return json.dumps(f"{tag} {PAYLOAD}")


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("hostile")
    src = root / "content"
    shutil.copytree(ROOTS / "test-basic", src, ignore=shutil.ignore_patterns("downloads", "conf.py"))
    shutil.copytree(ROOTS / "test-basic" / "downloads", root / "downloads")
    shutil.copy(REPO / "content" / "conf.py", src / "conf.py")
    (src / "finder.md").write_text("# Finder\n\n```{kb-finder}\n```\n", encoding="utf-8")
    (src / "matrix.md").write_text("# Matrix\n\n```{kb-matrix}\n```\n", encoding="utf-8")
    _set(src / "index.md", "evidence\n```", "evidence\nfinder\nmatrix\n```")
    site = {
        key: _q(f"site-{key}") for key in ("title", "short_title", "description", "author", "copyright_year", "footer")
    }
    (src / "site.yml").write_text(
        "".join(f"{k}: {v}\n" for k, v in site.items())
        + "repository: https://example.org/repo\nprimary_color: '#1f5f8b'\n",
        encoding="utf-8",
    )
    (src / "synonyms.yml").write_text(f"- [ds, {_q('synonym')}]\n", encoding="utf-8")
    alpha = src / "patterns/alpha.md"
    _set(alpha, "  title: Alpha pattern", f"  title: {_q('pattern-title')}")
    _set(alpha, "  summary: Summary of alpha.", f"  summary: {_q('pattern-summary')}")
    _set(alpha, "  aliases: [alias-alpha]", f"  aliases: [{_q('pattern-alias')}]")
    _set(alpha, "    - First symptom of alpha.", f"    - {_q('pattern-symptom')}")
    _set(alpha, "    - A cause of alpha.", f"    - {_q('pattern-cause')}")
    _set(alpha, "      note: Note on alpha.", f"      note: {_q('pattern-evidence-note')}")
    _set(alpha, "Body text of alpha", f"Body text `{PAYLOAD}` of alpha")
    practice = src / "practices/practice-one.md"
    _set(practice, "  title: Practice one", f"  title: {_q('practice-title')}")
    _set(practice, "  summary: Summary of practice-one.", f"  summary: {_q('practice-summary')}")
    role = src / "roles/dev.md"
    _set(role, "  title: Developer", f"  title: {_q('role-title')}")
    _set(role, "  summary: Summary of dev.", f"  summary: {_q('role-summary')}")
    _set(role, "  aliases: [DEV]", f"  aliases: [{_q('role-alias')}]")
    _set(role, "{entry: alpha, why: Start here.}", f"{{entry: alpha, why: {_q('path-why')}}}")
    taxonomy = src / "taxonomy.yml"
    _set(
        taxonomy,
        "data: {title: Data, description: Finding",
        f"data: {{title: {_q('phase-title')}, description: Finding",
    )
    _set(
        taxonomy,
        "description: Finding, accessing, understanding, cleaning and labelling the data.}",
        f"description: {_q('phase-description')}}}",
    )
    _set(
        taxonomy,
        "  data: {title: Data, description: Access",
        f"  data: {{title: {_q('theme-title')}, description: Access",
    )
    _set(taxonomy, "reported: {title: Reported by the study,", f"reported: {{title: {_q('strength-title')},")
    bib = src / "references.bib"
    bib_payload = PAYLOAD.replace("{{", "").replace("}}", "")
    _set(bib, "title = {A Study of Collaboration}", f"title = {{bib-title {bib_payload}}}")
    _set(bib, "booktitle = {Proceedings of a Conference}", f"booktitle = {{bib-venue {bib_payload}}}")
    built = run_build(src, outdir=root / "_build" / "html")
    assert [line for line in built.warning_lines() if "[kb" in line] == []
    return built


def _pages(site: Site) -> list[Path]:
    return [p for p in sorted(site.outdir.rglob("*.html")) if "_static" not in p.parts]


def test_payloads_reach_the_pages_as_text(hostile_site: Site) -> None:
    alpha = hostile_site.html("patterns/alpha")
    assert shows_payload(alpha.select_one("h1").get_text(), "pattern-title")
    assert shows_payload(alpha.select_one(".logo__title").get_text(), "site-title")
    assert shows_payload(alpha.select_one("footer.bd-footer").get_text(), "site-footer")
    for tag in ("pattern-symptom", "pattern-cause", "pattern-evidence-note", "phase-title", "theme-title"):
        assert shows_payload(alpha.get_text(), tag), tag
    assert shows_payload(hostile_site.html("roles/dev").get_text(), "path-why")
    evidence = hostile_site.html("evidence").get_text()
    assert shows_payload(evidence, "bib-title") and shows_payload(evidence, "bib-venue")


def test_no_payload_becomes_markup_anywhere(hostile_site: Site) -> None:
    pages = _pages(hostile_site)
    assert len(pages) >= 12
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        assert "<!--<script>" not in raw and "<img src=x" not in raw and "<svg onload" not in raw, page
        soup = BeautifulSoup(raw, "html.parser")
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                values = value if isinstance(value, list) else [value]
                assert not (name.startswith("on") and any(MARK in v for v in values)), (page, tag.name, name)
            if tag.name in ("img", "svg") and MARK in str(tag):
                pytest.fail(f"{page}: an element was injected: {tag}")
        for script in soup.find_all("script"):
            body = script.string or ""
            if script.get("type") == "application/json":
                assert "<" not in body and json.loads(body), page  # a data island: parses, no '<' left
            else:
                assert MARK not in body, (page, body[:200])


def test_search_index_holds_payloads_only_as_json_strings(hostile_site: Site) -> None:
    text = (hostile_site.outdir / "_static/kb-search-index.js").read_text(encoding="utf-8")
    prefix, suffix = "window.kbSearchIndex=", ";\n"
    assert text.startswith(prefix) and text.endswith(suffix)
    index = json.loads(text[len(prefix) : -len(suffix)])
    assert any(shows_payload(doc["t"], "pattern-title") for doc in index["docs"])


#: Every page type, some with hostile values in the address as well.
VISITS = [
    "index.html",
    "patterns/alpha.html",
    "practices/practice-one.html",
    "roles/dev.html",
    "patterns/index.html",
    f"patterns/index.html?phases={quote(PAYLOAD)}&themes=data,{quote(PAYLOAD)}",
    "finder.html",
    f"finder.html?s=alpha.0,{quote(PAYLOAD)}",
    "matrix.html",
    "evidence.html",
    "practices/index.html",
    "roles/index.html",
    "genindex.html",
    "search.html?q=" + quote("alpha " + PAYLOAD),
    "search.html?q=" + quote("pattern-title"),
    "404.html",
]


@pytest.mark.browser
def test_no_payload_runs_and_every_page_is_whole(hostile_site: Site, browser) -> None:
    server = serve(hostile_site.outdir)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    dialogs: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for visit in VISITS:
            page.goto(f"{base}/{visit}")
            page.wait_for_load_state("load")
            if visit.startswith("search.html"):
                page.locator(".kb-search-results .kb-result").first.wait_for()
                assert "pattern-title" in page.locator("#kb-search-page .kb-search-results").inner_text()
            if visit.startswith("finder.html?"):
                page.locator("#kb-finder-list li").first.wait_for()  # the tick in the address was applied
            assert page.evaluate(f"() => window.{MARK}") is None, visit
            footer = page.locator("footer.bd-footer")
            assert footer.count() == 1 and "site-footer" in footer.inner_text(), visit
        # Typing a payload into the search box renders it as text too.
        page.goto(f"{base}/search.html")
        page.fill("#kb-search-input", PAYLOAD)
        page.locator("#kb-search-page .kb-search-status").filter(has_text="for").wait_for()
        assert page.evaluate(f"() => window.{MARK}") is None
    finally:
        page.close()
        server.shutdown()
    assert dialogs == []
