"""A located content problem: what is wrong, how to fix it, and where."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Subtype(StrEnum):
    """Warning subtypes, shown as ``kb.<subtype>`` and silenced with ``suppress_warnings``."""

    frontmatter = "frontmatter"
    """The front matter is missing or is not valid YAML."""
    schema = "schema"
    """A field is missing, has the wrong type, an unknown value or an unknown name."""
    duplicate = "duplicate"
    """Two entries share an id."""
    ref = "ref"
    """A reference (front matter or page body) names an entry or source that does not exist."""
    path = "path"
    """A role's reading path is malformed or names a missing entry."""
    section = "section"
    """A required body heading is missing, or the body repeats the title."""
    config = "config"
    """The taxonomy, bibliography, synonyms or site settings are invalid."""
    source = "source"
    """A file cannot be used as it is: not UTF-8, a NUL byte, an entry in a sub-folder, or it
    reads a file from outside the source folders (a symlink, an include, an image)."""
    html = "html"
    """Raw HTML in a page body where the site forbids it (``allow_raw_html: false``)."""
    fork = "fork"
    """The fork file (``local/fork.yml``) is invalid or names an id that does not exist."""
    draft = "draft"
    """An entry is unfinished: it is marked ``draft: true`` or still holds a ``TODO`` placeholder."""
    redirect = "redirect"
    """A ``redirect_from`` id collides with a live page or another redirect."""


@dataclass(frozen=True)
class Problem:
    """One problem in one file, reported once as ``path:line: message; hint``."""

    subtype: Subtype
    message: str
    hint: str
    line: int = 1

    def text(self) -> str:
        return f"{self.message}; {self.hint}"
