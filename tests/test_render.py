"""The generated views as users see them: pattern, practice, catalogue, role path, cross-references."""

from __future__ import annotations

import zlib
from pathlib import Path

from conftest import Site

from kb.views.listings import DIGITS, digits_for, position_code


def texts(nodes) -> list[str]:
    return [" ".join(n.get_text(" ", strip=True).split()) for n in nodes]


def test_clean_build_has_no_warnings(basic_site: Site) -> None:
    assert basic_site.warning_lines() == []


def test_pattern_page_blocks(basic_site: Site) -> None:
    article = basic_site.article("patterns/alpha")
    assert article.h1.get_text(strip=True).startswith("Alpha pattern")
    assert texts(article.select("p.kb-summary")) == ["Summary of alpha."]
    assert texts(article.select(".kb-symptoms li")) == [
        "First symptom of alpha.",
        "Second symptom of alpha.",
        "Third symptom of alpha.",
    ]
    assert texts(article.select("#why-it-happens li")) == ["A cause of alpha."]
    practices = texts(article.select("#recommended-practices li"))
    assert practices == [
        "Practice one — Summary of practice-one. Led by Developer .",
        "Practice two — Summary of practice-two. Led by Scientist .",
    ]
    links = [a["href"] for a in article.select("#recommended-practices li a")]
    assert links == [
        "../practices/practice-one.html",
        "../roles/dev.html",
        "../practices/practice-two.html",
        "../roles/scientist.html",
    ]
    assert texts(article.select("#related li")) == ["Pattern Beta pattern — Summary of beta."]
    # beta names alpha as related; both roles' paths include alpha.
    assert texts(article.select("#referenced-by li")) == [
        "Pattern Beta pattern — Summary of beta.",
        "Role Developer — Summary of dev.",
        "Role Scientist — Summary of scientist.",
    ]
    evidence = article.select_one("#evidence li")
    assert "Doe and Roe (2024)" in evidence.get_text()
    assert evidence.a["href"] == "../evidence.html#cite-study2024"
    assert evidence.select_one(".kb-strength-reported").get_text() == "Reported by the study"
    assert "Note on alpha." in evidence.get_text()
    assert [b.get_text() for b in article.select(".kb-phase-data, .kb-phase-modelling")] == [
        "Data",
        "Model development",
    ]
    # Generated sections are in the page's table of contents.
    toc = texts(basic_site.html("patterns/alpha").select(".page-toc .toc-entry a"))
    assert {"Why it happens", "Recommended practices", "Evidence"} <= set(toc)


def test_shared_links_preview_the_entry_summary(basic_site: Site) -> None:
    meta = basic_site.html("patterns/alpha").select_one('meta[name="description"]')
    assert meta["content"] == "Summary of alpha."


def test_practice_page_lists_the_challenges_it_addresses(basic_site: Site) -> None:
    article = basic_site.article("practices/practice-one")
    assert texts(article.select(".kb-leads a")) == ["Developer"]
    assert texts(article.select(".kb-contributors a")) == ["Scientist"]
    assert texts(article.select("#challenges-it-addresses li")) == [
        "Pattern Alpha pattern — Summary of alpha.",
        "Pattern Gamma pattern — Summary of gamma.",
    ]
    two = basic_site.article("practices/practice-two")
    assert texts(two.select("#challenges-it-addresses li")) == [
        "Pattern Alpha pattern — Summary of alpha.",
        "Pattern Beta pattern — Summary of beta.",
    ]


def test_catalogue_lists_each_pattern_once_with_its_facets_as_data(basic_site: Site) -> None:
    article = basic_site.article("patterns/index")
    # Each pattern once, under its earliest phase; the script copies it into its other phases.
    groups = {g["id"]: texts(g.select(".kb-catalogue > li > a")) for g in article.select(".kb-phase-group")}
    assert groups == {
        "phase-data": ["Alpha pattern"],
        "phase-modelling": [],
        "phase-deployment": ["Beta pattern"],
        "phase-operation": ["Gamma pattern"],
    }
    assert "(1 pattern)" in article.select_one("#phase-modelling .kb-phase-description").get_text()
    item = article.select_one("#phase-data .kb-catalogue > li")
    assert item.select_one("a")["href"] == "alpha.html"
    assert item.get_text() == "Alpha patternSummary of alpha."
    # Facets are positions (base-62 digits) in the lists the container declares once, one
    # "|"-separated segment per facet, in the order the container names them.
    declared = article.select_one(".kb-catalogue-groups")
    segments = dict(zip(declared["data-f"].split(), item["data-f"].split("|"), strict=True))
    facets = {f: [declared[f"data-{f}"].split()[DIGITS.index(c)] for c in segments[f]] for f in segments}
    assert facets == {"role": ["dev", "scientist"], "phase": ["data", "modelling"], "theme": ["data"]}
    assert not item.get("class")


def test_facet_positions_take_as_many_base62_digits_as_the_list_needs() -> None:
    assert [digits_for(n) for n in (1, 62, 63, 3844, 3845)] == [1, 1, 2, 2, 3]
    assert [position_code(i, 2) for i in (0, 61, 62, 3843)] == ["00", "0Z", "10", "ZZ"]


def test_role_page_renders_its_path_as_numbered_steps(basic_site: Site) -> None:
    article = basic_site.article("roles/dev")
    steps = article.select("ol.kb-path-steps > li")
    assert texts(step.select_one("a") for step in steps) == ["Alpha pattern", "Practice one", "Beta pattern"]
    assert texts(article.select(".kb-path-why")) == ["Start here.", "Then this.", "Then beta."]
    start = basic_site.html("roles/dev").select_one(".kb-path-nav .kb-path-next")
    assert start["href"] == "../patterns/alpha.html"


def test_prev_next_across_two_paths(basic_site: Site) -> None:
    nav = basic_site.html("patterns/alpha").select(".kb-path-nav .kb-path")
    assert texts(n.select_one(".kb-path-where") for n in nav) == [
        "Reading path: Developer , step 1 of 3",
        "Reading path: Scientist , step 2 of 3",
    ]
    dev, sci = nav
    assert dev.select_one(".kb-path-prev")["href"] == "../roles/dev.html"
    assert dev.select_one(".kb-path-next")["href"] == "../practices/practice-one.html"
    assert sci.select_one(".kb-path-prev")["href"] == "beta.html"
    assert sci.select_one(".kb-path-next")["href"] == "gamma.html"
    last = basic_site.html("patterns/gamma").select_one(".kb-path-nav .kb-path")
    assert "kb-path-complete" in last["class"]
    assert last.select_one(".kb-path-done")["href"] == "../roles/scientist.html"
    assert "Path complete" in last.select_one(".kb-path-done").get_text()
    # A page on no path has no block.
    assert basic_site.html("index").select(".kb-path-nav .kb-path") == []


def test_cross_references_show_current_titles(basic_site: Site) -> None:
    index = basic_site.article("index")
    links = {a.get_text(strip=True): a["href"] for a in index.select("a.reference.internal")}
    assert links["Alpha pattern"] == "patterns/alpha.html"
    assert links["Practice one"] == "practices/practice-one.html"
    assert texts(index.select(".kb-role-card .sd-card-title")) == ["Developer", "Scientist"]


def test_entries_are_in_the_object_inventory(basic_site: Site) -> None:
    raw = (basic_site.outdir / "objects.inv").read_bytes()
    body = zlib.decompress(raw.split(b"\n", 4)[4]).decode()
    assert "alpha kb:pattern 1 patterns/alpha.html Alpha pattern" in body
    assert "practice-one kb:practice 1 practices/practice-one.html Practice one" in body
    assert "dev kb:role 1 roles/dev.html Developer" in body


def test_download_link_points_at_a_stable_url(basic_site: Site) -> None:
    link = basic_site.article("practices/index").select_one("a.kb-download")
    assert link["href"] == "../templates/spec.md"
    assert (basic_site.outdir / "templates/spec.md").read_text().startswith("# Spec template")


def test_missing_download_is_reported(basic_root: Path) -> None:
    from conftest import run_build

    (basic_root / "downloads/templates/spec.md").unlink()
    site = run_build(basic_root)
    assert site.warning_lines() == [
        "<src>/practices/index.md:6: WARNING: no downloadable template named 'spec'; "
        "add templates/spec.md to a folder in html_extra_path, or fix the name [kb.ref]"
    ]


def test_bibliography_lists_sources_with_the_entries_citing_them(basic_site: Site) -> None:
    article = basic_site.article("evidence")
    items = article.select("ul.kb-bibliography > li")
    assert [li["id"] for li in items] == ["cite-study2024", "cite-blog2023"]
    study = items[0]
    assert study.select_one("a.reference.external")["href"] == "https://doi.org/10.1000/example"
    assert texts(study.select(".kb-cited-by a")) == ["Alpha pattern", "Beta pattern", "Gamma pattern"]
