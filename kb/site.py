"""Site settings from a YAML file, so a fork rebrands the playbook without editing Python."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from sphinx.errors import ConfigError

KNOWN = {
    "title",
    "short_title",
    "description",
    "author",
    "copyright_year",
    "base_url",
    "repository",
    "logo",
    "favicon",
    "primary_color",
    "secondary_color",
    "footer",
    "noindex",
    "cname",
    "branch",
}


def load(path: Path) -> dict[str, Any]:
    """Read ``site.yml``; a broken file stops the build with a located message, not a traceback."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.MarkedYAMLError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else 1
        raise ConfigError(
            f"{path}:{line}: the site settings are not valid YAML: {err.problem}; check the indentation and quoting"
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: the site settings are not a mapping; write 'key: value' lines")
    unknown = sorted(set(data) - KNOWN)
    if unknown:
        raise ConfigError(f"{path}:1: unknown site setting '{unknown[0]}'; use only: {', '.join(sorted(KNOWN))}")
    return data


def sphinx_config(srcdir: Path) -> dict[str, Any]:
    """The Sphinx settings the playbook uses, with the fork's site settings applied."""
    site = load(srcdir / "site.yml")
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
        "exclude_patterns": ["_build", "README.md"],
        "html_theme": "pydata_sphinx_theme",
        "html_title": title,
        "html_short_title": site.get("short_title", title),
        "html_baseurl": site.get("base_url", ""),
        "html_logo": site.get("logo") or None,
        "html_favicon": site.get("favicon") or str(Path(__file__).parent / "theme" / "static" / "favicon.svg"),
        "html_extra_path": ["../downloads"],
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
