"""Turn benchmark results into a Markdown table and an SVG chart of build time against size."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any


def _med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _paired(r: dict[str, Any] | None) -> str:
    """A paired ratio as 'median (min–max)'."""
    if not r or r.get("median") is None:
        return "–"
    return f"**{r['median']:.2f}** ({r['min']:.2f}–{r['max']:.2f})"


def _skipped(step: dict[str, Any] | None) -> str | None:
    return step.get("skipped") if isinstance(step, dict) else None


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    sizes = results["sizes"]
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {m['platform']}, {m['cpus']} CPUs, Python {m['python']}; run {m['date']}; "
        f"commit {m.get('commit', '?')}. Builds of the playbook and of plain Sphinx alternate (A B A B … "
        "after one warm-up build of each); a ratio is the median of the per-pair ratios, with their "
        "min–max, so a busy machine slows both sides of a pair alike. Seconds are medians in this run only.",
        *(
            f"Sizes {', '.join(r['sizes'])} were added by a later run: {r['date']}, commit {r.get('commit', '?')}."
            for r in results.get("runs", [])
        ),
        "",
        "## Full builds",
        "",
        "| patterns | pages | pairs | load (1 min, start–end) | baseline s | playbook s | playbook / baseline | theme defaults s | "
        "MkDocs Material s | playbook / MkDocs | peak MB playbook / baseline | output MB playbook / baseline |",
        "|---:|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for n, row in sizes.items():
        full = row["full"]
        kb, base = _med(full["playbook"]), _med(full["baseline"])
        mk = row.get("mkdocs") or {}
        mk_s = mk.get("seconds")
        dflt = (row.get("theme_defaults") or {}).get("seconds")
        load = "–".join(f"{x:.1f}" for x in row.get("load", []))
        lines.append(
            f"| {n} | {row['pages']} | {row['pairs']} | {load} | {base:.1f} | {kb:.1f} | {_paired(full['ratio'])} | "
            f"{f'{dflt:.1f}' if dflt else '–'} | {f'{mk_s:.1f}' if mk_s else '–'} | "
            f"{f'{kb / mk_s:.2f}' if mk_s else '–'} | {full['peak_mb']['playbook']:.0f} / {full['peak_mb']['baseline']:.0f} | "
            f"{full['output_mb']['playbook']:.1f} / {full['output_mb']['baseline']:.1f} |"
        )
    lines += [
        "",
        "## Publishing after a one-entry edit, from a restored cache",
        "",
        "A fresh copy of the sources at the same path (as after a checkout), then `invoke build --cache DIR`: "
        "restore, incremental strict build, publish, save. Against MkDocs Material's full build of the same "
        "pages in the same run (once per size).",
        "",
        "| patterns | publish s (each run) | median s | MkDocs Material full build s | publish / MkDocs |",
        "|---:|---|---:|---:|---:|",
    ]
    for n, row in sizes.items():
        pub, mk = row.get("publish") or {}, row.get("mkdocs") or {}
        if _skipped(pub) or "median" not in pub:
            lines.append(f"| {n} | skipped: {_skipped(pub) or 'not measured'} | – | – | – |")
            continue
        mk_s = mk.get("seconds")
        vs = f"**{pub['median'] / mk_s:.3f}**" if mk_s else "–"
        lines.append(
            f"| {n} | {', '.join(f'{x:.1f}' for x in pub['seconds'])} | {pub['median']:.1f} | "
            f"{f'{mk_s:.1f}' if mk_s else '–'} | {vs} |"
        )
    lines += [
        "",
        "## Incremental rebuilds (one pattern edited)",
        "",
        "| patterns | edit | baseline s | playbook s | playbook / baseline | content pages rewritten (playbook / baseline) | shared files (playbook / baseline) |",
        "|---:|---|---:|---:|---|---:|---:|",
    ]
    for n, row in sizes.items():
        inc = row.get("incremental")
        if not inc:  # a run cut short (bench/work/partial.json) before its incremental pairs
            lines.append(f"| {n} | – | not measured | | | | |")
            continue
        for kind in ("body", "title"):
            r = inc[kind]
            lines.append(
                f"| {n} | {kind} | {_med(r['baseline']):.1f} | {_med(r['playbook']):.1f} | {_paired(r['ratio'])} | "
                f"{r['pages']['playbook']} / {r['pages']['baseline']} | {r['shared']['playbook']} / {r['shared']['baseline']} |"
            )
    lines += [
        "",
        "Title change against our own body edit (playbook, paired): "
        + "; ".join(
            f"{n}: {_paired(row['incremental']['title_vs_body'])}" for n, row in sizes.items() if row.get("incremental")
        )
        + ".",
    ]
    cpu = [
        (n, row["incremental"]["title_vs_body_cpu"])
        for n, row in sizes.items()
        if (row.get("incremental") or {}).get("title_vs_body_cpu")
    ]
    if cpu:
        lines += [
            "",
            "The same in CPU time (user + system seconds of each build, which other jobs on the machine "
            "hardly move): " + "; ".join(f"{n}: {_paired(r)}" for n, r in cpu) + ".",
        ]
    lines += [
        "",
        "## Catalogue filter click (headless Chromium, measured in the page)",
        "",
        "Median of 20 clicks: the change handler, then style and layout.",
        "",
        "| patterns | median ms | slowest ms |",
        "|---:|---:|---:|",
    ]
    for n, row in sizes.items():
        f = row.get("filter") or {}
        if f.get("clicks_ms"):
            lines.append(f"| {n} | {f['median_ms']:.1f} | {max(f['clicks_ms']):.1f} |")
    lines += [
        "",
        "## What a browser loads (gzip bytes, phone viewport)",
        "",
        "| patterns | page | HTML | CSS | JS | fonts | search data | total | baseline total |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, row in sizes.items():
        for page, w in (row.get("weights") or {}).items():
            b = row["weights_baseline"][page]
            lines.append(
                f"| {n} | {page} | {w.get('html', 0):,} | {w.get('css', 0):,} | {w.get('js', 0):,} | {w.get('fonts', 0):,} | "
                f"{w.get('search', 0):,} | **{w['total']:,}** | {b['total']:,} |"
            )
    for n, row in sizes.items():
        lh = row.get("lighthouse")
        if not lh:
            continue
        lines += ["", f"## Lighthouse (mobile, {n} patterns)", ""]
        if _skipped(lh):
            lines.append(f"Skipped: {_skipped(lh)}.")
            continue
        lines += ["| page | performance | accessibility | best practices | SEO |", "|---|---:|---:|---:|---:|"]
        for page, sc in lh.items():
            lines.append(
                f"| {page} | {sc['performance']} | {sc['accessibility']} | {sc['best-practices']} | {sc['seo']} |"
            )
    skipped = [
        f"- {n} patterns, {name}: {_skipped(row.get(key))}"
        for n, row in sizes.items()
        for key, name in (
            ("mkdocs", "MkDocs Material"),
            ("publish", "publish from cache"),
            ("lighthouse", "Lighthouse"),
        )
        if _skipped(row.get(key))
    ]
    if skipped:
        lines += ["", "## Skipped steps", "", *skipped]
    lines += ["", "![Build time against size](build-time.svg)", ""]
    return "\n".join(lines)


def svg_chart(results: dict[str, Any]) -> str:
    """A small line chart, written by hand so the benchmark needs no plotting library."""
    series = {"baseline": "#6c757d", "playbook": "#1f5f8b", "theme_defaults": "#b35900", "mkdocs": "#2e7d32"}
    sizes = [int(n) for n in results["sizes"]]

    def seconds(row: dict[str, Any], name: str) -> float | None:
        if name in ("playbook", "baseline"):
            return _med(row["full"][name])
        return (row.get(name) or {}).get("seconds")

    points = {
        name: [(int(n), t) for n, row in results["sizes"].items() if (t := seconds(row, name))] for name in series
    }
    ymax = max((t for pts in points.values() for _, t in pts), default=1) * 1.1
    xmax = max(sizes) if sizes else 1
    w, h, pad = 640, 360, 56

    def x(v: float) -> float:
        return pad + (w - 2 * pad) * v / xmax

    def y(v: float) -> float:
        return h - pad - (h - 2 * pad) * v / ymax

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-label="Full build time against number of patterns">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="black"/>',
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{h - pad}" stroke="black"/>',
        f'<text x="{w / 2}" y="{h - 14}" text-anchor="middle" font-size="13">patterns</text>',
        f'<text x="16" y="{h / 2}" transform="rotate(-90 16 {h / 2})" text-anchor="middle" font-size="13">seconds (full build)</text>',
    ]
    for n in sizes:
        parts.append(f'<text x="{x(n):.0f}" y="{h - pad + 18}" text-anchor="middle" font-size="11">{n}</text>')
    for i in range(5):
        v = ymax * i / 4
        parts.append(f'<text x="{pad - 6}" y="{y(v) + 4:.0f}" text-anchor="end" font-size="11">{v:.0f}</text>')
    legend_y = pad - 24
    for k, (name, colour) in enumerate(series.items()):
        pts = points[name]
        if not pts:
            continue
        path = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in pts)
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{path}"/>')
        parts += [f'<circle cx="{x(a):.1f}" cy="{y(b):.1f}" r="3.5" fill="{colour}"/>' for a, b in pts]
        parts.append(
            f'<text x="{pad + 130 * k}" y="{legend_y}" font-size="12" fill="{colour}">\u25a0 {name.replace("_", " ")}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def write_reports(results: dict[str, Any], folder: Path, stem: str) -> None:
    (folder / f"{stem}.md").write_text(markdown(results), encoding="utf-8")
    (folder / ("build-time.svg" if stem == "latest" else f"{stem}-build-time.svg")).write_text(
        svg_chart(results), encoding="utf-8"
    )
