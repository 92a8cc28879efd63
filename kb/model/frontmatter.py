"""Read YAML front matter from source text, keeping the line of every value.

MyST's own front-matter handling loses line numbers (nested values arrive as JSON strings), so
we parse the block ourselves with PyYAML's composer, whose nodes carry their start marks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem, Subtype

#: A path into the front matter, e.g. ``("kb", "symptoms", 2)``.
Key = tuple[str | int, ...]
#: Appended to a key path to record the line of the key rather than its value.
KEY_MARK = "\0key"


@dataclass
class FrontMatter:
    """Parsed front matter plus the 1-based file line of each value."""

    data: dict[str, Any]
    lines: dict[Key, int] = field(default_factory=dict)
    start_line: int = 1  # line of the opening '---'
    body_line: int = 1  # first line after the closing '---'
    namespace_span: tuple[int, int] | None = None  # first and last file line of the 'kb:' block

    def key_line(self, *key: str | int) -> int:
        """Line of the key itself (``kb:``), where a missing child field belongs."""
        return self.lines.get((*key, KEY_MARK), self.line(*key))

    def line(self, *key: str | int) -> int:
        """Line of the value at ``key``, falling back to its nearest located parent."""
        k: Key = tuple(key)
        while k:
            if k in self.lines:
                return self.lines[k]
            k = k[:-1]
        return self.start_line


def split(text: str) -> tuple[str, int] | None:
    """Return the YAML block and the number of lines before the body, or None if absent."""
    if not text.startswith("---"):
        return None
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip() != "---":
        return None
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "".join(lines[1:i]), i + 1
    return None


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Bounds that keep hostile YAML from running away: it is refused before it is expanded.
MAX_BYTES = 64 * 1024  # a real entry's front matter is 1-3 KB
MAX_DEPTH = 20  # entries nest three levels deep (kb > evidence > item)
MAX_VALUES = 20_000  # values after expanding aliases: a "billion laughs" bomb stops here
#: The only tags plain data needs; anything else (``!foo``, ``!!python/...``) is refused.
ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)
QUOTE_HINT = "check the indentation, and quote text that contains ': ' or starts with a quote"


class _Refused(Exception):
    """The YAML is well-formed but not acceptable data; carries the problem to report."""

    def __init__(self, message: str, hint: str, line: int) -> None:
        super().__init__(message)
        self.message, self.hint, self.line = message, hint, line


def _pure_python_error(yaml_text: str) -> yaml.MarkedYAMLError | None:
    """The pure-Python parser's error for broken YAML: the same wording with or without libyaml."""
    try:
        yaml.SafeLoader(yaml_text).get_single_node()
    except yaml.MarkedYAMLError as err:
        return err
    except RecursionError:  # the pure-Python composer recurses: no wording, libyaml's will do
        return None
    return None


def _syntax_problem(yaml_text: str, err: yaml.MarkedYAMLError, what: str, offset: int, hint: str) -> Problem:
    err = _pure_python_error(yaml_text) or err
    # An unclosed quote or bracket is only noticed where the text runs out; the opening one is
    # where the author must look.
    opened = err.context and ("quoted scalar" in err.context or "flow" in err.context)
    mark = (err.context_mark if opened else None) or err.problem_mark or err.context_mark
    line = (mark.line + offset) if mark else offset
    if opened and "quoted" in (err.context or ""):
        message = "a quote opened here is never closed"
    elif opened:
        message = "a '[' or '{' opened here is never closed"
    else:
        message = (err.problem or err.context or "syntax error").strip()
    return Problem(
        Subtype.config if what != "front matter" else Subtype.frontmatter,
        f"the {what} is not valid YAML: {message}",
        hint,
        line,
    )


def load_yaml(
    text: str, what: str, offset: int = 1, max_bytes: int = MAX_BYTES, hint: str = QUOTE_HINT
) -> tuple[Any, dict[Key, int], list[Problem]]:
    """Safely load plain YAML data, with the file line of every value.

    ``what`` names the text in messages ("front matter", "taxonomy"); ``offset`` is the file
    line of the text's first line. Returns (value, lines, problems); the value is None when
    there is a problem. Size, nesting depth and alias expansion are bounded, tags other than
    plain data and duplicate keys are refused, so no input runs away or is silently mangled.
    """
    subtype = Subtype.frontmatter if what == "front matter" else Subtype.config
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return (
            None,
            {},
            [
                Problem(
                    subtype,
                    f"the {what} is {size // 1024} KB, over the {max_bytes // 1024} KB limit",
                    "shorten it",
                    offset,
                )
            ],
        )
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        return None, {}, [_syntax_problem(text, err, what, offset, hint)]
    except yaml.reader.ReaderError as err:  # a control character such as NUL
        line = text[: err.position].count("\n") + offset
        return (
            None,
            {},
            [Problem(subtype, f"the {what} contains the control character #x{err.character:04x}", "remove it", line)],
        )
    finally:
        loader.dispose()
    lines: dict[Key, int] = {}
    if node is None:
        return None, lines, []
    try:
        value = _Converter(offset).convert(node, (), lines, 0)
    except _Refused as refused:
        return None, {}, [Problem(subtype, f"the {what} {refused.message}", refused.hint, refused.line)]
    return value, lines, []


class _Converter:
    """Composed nodes to plain values, bounded: a fresh instance per document, so nothing is cached."""

    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.values = 0
        self.open: set[int] = set()  # the nodes being converted: an alias back to one is a loop
        # Builds ints, floats and booleans from scalar nodes; its per-node cache is never used.
        self.scalars = yaml.constructor.SafeConstructor()

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.offset

    def convert(self, node: yaml.Node, key: Key, lines: dict[Key, int], depth: int) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _Refused(
                f"expands to more than {MAX_VALUES} values (YAML aliases?)",
                "write the values out instead of repeating '*alias' references",
                self.line(node),
            )
        if depth > MAX_DEPTH:
            raise _Refused(f"is nested more than {MAX_DEPTH} levels deep", "flatten it", self.line(node))
        if node.tag not in ALLOWED_TAGS:
            raise _Refused(
                f"uses the YAML tag '{node.tag.removeprefix('tag:yaml.org,2002:')}'",
                "remove the tag: only plain text, numbers, lists and mappings are allowed",
                self.line(node),
            )
        lines[key] = self.line(node)
        if id(node) in self.open:
            raise _Refused("has an alias that contains itself", "write the values out", self.line(node))
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self.open.add(id(node))
            try:
                return self.collection(node, key, lines, depth)
            finally:
                self.open.discard(id(node))
        return self.scalar(node)

    def collection(self, node: yaml.Node, key: Key, lines: dict[Key, int], depth: int) -> Any:
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            first: dict[str, int] = {}
            for k_node, v_node in node.value:
                if not isinstance(k_node, yaml.ScalarNode):
                    raise _Refused("has a key that is not text", "write keys as plain words", self.line(k_node))
                name = str(self.scalar(k_node))
                if name in first:
                    raise _Refused(
                        f"repeats the key '{name}' (first on line {first[name]})",
                        "keep one of them: the second would silently replace the first",
                        self.line(k_node),
                    )
                first[name] = self.line(k_node)
                lines[(*key, name, KEY_MARK)] = self.line(k_node)
                out[name] = self.convert(v_node, (*key, name), lines, depth + 1)
            return out
        return [self.convert(item, (*key, i), lines, depth + 1) for i, item in enumerate(node.value)]

    def scalar(self, node: yaml.Node) -> Any:
        tag = node.tag.removeprefix("tag:yaml.org,2002:")
        if tag == "null":
            return None
        if tag == "bool":
            return self.scalars.construct_yaml_bool(node)
        if tag == "int":
            return self.scalars.construct_yaml_int(node)
        if tag == "float":
            return self.scalars.construct_yaml_float(node)
        # Dates stay as their source text: the model only deals in JSON types.
        return str(node.value)


def blank_namespace(text: str, fm: FrontMatter) -> str:
    """The source with the ``kb:`` block replaced by empty lines.

    MyST would parse the same YAML again (slowly, and only to turn it into JSON strings we do
    not use). Blank lines keep every line number of the body unchanged, and any other keys
    (``html_meta``, ``orphan``) still reach MyST and Sphinx.
    """
    if fm.namespace_span is None:
        return text
    first, last = fm.namespace_span
    lines = text.split("\n")
    for i in range(first - 1, min(last, len(lines))):
        lines[i] = ""
    return "\n".join(lines)


def parse(text: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Parse the front matter of a Markdown source.

    Returns the front matter (or None when there is none or it is broken) and any problems.
    """
    block = split(text)
    if block is None:
        if text.startswith("---"):
            return None, [
                Problem(
                    Subtype.frontmatter,
                    "the front matter is not closed",
                    "end it with a line holding only '---'",
                    1,
                )
            ]
        return None, []
    yaml_text, body_start = block
    # +1 for 1-based lines, +1 for the opening '---'.
    value, lines, problems = load_yaml(yaml_text, "front matter", offset=2)
    if problems:
        return None, problems
    fm = FrontMatter(data={}, lines=lines, start_line=1, body_line=body_start + 1)
    if value is None:
        return fm, []
    if not isinstance(value, dict):
        return None, [
            Problem(Subtype.frontmatter, "the front matter is not a mapping", "write it as 'key: value' lines", 2)
        ]
    fm.data = value
    if "kb" in value:
        # From the 'kb:' key to the line before the next top-level key (or the closing '---').
        first = lines[("kb", KEY_MARK)]
        later = [line for k, line in lines.items() if len(k) == 2 and k[1] == KEY_MARK and line > first]
        fm.namespace_span = (first, (min(later) - 1) if later else body_start - 1)
    return fm, []
