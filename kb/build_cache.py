"""Publishing from the previous build: check a cached build folder before Sphinx reuses it.

A cache is the build's working folder (environment, doctrees and HTML) plus a manifest. It is
reused only when it was made by the same Python, the same installed packages, the same kb/ and
settings, from the same source path, and is complete; otherwise it is emptied and the build is a
clean one, and the message says why. Which pages to re-read is decided by content
(``kb.source_digests``), not by the modification times a checkout gives every file.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import sys
from pathlib import Path

MANIFEST = "kb-cache.json"
VERSION = 1
#: Settings a cached build depends on beyond kb/: they change every page.
SETTINGS = ("conf.py", "site.yml")


def cache_key(source: Path) -> str:
    """Python, every installed package, kb/ and the settings: a change to any forces a clean build."""
    h = hashlib.sha256(f"v{VERSION} {sys.version}".encode())
    dists = sorted((d.metadata["Name"] or "").lower() + "==" + d.version for d in importlib.metadata.distributions())
    h.update("\n".join(dists).encode())
    kb = Path(__file__).parent
    for path in sorted(kb.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(kb).as_posix().encode() + b"\0" + path.read_bytes())
    for name in SETTINGS:
        setting = source / name
        h.update(name.encode() + b"\0" + (setting.read_bytes() if setting.is_file() else b""))
    return h.hexdigest()


def _listing(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_size
        for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }


def _clear(cache: Path) -> None:
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)


def restore(cache: Path, source: Path, key: str) -> tuple[bool, str]:
    """Make ``cache`` ready for the build: (True, message) to reuse it, (False, why) after emptying it."""
    if not cache.is_dir() or not any(cache.iterdir()):
        _clear(cache)
        return False, f"No cached build in {cache}: building from scratch."
    try:
        manifest = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
        files, made_by, made_from = manifest["files"], manifest["key"], manifest["source"]
        if manifest.get("version") != VERSION or not isinstance(files, dict):
            raise ValueError("unknown manifest version")
    except (OSError, ValueError, KeyError, TypeError) as err:
        _clear(cache)
        return False, f"The cached build in {cache} is incomplete or corrupt ({err}): building from scratch."
    if made_by != key:
        _clear(cache)
        return False, (
            f"The cached build in {cache} is stale (Python, a package, kb/ or the settings changed): "
            "building from scratch."
        )
    if made_from != str(source.resolve()):
        _clear(cache)
        return False, (
            f"The cached build in {cache} was made from {made_from}, not {source.resolve()}: building from "
            "scratch (keep the source path the same between builds)."
        )
    present = _listing(cache)
    damaged = sorted(name for name, size in files.items() if present.get(name) != size)
    if damaged:
        _clear(cache)
        return False, (
            f"The cached build in {cache} is incomplete or corrupt ({len(damaged)} files missing or changed, "
            f"e.g. {damaged[0]}): building from scratch."
        )
    # A restored page must look newer than the sources and templates of a fresh checkout and
    # install, or Sphinx rewrites every page; pages whose content changed are re-read anyway.
    for name in files:
        if name.startswith("html/"):
            os.utime(cache / name)
    (cache / MANIFEST).unlink()  # until this build succeeds, the folder is not a usable cache
    return True, f"Restored the cached build from {cache} ({len(files)} files)."


def save(cache: Path, source: Path, key: str) -> None:
    """Record that ``cache`` holds a complete, successful build of ``source``."""
    manifest = {"version": VERSION, "key": key, "source": str(source.resolve()), "files": _listing(cache)}
    (cache / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
