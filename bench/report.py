"""Turn benchmark results into a Markdown table and an SVG chart of build time against size."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "–"


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {m['platform']}, {m['cpus']} CPUs, Python {m['python']}; run {m['date']}; "
        f"commit {m.get('commit', '?')}; medians of {results.get('repeats_by_size', results['repeats'])} runs per size (the theme-defaults reference: one run). "
        "Times are seconds in this run only: compare the ratios.",
        *(
            [
                f"Sizes {', '.join(r['sizes'])} were appended by a later run: {r['date']}, commit {r.get('commit', '?')}."
                for r in results.get("runs", [])
            ]
        ),
        "",
        "## Full builds",
        "",
        "| patterns | pages | baseline (same theme settings) | theme defaults | playbook | playbook / baseline | MkDocs Material | playbook / MkDocs | peak MB playbook / baseline | output MB playbook / baseline |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    sizes = results["sizes"]
    for n, row in sizes.items():
        kb, base, dflt = row["playbook"], row["baseline"], row["theme_defaults"]
        mk = row.get("mkdocs")
        lines.append(
            f"| {n} | {row['pages']} | {base['median']:.1f} | {dflt['median']:.1f} | {kb['median']:.1f} | "
            f"**{_ratio(kb['median'], base['median'])}** | {mk['median']:.1f} | {_ratio(kb['median'], mk['median'])} | "
            if mk
            else f"| {n} | {row['pages']} | {base['median']:.1f} | {dflt['median']:.1f} | {kb['median']:.1f} | "
            f"**{_ratio(kb['median'], base['median'])}** | – | – | "
        )
        lines[-1] += (
            f"{kb['peak_mb']:.0f} / {base['peak_mb']:.0f} ({_ratio(kb['peak_mb'], base['peak_mb'])}) | {kb['output_mb']:.1f} / {base['output_mb']:.1f} |"
        )
    keys = list(sizes)
    if len(keys) > 1:
        first, last = sizes[keys[0]], sizes[keys[-1]]
        lines += [
            "",
            f"Scaling from {keys[0]} to {keys[-1]} patterns: playbook × "
            f"{last['playbook']['median'] / first['playbook']['median']:.1f}, baseline × "
            f"{last['baseline']['median'] / first['baseline']['median']:.1f}.",
        ]
    lines += [
        "",
        "## Incremental rebuilds (one pattern edited)",
        "",
        "| patterns | edit | baseline s | playbook s | ratio | content pages rewritten (playbook / baseline) | shared files (playbook / baseline) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for n, row in sizes.items():
        for kind in ("body", "title"):
            kb, base = row[f"playbook_incr_{kind}"], row[f"baseline_incr_{kind}"]
            lines.append(
                f"| {n} | {kind} | {base['median']:.1f} | {kb['median']:.1f} | {_ratio(kb['median'], base['median'])} | "
                f"{max(kb['content_pages'])} / {max(base['content_pages'])} | {max(kb['shared_files'])} / {max(base['shared_files'])} |"
            )
    lines += [
        "",
        "## What a browser loads (gzip bytes, phone viewport)",
        "",
        "| patterns | page | HTML | CSS | JS | fonts | search data | total | baseline total |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, row in sizes.items():
        for page, w in row["weights"].items():
            b = row["weights_baseline"][page]
            lines.append(
                f"| {n} | {page} | {w.get('html', 0):,} | {w.get('css', 0):,} | {w.get('js', 0):,} | {w.get('fonts', 0):,} | "
                f"{w.get('search', 0):,} | **{w['total']:,}** | {b['total']:,} |"
            )
    for n, row in sizes.items():
        if row.get("lighthouse"):
            lines += [
                "",
                f"## Lighthouse (mobile, {n} patterns)",
                "",
                "| page | performance | accessibility | best practices | SEO |",
                "|---|---:|---:|---:|---:|",
            ]
            for page, s in row["lighthouse"].items():
                lines.append(
                    f"| {page} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} |"
                )
    lines += ["", "![Build time against size](build-time.svg)", ""]
    return "\n".join(lines)


def svg_chart(results: dict[str, Any]) -> str:
    """A small line chart, written by hand so the benchmark needs no plotting library."""
    series = {"baseline": "#6c757d", "playbook": "#1f5f8b", "theme_defaults": "#b35900", "mkdocs": "#2e7d32"}
    sizes = [int(n) for n in results["sizes"]]
    points = {
        name: [(int(n), row[name]["median"]) for n, row in results["sizes"].items() if row.get(name)] for name in series
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
