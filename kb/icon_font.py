"""Page weight: subset the theme's icon font to the icons the site can show.

pydata-sphinx-theme ships Font Awesome's whole solid font (about 115 KB, incompressible woff2),
and every page view downloads it for the dozen icons in the header and breadcrumbs. That single
file was over 40 % of a pattern page's transfer. After each HTML build we rewrite it, in place,
with only the glyphs that the theme's templates, its scripts, our templates and the theme's CSS
icon variables can use: the same file name and URL, so no template changes.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .model.digest import digest

logger = logging.getLogger(__name__)

FONT = Path("_static/vendor/fontawesome/webfonts/fa-solid-900.woff2")
CSS = Path("_static/styles/pydata-sphinx-theme.css")
# `.fa-bars,.fa-navicon{--fa:"\f0c9"}`: class names and the code point they draw.
_ICON_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+,?)+)\{--fa:\"(\\[0-9a-fA-F]+|[^\"])\"\}")
# `--pst-icon-bell:"\f0f3"` and `--pst-breadcrumb-divider:"..."`: icons drawn by CSS.
_CSS_ICON = re.compile(r"--pst-(?:icon-[a-z-]+|breadcrumb-divider):\"(\\[0-9a-fA-F]+|[^\"])\"")
_CLASS = re.compile(r"\bfa-[a-z0-9-]+")


def _codepoint(value: str) -> int:
    return int(value[1:], 16) if value.startswith("\\") else ord(value)


def icon_classes(app: Sphinx) -> set[str]:
    """Every ``fa-*`` name the templates, scripts and configuration of this site can render."""
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    sources = [*theme.rglob("*.html"), *theme.rglob("*.js"), *Path(__file__).parent.joinpath("theme").rglob("*.*")]
    names: set[str] = set(_CLASS.findall(repr(app.config.html_theme_options)))
    for path in sources:
        names.update(_CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return names


def needed_codepoints(css: str, classes: set[str]) -> set[int]:
    points = {_codepoint(v) for v in _CSS_ICON.findall(css)}
    for selector, value in _ICON_RULE.findall(css):
        if any(name[1:] in classes for name in selector.split(",")):
            points.add(_codepoint(value))
    return points


def subset_icon_font(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    font, css = Path(app.outdir, FONT), Path(app.outdir, CSS)
    if not font.is_file() or not css.is_file():
        return  # another theme, or a theme version with other paths: leave it alone
    points = needed_codepoints(css.read_text(encoding="utf-8"), icon_classes(app))
    if not points:
        return
    # Incremental builds reuse the last subset: same source font and glyphs give the same bytes.
    current = font.read_bytes()
    key = digest((digest(current), sorted(points)))
    cache, cache_key = Path(app.doctreedir, "kb-icon-font.woff2"), Path(app.doctreedir, "kb-icon-font.key")
    if cache.is_file() and cache_key.is_file():
        cached = cache.read_bytes()
        if current == cached and cache_key.read_text().endswith(digest(sorted(points))):
            return  # Sphinx kept our subset in place
        if cache_key.read_text() == key + " " + digest(sorted(points)):
            font.write_bytes(cached)  # Sphinx copied the theme's font again
            return
    from fontTools import subset  # imported only when a new subset is needed (it is slow to load)

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    loaded = subset.load_font(str(font), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(loaded)
    subset.save_font(loaded, str(font), options)
    cache.write_bytes(font.read_bytes())
    cache_key.write_text(key + " " + digest(sorted(points)))
    logger.info("kb: icon font subset to %d glyphs", len(points))
