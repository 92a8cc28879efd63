"""The ``kb_*`` configuration values, declared once with their defaults and meaning."""

from __future__ import annotations

from dataclasses import dataclass, field

from sphinx.application import Sphinx
from sphinx.config import Config


@dataclass(frozen=True)
class KbConfig:
    """Typed view of the ``kb_*`` values in ``conf.py``."""

    taxonomy: str = "taxonomy.yml"
    """Phases, themes, evidence strengths and required sections (relative to the source dir)."""
    bibliography: str = "references.bib"
    """The BibTeX file of evidence sources (relative to the source dir)."""
    synonyms: str = "synonyms.yml"
    """Search synonym groups a fork can extend (relative to the source dir)."""
    folders: dict[str, str] = field(
        default_factory=lambda: {"pattern": "patterns", "practice": "practices", "role": "roles"}
    )
    """The source folder that holds each kind of entry."""
    evidence_page: str = "evidence"
    """The docname of the page holding the bibliography; evidence items link there."""
    downloads: str = "templates"
    """The output folder (under the site root) where downloadable templates are published."""
    noindex: bool = False
    """Ask search engines not to index the site (internal playbooks): a robots meta tag, no sitemap."""
    cname: str = ""
    """A custom domain for GitHub Pages, written to CNAME; empty: no CNAME file."""
    allow_raw_html: bool = True
    """False makes raw HTML in page bodies an error (site.yml ``allow_raw_html``), for forks
    that take contributions from outside."""
    local: str = "local"
    """A fork's overlay folder (relative to the source dir): its own entries, settings and fork file.
    Upstream never writes there, so merging upstream updates cannot conflict with it."""
    fork: str = "local/fork.yml"
    """What a fork hides, retitles and replaces in upstream (relative to the source dir)."""
    drafts: bool = False
    """Preview unfinished entries (``draft: true``, ``TODO``) with a banner instead of failing;
    ``invoke serve`` turns it on, ``invoke build`` and ``invoke check`` never do."""


DEFAULTS = KbConfig()


def register(app: Sphinx) -> None:
    for name in KbConfig.__dataclass_fields__:
        app.add_config_value(f"kb_{name}", getattr(DEFAULTS, name), "env", types=(type(getattr(DEFAULTS, name)),))


def get(config: Config) -> KbConfig:
    return KbConfig(**{name: getattr(config, f"kb_{name}") for name in KbConfig.__dataclass_fields__})
