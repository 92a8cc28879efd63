"""The real playbook: a clean strict build, no broken internal links or anchors, no orphans."""

from __future__ import annotations

from urllib.parse import unquote, urldefrag, urljoin

from bs4 import BeautifulSoup
from conftest import Site


def test_real_content_builds_without_warnings(real_site: Site) -> None:
    assert real_site.warning_lines() == []


def _pages(site: Site) -> dict[str, BeautifulSoup]:
    return {
        p.relative_to(site.outdir).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in site.outdir.rglob("*.html")
        if not p.relative_to(site.outdir).as_posix().startswith("_")
    }


def test_no_broken_internal_links_or_anchors(real_site: Site) -> None:
    pages = _pages(real_site)
    ids = {name: {tag["id"] for tag in soup.select("[id]")} for name, soup in pages.items()}
    broken = []
    for name, soup in pages.items():
        for a in soup.select("a[href]"):
            href = a["href"]
            if href.startswith(("http:", "https:", "mailto:", "javascript:")) or href.startswith("//"):
                continue
            target, fragment = urldefrag(urljoin(name, unquote(href)))
            target = target or name
            if not (real_site.outdir / target).exists():
                broken.append(f"{name}: {href}")
            elif fragment and target.endswith(".html") and fragment not in ids.get(target, set()):
                broken.append(f"{name}: {href} (no anchor)")
    assert broken == []


def test_every_page_is_reachable_from_the_home_page(real_site: Site) -> None:
    pages = _pages(real_site)
    seen, queue = {"index.html"}, ["index.html"]
    while queue:
        name = queue.pop()
        for a in pages[name].select("article a[href], nav a[href], .kb-path-nav a[href]"):
            target = urldefrag(urljoin(name, a["href"]))[0]
            if target in pages and target not in seen:
                seen.add(target)
                queue.append(target)
    content = {n for n in pages if n not in ("genindex.html", "search.html")}
    assert sorted(content - seen) == []
