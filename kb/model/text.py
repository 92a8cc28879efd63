"""Tokenising and stemming for search. The JavaScript in theme/static/kb-search.js mirrors this
exactly (a browser test checks both on the same words), so the index and the query agree."""

from __future__ import annotations

import re
import unicodedata

#: Runs of Unicode letters and digits ("Qualität", "données"), as JavaScript's [\p{L}\p{N}]+.
WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"[0-9]+")

STOPWORDS = frozenset(
    """a an and are as at be been but by can could do does for from had has have how i if in into is it its
    just me my of on or our so than that the their them then there these they this those to too us was we
    were what when where which while who whom why will with would you your also get got very really
    m re ve ll d should much many ever still any some about not wo ca sha
    actually basically literally simply quite rather honestly totally""".split()
)
# The second line: what is left of "I'm", "we're", "I've", "we'll", "I'd", and the filler words of
# questions ("how much should I ...?"), which matched whatever page happened to use them; then
# negation: "not", and what "won't", "can't" and "shan't" leave ("wo", "ca", "sha"). "not" is on
# almost every page, so it only made unrelated queries ("my cat won't eat") look matched. Last,
# intensifiers, as "very" and "really": they say how strongly, not about what.


def stem(word: str) -> str:
    """A small suffix stripper: enough to match 'owners'/'owner'/'owned', 'breaks'/'breaking'."""
    w = word
    if len(w) <= 3 or _DIGITS.fullmatch(w):
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "sz":
                w = w[:-1]
            break
    if w.endswith("er") and len(w) >= 6:
        w = w[:-2]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def words(text: str) -> list[str]:
    """Lower-case, and split on anything that is not a letter or digit; stop words are kept."""
    text = unicodedata.normalize("NFC", text).lower().replace("\u2019", "'")
    text = (text + " ").replace("'s ", " ").replace("n't", " not")
    return WORD.findall(text)


def tokens(text: str) -> list[str]:
    """The words that say what a text is about (stop words dropped), stemmed."""
    return [stem(t) for t in words(text) if t not in STOPWORDS]
