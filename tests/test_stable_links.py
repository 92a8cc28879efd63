"""Stable links: a renamed or merged entry's old URL keeps working, and bad redirects are caught."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import rename_entry, run_build


def rename_gamma(root: Path, edit) -> None:
    rename_entry(root, edit, "gamma", "gamma-renamed")


def test_a_renamed_entry_keeps_its_old_url(basic_root: Path, edit) -> None:
    rename_gamma(basic_root, edit)
    site = run_build(basic_root)
    assert site.warning_lines() == []
    old = BeautifulSoup((site.outdir / "patterns/gamma.html").read_text(encoding="utf-8"), "html.parser")
    assert old.select_one('meta[name="kb-redirect"]')["content"] == "gamma-renamed.html"
    assert old.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=gamma-renamed.html"
    assert old.select_one('link[rel="canonical"]')["href"] == "gamma-renamed.html"
    visible = old.select_one("main a")
    assert visible["href"] == "gamma-renamed.html" and visible.get_text() == "Gamma pattern"
    # The redirect is not a page: it is not searchable and no listing links to it.
    assert "patterns/gamma.html" not in (site.outdir / "_static/kb-search-index.js").read_text(encoding="utf-8")
    assert 'href="gamma.html"' not in (site.outdir / "patterns/index.html").read_text(encoding="utf-8")


def test_naming_a_renamed_id_gives_the_new_id_as_the_fix(basic_root: Path, edit) -> None:
    """A fork's own page still names an id that upstream renamed: the message says to what."""
    rename_gamma(basic_root, edit)
    edit(basic_root / "roles/scientist.md", "{entry: gamma-renamed,", "{entry: gamma,")
    edit(basic_root / "patterns/alpha.md", "Body text of alpha", "See {pattern}`gamma`. Body text of alpha")
    site = run_build(basic_root)
    warnings = site.warning_lines()
    assert len(warnings) == 2, warnings
    assert all(
        "names an unknown id 'gamma'; 'gamma' was renamed to 'gamma-renamed': write that id instead" in w
        for w in warnings
    )
    assert any(w.startswith("<src>/roles/scientist.md:") for w in warnings)
    assert any(w.startswith("<src>/patterns/alpha.md:") for w in warnings)


def test_the_canonical_link_uses_the_base_url(basic_root: Path, edit) -> None:
    rename_gamma(basic_root, edit)
    site = run_build(basic_root, html_baseurl="https://playbook.example.org/")
    old = BeautifulSoup((site.outdir / "patterns/gamma.html").read_text(encoding="utf-8"), "html.parser")
    assert old.select_one('link[rel="canonical"]')["href"] == "https://playbook.example.org/patterns/gamma-renamed.html"


def test_a_merged_entry_redirects_both_old_ids(basic_root: Path, edit) -> None:
    rename_gamma(basic_root, edit)
    edit(basic_root / "patterns/gamma-renamed.md", "redirect_from: [gamma]", "redirect_from: [gamma, old-delta]")
    site = run_build(basic_root)
    assert site.warning_lines() == []
    for old in ("gamma", "old-delta"):
        assert 'name="kb-redirect"' in (site.outdir / f"patterns/{old}.html").read_text(encoding="utf-8")


def test_a_redirect_that_collides_with_a_live_page_is_a_located_error(basic_root: Path, edit) -> None:
    edit(
        basic_root / "patterns/gamma.md",
        "  title: Gamma pattern\n",
        "  title: Gamma pattern\n  redirect_from: [beta]\n",
    )
    site = run_build(basic_root)
    assert site.warning_lines() == [
        "<src>/patterns/gamma.md:4: WARNING: 'redirect_from' names 'beta', which is a live page (patterns/beta); "
        "remove it from redirect_from, or rename or remove that page first [kb.redirect]"
    ]
    # The live page wins: it is never overwritten by a redirect.
    assert 'name="kb-redirect"' not in (site.outdir / "patterns/beta.html").read_text(encoding="utf-8")


def test_an_old_id_claimed_by_two_entries_is_a_located_error(basic_root: Path, edit) -> None:
    edit(
        basic_root / "patterns/gamma.md", "  title: Gamma pattern\n", "  title: Gamma pattern\n  redirect_from: [old]\n"
    )
    edit(basic_root / "patterns/beta.md", "  title: Beta pattern\n", "  title: Beta pattern\n  redirect_from: [old]\n")
    assert run_build(basic_root).warning_lines() == [
        "<src>/patterns/gamma.md:4: WARNING: 'redirect_from' names 'old', which 'beta' already redirects; "
        "an old id can lead to one entry only: remove it from one of them [kb.redirect]"
    ]


def test_a_redirect_must_be_an_id(basic_root: Path, edit) -> None:
    edit(
        basic_root / "patterns/gamma.md",
        "  title: Gamma pattern\n",
        "  title: Gamma pattern\n  redirect_from: [Old Gamma]\n",
    )
    assert run_build(basic_root).warning_lines() == [
        "<src>/patterns/gamma.md:4: WARNING: 'Old Gamma' in 'redirect_from' is not an id; "
        "write a YAML list of the entry's former ids, e.g. [old-id] [kb.redirect]"
    ]


def test_a_redirect_works_in_the_dirhtml_builder(basic_root: Path, edit) -> None:
    rename_gamma(basic_root, edit)
    site = run_build(basic_root, buildername="dirhtml")
    assert site.warning_lines() == []
    old = BeautifulSoup((site.outdir / "patterns/gamma/index.html").read_text(encoding="utf-8"), "html.parser")
    assert old.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=../gamma-renamed/"
    assert old.select_one("main a")["href"] == "../gamma-renamed/"
