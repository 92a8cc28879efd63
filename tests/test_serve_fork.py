"""`invoke serve` rebuilds in a fork of a warm server (kb/serve.py), not in a new Python.

The server must stay clean: it imports what a build needs (so the next fork starts warm) but
never kb, so an edit to kb/ reaches the next build; each build sees the current sources; and a
failed build is reported while the server goes on.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO

SCRIPT = """
import json, sys
from pathlib import Path
from kb.serve import ForkBuilder

src, out = sys.argv[1], sys.argv[2]
builder = ForkBuilder([src, out, "-q"], url_host="127.0.0.1:1", pre_build_commands=[], post_build_commands=[])
builder(changed_paths=())
first = Path(out, "patterns/alpha.html").read_text(encoding="utf-8")
state = {
    "warm": "myst_parser" in sys.modules and "pydata_sphinx_theme" in sys.modules,
    "kb_in_server": sorted(n for n in sys.modules if n.startswith("kb.") and n != "kb.serve"),
}
alpha = Path(src, "patterns/alpha.md")
alpha.write_text(alpha.read_text(encoding="utf-8").replace("Alpha pattern", "Alpha pattern renamed"), encoding="utf-8")
builder(changed_paths=[alpha])
second = Path(out, "patterns/alpha.html").read_text(encoding="utf-8")
state["renamed"] = "Alpha pattern renamed" in second and "Alpha pattern renamed" not in first
Path(src, "conf.py").write_text("raise ValueError('broken conf')\\n", encoding="utf-8")
builder(changed_paths=[Path(src, "conf.py")])
print("STATE " + json.dumps(state))
"""


def test_fork_builder_builds_current_sources_and_keeps_the_server_clean(basic_root: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(basic_root), str(tmp_path / "out")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    state = json.loads(proc.stdout.split("STATE ", 1)[1])
    assert state == {"warm": True, "kb_in_server": [], "renamed": True}
    # The broken configuration is reported, in sphinx-autobuild's words, and the server goes on.
    assert "Sphinx exited with exit code: 2" in proc.stdout
    assert "Serving on http://127.0.0.1:1" in proc.stdout.rstrip().splitlines()[-2]
