"""The benchmark: the playbook build against plain Sphinx (and, with --peers, MkDocs Material) on
the same synthetic pages, in the same run. Reports ratios, never asserts times.

Run it with `invoke bench` (`--quick` for 300 patterns only). Results go to bench/results/.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.generate import write_mkdocs, write_plain, write_playbook  # noqa: E402
from bench.report import write_reports  # noqa: E402

WORK = HERE / "work"
RESULTS = HERE / "results"


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    output_mb: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")


@dataclass
class Incremental:
    seconds: list[float] = field(default_factory=list)
    content_pages: list[int] = field(default_factory=list)
    shared_files: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")


def measured(cmd: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Run ``cmd`` in a child and return (seconds, peak resident MB of the build process)."""
    wrapper = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter(); r = subprocess.run(sys.argv[1:]);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr);"
        "sys.exit(r.returncode)"
    )
    proc = subprocess.run([sys.executable, "-c", wrapper, *cmd], cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark build failed: {' '.join(cmd)}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    seconds, rss_kb = proc.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(rss_kb) / 1024


def sphinx_cmd(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(out / ".doctrees"), str(src), str(out)]


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and ".doctrees" not in p.parts) / 2**20


def snapshot(out: Path) -> dict[str, int]:
    return {
        p.relative_to(out).as_posix(): p.stat().st_mtime_ns
        for p in out.rglob("*")
        if p.is_file() and ".doctrees" not in p.parts and not p.name.startswith(".")
    }


def rewritten(before: dict[str, int], after: dict[str, int]) -> tuple[int, int]:
    """(content pages, shared files) written by a build: search data, inventories and indexes are shared."""
    changed = {name for name, mtime in after.items() if before.get(name) != mtime}
    content = {
        n
        for n in changed
        if n.endswith(".html") and n not in ("genindex.html", "search.html") and not n.startswith("_")
    }
    shared = {n for n in changed - content if not n.startswith("_static/") or "search" in n}
    return len(content), len(shared)


def full_builds(src: Path, out: Path, repeats: int) -> Timing:
    timing = Timing()
    for _ in range(repeats):
        shutil.rmtree(out, ignore_errors=True)
        seconds, peak = measured(sphinx_cmd(src, out))
        timing.seconds.append(round(seconds, 2))
        timing.peak_mb = max(timing.peak_mb, round(peak, 1))
    timing.output_mb = round(dir_mb(out), 1)
    return timing


def incremental(src: Path, out: Path, page: Path, repeats: int, kind: str) -> Incremental:
    """Rebuild after editing one page: its body (``body``) or its title (``title``)."""
    result = Incremental()
    for i in range(repeats):
        text = page.read_text(encoding="utf-8")
        if kind == "body":
            text = text.rstrip("\n") + f"\n\nAn added sentence, edit {i}.\n"
        else:
            lines = text.split("\n")
            for j, line in enumerate(lines):
                if line.startswith("# ") or line.startswith("  title: "):
                    lines[j] = line.rstrip("'") + f" v{i}" + ("'" if line.endswith("'") else "")
                    break
            text = "\n".join(lines)
        before = snapshot(out)
        time.sleep(0.01)
        page.write_text(text, encoding="utf-8")
        seconds, _ = measured(sphinx_cmd(src, out))
        content, shared = rewritten(before, snapshot(out))
        result.seconds.append(round(seconds, 2))
        result.content_pages.append(content)
        result.shared_files.append(shared)
    return result


def mkdocs_build(dest: Path, repeats: int) -> Timing | None:
    try:
        import material  # noqa: F401
        import mkdocs  # noqa: F401
    except ImportError:
        print("  MkDocs Material is not installed: pip install -e '.[peers]' to add that row (skipped).")
        return None
    timing = Timing()
    for _ in range(repeats):
        shutil.rmtree(dest / "site", ignore_errors=True)
        seconds, peak = measured([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=dest)
        timing.seconds.append(round(seconds, 2))
        timing.peak_mb = max(timing.peak_mb, round(peak, 1))
    timing.output_mb = round(dir_mb(dest / "site"), 1)
    return timing


# -- what a browser loads ---------------------------------------------------------------------


def classify(url: str) -> str:
    name = url.split("?")[0].rsplit("/", 1)[-1]
    if "search" in name and name.endswith(".js") and ("index" in name or name.startswith("searchindex")):
        return "search"
    for ext, kind in (
        (".html", "html"),
        (".css", "css"),
        (".js", "js"),
        (".woff2", "fonts"),
        (".woff", "fonts"),
        (".ttf", "fonts"),
    ):
        if name.endswith(ext):
            return kind
    return "html" if name == "" else "other"


def page_weights(site: Path, pages: dict[str, str]) -> dict[str, dict[str, int]]:
    """Gzip-compressed bytes a browser fetches for each page, by type (as GitHub Pages serves them)."""
    sys.path.insert(0, str(REPO / "tests"))
    from conftest import CHROMIUM_ARGS, serve
    from playwright.sync_api import sync_playwright

    from tasks import find_chromium

    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    out: dict[str, dict[str, int]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        for label, path in pages.items():
            page = browser.new_page(viewport={"width": 390, "height": 844})
            sizes: dict[str, int] = {}
            responses = []
            page.on("response", lambda r, sink=responses: sink.append(r))
            page.goto(f"{base}/{path}")
            page.wait_for_load_state("networkidle")
            for response in responses:
                try:
                    body = response.body()
                except Exception:  # a redirect or an aborted request has no body
                    continue
                kind = classify(response.url)
                sizes[kind] = sizes.get(kind, 0) + len(gzip.compress(body, 9))
            sizes["total"] = sum(sizes.values())
            out[label] = sizes
            page.close()
        browser.close()
    server.shutdown()
    return out


def lighthouse(site: Path, pages: dict[str, str]) -> dict[str, dict[str, int]] | None:
    """Lighthouse 12 (mobile) on Debian's Chromium; installs the pinned npm package on first use."""
    node_modules = HERE / "node_modules" / ".bin" / "lighthouse"
    if not shutil.which("npm"):
        print("  Lighthouse skipped: Node.js and npm are not installed.")
        return None
    if not node_modules.exists():
        print("  Installing Lighthouse from bench/package-lock.json (npm ci) ...")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(HERE)], check=True, capture_output=True)
    sys.path.insert(0, str(REPO / "tests"))
    from conftest import serve

    from tasks import find_chromium

    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
    scores: dict[str, dict[str, int]] = {}
    for label, path in pages.items():
        report = WORK / f"lighthouse-{label}.json"
        subprocess.run(
            [
                str(node_modules),
                f"{base}/{path}",
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={flags}",
                "--only-categories=performance,accessibility,best-practices,seo",
            ],
            env={**os.environ, "CHROME_PATH": find_chromium() or "/usr/bin/chromium"},
            check=True,
            capture_output=True,
        )
        data = json.loads(report.read_text())
        scores[label] = {name: round(cat["score"] * 100) for name, cat in data["categories"].items()}
    server.shutdown()
    return scores


# -- the run ------------------------------------------------------------------------------------


def run(sizes: list[int], repeats: int, peers: bool, with_lighthouse: bool) -> dict[str, object]:
    results: dict[str, object] = {
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "commit": subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
            ).stdout.strip(),
        },
        "repeats": repeats,
        "sizes": {},
    }
    for n in sizes:
        print(f"== {n} patterns ==", flush=True)
        root = WORK / str(n)
        entries = write_playbook(root / "kb" / "content", n)
        write_plain(root / "plain", entries)
        write_plain(root / "plain-defaults", entries, theme_defaults=True)
        row: dict[str, object] = {"pages": len(entries) + 7}
        print("  playbook full builds ...", flush=True)
        kb = full_builds(root / "kb" / "content", root / "out-kb", repeats)
        print("  baseline full builds ...", flush=True)
        base = full_builds(root / "plain", root / "out-plain", repeats)
        print("  theme-defaults reference build ...", flush=True)
        defaults = full_builds(root / "plain-defaults", root / "out-defaults", 1)
        row.update({"playbook": asdict(kb) | {"median": kb.median}, "baseline": asdict(base) | {"median": base.median}})
        row["theme_defaults"] = asdict(defaults) | {"median": defaults.median}
        print("  incremental rebuilds ...", flush=True)
        target = "pattern-0001.md"
        for kind in ("body", "title"):
            for label, src, out in (
                ("playbook", root / "kb" / "content", root / "out-kb"),
                ("baseline", root / "plain", root / "out-plain"),
            ):
                inc = incremental(src, out, src / "patterns" / target, repeats, kind)
                row[f"{label}_incr_{kind}"] = asdict(inc) | {"median": inc.median}
        if peers:
            write_mkdocs(root / "mkdocs", root / "plain")
            print("  MkDocs Material builds ...", flush=True)
            mk = mkdocs_build(root / "mkdocs", repeats)
            if mk:
                row["mkdocs"] = asdict(mk) | {"median": mk.median}
        print("  page weight ...", flush=True)
        pages = {"pattern": "patterns/pattern-0002.html", "catalogue": "patterns/index.html", "home": "index.html"}
        row["weights"] = page_weights(root / "out-kb", pages)
        row["weights_baseline"] = page_weights(root / "out-plain", pages)
        if with_lighthouse and n == sizes[0]:
            print("  Lighthouse ...", flush=True)
            row["lighthouse"] = lighthouse(root / "out-kb", pages)
        results["sizes"][str(n)] = row  # type: ignore[index]
        print(
            f"  playbook {kb.median:.1f}s, baseline {base.median:.1f}s, ratio {kb.median / base.median:.2f}", flush=True
        )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="300 patterns only")
    parser.add_argument("--sizes", default="300,1000,3000")
    parser.add_argument("--repeats", type=int, default=None, help="default 3, or 2 with --quick")
    parser.add_argument("--peers", action="store_true", help="also time MkDocs Material (needs the 'peers' extra)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--append", action="store_true", help="add these sizes to the existing results")
    args = parser.parse_args(argv)
    sizes = [300] if args.quick else [int(s) for s in args.sizes.split(",")]
    if args.repeats is None:
        args.repeats = 2 if args.quick else 3  # --quick stays under five minutes on two cores
    WORK.mkdir(parents=True, exist_ok=True)
    results = run(sizes, args.repeats, args.peers, not args.no_lighthouse)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = "quick" if args.quick else "latest"
    previous = RESULTS / f"{stem}.json"
    if args.append and previous.exists():
        merged = json.loads(previous.read_text(encoding="utf-8"))
        merged["sizes"].update(results["sizes"])
        merged.setdefault("runs", []).append({"sizes": list(results["sizes"]), **results["machine"]})
        merged["repeats_by_size"] = {**merged.get("repeats_by_size", {}), **{n: args.repeats for n in results["sizes"]}}
        results = merged
    else:
        results["repeats_by_size"] = {n: args.repeats for n in results["sizes"]}
    (RESULTS / f"{stem}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    write_reports(results, RESULTS, stem)
    print(f"Results: {(RESULTS / f'{stem}.md').relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
