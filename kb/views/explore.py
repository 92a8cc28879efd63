"""Pages for finding the right pattern: catalogue filters, the symptom finder and the
responsibility matrix. Each works without JavaScript (everything is a plain link or table);
kb-explore.js adds filtering, ranking and URL state on top."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from html import escape

from docutils import nodes

from ..builders import interactive
from ..model.entries import Entry
from ..model.safe import script_json
from ..model.vocab import Term
from ..nodes import bullets, para, text
from . import Context, view
from .listings import ListingDirective, facet_values


def _script(ctx: Context) -> list[nodes.Node]:
    """The explore script, once per page (singlehtml puts the catalogue and the finder on one)."""
    if "kb-explore.js" in ctx.emitted:
        return []
    ctx.emitted.add("kb-explore.js")
    src = escape(ctx.uri("_static/kb-explore.js"))
    return [nodes.raw("", f'<script defer src="{src}"></script>\n', format="html")]


def _patterns(ctx: Context) -> list[Entry]:
    return sorted(
        (e for e in ctx.domain.entries.values() if e.kind == "pattern"), key=lambda e: (e.title.lower(), e.id)
    )


def _roles(ctx: Context) -> list[Entry]:
    return sorted((e for e in ctx.domain.entries.values() if e.kind == "role"), key=lambda e: e.title.lower())


def _facets(ctx: Context) -> list[tuple[str, str, list[tuple[str, str]], Callable[[Entry], tuple[str, ...]]]]:
    values = facet_values(ctx)  # the same order as the catalogue cards' data-* positions
    return [
        ("role", "Role", values["role"], lambda e: e.roles),
        ("phase", "Phase", values["phase"], lambda e: e.phases),
        ("theme", "Theme", values["theme"], lambda e: e.themes),
    ]


def filter_form(ctx: Context, patterns: list[Entry]) -> list[nodes.Node]:
    """Checkbox facets with counts; hidden without JavaScript, where every card is shown."""
    facets = _facets(ctx)
    if not interactive(ctx.builder):
        return [_plain_facets(patterns, facets)]
    parts = ['<form class="kb-filters kb-js-only" id="kb-filters" aria-label="Filter patterns">']
    for name, legend, values, get in facets:
        counts = Counter(v for e in patterns for v in get(e))
        parts.append(f'<fieldset class="kb-facet" data-facet="{name}"><legend>{escape(legend)}</legend>')
        for value, label in values:
            if not counts[value]:
                continue
            ident = f"kb-f-{name}-{value}"
            parts.append(
                f'<div class="kb-facet-option"><input type="checkbox" id="{escape(ident)}" name="{name}" value="{escape(value)}">'
                f'<label for="{escape(ident)}">{escape(label)} <span class="kb-count">({counts[value]})</span>'
                '<span class="visually-hidden"> patterns</span></label></div>'
            )
        parts.append("</fieldset>")
    parts.append(
        '<button type="reset" class="btn btn-sm btn-outline-secondary kb-clear">Clear all filters</button></form>'
    )
    parts.append(
        f'<p class="kb-filter-status kb-js-only" id="kb-filter-status" role="status" aria-live="polite">{len(patterns)} patterns</p>'
    )
    return [nodes.raw("", "\n".join(parts), format="html")]


def _plain_facets(patterns: list[Entry], facets: list) -> nodes.Node:
    """For books and text: the facets as a list of how many patterns each value has."""
    items = []
    for _name, legend, values, get in facets:
        counts = Counter(v for e in patterns for v in get(e))
        listed = ", ".join(f"{label} ({counts[value]})" for value, label in values if counts[value])
        items.append(para(nodes.strong(legend, legend), text(": " + listed)))
    return nodes.bullet_list("", *(nodes.list_item("", item) for item in items), classes=["kb-facet-counts"])


class FinderDirective(ListingDirective):
    """``{kb-finder}``: tick the symptoms you recognise and see the patterns ranked."""

    view_name = "finder"

    def dependencies(self) -> tuple[str, ...]:
        return ("kind:pattern", "kind:practice")


class MatrixDirective(ListingDirective):
    """``{kb-matrix}``: practices against roles, marking who leads and who contributes."""

    view_name = "matrix"

    def dependencies(self) -> tuple[str, ...]:
        return ("kind:practice", "kind:role")


def _symptoms_by_phase(ctx: Context, patterns: list[Entry]) -> list[tuple[Term, list[Entry]]]:
    """Each pattern's symptoms are listed once, under the first phase it belongs to."""
    out = []
    seen: set[str] = set()
    for phase in ctx.vocab.phases.values():
        members = [p for p in patterns if p.phases and p.phases[0] == phase.id and p.id not in seen]
        if members:
            seen.update(p.id for p in members)
            out.append((phase, members))
    return out


def _plain_finder(ctx: Context, patterns: list[Entry]) -> list[nodes.Node]:
    """For books and text: every sign under its phase, each followed by the pattern it points to."""
    out: list[nodes.Node] = []
    for phase, members in _symptoms_by_phase(ctx, patterns):
        out.append(nodes.rubric(phase.title, phase.title, classes=["kb-finder-phase"]))
        items = [para(text(symptom + " \u2192 "), ctx.link(p.id)) for p in members for symptom in p.symptoms]
        out.append(bullets(items, classes=["kb-finder-signs"]))
    return out


@view("finder")
def finder(ctx: Context, node: nodes.Element) -> list[nodes.Node]:
    patterns = _patterns(ctx)
    if not interactive(ctx.builder):
        return _plain_finder(ctx, patterns)
    data: dict[str, dict[str, object]] = {}
    parts = ['<form class="kb-finder" id="kb-finder" aria-label="Symptoms, grouped by phase">']
    for phase, members in _symptoms_by_phase(ctx, patterns):
        parts.append(
            f'<fieldset class="kb-finder-phase" id="finder-{escape(phase.id)}"><legend>{escape(phase.title)}</legend>'
        )
        for p in members:
            uri = escape(ctx.builder.get_relative_uri(ctx.docname, ctx.domain.docname_of(p.id) or ""))
            for i, symptom in enumerate(p.symptoms):
                ident = f"kb-s-{p.id}-{i}"
                parts.append(
                    f'<div class="kb-symptom"><input type="checkbox" id="{escape(ident)}" name="s" value="{escape(p.id)}.{i}">'
                    f'<label for="{escape(ident)}">{escape(symptom)}</label> '
                    f'<a class="kb-symptom-pattern" href="{uri}">{escape(p.title)}</a></div>'
                )
        parts.append("</fieldset>")
    parts.append("</form>")
    for p in patterns:
        practices = []
        for practice_id in p.practices[:2]:
            practice = ctx.entry(practice_id)
            docname = ctx.domain.docname_of(practice_id)
            if practice and docname:
                practices.append([practice.title, ctx.builder.get_relative_uri(ctx.docname, docname)])
        data[p.id] = {
            "t": p.title,
            "u": ctx.builder.get_relative_uri(ctx.docname, ctx.domain.docname_of(p.id) or ""),
            "n": len(p.symptoms),
            "p": practices,
        }
    payload = script_json(data)
    parts.append(f'<script type="application/json" id="kb-finder-data">{payload}</script>')
    parts.append(
        '<section class="kb-finder-results kb-js-only" aria-labelledby="kb-finder-results-title">'
        '<h2 id="kb-finder-results-title">Patterns that match</h2>'
        '<p id="kb-finder-status" role="status" aria-live="polite">Tick a symptom to see matching patterns.</p>'
        '<ol id="kb-finder-list"></ol>'
        # The region, not the <pre>, carries the name: aria-labelledby is not allowed on a <pre>.
        '<div class="kb-finder-summary" role="region" aria-labelledby="kb-summary-title" hidden>'
        '<h3 id="kb-summary-title">Summary for your retrospective</h3>'
        '<pre id="kb-finder-summary" tabindex="0"></pre>'
        '<button type="button" class="btn btn-sm btn-primary" id="kb-copy">Copy summary</button> '
        '<button type="button" class="btn btn-sm btn-outline-secondary" id="kb-print">Print</button> '
        '<button type="button" class="btn btn-sm btn-outline-secondary" id="kb-finder-clear">Clear ticks</button>'
        "</div></section>"
        # A bar that follows the reader down the long list, pointing to the ranked results.
        '<div class="kb-finder-bar" id="kb-finder-bar" hidden><span id="kb-finder-bar-text"></span> '
        '<a href="#kb-finder-results-title">See the ranking</a></div>'
    )
    return [nodes.raw("", "\n".join(parts), format="html"), *_script(ctx)]


@view("matrix")
def matrix(ctx: Context, node: nodes.Element) -> list[nodes.Node]:
    roles = _roles(ctx)
    practices = sorted((e for e in ctx.domain.entries.values() if e.kind == "practice"), key=lambda e: e.title.lower())
    if not interactive(ctx.builder):
        return _plain_matrix(ctx, roles, practices)
    head = "".join(
        f'<th scope="col"><a href="{escape(ctx.builder.get_relative_uri(ctx.docname, ctx.domain.docname_of(r.id) or ""))}">{escape(r.title)}</a></th>'
        for r in roles
    )
    rows = []
    for p in practices:
        uri = escape(ctx.builder.get_relative_uri(ctx.docname, ctx.domain.docname_of(p.id) or ""))
        cells = []
        for r in roles:
            if r.id in p.leads:
                cells.append('<td class="kb-lead"><span aria-hidden="true">\u25cf</span> Leads</td>')
            elif r.id in p.contributors:
                cells.append('<td class="kb-contrib"><span aria-hidden="true">\u25cb</span> Contributes</td>')
            else:
                cells.append('<td class="kb-none"><span class="visually-hidden">No role</span></td>')
        rows.append(f'<tr><th scope="row"><a href="{uri}">{escape(p.title)}</a></th>{"".join(cells)}</tr>')
    html = (
        '<p class="kb-matrix-legend" id="kb-matrix-caption">Who leads (\u25cf) and who contributes (\u25cb) to each '
        "practice, by role. On a small screen, scroll the table sideways.</p>"
        '<div class="kb-matrix-wrap" tabindex="0" role="region" aria-labelledby="kb-matrix-caption">'
        '<table class="table kb-matrix"><caption class="visually-hidden">Who leads and who contributes to each '
        f'practice, by role</caption><thead><tr><th scope="col">Practice</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    return [nodes.raw("", html, format="html")]


def _plain_matrix(ctx: Context, roles: list[Entry], practices: list[Entry]) -> list[nodes.Node]:
    """For books and text: the same matrix as a docutils table, with words instead of symbols."""
    table = nodes.table(classes=["kb-matrix"])
    group = nodes.tgroup(cols=len(roles) + 1)
    table += group
    # Widths in characters for the text writer, proportions for LaTeX: role titles wrap at words.
    group += [nodes.colspec(colwidth=24)] + [nodes.colspec(colwidth=11) for _ in roles]

    def row(*cells: nodes.Node) -> nodes.row:
        out = nodes.row()
        for cell in cells:
            out += nodes.entry("", cell if isinstance(cell, nodes.paragraph) else para(cell))
        return out

    group += nodes.thead("", row(text("Practice"), *(ctx.link(r.id) for r in roles)))
    body = nodes.tbody()
    for p in practices:
        marks = ["Leads" if r.id in p.leads else "Contributes" if r.id in p.contributors else "" for r in roles]
        body += row(ctx.link(p.id), *(text(m) for m in marks))
    group += body
    caption = para(text("Who leads and who contributes to each practice, by role."), classes=["kb-matrix-legend"])
    return [caption, table]
