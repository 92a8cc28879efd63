"""The one way kb reports a located problem: ``path:line: what is wrong; how to fix it [kb.<subtype>]``."""

from __future__ import annotations

import os

from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .model.problems import Problem, Subtype

logger = logging.getLogger("kb")


def display_path(env: BuildEnvironment, docname: str | None, path: str | os.PathLike[str] | None = None) -> str:
    """A file path as the user typed it: relative to the working directory when inside it."""
    full = os.fspath(path if path is not None else env.doc2path(docname or ""))
    rel = os.path.relpath(full)
    return full if rel.startswith("..") else rel


def report(
    env: BuildEnvironment, problem: Problem, docname: str | None = None, path: str | os.PathLike[str] | None = None
) -> None:
    """Log one problem under warning type ``kb``; ``suppress_warnings = ["kb.<subtype>"]`` silences it."""
    where = f"{display_path(env, docname, path)}:{problem.line}"
    logger.warning(problem.text(), type="kb", subtype=problem.subtype.value, location=where)


__all__ = ["Problem", "Subtype", "display_path", "report"]
