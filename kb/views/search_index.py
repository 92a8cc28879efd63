"""The symptom-aware search index: written once per build, loaded by the browser only on search.

Sphinx's own index matches pages that contain every query word, so whole sentences such as
"our model works in the notebook but breaks in production" find nothing. We rank with BM25 over
any-word matches, weight the fields readers describe problems with (title, aliases, symptoms,
summary) above body text, and expand queries with a small synonym list that a fork can extend.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from sphinx.application import Sphinx

from ..builders import has_search
from ..domain import get_domain
from ..model.entries import Entry
from ..model.frontmatter import load_yaml
from ..model.problems import Problem, Subtype
from ..model.text import tokens, words

#: Weights of the fields the browser gets as text (it quotes them to show why a result matched)
#: and so tokenises itself: title, aliases, summary and symptoms ("m"). The words people use for
#: a problem count more than body text.
TEXT_WEIGHTS = {"t": 3.0, "a": 3.0, "s": 2.0, "m": 3.0}
#: Weights of the text the browser never shows, shipped as weighted term counts. in_their_words
#: is weighted as a symptom but not quoted: a result quotes only what its page says.
WEIGHTS = {"words": 3.0, "causes": 1.0, "body": 1.0}
KIND_BOOST = {"pattern": 1.3, "practice": 0.85, "role": 0.7, "page": 0.5}
INDEX_FILE = "_static/kb-search-index.js"
#: The first words of a phrasing that take part in matching it whole (all of them still count in
#: "f"). Real phrasings have about 5; 3 to 8 gave the same counts on the tuning halves (within 2),
#: and 3 keeps a 3,000-pattern index with 54 phrasings each within its budget (1.88 MB gzip).
PHRASING_TERMS = 3
MAX_BODY_TF = 3  # a word repeated in the body should not outweigh the title


def body_terms(text: str) -> dict[str, int]:
    """Term counts of a page body, capped."""
    return {term: min(n, MAX_BODY_TF) for term, n in Counter(tokens(text)).items()}


def grouped(weighted: Counter[str]) -> dict[str, str]:
    """Weighted term counts as {weight: "term term ..."}: a fifth of the index's bytes smaller
    than {term: weight} (tokens never contain spaces)."""
    groups: dict[str, list[str]] = {}
    for term, weight in weighted.items():
        groups.setdefault(f"{round(weight, 1):g}", []).append(term)
    return {weight: " ".join(sorted(terms)) for weight, terms in sorted(groups.items())}


def search_record(title: str, kind: str, body: str, entry: Entry | None = None) -> str:
    """Everything the index needs about one page, as a JSON object, made once while it is read.

    Tokenising and serialising here, per page, makes the index step at the end of every
    (incremental) build a string join instead of a pass over every entry's fields; the browser
    builds the inverted index when the file loads.
    """
    # Text the browser has anyway (it quotes it) travels once, as text, and is tokenised and
    # weighted there (TEXT_WEIGHTS); the rest travels as weighted term counts. Shipping every
    # field's terms as well doubled the index (2.3 MB gzip at 3,000 patterns, over budget).
    weighted: Counter[str] = Counter()
    if entry is not None:
        for field, texts in (("words", entry.in_their_words), ("causes", entry.causes)):
            for term in tokens(" ".join(texts)):
                weighted[term] += WEIGHTS[field]
    for term, n in body_terms(body).items():
        weighted[term] += WEIGHTS["body"] * n
    terms = grouped(weighted)
    record: dict[str, object] = {
        "t": title,
        "k": kind,
        "s": entry.summary if entry else "",
        "b": KIND_BOOST[kind],
        "f": terms,
    }
    if entry is not None:
        # What a result quotes to show why it matched (the signs a team would notice, and the
        # page's other names, which also make the title bonus and tell who is asking).
        record["m"] = list(entry.symptoms)
        record["a"] = list(entry.aliases)
        # Each phrasing, for the browser to match a query against it whole: the positions (hex) of
        # its words in the list of the record's terms ("f", groups in key order). Positions, not
        # words: the words are in "f" already, and the index stays within its byte budget.
        order = {t: i for i, t in enumerate(t for group in terms.values() for t in group.split(" "))}
        # The browser matches each phrasing as a set and keeps the best, so positions are sorted
        # and repeats dropped: the same bytes, ordered, gzip 3 % smaller at 3,000 patterns.
        phrasings = (list(dict.fromkeys(tokens(p)))[:PHRASING_TERMS] for p in entry.in_their_words)
        positions = {" ".join(f"{n:x}" for n in sorted(order[t] for t in p)) for p in phrasings if p}
        record["p"] = ",".join(sorted(positions))
    return json.dumps(record, separators=(",", ":"), ensure_ascii=False)


def _synonym_groups(path: Path) -> tuple[list[list[str]], list[Problem]]:
    """The synonym groups of the fork-editable YAML file, loaded safely, and its problems."""
    if not path.is_file():
        return [], []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        return [], [Problem(Subtype.config, f"cannot read the synonyms: {err}", "save it as UTF-8 text", 1)]
    data, lines, problems = load_yaml(text, "synonyms file", offset=1, max_bytes=1024 * 1024)
    if problems:
        return [], problems
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [Problem(Subtype.config, "the synonyms file is not a list of groups", SYNONYM_HINT, 1)]
    groups = []
    for i, group in enumerate(data):
        words = group if isinstance(group, list) else None
        if words is None or not all(isinstance(w, (str, int, float)) and not isinstance(w, bool) for w in words):
            problems.append(
                Problem(
                    Subtype.config, f"synonym group {i + 1} is not a list of words", SYNONYM_HINT, lines.get((i,), 1)
                )
            )
            continue
        groups.append([str(w) for w in words])
    return groups, problems


SYNONYM_HINT = "write one group per line, as '- [word, other word, phrase]'"


def synonym_problems(path: Path) -> list[Problem]:
    return _synonym_groups(path)[1]


def load_synonyms(path: Path) -> list[list[list[str]]]:
    """Synonym groups as lists of token sequences (phrases); invalid groups are reported at the
    start of the build (``synonym_problems``) and left out here."""
    out = []
    for group in _synonym_groups(path)[0]:
        # A phrase that stop words shrink to one word ("get the data" -> "data", "on call" ->
        # "call") would fire on every use of that word: it is left out. One made of stop words
        # alone ("who does what") would vanish: it is kept as its words, which the browser looks
        # for among the words typed.
        phrases = []
        for phrase in group:
            terms, typed = tokens(phrase), words(phrase)
            if len(terms) > 1 or (terms and len(typed) == 1):
                phrases.append(terms)
            elif not terms and len(typed) > 1:
                phrases.append(typed)
        if len(phrases) > 1:
            out.append(phrases)
    return out


def build_index(app: Sphinx) -> str:
    """The index file's JSON: each page's pre-serialised record plus its URL, and the synonyms."""
    env = app.env
    records: dict[str, str] = get_domain(env).data["search"]
    parts = []
    for docname in sorted(records):
        if docname not in env.all_docs or docname in ("genindex", "search"):
            continue
        uri = json.dumps(app.builder.get_target_uri(docname))
        parts.append('{"u":' + uri + "," + records[docname][1:])
    # A fork's own synonyms (local/synonyms.yml) extend upstream's.
    local = Path(app.srcdir, app.config.kb_local, Path(app.config.kb_synonyms).name)
    groups = load_synonyms(Path(app.srcdir, app.config.kb_synonyms)) + load_synonyms(local)
    return index_json(parts, groups)


def index_json(records: list[str], groups: list[list[list[str]]]) -> str:
    """The index: page records (JSON objects with their URL), synonym groups, and the weights the
    browser gives the text it is shipped as text."""
    synonyms = json.dumps(groups, separators=(",", ":"))
    weights = json.dumps(TEXT_WEIGHTS, separators=(",", ":"))
    return '{"docs":[' + ",".join(records) + '],"synonyms":' + synonyms + ',"weights":' + weights + "}"


def write_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not has_search(app.builder):
        return
    payload = build_index(app)
    path = Path(app.outdir, INDEX_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A script, not JSON: it also loads from file:// when the site is opened offline.
    path.write_text(f"window.kbSearchIndex={payload};\n", encoding="utf-8")
