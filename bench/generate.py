"""Seeded, deterministic synthetic playbooks for the benchmark, plus their plain-Markdown twins.

A synthetic playbook is valid under `invoke check`: realistic front matter (symptoms, links,
paths, evidence) and bodies of a few hundred words. The *plain* twin is the same pages for a
build without kb: front matter becomes Markdown, and our inline roles and directives become
ordinary links and lists, so both builds do comparable work.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"

WORDS = """team model data pipeline engineer scientist product owner feature service training serving
production notebook review contract interface schema label metric accuracy latency drift monitor
alert deploy release retrain version owner handoff backlog sprint plan goal risk requirement
document specification glossary meeting decision trade-off quality test integration system user
customer domain expert access permission source warehouse dashboard incident rollback budget
estimate experiment prototype baseline evaluation fairness explanation cost performance""".split()
VERBS = "breaks drifts stalls slips waits changes fails repeats surprises blocks duplicates hides".split()
PHASES = ["framing", "requirements", "data", "modelling", "integration", "deployment", "operation"]
THEMES = [
    "team-and-process",
    "roles-and-ownership",
    "culture-and-communication",
    "requirements-and-specification",
    "documentation",
    "data",
    "integration-and-operations",
]
KEYS = [
    "busquim2024interaction",
    "busquim2024towards",
    "nahar2022collaboration",
    "serban2020practices",
    "kaestner2025mlip",
]
STRENGTHS = ["reported", "secondary", "practice-based"]


def phrasings_per_pattern(content: Path = CONTENT) -> int:
    """How many in_their_words phrasings a real pattern has on average (rounded up). The search
    budget test and the keypress bench give each synthetic pattern as many, so that they follow
    the content as it grows rather than a number written down once."""
    from kb.model.frontmatter import parse  # the build's own parser

    counts = []
    for path in sorted((content / "patterns").glob("*.md")):
        front, _ = parse(path.read_text(encoding="utf-8"))
        if front is not None and path.stem != "index":
            counts.append(len(front.data.get("kb", {}).get("in_their_words") or []))
    return -(-sum(counts) // max(len(counts), 1))


@dataclass
class Entry:
    kind: str
    id: str
    title: str
    fields: dict[str, object] = field(default_factory=dict)
    body: str = ""


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    words.insert(rng.randrange(1, n), rng.choice(VERBS))
    return " ".join(words).capitalize() + "."


def _title(rng: random.Random, i: int) -> str:
    return f"{' '.join(rng.choice(WORDS) for _ in range(3)).capitalize()} {rng.choice(VERBS)} {i}"


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def generate_entries(n_patterns: int, seed: int = 7) -> list[Entry]:
    rng = random.Random(seed)
    n_practices = max(2, n_patterns // 2)
    n_roles = 7 if n_patterns <= 300 else (20 if n_patterns <= 1000 else 50)
    patterns = [Entry("pattern", f"pattern-{i:04d}", _title(rng, i)) for i in range(n_patterns)]
    practices = [Entry("practice", f"practice-{i:04d}", _title(rng, i)) for i in range(n_practices)]
    roles = [Entry("role", f"role-{i:02d}", f"Role {i} {rng.choice(WORDS)}") for i in range(n_roles)]
    role_ids = [r.id for r in roles]

    def body(self_id: str, paragraphs: int) -> str:
        out = []
        for _ in range(paragraphs):
            sentences = [_sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(4, 6))]
            link = rng.choice(patterns)
            other = rng.choice(practices)
            sentences.insert(2, f"See {{pattern}}`{link.id}` and {{practice}}`{other.id}`.")
            out.append(" ".join(sentences))
        return "\n\n".join(out)

    for p in patterns:
        p.fields = {
            "summary": _sentence(rng, 14),
            "aliases": [" ".join(rng.sample(WORDS, 2)) for _ in range(3)],
            "symptoms": [_sentence(rng, 9) for _ in range(rng.randint(3, 6))],
            "causes": [_sentence(rng, 8) for _ in range(rng.randint(2, 3))],
            "roles": rng.sample(role_ids, min(3, len(role_ids))),
            "practices": [x.id for x in rng.sample(practices, 3)],
            "phases": rng.sample(PHASES, rng.randint(1, 2)),
            "themes": rng.sample(THEMES, rng.randint(1, 2)),
            "related": [x.id for x in rng.sample(patterns, 3) if x.id != p.id][:2],
            "evidence": [(k, rng.choice(STRENGTHS)) for k in rng.sample(KEYS, 2)],
        }
        p.body = body(p.id, 3) + "\n\n## Illustrative example\n\n" + " ".join(_sentence(rng, 12) for _ in range(4))
    for p in practices:
        p.fields = {
            "summary": _sentence(rng, 14),
            "leads": rng.sample(role_ids, 1),
            "contributors": rng.sample(role_ids, min(2, len(role_ids))),
            "phases": rng.sample(PHASES, 1),
            "themes": rng.sample(THEMES, 1),
            "evidence": [(rng.choice(KEYS), "practice-based")],
        }
        steps = "\n".join(f"{i}. {_sentence(rng, 10)}" for i in range(1, 5))
        p.body = (
            body(p.id, 1)
            + f"\n\n## Steps\n\n{steps}\n\n## First step this week\n\n{_sentence(rng, 12)}\n\n## Pitfalls\n\n"
            + "\n".join(f"- {_sentence(rng, 8)}" for _ in range(3))
        )
    for r in roles:
        stops = rng.sample(patterns, rng.randint(5, 10)) + rng.sample(practices, 1)
        r.fields = {"summary": _sentence(rng, 12), "path": [(s.id, _sentence(rng, 8)) for s in stops]}
        r.body = "\n\n".join(
            f"## {h}\n\n{_sentence(rng, 14)} {_sentence(rng, 12)}"
            for h in ("Who this is", "What they bring", "What they need from others")
        )
    return patterns + practices + roles


FOLDER = {"pattern": "patterns", "practice": "practices", "role": "roles"}


def _front_matter(e: Entry) -> str:
    f = e.fields
    lines = ["---", "kb:", f"  title: {_q(e.title)}", f"  summary: {_q(str(f['summary']))}"]
    for key in ("aliases", "symptoms", "causes"):
        if key in f:
            lines.append(f"  {key}:")
            lines += [f"    - {_q(v)}" for v in f[key]]  # type: ignore[union-attr]
    for key in ("roles", "practices", "leads", "contributors", "phases", "themes", "related"):
        if key in f:
            lines.append(f"  {key}: [{', '.join(f[key])}]")  # type: ignore[arg-type]
    if "evidence" in f:
        lines.append("  evidence:")
        lines += [f"    - {{key: {k}, strength: {s}}}" for k, s in f["evidence"]]  # type: ignore[union-attr]
    if "path" in f:
        lines.append("  path:")
        lines += [f"    - {{entry: {i}, why: {_q(w)}}}" for i, w in f["path"]]  # type: ignore[union-attr]
    return "\n".join([*lines, "---", ""])


INDEX_PAGES = {
    "patterns/index.md": "# Patterns\n\n```{kb-catalogue} pattern\n```\n\n```{toctree}\n:hidden:\n:glob:\n\n*\n```\n",
    "practices/index.md": "# Practices\n\n```{kb-catalogue} practice\n```\n\n```{toctree}\n:hidden:\n:glob:\n\n*\n```\n",
    "roles/index.md": "# Roles\n\n```{kb-roles}\n```\n\n```{toctree}\n:hidden:\n:glob:\n\n*\n```\n",
    "finder.md": "# Symptom finder\n\n```{kb-finder}\n```\n",
    "matrix.md": "# Responsibility matrix\n\n```{kb-matrix}\n```\n",
    "evidence.md": "# About the evidence\n\n## Bibliography\n\n```{kb-bibliography}\n```\n",
    "index.md": (
        "# Synthetic playbook\n\nA generated playbook for the benchmark.\n\n## I am a …\n\n```{kb-roles}\n```\n\n"
        "```{toctree}\n:hidden:\n\npatterns/index\npractices/index\nroles/index\nfinder\nmatrix\nevidence\n```\n"
    ),
}


def write_playbook(dest: Path, n_patterns: int, seed: int = 7) -> list[Entry]:
    """Write a kb playbook of ``n_patterns`` patterns to ``dest`` (replacing it)."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for name in ("conf.py", "taxonomy.yml", "references.bib", "synonyms.yml", "site.yml"):
        shutil.copy(CONTENT / name, dest / name)
    (dest.parent / "downloads").mkdir(exist_ok=True)
    entries = generate_entries(n_patterns, seed)
    for folder in FOLDER.values():
        (dest / folder).mkdir()
    for e in entries:
        (dest / FOLDER[e.kind] / f"{e.id}.md").write_text(_front_matter(e) + "\n" + e.body + "\n", encoding="utf-8")
    for name, text in INDEX_PAGES.items():
        (dest / name).write_text(text, encoding="utf-8")
    return entries


# -- the plain twin: the same pages without kb ---------------------------------------------------


def _plain_link(kind: str, entry_id: str, titles: dict[str, str], here: str) -> str:
    folder = FOLDER.get(kind, "patterns")
    prefix = "" if here == folder else (f"{folder}/" if not here else f"../{folder}/")
    return f"[{titles.get(entry_id, entry_id)}]({prefix}{entry_id}.md)"


def plain_page(e: Entry, titles: dict[str, str], kinds: dict[str, str]) -> str:
    here = FOLDER[e.kind]
    f = e.fields
    out = [f"# {e.title}", "", str(f["summary"]), ""]
    if "symptoms" in f:
        out += ["**Symptoms you may notice**", ""] + [f"- {s}" for s in f["symptoms"]] + [""]  # type: ignore[union-attr]
    body = re.sub(
        r"\{(pattern|practice|teamrole|entry)\}`([^`]+)`",
        lambda m: _plain_link(kinds.get(m.group(2), "pattern"), m.group(2), titles, here),
        e.body,
    )
    out += [body, ""]
    if "causes" in f:
        out += ["## Why it happens", ""] + [f"- {c}" for c in f["causes"]] + [""]  # type: ignore[union-attr]
    if "practices" in f:
        out += (
            ["## Recommended practices", ""]
            + [f"- {_plain_link('practice', p, titles, here)}" for p in f["practices"]]
            + [""]
        )  # type: ignore[union-attr]
    if "related" in f:
        out += ["## Related", ""] + [f"- {_plain_link(kinds[p], p, titles, here)}" for p in f["related"]] + [""]  # type: ignore[union-attr]
    if "path" in f:
        out += (
            ["## Reading path", ""]
            + [f"{i}. {_plain_link(kinds[p], p, titles, here)}: {w}" for i, (p, w) in enumerate(f["path"], 1)]
            + [""]
        )  # type: ignore[union-attr]
    if "evidence" in f:
        out += ["## Evidence", ""] + [f"- {k} ({s})" for k, s in f["evidence"]] + [""]  # type: ignore[union-attr]
    return "\n".join(out)


PLAIN_CONF = '''"""The baseline: Sphinx + MyST + pydata-sphinx-theme on the same pages, without kb."""
import sys
from pathlib import Path

sys.path.insert(0, {repo!r})
from kb.site import sphinx_config

_conf = sphinx_config(Path({content!r}))
globals().update(_conf)
extensions = ["myst_parser", "sphinx_design"]
html_extra_path = []
html_static_path = [{static!r}]
html_css_files = ["kb.css"]
templates_path = [{templates!r}]
{defaults}
'''


def write_plain(dest: Path, entries: list[Entry], theme_defaults: bool = False) -> None:
    """Write the plain-Markdown twin; ``theme_defaults`` drops our theme settings and templates."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    titles = {e.id: e.title for e in entries}
    kinds = {e.id: e.kind for e in entries}
    for folder in FOLDER.values():
        (dest / folder).mkdir()
    for e in entries:
        (dest / FOLDER[e.kind] / f"{e.id}.md").write_text(plain_page(e, titles, kinds), encoding="utf-8")
    lists = {
        "patterns/index.md": ("Patterns", "pattern"),
        "practices/index.md": ("Practices", "practice"),
        "roles/index.md": ("Roles", "role"),
    }
    for name, (title, kind) in lists.items():
        here = FOLDER[kind]
        items = [f"- {_plain_link(kind, e.id, titles, here)}: {e.fields['summary']}" for e in entries if e.kind == kind]
        (dest / name).write_text(
            f"# {title}\n\n" + "\n".join(items) + "\n\n```{toctree}\n:hidden:\n:glob:\n\n*\n```\n", encoding="utf-8"
        )
    symptoms = [
        f"- {s} ({_plain_link('pattern', e.id, titles, '')})"
        for e in entries
        if e.kind == "pattern"
        for s in e.fields["symptoms"]
    ]  # type: ignore[union-attr]
    (dest / "finder.md").write_text("# Symptom finder\n\n" + "\n".join(symptoms) + "\n", encoding="utf-8")
    practices = [
        f"- {_plain_link('practice', e.id, titles, '')}: leads {', '.join(e.fields['leads'])}"
        for e in entries
        if e.kind == "practice"
    ]  # type: ignore[arg-type]
    (dest / "matrix.md").write_text("# Responsibility matrix\n\n" + "\n".join(practices) + "\n", encoding="utf-8")
    (dest / "evidence.md").write_text(
        "# About the evidence\n\n" + "\n".join(f"- {k}" for k in KEYS) + "\n", encoding="utf-8"
    )
    roles = [f"- {_plain_link('role', e.id, titles, '')}" for e in entries if e.kind == "role"]
    (dest / "index.md").write_text(
        "# Synthetic playbook\n\nA generated playbook for the benchmark.\n\n## I am a …\n\n"
        + "\n".join(roles)
        + "\n\n```{toctree}\n:hidden:\n\npatterns/index\npractices/index\nroles/index\nfinder\nmatrix\nevidence\n```\n",
        encoding="utf-8",
    )
    defaults = (
        "html_theme_options = {}\nhtml_sidebars = {}\ntemplates_path = []\nhtml_css_files = []\nhtml_static_path = []\n"
        if theme_defaults
        else ""
    )
    (dest / "conf.py").write_text(
        PLAIN_CONF.format(
            repo=str(REPO),
            content=str(CONTENT),
            static=str(REPO / "kb/theme/static"),
            templates=str(REPO / "kb/theme/templates"),
            defaults=defaults,
        ),
        encoding="utf-8",
    )


def write_mkdocs(dest: Path, plain: Path) -> None:
    """MkDocs Material on the same plain Markdown (for `invoke bench --peers`)."""
    shutil.rmtree(dest, ignore_errors=True)
    docs = dest / "docs"
    shutil.copytree(plain, docs, ignore=shutil.ignore_patterns("conf.py", "_build"))
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"```\{toctree\}.*?```\n", "", text, flags=re.S)
        page.write_text(text, encoding="utf-8")
    (dest / "mkdocs.yml").write_text(
        "site_name: Synthetic playbook\ntheme:\n  name: material\nplugins:\n  - search\n", encoding="utf-8"
    )
