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
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.generate import write_mkdocs, write_plain, write_playbook  # noqa: E402
from bench.report import write_reports  # noqa: E402

WORK = HERE / "work"
RESULTS = HERE / "results"


def ratio_summary(a: list[float], b: list[float]) -> dict[str, object]:
    """Per-pair ratios a[i] / b[i] and their median, min and max: a busy machine slows both
    builds of a pair alike, so the ratio of a pair is steadier than a ratio of medians."""
    ratios = [round(x / y, 3) for x, y in zip(a, b, strict=True) if y]
    if not ratios:
        return {"pairs": [], "median": None, "min": None, "max": None}
    return {"pairs": ratios, "median": round(statistics.median(ratios), 3), "min": min(ratios), "max": max(ratios)}


class Measured(NamedTuple):
    seconds: float
    peak_mb: float
    cpu: float
    """User plus system seconds of the build: unlike wall time, hardly moved by other jobs."""


def measured(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Measured:
    """Run ``cmd`` in a child: wall seconds, peak resident MB and CPU seconds of the build process."""
    wrapper = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter(); r = subprocess.run(sys.argv[1:]);"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(time.perf_counter() - t, u.ru_maxrss, u.ru_utime + u.ru_stime, file=sys.stderr);"
        "sys.exit(r.returncode)"
    )
    proc = subprocess.run([sys.executable, "-c", wrapper, *cmd], cwd=cwd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark build failed: {' '.join(cmd)}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    seconds, rss_kb, cpu = proc.stderr.strip().splitlines()[-1].split()
    return Measured(round(float(seconds), 2), round(int(rss_kb) / 1024, 1), round(float(cpu), 2))


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
    """(content pages, shared files) written by a build: search data, inventories, indexes and the
    404 page (rewritten by every build) are shared."""
    changed = {name for name, mtime in after.items() if before.get(name) != mtime}
    content = {
        n
        for n in changed
        if n.endswith(".html") and n not in ("genindex.html", "search.html", "404.html") and not n.startswith("_")
    }
    shared = {n for n in changed - content if not n.startswith("_static/") or "search" in n}
    return len(content), len(shared)


def full_build(src: Path, out: Path) -> tuple[float, float]:
    shutil.rmtree(out, ignore_errors=True)
    m = measured(sphinx_cmd(src, out))
    return m.seconds, m.peak_mb


def paired_full_builds(
    a: tuple[Path, Path], b: tuple[Path, Path], pairs: int, warmup: bool = True
) -> dict[str, object]:
    """A B A B ... after one warm-up build of each (file cache, bytecode): the playbook (a)
    against plain Sphinx (b) on the same pages."""
    if warmup:
        full_build(*a)
        full_build(*b)
    times: dict[str, list[float]] = {"playbook": [], "baseline": []}
    peak = {"playbook": 0.0, "baseline": 0.0}
    for _ in range(pairs):
        for label, (src, out) in (("playbook", a), ("baseline", b)):
            seconds, mb = full_build(src, out)
            times[label].append(seconds)
            peak[label] = max(peak[label], mb)
    return {
        **times,
        "ratio": ratio_summary(times["playbook"], times["baseline"]),
        "peak_mb": peak,
        "output_mb": {"playbook": round(dir_mb(a[1]), 1), "baseline": round(dir_mb(b[1]), 1)},
    }


def edit_page(page: Path, kind: str, i: int) -> None:
    """Edit one page: add a sentence to its body (``body``) or change its title (``title``)."""
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
    page.write_text(text, encoding="utf-8")


def incremental(src: Path, out: Path, kind: str, i: int) -> tuple[float, float, int, int]:
    """Rebuild after one edit of pattern-0001: (seconds, CPU seconds, content pages rewritten, shared files)."""
    before = snapshot(out)
    time.sleep(0.01)
    edit_page(src / "patterns" / "pattern-0001.md", kind, i)
    m = measured(sphinx_cmd(src, out))
    content, shared = rewritten(before, snapshot(out))
    return m.seconds, m.cpu, content, shared


def paired_incremental(a: tuple[Path, Path], b: tuple[Path, Path], pairs: int) -> dict[str, object]:
    """Each pair edits the playbook and the baseline alike, body then title, so the pairs give
    playbook/baseline for each kind of edit and title/body for the playbook itself."""
    runs: dict[str, dict[str, list[float]]] = {k: {"playbook": [], "baseline": []} for k in ("body", "title")}
    cpu: dict[str, dict[str, list[float]]] = {k: {"playbook": [], "baseline": []} for k in ("body", "title")}
    pages: dict[str, dict[str, list[int]]] = {k: {"playbook": [], "baseline": []} for k in ("body", "title")}
    shared: dict[str, dict[str, list[int]]] = {k: {"playbook": [], "baseline": []} for k in ("body", "title")}
    for i in range(pairs):
        for kind in ("body", "title"):
            for label, (src, out) in (("playbook", a), ("baseline", b)):
                seconds, cpu_s, content, files = incremental(src, out, kind, i)
                runs[kind][label].append(seconds)
                cpu[kind][label].append(cpu_s)
                pages[kind][label].append(content)
                shared[kind][label].append(files)
    result: dict[str, object] = {
        kind: {
            **runs[kind],
            "cpu": cpu[kind],
            "ratio": ratio_summary(runs[kind]["playbook"], runs[kind]["baseline"]),
            "pages": {k: max(v) for k, v in pages[kind].items()},
            "shared": {k: max(v) for k, v in shared[kind].items()},
        }
        for kind in ("body", "title")
    }
    result["title_vs_body"] = ratio_summary(runs["title"]["playbook"], runs["body"]["playbook"])
    # The same in CPU time: on a loaded machine two builds a minute apart see different loads.
    result["title_vs_body_cpu"] = ratio_summary(cpu["title"]["playbook"], cpu["body"]["playbook"])
    return result


def mkdocs_build(dest: Path) -> dict[str, object]:
    """MkDocs Material's full build, once per size (it is the slow side of its comparison)."""
    try:
        import material  # noqa: F401
        import mkdocs  # noqa: F401
    except ImportError:
        return {"skipped": "MkDocs Material is not installed (pip install -e '.[peers]')"}
    shutil.rmtree(dest / "site", ignore_errors=True)
    seconds, peak, _ = measured([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=dest)
    return {"seconds": seconds, "peak_mb": peak, "output_mb": round(dir_mb(dest / "site"), 1)}


def publish_from_cache(project: Path, clone: Path, cache: Path, out: Path, repeats: int) -> dict[str, object]:
    """The build step of a publish after a one-entry edit: a fresh copy of the project at the same
    path (every file new, as after a checkout), then `invoke build --cache`, the restore included."""
    probe = subprocess.run(
        [sys.executable, "-m", "invoke", "--help", "build"], cwd=REPO, capture_output=True, text=True
    )
    if "--cache" not in probe.stdout:
        return {"skipped": "this version of tasks.py has no `invoke build --cache`"}
    source = clone / "content"
    cmd = [sys.executable, "-m", "invoke", "build", "--source", str(source), "--out", str(out), "--cache", str(cache)]

    def fresh_clone(edit: int | None) -> None:
        shutil.rmtree(clone, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(project, clone, copy_function=shutil.copyfile)  # new mtimes, like a checkout
        if edit is not None:
            edit_page(source / "patterns" / "pattern-0001.md", "body", 100 + edit)

    shutil.rmtree(cache, ignore_errors=True)
    fresh_clone(None)
    measured(cmd, cwd=REPO)  # the previous publish, which fills the cache
    seconds = []
    for i in range(repeats):
        fresh_clone(i)
        seconds.append(measured(cmd, cwd=REPO)[0])
    return {"seconds": seconds, "median": statistics.median(seconds)}


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


FILTER_CLICKS = """async () => {
  // A filter click as a reader makes it: the change handler, then style and layout of the page.
  const boxes = Array.from(document.querySelectorAll('#kb-filters input[type=checkbox]'));
  const times = [];
  for (let i = 0; i < 20; i++) {
    const box = boxes[Math.floor(i / 2) % boxes.length];  // each box on, then off again
    const t = performance.now();
    box.click();
    document.body.getBoundingClientRect();
    times.push(performance.now() - t);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  return times;
}"""


def filter_clicks(site: Path) -> dict[str, object]:
    """Median time of 20 filter clicks on the catalogue, measured in the page (headless Chromium)."""
    sys.path.insert(0, str(REPO / "tests"))
    from conftest import CHROMIUM_ARGS, serve
    from playwright.sync_api import sync_playwright

    from tasks import find_chromium

    server = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/patterns/index.html")
            page.wait_for_load_state("networkidle")
            times = page.evaluate(FILTER_CLICKS)
            browser.close()
    finally:
        server.shutdown()
    return {"clicks_ms": [round(t, 1) for t in times], "median_ms": round(statistics.median(times), 1)}


def lighthouse(site: Path, pages: dict[str, str]) -> dict[str, object]:
    """Lighthouse 12 (mobile) on Debian's Chromium; installs the pinned npm package on first use.

    Optional: whatever stops it (no npm, no network, a failed run) is reported as skipped, with
    the reason, and the rest of the benchmark carries on.
    """
    binary = HERE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if not shutil.which("npm"):
            return {"skipped": "Node.js and npm are not installed"}
        print("  Installing Lighthouse from bench/package-lock.json (npm ci) ...", flush=True)
        proc = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(HERE)], capture_output=True, text=True
        )
        if proc.returncode != 0 or not binary.exists():
            return {"skipped": "npm ci failed: " + " ".join((proc.stderr or proc.stdout).split())[-400:]}
    sys.path.insert(0, str(REPO / "tests"))
    from conftest import serve

    from tasks import find_chromium

    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
    scores: dict[str, object] = {}
    try:
        for label, path in pages.items():
            report = WORK / f"lighthouse-{label}.json"
            proc = subprocess.run(
                [
                    str(binary),
                    f"{base}/{path}",
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    f"--chrome-flags={flags}",
                    "--only-categories=performance,accessibility,best-practices,seo",
                ],
                env={**os.environ, "CHROME_PATH": find_chromium() or "/usr/bin/chromium"},
                capture_output=True,
                text=True,
            )
            if proc.returncode != 0:
                return {"skipped": f"Lighthouse failed on {path}: " + " ".join(proc.stderr.split())[-400:]}
            data = json.loads(report.read_text())
            scores[label] = {name: round(cat["score"] * 100) for name, cat in data["categories"].items()}
    finally:
        server.shutdown()
    return scores


def optional(name: str, step: Callable[..., dict[str, object]], *args: object) -> dict[str, object]:
    """Run an optional step; an error is reported as skipped, with why, and the run goes on."""
    try:
        result = step(*args)
    except (Exception, SystemExit) as err:  # a failed optional step must not end the run
        result = {"skipped": f"{type(err).__name__}: {' '.join(str(err).split())[-400:]}"}
    if "skipped" in result:
        print(f"  {name} skipped: {result['skipped']}", flush=True)
    return result


# -- the run ------------------------------------------------------------------------------------

#: Alternating pairs per size (after a warm-up), as the issue asks: more where builds are short.
PAIRS = {300: 5, 1000: 5, 3000: 3}


def run(
    sizes: list[int], pairs: int | None, peers: bool, with_lighthouse: bool, theme_defaults: bool, warmup: bool = True
) -> dict[str, object]:
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
        "sizes": {},
    }

    def checkpoint(row: dict[str, object], n: int) -> None:
        # What finished so far, so a run cut short on a busy machine still leaves its numbers.
        results["sizes"][str(n)] = row  # type: ignore[index]
        (WORK / "partial.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")

    for n in sizes:
        n_pairs = pairs or PAIRS.get(n, 3)
        print(f"== {n} patterns, {n_pairs} pairs (load {os.getloadavg()[0]:.1f}) ==", flush=True)
        root = WORK / str(n)
        entries = write_playbook(root / "kb" / "content", n)
        write_plain(root / "plain", entries)
        row: dict[str, object] = {"pages": len(entries) + 7, "pairs": n_pairs, "load": [os.getloadavg()[0]]}
        kb = (root / "kb" / "content", root / "out-kb")
        base = (root / "plain", root / "out-plain")
        print("  full builds, playbook and baseline alternating ...", flush=True)
        row["full"] = paired_full_builds(kb, base, n_pairs, warmup)
        checkpoint(row, n)
        if theme_defaults:
            print("  theme-defaults reference build ...", flush=True)
            write_plain(root / "plain-defaults", entries, theme_defaults=True)
            row["theme_defaults"] = {"seconds": full_build(root / "plain-defaults", root / "out-defaults")[0]}
        print("  page weight and filter clicks ...", flush=True)
        pages = {"pattern": "patterns/pattern-0002.html", "catalogue": "patterns/index.html", "home": "index.html"}
        row["weights"] = page_weights(kb[1], pages)
        row["weights_baseline"] = page_weights(base[1], pages)
        row["filter"] = filter_clicks(kb[1])
        checkpoint(row, n)
        if with_lighthouse and n == sizes[0]:
            print("  Lighthouse ...", flush=True)
            row["lighthouse"] = optional("Lighthouse", lighthouse, kb[1], pages)
        if peers:
            print("  MkDocs Material full build ...", flush=True)
            write_mkdocs(root / "mkdocs", root / "plain")
            row["mkdocs"] = optional("MkDocs Material", mkdocs_build, root / "mkdocs")
            checkpoint(row, n)
        print("  publish after a one-entry edit, from a restored cache ...", flush=True)
        row["publish"] = optional(
            "Publish from cache",
            publish_from_cache,
            root / "kb",
            root / "clone",
            root / "cache",
            root / "out-publish",
            max(1, n_pairs // 2),
        )
        checkpoint(row, n)
        # Last: at 3,000 patterns these are the longest part, and the publishing targets come first.
        print("  incremental rebuilds, alternating ...", flush=True)
        row["incremental"] = paired_incremental(kb, base, n_pairs)
        row["load"].append(os.getloadavg()[0])  # type: ignore[attr-defined]
        results["sizes"][str(n)] = row  # type: ignore[index]
        ratio = row["full"]["ratio"]  # type: ignore[index]
        print(f"  playbook / baseline: median {ratio['median']} ({ratio['min']}-{ratio['max']})", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="300 patterns, 3 pairs")
    parser.add_argument("--smoke", action="store_true", help="12 patterns, 1 pair, no warm-up: checks that it runs")
    parser.add_argument("--sizes", default="300,1000,3000")
    parser.add_argument("--pairs", type=int, default=None, help="alternating pairs per size (default 5, 5, 3)")
    parser.add_argument("--peers", action="store_true", help="also MkDocs Material (needs the 'peers' extra)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-theme-defaults", action="store_true", help="skip the theme-defaults reference build")
    parser.add_argument("--append", action="store_true", help="add these sizes to the existing results")
    args = parser.parse_args(argv)
    if args.smoke:
        sizes, args.pairs, args.peers, args.no_theme_defaults = [12], 1, False, True
    elif args.quick:
        sizes, args.pairs = [300], args.pairs or 3
    else:
        sizes = [int(s) for s in args.sizes.split(",")]
    WORK.mkdir(parents=True, exist_ok=True)
    results = run(
        sizes, args.pairs, args.peers, not args.no_lighthouse, not args.no_theme_defaults, warmup=not args.smoke
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = "smoke" if args.smoke else "quick" if args.quick else "latest"
    previous = RESULTS / f"{stem}.json"
    if args.append and previous.exists():
        merged = json.loads(previous.read_text(encoding="utf-8"))
        merged["sizes"].update(results["sizes"])
        merged.setdefault("runs", []).append({"sizes": list(results["sizes"]), **results["machine"]})
        results = merged
    (RESULTS / f"{stem}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    write_reports(results, RESULTS, stem)
    print(f"Results: {(RESULTS / f'{stem}.md').relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
