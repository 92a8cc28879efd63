"""Every page that leans on the founding study says how small its base is (issue 11, item 5).

The founding study (busquim2024interaction) interviewed four practitioners on one project. A reader
who meets it on any page, in prose, an evidence note or a reading-path reason, should learn that
without having to open the evidence page.
"""

from __future__ import annotations

import re

from conftest import Site

NAMES_FOUNDING_STUDY = re.compile(r"founding study|founding-study|Busquim et al\.?,? 2024\b", re.I)
STATES_BASE = (re.compile(r"\bfour (practitioners|interviews|people)\b", re.I), re.compile(r"\bone project\b", re.I))


def citing_pages(site: Site) -> dict[str, str]:
    pages = {}
    for path in sorted(site.outdir.rglob("*.html")):
        rel = path.relative_to(site.outdir).as_posix()
        if rel.startswith(("_static", "_sources")) or rel in ("genindex.html", "search.html"):
            continue
        article = site.html(rel.removesuffix(".html")).select_one("article.bd-article")
        if article is None:
            continue
        text = " ".join(article.get_text(" ").split())
        cites = any("busquim2024interaction" in (a.get("href") or "") for a in article.select("a"))
        if cites or NAMES_FOUNDING_STUDY.search(text):
            pages[rel] = text
    return pages


def test_every_page_citing_the_founding_study_states_its_base(real_site: Site) -> None:
    pages = citing_pages(real_site)
    # The study is cited widely; an empty or tiny list means the detection broke, not the content.
    assert len(pages) >= 20, sorted(pages)
    missing = [rel for rel, text in pages.items() if not all(rx.search(text) for rx in STATES_BASE)]
    assert missing == [], "name the founding study's base (four practitioners on one project) on: " + ", ".join(missing)


def test_the_check_notices_a_page_without_the_base(basic_root, tmp_path) -> None:
    """The detection itself: a page naming the founding study without its base is reported."""
    from conftest import run_build

    page = basic_root / "patterns" / "alpha.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nThe founding study names this.\n", encoding="utf-8")
    site = run_build(basic_root)
    pages = citing_pages(site)
    assert "patterns/alpha.html" in pages
    assert not all(rx.search(pages["patterns/alpha.html"]) for rx in STATES_BASE)
