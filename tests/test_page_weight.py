"""Page weight as GitHub Pages serves it (gzip): a pattern page stays under 200 KB, loads no
search data, and does not grow when the playbook grows."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from conftest import Site, run_build, serve

pytestmark = pytest.mark.browser
BUDGET = 200 * 1024


def weight(browser, site_dir: Path, path: str) -> dict[str, int]:
    server = serve(site_dir)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    responses = []
    page.on("response", lambda r: responses.append(r))
    page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}")
    page.wait_for_load_state("networkidle")
    sizes: dict[str, int] = {}
    for response in responses:
        name = response.url.split("?")[0].rsplit("/", 1)[-1]
        kind = "search" if "search" in name and "index" in name else name.rsplit(".", 1)[-1]
        sizes[kind] = sizes.get(kind, 0) + len(gzip.compress(response.body(), 9))
    page.close()
    server.shutdown()
    sizes["total"] = sum(sizes.values())
    return sizes


def test_pattern_page_is_within_budget_and_loads_no_search_data(browser, real_site: Site) -> None:
    sizes = weight(browser, real_site.outdir, "patterns/expertise-gap.html")
    assert sizes["total"] <= BUDGET, sizes
    assert "search" not in sizes, sizes


def test_catalogue_and_home_are_within_budget(browser, real_site: Site) -> None:
    for path in ("patterns/index.html", "index.html"):
        sizes = weight(browser, real_site.outdir, path)
        assert sizes["total"] <= BUDGET, (path, sizes)


def test_pattern_page_does_not_grow_with_the_playbook(browser, basic_root: Path, tmp_path: Path) -> None:
    small = run_build(basic_root, outdir=tmp_path / "small" / "html")
    before = weight(browser, small.outdir, "patterns/alpha.html")
    template = (basic_root / "patterns/gamma.md").read_text()
    for i in range(300):
        text = template.replace("title: Gamma pattern", f"title: Extra pattern {i}")
        (basic_root / f"patterns/extra-{i:03d}.md").write_text(text)
    large = run_build(basic_root, outdir=tmp_path / "large" / "html")
    assert large.warning_lines() == []
    after = weight(browser, large.outdir, "patterns/alpha.html")
    assert after == before


def test_our_scripts_ship_minified_and_still_search(browser, real_site: Site, real_url: str) -> None:
    """kb/minify.py: the copies readers download have no comments and a third fewer gzip bytes than
    the sources, and they still work (the search finds a page by its title)."""
    for name in ("kb-search.js", "kb-explore.js"):
        source = (Path(__file__).parent.parent / "kb" / "theme" / "static" / name).read_text(encoding="utf-8")
        shipped = (real_site.outdir / "_static" / name).read_text(encoding="utf-8")
        assert source.startswith("/*") and "/*" not in shipped and "\n  //" not in shipped, name
        assert len(gzip.compress(shipped.encode(), 9)) < 0.8 * len(gzip.compress(source.encode(), 9)), name
    page = browser.new_page()
    page.goto(f"{real_url}/search.html")
    first = page.evaluate("() => kbSearch.load().then(i => kbSearch.search(i, 'siloed roles', {})[0].doc.u)")
    assert first == "patterns/siloed-roles.html"
    page.close()
