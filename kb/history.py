"""Last-updated dates from git history, read with one ``git log`` per build (not one per page)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path


def last_changed(srcdir: Path) -> dict[str, date]:
    """Each tracked file under ``srcdir`` (path relative to it) -> the date of its latest commit.

    Outside a git checkout, or without git, there are no dates: the pages simply show none.
    A shallow clone would date every page to its one commit, so CI checks out full history.
    """
    git = shutil.which("git")
    if git is None:
        return {}
    cmd = [git, "-C", str(srcdir), "log", "--format=%x00%cs", "--name-only", "--relative", "--no-renames", "--", "."]
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    dates: dict[str, date] = {}
    current: date | None = None
    # Newest commit first: the first date seen for a file is its latest change.
    for line in result.stdout.splitlines():
        if line.startswith("\0"):
            current = date.fromisoformat(line[1:])
        elif line and current is not None:
            dates.setdefault(line, current)
    return dates
