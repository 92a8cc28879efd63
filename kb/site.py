"""Site settings from a YAML file, so a fork rebrands the playbook without editing Python."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from .model.settings import SETTINGS, load_site

KNOWN = set(SETTINGS)


def load(path: Path) -> dict[str, Any]:
    """The valid settings of ``site.yml``; its problems are reported by the build (``kb_site_problems``)."""
    return load_site(path)[0]


def sphinx_config(srcdir: Path) -> dict[str, Any]:
    """The Sphinx settings the playbook uses, with the fork's site settings applied."""
    site, problems = load_site(srcdir / "site.yml")
    # A fork's settings (local/site.yml) override upstream's key by key; upstream's file stays untouched.
    local = srcdir / "local"
    local_site, local_problems = load_site(local / "site.yml")
    site.update(local_site)
    title = site.get("title", "Playbook")
    icon_links = []
    if site.get("repository"):
        icon_links.append({"name": "Source repository", "url": site["repository"], "icon": "fa-brands fa-github"})
    edit = edit_context(site.get("repository", ""), site.get("branch") or "main", srcdir.name)
    return {
        "project": title,
        "author": site.get("author", ""),
        "copyright": f"{site.get('copyright_year', '')} {site.get('author', '')}. {site.get('footer', '')}".strip().rstrip(
            "."
        ),
        "extensions": ["myst_parser", "sphinx_design", "kb"],
        # Reported, with their lines, on every build (extension.report_site_problems).
        "kb_site_problems": [(p.subtype.value, p.message, p.hint, p.line) for p in problems]
        + [(p.subtype.value, p.message, p.hint, p.line, "local/site.yml") for p in local_problems],
        "kb_allow_raw_html": site.get("allow_raw_html", True),
        # local/downloads holds a fork's downloadable files: published as they are, not as pages.
        "exclude_patterns": ["_build", "README.md", "local/README.md", "local/downloads"],
        "html_theme": "pydata_sphinx_theme",
        # HTML, not text, to Sphinx and the theme (whose logo title shows it unescaped).
        "html_title": escape(title),
        "html_short_title": escape(site.get("short_title", title)),
        "html_baseurl": site.get("base_url", ""),
        "html_logo": site.get("logo") or None,
        "html_favicon": site.get("favicon") or str(Path(__file__).parent / "theme" / "static" / "favicon.svg"),
        "html_extra_path": ["../downloads", *(["local/downloads"] if (local / "downloads").is_dir() else [])],
        "html_static_path": [],
        "html_last_updated_fmt": None,
        "html_copy_source": False,
        "html_show_sourcelink": False,
        "html_context": {
            "kb_primary": site.get("primary_color", ""),
            "kb_secondary": site.get("secondary_color", ""),
            "kb_description": site.get("description", ""),
            **edit,
        },
        "kb_noindex": bool(site.get("noindex", False)),
        "kb_cname": site.get("cname") or "",
        "myst_enable_extensions": ["colon_fence", "deflist", "attrs_inline"],
        "myst_heading_anchors": 3,
        # The section sidebar renders every sibling page on every page: quadratic in the number of
        # entries, and stale after a title change. Breadcrumbs, section indexes and reading paths
        # replace it (see perf notes).
        "html_sidebars": {"**": []},
        "html_theme_options": {
            "show_prev_next": False,
            "navigation_with_keys": False,
            "header_links_before_dropdown": 4,
            "icon_links": icon_links,
            "article_footer_items": ["kb-reading-path.html", "kb-last-updated.html", "edit-this-page"],
            "use_edit_page_button": bool(edit),
            "footer_start": ["copyright"],
            # The licence's attribution, kept whatever footer text a fork writes.
            "footer_end": ["kb-attribution.html"],
            "secondary_sidebar_items": ["page-toc"],
            "show_toc_level": 2,
        },
    }


def edit_context(repository: str, branch: str, doc_path: str) -> dict[str, str]:
    """The theme's "edit this page" settings, from a GitHub or GitLab repository URL."""
    match = re.match(r"^https://(github\.com|gitlab\.com)/([^/\s]+)/([^/\s]+?)(?:\.git)?/?$", repository.strip())
    if not match:
        return {}
    host, user, repo = match.groups()
    prefix = "github" if host == "github.com" else "gitlab"
    return {
        f"{prefix}_user": user,
        f"{prefix}_repo": repo,
        f"{prefix}_version": branch,
        "doc_path": doc_path,
    }
