"""``invoke serve``: sphinx-autobuild, with each rebuild in a fork of a warm server process.

sphinx-autobuild starts a new Python for every rebuild. Importing Sphinx, MyST, the theme and
their dependencies took about as long as the rebuild itself on the real content, so an edit took
seconds to reach the browser. Here every build (the first one included) runs Sphinx in a fork of
the server: a fresh process each time, so no state is carried from one build to the next, and the
server imports what the first build needed, so later forks start with it. kb itself is never
imported by the server, so edits to kb/ reach the next build.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import sys
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path

from sphinx_autobuild import __main__ as autobuild
from sphinx_autobuild.build import Builder
from sphinx_autobuild.utils import show_command, show_message

#: Modules the server never imports: kb (a fork must read the current code) and the fork's own.
_NOT_PRELOADED = ("kb", "__main__", "__mp_main__")


def _build(args: list[str], modules: Connection | None) -> None:
    # The server imported kb.serve, and so kb: the build reads kb afresh, as a new Python would.
    for name in [n for n in sys.modules if n.split(".")[0] == "kb"]:
        del sys.modules[name]
    from sphinx.cmd.build import build_main

    code = build_main(args)
    if modules is not None:
        modules.send(sorted({name for name in sys.modules if name.split(".")[0] not in _NOT_PRELOADED}))
        modules.close()
    sys.exit(code)


def _preload(names: list[str]) -> None:
    for name in names:
        if name not in sys.modules:
            # Only a head start: a module that will not import here is imported by the build.
            with contextlib.suppress(Exception):
                importlib.import_module(name)


class ForkBuilder(Builder):
    """sphinx-autobuild's builder, running ``sphinx build`` in a fork instead of a new Python."""

    warm = False

    def __call__(self, *, changed_paths: Sequence[Path]) -> None:
        if changed_paths:
            show_message("Detected changes (" + ", ".join(p.name for p in changed_paths[:5]) + ")")
            show_message("Rebuilding...")
        if self._run_commands(self.pre_build_commands, "pre-build") != 0:
            return
        show_command(["python", "-m", "sphinx", "build", *self.sphinx_args])
        fork = multiprocessing.get_context("fork")
        receive, send = fork.Pipe(duplex=False) if not self.warm else (None, None)
        child = fork.Process(target=_build, args=(list(self.sphinx_args), send))
        child.start()
        if receive is not None and send is not None:
            send.close()
            try:
                _preload(receive.recv())
                ForkBuilder.warm = True
            except EOFError:
                pass  # the build failed before it could say what it imported
        child.join()
        if child.exitcode != 0:
            # The same words as sphinx-autobuild's: the server goes on serving the last output.
            print(f"Sphinx exited with exit code: {child.exitcode}")
            print(
                "The server will continue serving the build folder, but the contents being served "
                "are no longer in sync with the documentation sources. Please fix the cause of the "
                "error above or press Ctrl+C to stop the server."
            )
        else:
            self._run_commands(self.post_build_commands, "post-build")
        show_message(f"Serving on {self.uri}")


def main(argv: list[str]) -> None:
    # sphinx-autobuild has no hook for how it runs Sphinx: its entry point builds with the
    # ``Builder`` it imported, so that name is pointed at ours (pinned range in pyproject.toml).
    autobuild.Builder = ForkBuilder  # type: ignore[misc]
    autobuild.main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
