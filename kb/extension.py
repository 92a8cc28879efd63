"""Wiring only: register the domain, directives, transforms and event handlers."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from . import (
    builders,
    config,
    fork,
    freshness,
    navigation,
    preview,
    publishing,
    raw_html,
    reading,
    redirects,
    sources,
    template_cache,
)
from .domain import ROLE_KINDS, EntryRole, KbDomain
from .icon_font import subset_icon_font
from .minify import minify_scripts
from .model.digest import digest
from .model.vocab import Vocabulary, load_bibliography, load_taxonomy
from .nodes import depart_div_html, depart_div_other, kb_div, kb_view, visit_div_html, visit_div_other
from .source_digests import SourceDigestCollector, drop_unchanged
from .views import ExpandViews
from .views.explore import FinderDirective, MatrixDirective
from .views.export import write_export
from .views.listings import BibliographyDirective, CatalogueDirective, DownloadDirective, RolesDirective
from .views.search_index import synonym_problems, write_index
from .warnings import Problem, Subtype, report

THEME_DIR = Path(__file__).parent / "theme"


def on_config_inited(app: Sphinx, cfg: Config) -> None:
    # Our own located message replaces MyST's line-1 front-matter warning; entry bodies start at
    # level-2 headings on purpose (the title comes from front matter), so myst.header is noise.
    cfg.suppress_warnings = [*cfg.suppress_warnings, "myst.topmatter", "myst.header"]
    cfg.templates_path = [*cfg.templates_path, str(THEME_DIR / "templates")]
    cfg.html_static_path = [*cfg.html_static_path, str(THEME_DIR / "static")]


def replace_sphinx_search(app: Sphinx) -> None:
    """Turn off Sphinx's indexer (our index replaces it) but keep a search page for the theme's box."""
    if app.builder.format == "html" and hasattr(app.builder, "search"):
        app.builder.search = False


def collect_search_page(app: Sphinx) -> list[tuple[str, dict[str, object], str]]:
    return [("search", {"title": "Search"}, "search.html")] if builders.has_search(app.builder) else []


def load_vocabulary(app: Sphinx) -> None:
    """Load the taxonomy and bibliography fresh for every build; they are small."""
    settings = config.get(app.config)
    vocab = Vocabulary()
    # A fork's own sources are merged with upstream's from its overlay folder.
    local_bib = Path(settings.local, Path(settings.bibliography).name).as_posix()
    for loader, name in ((load_taxonomy, settings.taxonomy), (load_bibliography, settings.bibliography)):
        path = Path(app.srcdir, name)
        for problem in loader(path, vocab):
            report(app.env, problem, path=path)
    if Path(app.srcdir, local_bib).is_file():
        for problem in load_bibliography(Path(app.srcdir, local_bib), vocab):
            report(app.env, problem, path=Path(app.srcdir, local_bib))
    overlay, problems = fork.load(app.srcdir, app.config)
    for problem in problems:
        report(app.env, problem, path=fork.fork_file(app.srcdir, app.config))
    fork.apply_to_vocab(overlay, vocab)
    app.env.kb_vocab = vocab  # type: ignore[attr-defined]
    app.env.kb_fork = overlay  # type: ignore[attr-defined]


def report_site_problems(app: Sphinx) -> None:
    """Problems of site.yml, found when conf.py loaded it (kb.site): reported on every build."""
    for subtype, message, hint, line, *where in app.config.kb_site_problems:
        # A fork's local/site.yml problems name that file (see site.sphinx_config).
        path = Path(app.confdir, where[0] if where else "site.yml")
        report(app.env, Problem(Subtype(subtype), message, hint, line), path=path)


def load_synonyms(app: Sphinx) -> None:
    """Check the search synonyms now, so a broken file is reported with its line, every build."""
    path = Path(app.srcdir, config.get(app.config).synonyms)
    for problem in synonym_problems(path):
        report(app.env, problem, path=path)


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read every entry when the vocabulary changed: its validation depends on it.

    Also delete the output of removed pages: Sphinx leaves them behind, and a stale page
    would stay reachable (and indexed) on the published site.
    """
    if app.builder.format == "html":
        for docname in removed:
            builders.outfile(app.builder, docname).unlink(missing_ok=True)
    domain = env.domains["kb"]
    fingerprint = digest(
        (
            env.kb_vocab.phases,
            env.kb_vocab.themes,
            env.kb_vocab.strengths,
            env.kb_vocab.required_sections,
            sorted(env.kb_vocab.sources),
            env.kb_fork.fingerprint(),
        )
    )  # type: ignore[attr-defined]
    previous = domain.data.get("vocab_digest")
    domain.data["vocab_digest"] = fingerprint
    if previous is not None and previous != fingerprint:
        return sorted(domain.data["entries"])
    return []


class CheckEveryBuild:
    """Run the consistency checks on every build, not only on builds that re-read a page.

    Sphinx checks consistency (its own ``toc.not_included``, and our domain's report of every
    stored problem) only when something was re-read or is outdated. A second build of unchanged
    but invalid sources would then pass and publish the invalid pages. One instance per
    application: the flag lives exactly as long as one build.
    """

    def __init__(self) -> None:
        self.checked = False

    def on_check(self, app: Sphinx, env: BuildEnvironment) -> None:
        self.checked = True

    def on_write_started(self, app: Sphinx, builder: object) -> None:
        if not self.checked:
            app.env.check_consistency()
        self.checked = False


def setup_extension(app: Sphinx) -> None:
    if "myst_parser" not in app.extensions:
        app.setup_extension("myst_parser")
    if "sphinx_design" not in app.extensions:
        app.setup_extension("sphinx_design")
    config.register(app)
    app.add_config_value("kb_site_problems", [], "env", types=(list,))
    app.add_domain(KbDomain)
    for name in ROLE_KINDS:
        app.add_role(name, EntryRole())
    app.add_node(kb_view)
    other = (visit_div_other, depart_div_other)
    app.add_node(kb_div, html=(visit_div_html, depart_div_html), latex=other, text=other, man=other, texinfo=other)
    app.add_directive("kb-catalogue", CatalogueDirective)
    app.add_directive("kb-roles", RolesDirective)
    app.add_directive("kb-bibliography", BibliographyDirective)
    app.add_directive("kb-download", DownloadDirective)
    app.add_directive("kb-finder", FinderDirective)
    app.add_directive("kb-matrix", MatrixDirective)
    app.add_transform(reading.ReadEntry)
    sources.setup(app)
    raw_html.setup(app)
    template_cache.setup(app)
    app.add_post_transform(ExpandViews)
    app.add_css_file("kb.css")
    app.add_js_file("kb-search.js", loading_method="defer")
    app.connect("config-inited", on_config_inited, priority=400)
    app.connect("config-inited", fork.on_config_inited)
    app.connect("builder-inited", load_vocabulary)
    app.connect("builder-inited", builders.on_builder_inited, priority=400)
    app.connect("doctree-resolved", builders.unique_ids_on_one_page)
    app.connect("builder-inited", report_site_problems)
    app.connect("builder-inited", load_synonyms)
    app.connect("builder-inited", replace_sphinx_search)
    app.connect("html-collect-pages", collect_search_page)
    app.connect("html-collect-pages", redirects.collect_pages)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.add_env_collector(SourceDigestCollector)
    app.connect("env-get-outdated", drop_unchanged, priority=400)
    app.connect("source-read", reading.on_source_read)
    app.connect("env-get-updated", freshness.on_env_get_updated)
    every_build = CheckEveryBuild()
    app.connect("env-check-consistency", every_build.on_check)
    app.connect("write-started", every_build.on_write_started)
    app.connect("html-page-context", navigation.on_page_context, priority=400)
    app.connect("html-page-context", builders.on_page_context, priority=400)
    app.connect("build-finished", write_index)
    app.connect("build-finished", subset_icon_font)
    app.connect("build-finished", minify_scripts)
    app.connect("builder-inited", publishing.on_builder_inited)
    app.connect("html-collect-pages", publishing.collect_not_found_page)
    app.connect("html-page-context", publishing.on_page_context, priority=450)
    app.connect("build-finished", publishing.write_site_files)
    app.connect("build-finished", write_export)
    app.connect("build-finished", preview.keep_last_good_pages)
