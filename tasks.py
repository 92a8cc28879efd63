"""Tasks for the playbook: `invoke --list` shows them, `invoke --help TASK` explains one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import Collection, Context, Exit, task

ROOT = Path(__file__).parent
SRC = ROOT / "content"
BUILD = ROOT / "_build"
KINDS = {"pattern": "patterns", "practice": "practices", "role": "roles"}


def _sphinx(builder: str, out: Path, doctrees: Path, *flags: str, source: Path = SRC) -> list[str]:
    return [sys.executable, "-m", "sphinx", "-b", builder, "-d", str(doctrees), *flags, str(source), str(out)]


def _run(cmd: list[str]) -> int:
    print("$ " + " ".join(os.path.relpath(a) if a.startswith(str(ROOT)) else a for a in cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT).returncode


def find_chromium() -> str | None:
    """Debian's Chromium (the browser tests never download one)."""
    for candidate in (
        os.environ.get("KB_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


CHROMIUM_HELP = (
    "Chromium is needed for the browser tests and was not found.\n"
    "  On Debian or Ubuntu: sudo apt-get install -y chromium   (or run: invoke setup)\n"
    "  Elsewhere: install Chromium and set KB_CHROMIUM=/path/to/chromium"
)


@task
def setup(c: Context) -> None:
    """Provide the Debian packages the tests need: Chromium (browser tests) and Node.js (tokeniser parity)."""
    missing = [pkg for pkg, found in (("chromium", find_chromium()), ("nodejs", shutil.which("node"))) if not found]
    if not missing:
        print(f"Chromium found: {find_chromium()}; Node.js found: {shutil.which('node')}")
        return
    apt = shutil.which("apt-get")
    if not apt:
        raise Exit(f"Missing: {', '.join(missing)}; install them with your package manager.", code=1)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in ([*sudo, apt, "update", "-q"], [*sudo, apt, "install", "-y", "-q", *missing]):
        print("$ " + " ".join(cmd), flush=True)
        if subprocess.run(cmd, env=env).returncode != 0:
            raise Exit(f"Installing {', '.join(missing)} failed.\n" + CHROMIUM_HELP, code=1)
    if not find_chromium():
        raise Exit(CHROMIUM_HELP, code=1)
    if not shutil.which("node"):
        raise Exit("Node.js is needed for the tokeniser parity test: sudo apt-get install -y nodejs", code=1)


@task(
    help={
        "strict": "fail on any warning (default: on; --no-strict to preview a broken site)",
        "jobs": "parallel processes for Sphinx (default 1)",
        "source": "the source folder (default: content)",
        "out": "the build folder (default: _build); the site goes to OUT/html",
        "cache": "a folder that keeps the build between runs (CI restores it): only what changed is rebuilt",
    }
)
def build(
    c: Context, strict: bool = True, jobs: int = 1, source: str = str(SRC), out: str = str(BUILD), cache: str = ""
) -> None:
    """Build the site into _build/html. A failed build publishes nothing: the last good site stays."""
    build_dir = Path(out)
    work, site = build_dir / "work", build_dir / "html"  # work/ is kept for fast incremental rebuilds
    key = ""
    if cache:
        from kb import build_cache

        work, key = Path(cache), build_cache.cache_key(Path(source))
        print(build_cache.restore(work, Path(source), key)[1], flush=True)
    flags = ["-j", str(jobs)] + (["-W"] if strict else [])
    if _run(_sphinx("html", work / "html", work / "doctrees", *flags, source=Path(source))) != 0:
        raise Exit(
            f"\nBuild failed: fix the problems above (each names its file and line). Nothing was published to {site}.",
            code=1,
        )
    if cache:
        build_cache.save(work, Path(source), key)
    staging = build_dir / "html.new"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(work / "html", staging)
    shutil.rmtree(site, ignore_errors=True)
    staging.rename(site)
    print(f"\nSite built: {site}/index.html")


@task(help={"source": "the source folder (default: content)", "out": "the build folder (default: _build)"})
def check(c: Context, source: str = str(SRC), out: str = str(BUILD)) -> None:
    """Validate every entry and every reference, including links in page bodies, without writing HTML."""
    work = Path(out) / "check"
    if _run(_sphinx("dummy", work / "out", work / "doctrees", "-E", "-W", "-q", source=Path(source))) != 0:
        raise Exit("\nContent check failed: each problem above names its file, line and fix.", code=1)
    print("Content check passed: no problems found.")


@task(
    help={
        "port": "port to serve on (default 8000)",
        "host": "address to listen on (default 127.0.0.1)",
        "source": "the source folder (default: content)",
        "out": "the build folder (default: _build); the preview goes to OUT/serve",
    }
)
def serve(c: Context, port: int = 8000, host: str = "127.0.0.1", source: str = str(SRC), out: str = str(BUILD)) -> None:
    """Build, serve on http://127.0.0.1:8000 and rebuild and reload the browser on every edit.

    Unfinished entries (draft: true, TODO) are previewed with a banner; check and build refuse them.
    """
    cmd = [
        sys.executable,
        "-m",
        "kb.serve",  # sphinx-autobuild, rebuilding in a fork of a warm process (see kb/serve.py)
        str(source),
        str(Path(out) / "serve"),
        "--host",
        host,
        "--port",
        str(port),
        # kb/ is watched when this is the playbook's own repository (a fork uses the installed kb);
        # downloads/ is the one beside the source folder, which the build publishes (html_extra_path).
        *[arg for p in (ROOT / "kb", Path(source).parent / "downloads") if p.is_dir() for arg in ("--watch", str(p))],
        # Preview unfinished entries with a banner; check and build still refuse them.
        "-D",
        "kb_drafts=1",
    ]
    raise Exit(code=_run(cmd))


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return re.sub(r"-{2,}", "-", slug)


def vocabulary(src: Path = SRC) -> dict[str, list[str]]:
    """What an entry may name today, read from the data (a fork's overlay included, its hidden ids not)."""
    from kb.model.fork import parse as parse_fork
    from kb.model.vocab import Vocabulary, load_bibliography, load_taxonomy

    vocab = Vocabulary()
    load_taxonomy(src / "taxonomy.yml", vocab)
    for bib in (src / "references.bib", src / "local" / "references.bib"):
        if bib.is_file():
            load_bibliography(bib, vocab)
    fork_file = src / "local" / "fork.yml"
    hidden = set(parse_fork(fork_file.read_text(encoding="utf-8"))[0].hide) if fork_file.is_file() else set()

    def ids(folder: str) -> list[str]:
        found = {p.stem for root in (src, src / "local") for p in (root / folder).glob("*.md") if p.stem != "index"}
        return sorted(found - hidden)

    return {
        "roles": ids("roles"),
        "practices": ids("practices"),
        "patterns": ids("patterns"),
        "phases": list(vocab.phases),
        "themes": list(vocab.themes),
        "keys": sorted(vocab.sources),
        "strengths": list(vocab.strengths),
    }


def scaffold(kind: str, title: str, entry_id: str, src: Path = SRC) -> str:
    """An entry of ``kind`` to fill in: every choice lists today's options and is left as TODO.

    Nothing is pre-filled that would claim evidence or pick a role for the author, and the
    TODOs make ``invoke check`` and ``invoke build`` refuse the entry until it is finished.
    """
    v = vocabulary(src)

    def choice(name: str, options: list[str], note: str = "") -> str:
        return f"  # {name}{note}: {', '.join(options) or '(none yet)'}\n  {name}: [TODO]\n"

    safe_title = title.replace("'", "''")
    head = f"---\nkb:\n  title: '{safe_title}'\n  summary: TODO one sentence that says what this {kind} is.\n"
    facets = choice("phases", v["phases"]) + choice("themes", v["themes"])
    evidence = (
        f"  # evidence: cite only what a source says. key: one of {', '.join(v['keys']) or '(add one to references.bib)'}\n"
        f"  # strength: {', '.join(v['strengths'])} (see the evidence page)\n"
        "  evidence:\n    - key: TODO\n      strength: TODO\n"
    )
    if kind == "pattern":
        return (
            head
            + "  aliases: [TODO other words people use]\n"
            + "  # in_their_words: (optional, search only) how readers put it: complaints, questions, each role's view\n"
            + "  symptoms:\n    - TODO something a team would notice or say.\n    - TODO a second sign.\n    - TODO a third sign.\n"
            + "  causes:\n    - TODO why it happens.\n"
            + choice("roles", v["roles"], " (affected)")
            + choice("practices", v["practices"], " (2 to 6 that address it)")
            + facets
            + evidence
            + "---\n\nTODO a short narrative (150 to 400 words) in plain English.\n\n## Illustrative example\n\nThis scenario is invented to illustrate the pattern. TODO\n"
        )
    if kind == "practice":
        return (
            head
            + choice("leads", v["roles"])
            + "  contributors: []\n"
            + facets
            + evidence
            + "---\n\nTODO what the practice is and why it works.\n\n## Steps\n\n1. TODO\n\n## First step this week\n\nTODO\n\n## Pitfalls\n\n- TODO\n"
        )
    return (
        head
        + "  aliases: []\n"
        + f"  # path: 6 to 12 steps, each a pattern or practice id: {', '.join(v['patterns'] + v['practices'])}\n"
        + "  path:\n    - entry: TODO\n      why: TODO one-line reason.\n"
        + "---\n\n## Who this is\n\nTODO\n\n## What they bring\n\nTODO\n\n## What they need from others\n\nTODO\n"
    )


@task(
    help={
        "kind": "pattern, practice or role",
        "title": "the entry's title, in quotes",
        "local": "write into content/local/ (default: when the fork has local/fork.yml or local/site.yml)",
        "source": "the source folder (default: content)",
    }
)
def new(c: Context, kind: str, title: str, local: bool | None = None, source: str = str(SRC)) -> None:
    """Scaffold a pattern, practice or role from a title, e.g. invoke new pattern "Nobody owns the data"."""
    if kind not in KINDS:
        raise Exit(f"Unknown kind '{kind}': use one of {', '.join(KINDS)}.", code=2)
    entry_id = slugify(title)
    if not entry_id:
        raise Exit("The title needs at least one letter or digit.", code=2)
    src = Path(source)
    if local is None:
        local = (src / "local" / "fork.yml").is_file() or (src / "local" / "site.yml").is_file()
    for root in (src, src / "local"):
        for folder in KINDS.values():
            if (root / folder / f"{entry_id}.md").exists():
                used = os.path.relpath(root / folder / f"{entry_id}.md")
                raise Exit(f"The id '{entry_id}' is already used by {used}; choose another title.", code=1)
    path = (src / "local" if local else src) / KINDS[kind] / f"{entry_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold(kind, title, entry_id, src), encoding="utf-8")
    print(
        f"Created {os.path.relpath(path)}: replace every TODO (the comments list today's choices), "
        "then run `invoke check`. Until then check and build refuse it; `invoke serve` previews it."
    )


@task(help={"k": "only run tests matching this expression", "browser": "include browser tests (default: on)"})
def test(c: Context, k: str = "", browser: bool = True) -> None:
    """Run lint and the whole test suite. Browser tests need Chromium and fail (never skip) without it."""
    if browser and not find_chromium():
        raise Exit(CHROMIUM_HELP, code=1)
    lint = [p for p in ("kb", "tests", "tasks.py", "bench") if (ROOT / p).exists()]
    if _run([sys.executable, "-m", "ruff", "check", *lint]) != 0:
        raise Exit("Lint failed: see above (ruff check --fix fixes most).", code=1)
    cmd = [sys.executable, "-m", "pytest"]
    if k:
        cmd += ["-k", k]
    if not browser:
        cmd += ["-m", "not browser"]
    code = _run(cmd)
    if code != 0:
        raise Exit(code=code)


@task(
    help={
        "quick": "300 patterns only, 3 alternating pairs (a few minutes)",
        "smoke": "12 patterns, 1 pair, no peers: checks that the benchmark runs",
        "peers": "also time MkDocs Material (install it with: pip install -e '.[peers]')",
        "sizes": "comma-separated pattern counts (default 300,1000,3000)",
        "pairs": "alternating playbook/baseline pairs per size (default 5 at 300 and 1,000, 3 at 3,000)",
        "lighthouse": "run Lighthouse 12 on the smallest size (default: on; skipped, with why, without npm)",
        "theme_defaults": "also build once with the theme's default settings (default: on)",
        "append": "add these sizes to the existing results instead of replacing them",
    }
)
def bench(
    c: Context,
    quick: bool = False,
    smoke: bool = False,
    peers: bool = False,
    sizes: str = "300,1000,3000",
    pairs: int = 0,
    lighthouse: bool = True,
    theme_defaults: bool = True,
    append: bool = False,
) -> None:
    """Benchmark the playbook against plain Sphinx on the same synthetic pages; writes bench/results/."""
    if not find_chromium():
        raise Exit(CHROMIUM_HELP, code=1)
    cmd = [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", sizes]
    cmd += ["--pairs", str(pairs)] if pairs else []
    cmd += ["--quick"] if quick else []
    cmd += ["--smoke"] if smoke else []
    cmd += ["--peers"] if peers else []
    cmd += [] if lighthouse else ["--no-lighthouse"]
    cmd += [] if theme_defaults else ["--no-theme-defaults"]
    cmd += ["--append"] if append else []
    code = _run(cmd)
    if code != 0:
        raise Exit(code=code)


#: Failures that mean "could not reach the server", not "the link is broken": offline, no DNS, proxy.
UNREACHABLE = ("NameResolutionError", "Max retries exceeded", "ConnectionError", "ProxyError", "timed out", "Timeout")


def summarise_linkcheck(output: Path) -> tuple[list[str], list[str], dict[str, int]]:
    """(broken links, links that could not be reached, counts by status) from linkcheck's output.json."""
    import json

    broken, unreachable, counts = [], [], {}
    for line in output.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        status = row["status"]
        if status == "broken" and any(word in row["info"] for word in UNREACHABLE):
            status = "unreachable"
        counts[status] = counts.get(status, 0) + 1
        where = f"{row['filename']}:{row['lineno']}: {row['uri']}"
        if status == "broken":
            broken.append(f"{where} ({row['info'] or 'not found'})")
        elif status == "unreachable":
            unreachable.append(where)
    return broken, unreachable, counts


@task(
    help={
        "source": "the source folder (default: content)",
        "timeout": "seconds to wait for each server (default 15)",
    }
)
def linkcheck(c: Context, source: str = str(SRC), timeout: int = 15) -> None:
    """Check every external link and download (needs the network; not part of invoke test).

    Links that are broken fail the task. Servers that cannot be reached (offline, no DNS, a
    firewall) are reported, not failed: being offline says nothing about the links.
    """
    out = BUILD / "linkcheck"
    flags = ["-q", "-D", f"linkcheck_timeout={timeout}"]
    _run(_sphinx("linkcheck", out / "out", out / "doctrees", *flags, source=Path(source)))
    report = out / "out" / "output.json"
    if not report.is_file():
        raise Exit("\nLink check could not run: see the messages above.", code=1)
    broken, unreachable, counts = summarise_linkcheck(report)
    print("\nLink check: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    if unreachable:
        print(f"{len(unreachable)} links could not be checked (no network or the server did not answer):")
        print("\n".join("  " + u for u in unreachable))
    if broken:
        raise Exit("Broken links:\n" + "\n".join("  " + b for b in broken), code=1)
    print("No broken links found." if not unreachable else "No broken links among those that could be checked.")


@task
def clean(c: Context) -> None:
    """Remove every build output (_build/)."""
    shutil.rmtree(BUILD, ignore_errors=True)
    print("Removed _build/")


def frontmatter_schema_text(source: Path = SRC) -> str:
    """The front-matter JSON Schema for ``source``, as `invoke schema` writes it."""
    import json

    from kb.model.schema import frontmatter_schema
    from kb.model.vocab import Vocabulary, load_bibliography, load_taxonomy

    vocab = Vocabulary()
    problems = load_taxonomy(source / "taxonomy.yml", vocab) + load_bibliography(source / "references.bib", vocab)
    if problems:
        raise Exit(f"Cannot write the schema: {problems[0].message}; run `invoke check` for details.", code=1)
    ids = {
        kind: sorted(p.stem for p in (source / folder).glob("*.md") if p.stem != "index")
        for kind, folder in KINDS.items()
    }
    return json.dumps(frontmatter_schema(vocab, ids), indent=2, ensure_ascii=False) + "\n"


@task
def schema(c: Context) -> None:
    """Write schema/frontmatter.schema.json (editor completion and checks) from the model and content/."""
    path = ROOT / "schema" / "frontmatter.schema.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(frontmatter_schema_text(), encoding="utf-8")
    print(f"Wrote {path.relative_to(ROOT)}: commit it with the content change that caused it.")


def _small_png(png: bytes, path: Path) -> None:
    """Save a screenshot as a 256-colour PNG: a third of the size, and text stays sharp."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, dither=Image.Dither.NONE).save(path, "PNG", optimize=True)


#: The pages the README shows: (file name, page under the site root).
SCREENSHOTS = (
    ("home.png", "index.html"),
    ("pattern.png", "patterns/{pattern}.html"),
    ("catalogue.png", "patterns/index.html"),
    ("finder.png", "finder.html"),
    ("role-path.png", "roles/{role}.html"),
)


@task(
    help={
        "site": "the built site (default: _build/html; run `invoke build` first)",
        "out": "where the PNGs go (default: docs/screenshots)",
        "pattern": "the pattern to show (default: expertise-gap)",
        "role": "the role whose reading path to show (default: data-scientist)",
    }
)
def screenshots(
    c: Context,
    site: str = str(BUILD / "html"),
    out: str = str(ROOT / "docs" / "screenshots"),
    pattern: str = "expertise-gap",
    role: str = "data-scientist",
) -> None:
    """Screenshot the home page, a pattern, the catalogue, the symptom finder and a role path (for the README)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    root, dest = Path(site), Path(out)
    pages = [(name, page.format(pattern=pattern, role=role)) for name, page in SCREENSHOTS]
    missing = [page for _, page in pages if not (root / page).is_file()]
    if missing:
        raise Exit(
            f"Not in {root}: {', '.join(missing)}. Run `invoke build` first, or pass --site/--pattern/--role.", 1
        )
    chromium = find_chromium()
    if chromium is None:
        raise Exit(CHROMIUM_HELP, code=1)
    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    dest.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--no-first-run"])
            # Light mode and no animations, so the images change only when the pages do.
            page = browser.new_page(viewport={"width": 1366, "height": 900}, color_scheme="light")
            for name, rel in pages:
                page.goto(base + rel, wait_until="networkidle")
                _small_png(page.screenshot(animations="disabled", caret="hide"), dest / name)
                print(f"{dest / name}  ({(dest / name).stat().st_size // 1024} KB)")
            browser.close()
    finally:
        server.shutdown()


ns = Collection(setup, build, check, serve, new, test, bench, linkcheck, clean, schema, screenshots)
