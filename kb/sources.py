"""The source roots: the only folders whose files may reach the site, and the checks that keep
everything else out (symlinks, includes, images, downloads), plus files that are not text.

The roots are the Sphinx source folder (``content/``; a fork's overlay folder lives inside it)
and the folders published as they are (``html_extra_path``: ``downloads/``). Declared here, once.
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst.directives.misc import Raw
from docutils.parsers.rst.directives.tables import CSVTable
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.code import LiteralInclude
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from . import config
from .domain import get_domain
from .model.problems import Problem, Subtype
from .warnings import report

#: Marks a page whose text was refused (it lives outside the roots): read as empty, not validated.
REFUSED_KEY = "kb_refused"
LENIENT_CODEC = "kb-utf-8"


def source_roots(env: BuildEnvironment) -> tuple[Path, ...]:
    """The folders the site may read from, resolved (symlinks followed)."""
    src = Path(env.srcdir).resolve()
    extra = (Path(env.srcdir, folder).resolve() for folder in env.config.html_extra_path)
    return (src, *extra)


def outside_roots(env: BuildEnvironment, path: str | os.PathLike[str]) -> Path | None:
    """The resolved path when it lies outside every source root, else None."""
    resolved = Path(path).resolve()
    return None if any(resolved.is_relative_to(root) for root in source_roots(env)) else resolved


def _shown(env: BuildEnvironment, path: Path) -> str:
    rel = os.path.relpath(path, env.srcdir)
    return str(path) if len(rel) > len(str(path)) else rel


def _outside_problem(env: BuildEnvironment, what: str, path: Path, line: int) -> Problem:
    return Problem(
        Subtype.source,
        f"{what} '{_shown(env, path)}', outside the source folders",
        "copy the file into the source folder (content/) or downloads/ and refer to that copy",
        line,
    )


# -- files that are not UTF-8 text ---------------------------------------------------------------


class _LenientDecoder(encodings.utf_8_sig.IncrementalDecoder):
    """UTF-8 (with or without a BOM) that never raises: undecodable bytes become U+FFFD.

    Sphinx decodes each source strictly before any event runs, so a Latin-1 byte is a
    traceback. Decoding leniently lets ``check_source`` report it with its line instead.
    """

    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _find_codec(name: str) -> codecs.CodecInfo | None:
    if name.replace("_", "-") != LENIENT_CODEC:
        return None
    base = codecs.lookup("utf-8-sig")
    return codecs.CodecInfo(
        base.encode,
        lambda data, errors="strict": codecs.utf_8_decode(
            bytes(data)[3:] if bytes(data).startswith(codecs.BOM_UTF8) else data, "replace", True
        ),
        incrementalencoder=base.incrementalencoder,
        incrementaldecoder=_LenientDecoder,
        name=LENIENT_CODEC,
    )


codecs.register(_find_codec)  # a lookup function, not state: it only answers for our name


def use_lenient_decoding(app: Sphinx, cfg: Config) -> None:
    # After Sphinx's own check of source_encoding (priority 790), which warns on other names.
    if cfg.source_encoding.lower().replace("_", "-") in ("utf-8-sig", "utf-8", "utf8"):
        cfg.source_encoding = LENIENT_CODEC


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _decode_error(path: Path) -> Problem | None:
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = _line_of(data, err.start)
        return Problem(
            Subtype.source,
            f"the file is not UTF-8 text (byte 0x{data[err.start]:02x} on line {line})",
            "save it as UTF-8 (most editors offer 'Save with encoding')",
            line,
        )
    return None


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """File-level problems, before anything else reads the text: one message per file."""
    env = app.env
    path = Path(env.doc2path(docname))
    problems: list[Problem] = []
    outside = outside_roots(env, path)
    if outside is not None:
        problems.append(_outside_problem(env, "the file is a link to", outside, 1))
        source[0] = ""
        env.temp_data[REFUSED_KEY] = True
    else:
        text = source[0]
        error = _decode_error(path) if "\ufffd" in text else None
        if error is not None:
            # Not text we can trust: one message, and the page is read as empty.
            problems.append(error)
            source[0] = text = ""
            env.temp_data[REFUSED_KEY] = True
        if "\0" in text:
            line = text.count("\n", 0, text.index("\0")) + 1
            problems.append(Problem(Subtype.source, "the file contains a NUL byte", "remove it", line))
            source[0] = text.replace("\0", "")
        folders = config.get(app.config).folders.values()
        folder, _, rest = docname.partition("/")
        if folder in folders and "/" in rest:
            problems.append(
                Problem(
                    Subtype.source,
                    f"entries cannot be in a sub-folder of {folder}/",
                    f"move it to {folder}/{rest.rpartition('/')[2]}.md",
                    1,
                )
            )
    get_domain(env).add_problems(docname, problems)


# -- directives and nodes that read other files ----------------------------------------------------


def _refuse(directive: SphinxDirective, what: str, path: Path) -> list[nodes.Node]:
    get_domain(directive.env).add_problems(
        directive.env.current_document.docname, [_outside_problem(directive.env, what, path, directive.lineno)]
    )
    return []


class SafeLiteralInclude(LiteralInclude):
    """``literalinclude`` limited to the source roots."""

    def run(self) -> list[nodes.Node]:
        _, filename = self.env.relfn2path(self.arguments[0])
        outside = outside_roots(self.env, filename)
        return _refuse(self, "literalinclude reads", outside) if outside else super().run()


def _guard_file_options(directive: SphinxDirective) -> list[nodes.Node] | None:
    """``:file:`` and ``:url:`` of raw and csv-table: files from the roots only, no network."""
    if "url" in directive.options:
        get_domain(directive.env).add_problems(
            directive.env.current_document.docname,
            [
                Problem(
                    Subtype.source,
                    f"{directive.name} fetches '{directive.options['url']}' from the network",
                    "copy the content into the page or into a file in the source folder",
                    directive.lineno,
                )
            ],
        )
        return []
    if "file" in directive.options:
        base = Path(directive.state.document.current_source or directive.env.srcdir).parent
        outside = outside_roots(directive.env, base / directive.options["file"])
        if outside:
            return _refuse(directive, f"{directive.name} reads", outside)
    return None


class SafeRaw(SphinxDirective, Raw):
    """``raw`` with ``:file:`` limited to the roots (raw HTML itself: see ``raw_html``)."""

    def run(self) -> list[nodes.Node]:
        return _guard_file_options(self) or Raw.run(self)


class SafeCSVTable(SphinxDirective, CSVTable):
    """``csv-table`` with ``:file:`` limited to the roots."""

    def run(self) -> list[nodes.Node]:
        return _guard_file_options(self) or CSVTable.run(self)


def refuse_include(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """``include`` (MyST's and reST's) reports each file it reads here: keep it to the roots."""
    env = app.env
    outside = outside_roots(env, Path(env.srcdir, relative_path))
    if outside is None:
        return
    content[0] = ""
    docname = env.current_document.docname
    # The event does not carry the directive's line: find the line that names the file.
    line = 1
    try:
        for number, text in enumerate(Path(env.doc2path(docname)).read_text("utf-8", "replace").splitlines(), 1):
            if "include" in text and relative_path.name in text:
                line = number
                break
    except OSError:
        pass
    get_domain(env).add_problems(docname, [_outside_problem(env, "include reads", outside, line)])


class RefuseOutsideFiles(SphinxTransform):
    """Images, figures and ``{download}`` links whose file lies outside the roots are removed."""

    # Before Sphinx's image and download collectors copy the files (they run at doctree-read).
    default_priority = 400

    def apply(self, **kwargs: object) -> None:
        docname = self.env.current_document.docname
        problems = []
        for node in list(self.document.findall(nodes.image)):
            uri = node.get("uri", "")
            if "://" in uri or uri.startswith("data:"):
                continue
            _, filename = self.env.relfn2path(uri, docname)
            outside = outside_roots(self.env, filename)
            if outside:
                problems.append(_outside_problem(self.env, "the image is", outside, node.line or _line(node)))
                node.parent.remove(node)
        for node in list(self.document.findall(addnodes.download_reference)):
            target = node.get("reftarget", "")
            if "://" in target:
                continue
            _, filename = self.env.relfn2path(target, docname)
            outside = outside_roots(self.env, filename)
            if outside:
                problems.append(_outside_problem(self.env, "the download is", outside, _line(node)))
                node.replace_self(nodes.Text(node.astext()))
        get_domain(self.env).add_problems(docname, problems)


def _line(node: nodes.Node) -> int:
    while node is not None and not node.line:
        node = node.parent
    return node.line if node is not None else 1


def check_extra_files(app: Sphinx) -> None:
    """Files published as they are (downloads/) must not link to files outside the roots."""
    env = app.env
    for folder in env.config.html_extra_path:
        base = Path(os.path.normpath(Path(env.srcdir, folder)))
        for path in sorted(_walk(base)):
            outside = outside_roots(env, path)
            if outside is not None:
                report(env, _outside_problem(env, "the file is a link to", outside, 1), path=path)


def drop_outside_extra_files(app: Sphinx, exception: Exception | None) -> None:
    """Take the copies of those links out of the output again.

    Sphinx copies ``html_extra_path`` following links; a strict build fails on the problem
    above, but a preview (``invoke serve``) goes on, and must not serve the outside file either.
    """
    env = app.env
    for folder in env.config.html_extra_path:
        base = Path(os.path.normpath(Path(env.srcdir, folder)))
        for path in sorted(_walk(base)):
            if outside_roots(env, path) is None:
                continue
            copy = Path(app.outdir, path.relative_to(base))
            if copy.is_dir() and not copy.is_symlink():
                shutil.rmtree(copy)
            elif copy.exists() or copy.is_symlink():
                copy.unlink()


def _walk(base: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(base):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            if path.is_symlink():
                yield path


def setup(app: Sphinx) -> None:
    app.connect("config-inited", use_lenient_decoding, priority=800)
    app.connect("source-read", check_source, priority=400)  # before reading.on_source_read
    app.connect("include-read", refuse_include)
    app.connect("builder-inited", check_extra_files)
    app.connect("build-finished", drop_outside_extra_files)
    app.add_directive("literalinclude", SafeLiteralInclude, override=True)
    app.add_directive("raw", SafeRaw, override=True)
    app.add_directive("csv-table", SafeCSVTable, override=True)
    app.add_transform(RefuseOutsideFiles)
