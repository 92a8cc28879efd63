"""The real playbook: a clean strict build, no broken internal links or anchors, no orphans,
under both site builders (html and dirhtml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import Site

#: Attributes that make the browser fetch or follow something on the site.
URL_ATTRIBUTES = {"href": "a[href], link[href], area[href]", "src": "[src]"}
#: Pages no link needs to lead to: Sphinx's generated pages, the 404 page, redirects.
UNLINKED = {"genindex.html", "search.html", "404.html"}


@dataclass
class Crawl:
    """Every page of a built site, every internal URL in it, and what it found wrong."""

    pages: dict[str, BeautifulSoup]
    links: int = 0
    broken: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)


def is_redirect(soup: BeautifulSoup) -> bool:
    return soup.find("meta", attrs={"http-equiv": lambda v: v and v.lower() == "refresh"}) is not None


def page_file(outdir: Path, target: str) -> str | None:
    """The HTML file a site path serves (``x/`` serves ``x/index.html``), if it exists."""
    path = outdir / target
    if target == "" or target.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path.relative_to(outdir).as_posix() if path.is_file() else None


def _resolve(url: str, here: str, base_path: str) -> str | None:
    """``url`` on the stand-in origin ``http://site/``, or None when it leaves the site's path."""
    if url.startswith("/"):
        return f"http://site/{url[len(base_path) :]}" if url.startswith(base_path) else None
    return urljoin(here, url)


def crawl(outdir: Path, base_path: str = "/") -> Crawl:
    """Check every internal URL of the site in ``outdir``, served at ``base_path`` (a 404 page
    served for any address links from the site root, e.g. ``/playbook/index.html``)."""
    pages = {
        p.relative_to(outdir).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in sorted(outdir.rglob("*.html"))
        if not p.relative_to(outdir).as_posix().startswith("_")
    }
    result = Crawl(pages)
    ids = {name: {tag["id"] for tag in soup.select("[id]")} for name, soup in pages.items()}
    graph: dict[str, set[str]] = {}
    for name, soup in pages.items():
        # Resolve as the browser does, on a stand-in origin: against <base href> when the page
        # has one (the 404 page, served at any address), and without ?digest= cache busters.
        here = f"http://site/{name}"
        base = soup.find("base", href=True)
        if base is not None:
            here = _resolve(base["href"], here, base_path) or here
        for attribute, selector in URL_ATTRIBUTES.items():
            for tag in soup.select(selector):
                url = tag[attribute]
                if urlparse(url).scheme or url.startswith("//"):
                    continue  # external: `invoke linkcheck`
                result.links += 1
                resolved = _resolve(url, here, base_path)
                if resolved is None:
                    result.broken.append(f"{name}: {attribute}={url} (outside the site)")
                    continue
                absolute = urlsplit(resolved)
                target, fragment = unquote(absolute.path).lstrip("/"), unquote(absolute.fragment)
                file = page_file(outdir, target) if not Path(target).suffix or target.endswith(".html") else None
                if file is None and not (outdir / target).is_file():
                    result.broken.append(f"{name}: {attribute}={url}")
                elif file is not None and fragment and fragment not in ids.get(file, set()):
                    result.broken.append(f"{name}: {attribute}={url} (no such anchor)")
                elif file is not None and tag.name == "a":
                    graph.setdefault(name, set()).add(file)
    # Reachability follows what a reader can click: the article, the navigation, the path links.
    seen, queue = {"index.html"}, ["index.html"]
    while queue:
        for target in graph.get(queue.pop(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    exempt = {n for n, soup in pages.items() if n.rsplit("/", 1)[-1] in UNLINKED or is_redirect(soup)}
    exempt |= {n for n in pages if n.endswith(("genindex/index.html", "search/index.html"))}
    result.unreachable = sorted(set(pages) - seen - exempt)
    return result


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def crawled(request: pytest.FixtureRequest) -> tuple[Site, Crawl]:
    site: Site = request.getfixturevalue("real_site" if request.param == "html" else "real_dirhtml_site")
    base_url = site.app.config.html_baseurl if site.app else ""
    return site, crawl(site.outdir, urlparse(base_url).path.rstrip("/") + "/")


def test_real_content_builds_without_warnings(real_site: Site) -> None:
    assert real_site.warning_lines() == []


def test_no_broken_internal_links_sources_or_anchors(crawled: tuple[Site, Crawl]) -> None:
    _site, result = crawled
    assert len(result.pages) > 60 and result.links > 5000
    assert result.broken == []


def test_every_page_is_reachable_from_the_home_page(crawled: tuple[Site, Crawl]) -> None:
    _site, result = crawled
    assert result.unreachable == []


def test_the_crawler_finds_what_is_broken(tmp_path: Path) -> None:
    pages = {
        "index.html": '<a href="a.html#top">a</a> <a href="sub/">sub</a> <img src="_static/missing.png">',
        "a.html": '<h1 id="top">A</h1><a href="index.html#nowhere">back</a><script src="_static/x.js"></script>',
        "sub/index.html": '<a href="../gone.html">gone</a><link rel="stylesheet" href="../_static/x.css">',
        "orphan.html": "<p>nobody links here</p>",
        # Exempt from reachability, but their links are checked (root-relative from the 404 page).
        "404.html": '<a href="/site/index.html">home</a> <a href="/site/nope.html">x</a> <a href="/other/">y</a>',
        "old.html": '<meta http-equiv="refresh" content="0; url=a.html"><a href="missing.html">a</a>',
        # With <base>, relative links (even "#top") resolve against it, not against the page.
        "deep/404.html": '<base href="/site/"><a href="a.html#top">a</a> <a href="#top">top</a>',
    }
    for name, body in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"<html><body>{body}</body></html>")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static/x.js").write_text("")
    (tmp_path / "_static/x.css").write_text("")
    result = crawl(tmp_path, base_path="/site/")
    assert sorted(result.broken) == [
        "404.html: href=/other/ (outside the site)",
        "404.html: href=/site/nope.html",
        "a.html: href=index.html#nowhere (no such anchor)",
        "deep/404.html: href=#top (no such anchor)",
        "index.html: src=_static/missing.png",
        "old.html: href=missing.html",
        "sub/index.html: href=../gone.html",
    ]
    assert result.unreachable == ["orphan.html"]
    assert result.links == 13
