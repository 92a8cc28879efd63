"""What a published site needs beyond its pages: site files, social tags, 404, dates, edit links."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOTS, Site, run_build

BASE = "https://example.org/playbook/"


def make_site_root(tmp_path: Path, **settings: object) -> Path:
    """The small test playbook laid out like content/: conf.py from site.yml, downloads beside it."""
    root = tmp_path / "repo"
    src = root / "content"
    shutil.copytree(ROOTS / "test-basic", src)
    shutil.move(src / "downloads", root / "downloads")
    (src / "conf.py").write_text(
        "from pathlib import Path\nfrom kb.site import sphinx_config\n"
        "globals().update(sphinx_config(Path(__file__).parent))\n",
        encoding="utf-8",
    )
    site = {"title": "Test playbook", "description": "A small playbook.", **settings}
    (src / "site.yml").write_text(yaml.safe_dump(site), encoding="utf-8")
    return src


def pages(site: Site) -> dict[str, BeautifulSoup]:
    return {
        p.relative_to(site.outdir).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in sorted(site.outdir.rglob("*.html"))
        if not p.relative_to(site.outdir).as_posix().startswith("_")
    }


def meta(soup: BeautifulSoup, key: str) -> list[str]:
    return [
        tag["content"]
        for tag in soup.find_all("meta", attrs={"property": key}) + soup.find_all("meta", attrs={"name": key})
    ]


@pytest.fixture
def published(tmp_path: Path) -> Site:
    src = make_site_root(
        tmp_path, base_url=BASE, cname="playbook.example.org", repository="https://github.com/acme/playbook"
    )
    return run_build(src)


def test_site_files_for_github_pages(published: Site) -> None:
    out = published.outdir
    assert published.warning_lines() == []
    assert (out / ".nojekyll").is_file()
    assert (out / "CNAME").read_text() == "playbook.example.org\n"
    robots = (out / "robots.txt").read_text().splitlines()
    assert robots == ["User-agent: *", "Allow: /", f"Sitemap: {BASE}sitemap.xml"]


def test_sitemap_lists_every_published_page_from_the_base_url(published: Site) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.parse(published.outdir / "sitemap.xml")
    locs = [loc.text for loc in tree.findall("s:url/s:loc", ns)]
    expected = set()
    for name in pages(published):
        if name in ("genindex.html", "search.html", "404.html"):
            continue
        expected.add(BASE + (name[: -len("index.html")] if name.endswith("index.html") else name))
    assert sorted(locs) == sorted(expected)
    assert f"{BASE}patterns/alpha.html" in locs and BASE in locs
    # Every address in the sitemap is a page of this build.
    for loc in locs:
        rel = loc[len(BASE) :]
        assert (published.outdir / (rel + "index.html" if rel.endswith("/") or not rel else rel)).is_file(), loc


def test_every_page_has_one_viewport_and_social_tags(published: Site) -> None:
    site = pages(published)
    assert len(site) > 10
    for name, soup in site.items():
        assert len(soup.find_all("meta", attrs={"name": "viewport"})) == 1, name
        assert meta(soup, "og:title") and meta(soup, "og:site_name") == ["Test playbook"], name
        assert meta(soup, "twitter:card") == ["summary"], name
        assert len(meta(soup, "og:description")) == 1, name
    alpha = site["patterns/alpha.html"]
    assert meta(alpha, "og:title") == ["Alpha pattern"]
    assert meta(alpha, "og:description") == ["Summary of alpha."] == meta(alpha, "twitter:description")
    assert meta(alpha, "og:type") == ["article"]
    assert meta(alpha, "og:url") == [f"{BASE}patterns/alpha.html"]
    assert alpha.find("link", rel="canonical")["href"] == f"{BASE}patterns/alpha.html"
    assert meta(site["index.html"], "og:type") == ["website"]
    assert meta(site["index.html"], "og:description") == ["A small playbook."]
    assert not alpha.find("meta", attrs={"name": "robots"})


def test_social_titles_are_escaped_once(tmp_path: Path, edit) -> None:
    src = make_site_root(tmp_path)
    edit(src / "patterns/alpha.md", "  title: Alpha pattern", "  title: Alpha & <beta> pattern")
    soup = run_build(src).html("patterns/alpha")
    assert meta(soup, "og:title") == ["Alpha & <beta> pattern"] == meta(soup, "twitter:title")


def test_edit_link_points_at_the_source_in_the_repository(published: Site) -> None:
    site = pages(published)
    links = [a["href"] for a in site["patterns/alpha.html"].select(".editthispage a")]
    assert links == ["https://github.com/acme/playbook/edit/main/content/patterns/alpha.md"]
    for generated in ("search.html", "genindex.html", "404.html"):
        assert not site[generated].select(".editthispage"), generated


def test_without_a_repository_there_is_no_edit_link(tmp_path: Path) -> None:
    site = run_build(make_site_root(tmp_path))
    assert not site.html("patterns/alpha").select(".editthispage")


def test_noindex_for_internal_playbooks(tmp_path: Path) -> None:
    site = run_build(make_site_root(tmp_path, base_url=BASE, noindex=True))
    # Crawlers must be allowed to fetch the pages to see their noindex tag; no sitemap invites them.
    assert (site.outdir / "robots.txt").read_text().splitlines() == ["User-agent: *", "Allow: /"]
    assert not (site.outdir / "sitemap.xml").exists()
    for name, soup in pages(site).items():
        assert [m["content"] for m in soup.find_all("meta", attrs={"name": "robots"})] == ["noindex"], name


def test_without_base_url_the_build_says_so_once_and_still_works(tmp_path: Path) -> None:
    site = run_build(make_site_root(tmp_path))
    assert site.warning_lines() == []
    assert site.status.count("base_url is empty") == 1
    out = site.outdir
    assert not (out / "sitemap.xml").exists() and not (out / "CNAME").exists()
    assert (out / "robots.txt").read_text().splitlines() == ["User-agent: *", "Allow: /"]
    assert (out / ".nojekyll").is_file()
    alpha = site.html("patterns/alpha")
    assert not alpha.find("link", rel="canonical") and not meta(alpha, "og:url")
    assert meta(alpha, "og:description") == ["Summary of alpha."]
    # The 404 page resolves its links from the domain root.
    assert BeautifulSoup((out / "404.html").read_text(), "html.parser").find("base")["href"] == "/"


def test_the_footer_keeps_the_cc_by_attribution_when_a_fork_changes_it(tmp_path: Path) -> None:
    site = run_build(make_site_root(tmp_path, footer="Internal use only."))
    footer = site.html("patterns/alpha").select_one("footer.bd-footer")
    text = " ".join(footer.get_text(" ", strip=True).split())
    assert "Internal use only" in text
    assert "ML Collaboration Playbook" in text and "CC BY 4.0" in text
    assert footer.find("a", rel="license")["href"] == "https://creativecommons.org/licenses/by/4.0/"


def git(cwd: Path, *args: str, when: str = "2024-03-05T12:00:00+00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    env |= {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t"}
    env |= {"GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_last_updated_from_git_history_read_once_per_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit
) -> None:
    src = make_site_root(tmp_path, base_url=BASE)
    repo = src.parent
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first", when="2024-03-05T12:00:00+00:00")
    edit(src / "patterns/beta.md", "Summary of beta.", "Summary of beta, revised.")
    git(repo, "commit", "-q", "-am", "second", when="2025-01-20T09:30:00+00:00")

    import kb.history

    calls: list[list[str]] = []
    real_run = kb.history.subprocess.run

    def counting_run(cmd, *args, **kwargs):
        calls.append(cmd)
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(kb.history.subprocess, "run", counting_run)
    site = run_build(src)
    assert len([c for c in calls if "log" in c]) == 1  # one git log for the whole build
    dates = {
        name: soup.select_one(".kb-last-updated time")["datetime"]
        for name, soup in pages(site).items()
        if soup.select_one(".kb-last-updated time")
    }
    assert dates["patterns/alpha.html"] == "2024-03-05"
    assert dates["patterns/beta.html"] == "2025-01-20"
    assert site.html("patterns/beta").select_one(".kb-last-updated").get_text(" ", strip=True) == (
        "Last updated 20 January 2025"
    )
    assert "search.html" not in dates and "404.html" not in dates
    sitemap = (site.outdir / "sitemap.xml").read_text()
    assert f"<loc>{BASE}patterns/beta.html</loc><lastmod>2025-01-20</lastmod>" in sitemap


def test_outside_git_pages_have_no_date_and_no_warning(tmp_path: Path) -> None:
    site = run_build(make_site_root(tmp_path))
    assert site.warning_lines() == []
    assert not site.html("patterns/alpha").select(".kb-last-updated")


def test_real_site_pages_carry_one_viewport_and_social_tags(real_site: Site) -> None:
    site = pages(real_site)
    for name, soup in site.items():
        assert len(soup.find_all("meta", attrs={"name": "viewport"})) == 1, name
        assert meta(soup, "og:title"), name
    assert (real_site.outdir / ".nojekyll").is_file() and (real_site.outdir / "404.html").is_file()
    assert "CC BY 4.0" in site["index.html"].select_one("footer.bd-footer").get_text()


def test_dirhtml_publishes_folder_addresses_and_a_root_404(tmp_path: Path) -> None:
    site = run_build(make_site_root(tmp_path, base_url=BASE), buildername="dirhtml")
    assert site.warning_lines() == []
    sitemap = (site.outdir / "sitemap.xml").read_text()
    assert f"<loc>{BASE}patterns/alpha/</loc>" in sitemap and f"<loc>{BASE}</loc>" in sitemap
    not_found = BeautifulSoup((site.outdir / "404.html").read_text(), "html.parser")
    assert not_found.find("base")["href"] == f"{BASE}404/"  # its links were written relative to 404/
    assert not (site.outdir / "404").exists()


def test_parallel_and_incremental_builds_publish_the_same_files(tmp_path: Path, edit) -> None:
    src = make_site_root(tmp_path, base_url=BASE)
    files = ("patterns.json", "sitemap.xml", "robots.txt", "404.html", "patterns/alpha.html")
    serial = run_build(src, outdir=tmp_path / "serial" / "html")
    parallel = run_build(src, outdir=tmp_path / "parallel" / "html", parallel=2)
    assert parallel.warning_lines() == []
    for name in files:
        assert (serial.outdir / name).read_text() == (parallel.outdir / name).read_text(), name
    # An edit reaches the export and the page's social tags in the next (incremental) build.
    edit(src / "patterns/alpha.md", "Summary of alpha.", "Summary of alpha, revised.")
    again = run_build(src, outdir=serial.outdir)
    assert "patterns/alpha" in again.written
    exported = {e["id"]: e for e in json.loads((again.outdir / "patterns.json").read_text())["entries"]}
    assert exported["alpha"]["summary"] == "Summary of alpha, revised."
    assert meta(again.html("patterns/alpha"), "og:description") == ["Summary of alpha, revised."]
    assert (again.outdir / "sitemap.xml").read_text() == (parallel.outdir / "sitemap.xml").read_text()
