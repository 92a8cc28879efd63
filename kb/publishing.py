"""What users expect from a published site: sitemap, robots.txt, 404 page, .nojekyll, CNAME,
OpenGraph tags, noindex, last-updated dates, and one viewport tag per page.

The site files are written once per build from the found documents, so a page that is not
published (removed, hidden by a fork) is absent from the sitemap too.
"""

from __future__ import annotations

import contextlib
import html
import re
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from sphinx.application import Sphinx
from sphinx.util import logging

from . import config
from .builders import SITE_BUILDERS, interactive
from .domain import get_domain
from .history import last_changed

logger = logging.getLogger(__name__)

NOT_FOUND = "404"
#: Pages Sphinx or we generate that are not content: kept out of the sitemap.
GENERATED = {"genindex", "search", NOT_FOUND}
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\s*')


def base_url(app: Sphinx) -> str:
    """The site's public address with one trailing slash, or '' when unknown."""
    url = (app.config.html_baseurl or "").strip()
    return url.rstrip("/") + "/" if url else ""


def on_builder_inited(app: Sphinx) -> None:
    if app.builder.name not in SITE_BUILDERS:
        return
    if not base_url(app):
        logger.info(
            "base_url is empty in site.yml: the sitemap and canonical links are off, and the 404 page "
            "assumes the site is served from the domain root; set base_url to the public address to turn them on."
        )
    # Per build, like the vocabulary: one git call, then a lookup per page at write time.
    app.env.kb_git_dates = last_changed(Path(app.srcdir))  # type: ignore[attr-defined]


def page_date(app: Sphinx, docname: str) -> date | None:
    dates: dict[str, date] = getattr(app.env, "kb_git_dates", {})
    if docname not in app.env.all_docs:
        return None
    source = Path(app.env.doc2path(docname))
    try:
        rel = source.relative_to(app.srcdir).as_posix()
    except ValueError:
        return None
    return dates.get(rel)


def on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    if not interactive(app.builder):
        return
    settings = config.get(app.config)
    # Sphinx's layout already writes a viewport tag; docutils adds a second to the page's
    # metatags (and the theme's head block would add a third). One is enough.
    context["metatags"] = _VIEWPORT.sub("", context.get("metatags", ""))
    entry = get_domain(app.env).entries.get(pagename)
    description = (entry.summary if entry else "") or context.get("kb_description", "")
    # The context's title is HTML; the template escapes it again for the attribute.
    title = html.unescape(re.sub(r"<[^>]+>", "", context.get("title") or "")) or app.config.html_title
    og = [
        ("property", "og:title", title),
        ("property", "og:type", "article" if entry else "website"),
        ("property", "og:site_name", app.config.html_title),
        ("name", "twitter:card", "summary"),
        ("name", "twitter:title", title),
    ]
    if description:
        og += [("property", "og:description", description), ("name", "twitter:description", description)]
    if context.get("pageurl"):
        og.append(("property", "og:url", context["pageurl"]))
    context["kb_og"] = og
    context["kb_noindex"] = settings.noindex or pagename == NOT_FOUND
    changed = page_date(app, pagename)
    if changed is not None:
        context["kb_last_updated"] = {"iso": changed.isoformat(), "text": f"{changed.day} {changed:%B %Y}"}
    if pagename == NOT_FOUND:
        # GitHub Pages serves 404.html at whatever path was asked for, at any depth: a <base>
        # makes its relative links and assets resolve from the site root instead.
        root = base_url(app) or (f"https://{settings.cname}/" if settings.cname else "/")
        # dirhtml writes it as 404/index.html (copied to 404.html later): its links start at 404/.
        folder = app.builder.get_target_uri(NOT_FOUND).rpartition("/")[0]
        context["metatags"] = f'<base href="{root}{folder + "/" if folder else ""}"/>' + context["metatags"]


def collect_not_found_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    if app.builder.name not in SITE_BUILDERS or NOT_FOUND in app.env.found_docs:
        return []
    return [(NOT_FOUND, {"title": "Page not found"}, "kb-404.html")]


def sitemap(app: Sphinx) -> str:
    root = base_url(app)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for docname in sorted(app.env.found_docs - GENERATED):
        uri = app.builder.get_target_uri(docname)
        if uri.endswith("index.html"):
            uri = uri[: -len("index.html")]  # the address people link to
        lines.append(f"  <url><loc>{escape(root + uri)}</loc>")
        changed = page_date(app, docname)
        if changed is not None:
            lines[-1] += f"<lastmod>{changed.isoformat()}</lastmod>"
        lines[-1] += "</url>"
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_site_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    out = Path(app.outdir)
    not_found = Path(app.builder.get_outfilename(NOT_FOUND))
    if not_found != out / "404.html" and not_found.is_file():
        # GitHub Pages serves /404.html for every missing address, whatever the builder; its
        # <base> still points at 404/, so the page's relative links resolve as written.
        not_found.replace(out / "404.html")
        with contextlib.suppress(OSError):
            not_found.parent.rmdir()
    settings = config.get(app.config)
    page = out / "404.html"
    if page.is_file():
        # Under <base>, an in-page link such as the skip link "#main-content" resolves against the
        # base (the home page), not this page: point those at the 404 page itself.
        site_root = base_url(app) or (f"https://{settings.cname}/" if settings.cname else "/")
        html = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r'href="#(?=[^"])', f'href="{site_root}404.html#', html), encoding="utf-8")
    root = base_url(app)
    # Served as-is: without it, GitHub's Jekyll step would drop folders starting with '_' (_static).
    (out / ".nojekyll").write_text("", encoding="utf-8")
    # noindex keeps crawling allowed: a crawler that may not fetch a page never sees its
    # noindex tag, and a page blocked by robots.txt can still be listed from links elsewhere.
    robots = ["User-agent: *", "Allow: /"]
    if root and not settings.noindex:
        robots.append(f"Sitemap: {root}sitemap.xml")
        (out / "sitemap.xml").write_text(sitemap(app), encoding="utf-8")
    else:
        (out / "sitemap.xml").unlink(missing_ok=True)
    (out / "robots.txt").write_text("\n".join(robots) + "\n", encoding="utf-8")
    cname = out / "CNAME"
    if settings.cname:
        cname.write_text(settings.cname + "\n", encoding="utf-8")
    else:
        cname.unlink(missing_ok=True)
