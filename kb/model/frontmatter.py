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
_CONSTRUCTOR = yaml.SafeLoader("")  # builds scalars from composed nodes; it never reads a stream


def _pure_python_error(yaml_text: str) -> yaml.MarkedYAMLError:
    """The pure-Python parser's error for broken YAML: the same wording with or without libyaml."""
    try:
        yaml.SafeLoader(yaml_text).get_single_node()
    except yaml.MarkedYAMLError as err:
        return err
    raise AssertionError("libyaml rejected YAML that the pure-Python parser accepts")


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
    # libyaml's composer when available: same nodes and marks, many times faster.
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError:
        err = _pure_python_error(yaml_text)
        mark = err.problem_mark or err.context_mark
        line = (mark.line + 2) if mark else 1
        what = (err.problem or err.context or "syntax error").strip()
        return None, [
            Problem(
                Subtype.frontmatter,
                f"the front matter is not valid YAML: {what}",
                "check the indentation, and quote text that contains ': ' or starts with a quote",
                line,
            )
        ]
    finally:
        loader.dispose()
    fm = FrontMatter(data={}, start_line=1, body_line=body_start + 1)
    if node is None:
        return fm, []
    value = _convert(node, (), fm.lines, _CONSTRUCTOR)
    if isinstance(value, dict) and "kb" in value and isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "kb":
                end = value_node.end_mark  # just past the value: the next line's start, or mid-line
                fm.namespace_span = (key_node.start_mark.line + 2, end.line + (2 if end.column else 1))
    if not isinstance(value, dict):
        return None, [
            Problem(
                Subtype.frontmatter,
                "the front matter is not a mapping",
                "write it as 'key: value' lines",
                node.start_mark.line + 2,
            )
        ]
    fm.data = value
    return fm, []


def _convert(node: yaml.Node, key: Key, lines: dict[Key, int], loader: yaml.SafeLoader) -> Any:
    """Turn a composed node into plain Python values, recording each value's line."""
    lines[key] = node.start_mark.line + 2  # +1 for 1-based, +1 for the opening '---'
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for k_node, v_node in node.value:
            name = str(loader.construct_object(k_node))
            lines[(*key, name, KEY_MARK)] = k_node.start_mark.line + 2
            out[name] = _convert(v_node, (*key, name), lines, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*key, i), lines, loader) for i, item in enumerate(node.value)]
    value = loader.construct_object(node)
    # Dates and the like stay as their source text: the model only deals in JSON types.
    if not isinstance(value, (str, int, float, bool, type(None))):
        return str(node.value)
    return value
