"""Every builder works or refuses clearly: the site (html, dirhtml), one page (singlehtml),
books and text (epub, latex, text), and linkcheck; and two builds of one commit are identical."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, ROOTS, run_build

NEW_PATTERN = (ROOTS / "test-basic/patterns/gamma.md").read_text().replace("Gamma pattern", "Delta pattern")


def add_explore_pages(root: Path) -> Path:
    """The small playbook plus the symptom finder and the matrix, which it does not have."""
    (root / "finder.md").write_text("# Symptom finder\n\n```{kb-finder}\n```\n")
    (root / "matrix.md").write_text("# Responsibility matrix\n\n```{kb-matrix}\n```\n")
    index = root / "index.md"
    index.write_text(index.read_text().replace("evidence\n```", "evidence\nfinder\nmatrix\n```"))
    return root


@pytest.fixture
def explore_root(basic_root: Path) -> Path:
    return add_explore_pages(basic_root)


# -- incremental delete under each site builder ------------------------------------------------


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_incremental_delete_removes_the_page_under_each_site_builder(basic_root: Path, builder: str) -> None:
    (basic_root / "patterns/delta.md").write_text(NEW_PATTERN)
    first = run_build(basic_root, buildername=builder)
    page = Path(first.app.builder.get_outfilename("patterns/delta"))
    assert page.is_file()
    (basic_root / "patterns/delta.md").unlink()
    second = run_build(basic_root, outdir=first.outdir, buildername=builder)  # dirhtml crashed here
    assert second.warning_lines() == []
    assert not page.exists()
    assert "Delta pattern" not in Path(second.app.builder.get_outfilename("patterns/index")).read_text()


# -- singlehtml: one readable page --------------------------------------------------------------


def test_singlehtml_is_one_page_with_unique_ids_and_working_anchors(explore_root: Path) -> None:
    site = run_build(explore_root, buildername="singlehtml")
    assert site.warning_lines() == []
    html = (site.outdir / "index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    ids = Counter(tag["id"] for tag in soup.select("[id]"))
    assert [i for i, n in ids.items() if n > 1] == []
    # Every pattern's generated sections are there, each under its own id.
    assert sum(1 for i in ids if i.endswith("referenced-by")) == 5  # 3 patterns, 2 practices
    anchors = [a["href"][1:] for a in soup.select("a[href^='#']") if a["href"] != "#"]
    assert anchors and [a for a in anchors if a not in ids] == []
    # The table of contents points at each page's own section, not three times at the first.
    why = [a["href"] for a in soup.select("a") if a.get_text(strip=True) == "Why it happens"]
    assert len(why) == 3 and len(set(why)) == 3
    for page, href in zip(("alpha", "beta", "gamma"), why, strict=True):
        section = soup.find(id=href[1:])
        owner = section.find_previous("span", id=re.compile("^document-patterns/"))
        assert owner["id"] == f"document-patterns/{page}"
    # Each script once; no search page, so no search box or link to one.
    scripts = Counter(s["src"].split("?")[0] for s in soup.select("script[src]"))
    assert scripts["_static/kb-explore.js"] == 1
    assert [s for s, n in scripts.items() if n > 1] == []
    assert "kb-search.js" not in html and not (site.outdir / "search.html").exists()
    assert "search.html" not in html and not soup.select("#pst-search-dialog, form[action]")
    assert soup.select_one(".logo__title").get_text(strip=True) == site.app.config.html_title.strip()  # not "None"
    # The interactive views are still whole on the one page.
    assert soup.select("#kb-filters") and soup.select("#kb-finder input[name=s]") and soup.select("table.kb-matrix")


# -- books and text: the views become tables and lists -----------------------------------------


def test_text_renders_matrix_finder_and_facets(explore_root: Path) -> None:
    site = run_build(explore_root, buildername="text")
    assert site.warning_lines() == []
    matrix = (site.outdir / "matrix.txt").read_text()
    rows = [line for line in matrix.splitlines() if line.startswith("| Practice one")]
    assert rows and re.search(r"\| Practice one\s+\| Leads\s+\| Contributes\s+\|", rows[0]), matrix
    finder = (site.outdir / "finder.txt").read_text()
    assert "First symptom of alpha. → Alpha pattern" in " ".join(finder.split())
    assert finder.count("→") == 9  # three signs for each of three patterns
    catalogue = " ".join((site.outdir / "patterns/index.txt").read_text().split())
    assert "**Role**: Developer (3), Scientist (3)" in catalogue
    assert "**Phase**: Data (1), Model development (1), Deployment (1), Operation and evolution (1)" in catalogue


def test_latex_renders_the_matrix_as_a_table(explore_root: Path) -> None:
    site = run_build(explore_root, buildername="latex")
    assert site.warning_lines() == []
    tex = next(site.outdir.glob("*.tex")).read_text()
    matrix = tex[tex.index("Who leads and who contributes") :]
    assert "\\begin{tabulary}" in matrix or "\\begin{longtable}" in matrix
    assert "Leads" in matrix and "Contributes" in matrix
    assert "First symptom of alpha." in tex


def test_epub_builds_strictly_with_plain_views_and_the_downloads(explore_root: Path) -> None:
    site = run_build(explore_root, buildername="epub", copyright="2026 Test authors")  # content/site.yml sets it
    assert site.warning_lines() == []  # what -W turns into a failure
    matrix = BeautifulSoup((site.outdir / "matrix.xhtml").read_text(), "html.parser")
    assert matrix.select("table.kb-matrix td") and not matrix.select("script[src], input, form")
    finder = BeautifulSoup((site.outdir / "finder.xhtml").read_text(), "html.parser")
    assert len(finder.select(".kb-finder-signs li")) == 9 and not finder.select("input")
    assert (site.outdir / "templates/spec.md").is_file()
    assert "templates/spec.md" in (site.outdir / "content.opf").read_text()
    assert not (site.outdir / "_static/kb-search-index.js").exists()


# -- linkcheck ---------------------------------------------------------------------------------


OFFLINE = {"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}


def test_linkcheck_checks_the_downloads_as_files(explore_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in OFFLINE.items():  # nothing may go out: a closed local port as the proxy
        monkeypatch.setenv(name, value)
    site = run_build(explore_root, buildername="linkcheck", linkcheck_timeout=2)
    rows = [json.loads(line) for line in (site.outdir / "output.json").read_text().splitlines()]
    downloads = [r for r in rows if r["uri"].endswith("templates/spec.md")]
    assert [r["status"] for r in downloads] == ["working"]
    missing = explore_root / "downloads/templates/spec.md"
    missing.rename(missing.with_name("renamed.md"))
    again = run_build(explore_root, buildername="linkcheck", linkcheck_timeout=2)
    assert "no downloadable template named 'spec'" in again.warnings


def test_linkcheck_task_reports_offline_links_without_failing(basic_root: Path) -> None:
    env = {**os.environ, **OFFLINE}
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "linkcheck", "--source", str(basic_root), "--timeout", "2"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output
    assert "links could not be checked" in output and "https://doi.org/10.1000/example" in output
    assert "No broken links among those that could be checked." in output


def test_linkcheck_summary_fails_broken_links_only(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO))
    from tasks import summarise_linkcheck

    rows = [
        {"filename": "a.md", "lineno": 3, "status": "working", "uri": "https://a", "info": ""},
        {"filename": "a.md", "lineno": 4, "status": "broken", "uri": "https://b", "info": "404 Client Error"},
        {"filename": "a.md", "lineno": 5, "status": "broken", "uri": "https://c", "info": "NameResolutionError(x)"},
        {"filename": "a.md", "lineno": 6, "status": "broken", "uri": "missing.md", "info": ""},
    ]
    report = tmp_path / "output.json"
    report.write_text("\n".join(json.dumps(r) for r in rows))
    broken, unreachable, counts = summarise_linkcheck(report)
    assert broken == ["a.md:4: https://b (404 Client Error)", "a.md:6: missing.md (not found)"]
    assert unreachable == ["a.md:5: https://c"]
    assert counts == {"working": 1, "broken": 2, "unreachable": 1}


# -- reproducible output -----------------------------------------------------------------------


def test_two_clean_builds_on_different_paths_are_byte_identical(tmp_path: Path, monkeypatch) -> None:
    # The same commit, checked out twice: what the Pages workflow and a contributor would build.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    outputs = []
    for name in ("first/checkout", "second/elsewhere"):
        root = add_explore_pages(Path(shutil.copytree(ROOTS / "test-basic", tmp_path / name)))
        site = run_build(root, outdir=tmp_path / name / "_out" / "html")
        assert site.warning_lines() == []
        outputs.append(site.outdir)
    files = [sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) for out in outputs]
    assert files[0] == files[1] and len(files[0]) > 50
    different = [f for f in files[0] if (outputs[0] / f).read_bytes() != (outputs[1] / f).read_bytes()]
    assert different == []  # every file, .buildinfo included
