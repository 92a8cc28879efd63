"""End to end: follow the guide "Adapt this playbook for your team" on temporary git repositories.

A local bare repository stands in for upstream on GitHub and another for the team's fork. The
test runs every command the guide shows (except the one that needs the network), writes every
file it shows, checks what the fork publishes, then lets upstream change three entries and
merges them into the fork: with no conflict, and the fork still builds.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import REPO, free_port, running_serve

GUIDE = REPO / "content/adapt.md"
FORK_URL = "https://github.com/YOUR-ORG/ml-collaboration-playbook.git"
UPSTREAM_URL = "https://github.com/UPSTREAM-ORG/ml-collaboration-playbook.git"
#: Commands of the guide that cannot run offline, and why.
NOT_OFFLINE = {"bash setup.sh": "installs packages from PyPI and Debian"}
HIDDEN = {
    "us-versus-them-culture": "Us versus them: no collaborative culture",
    "silent-changes": "Changes are made without telling the people who depend on them",
}
BASE_URL = "https://acme.example.com/playbook/"
BRAND_COLOUR = "#6b2c91"


def guide_steps() -> list[tuple[str, str, str]]:
    """The guide, in order, as ("run", command, "") and ("write", path, text) steps."""
    text = GUIDE.read_text(encoding="utf-8")
    fence = re.compile(r"^(`{3,})(\{code-block\} \w+|bash)\n(.*?)^\1$", re.S | re.M)
    steps: list[tuple[str, str, str]] = []
    for match in fence.finditer(text):
        body = match.group(3)
        if match.group(2) == "bash":
            for line in body.splitlines():
                if line.strip() and not line.lstrip().startswith("#"):
                    steps.append(("run", line.strip(), ""))
        else:
            caption, _, content = body.partition("\n\n")
            assert caption.startswith(":caption: "), caption
            steps.append(("write", caption.removeprefix(":caption: "), content))
    return steps


def git(cwd: Path, *args: str, env: dict[str, str]) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def visible_text(page: Path) -> tuple[str, list[str]]:
    """A page's text outside plain-text mentions of hidden entries, and its link targets."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for span in soup.select(".kb-hidden"):
        span.decompose()
    for block in soup.select("pre"):
        block.decompose()  # the guide's own example fork.yml names the hidden ids
    links = [a.get("href", "") for a in soup.select("[href]")] + [s.get("src", "") for s in soup.select("[src]")]
    return soup.get_text(" "), links


def assert_fork_site(site: Path, build_output: str) -> None:
    # Hidden entries: no page, no link, no title anywhere (pages, search, catalogue, finder, matrix,
    # paths, and whatever else the build publishes: exports, sitemap).
    for entry_id, title in HIDDEN.items():
        assert not (site / f"patterns/{entry_id}.html").exists()
        for path in site.rglob("*"):
            if not path.is_file() or path.suffix in {".woff2", ".png", ".svg", ".ico", ".inv", ".pickle"}:
                continue
            if path.suffix == ".html":
                text, links = visible_text(path)
                assert not any(f"{entry_id}.html" in link for link in links), (entry_id, path)
                assert title not in text, (title, path)
            else:
                raw = path.read_text(encoding="utf-8", errors="replace")
                assert f"patterns/{entry_id}" not in raw and title not in raw, (entry_id, path)
    summary = [line for line in build_output.splitlines() if "the fork hides" in line]
    assert len(summary) == 1 and "hides 2 entries (silent-changes, us-versus-them-culture)" in summary[0]
    # A reading path that named a hidden entry renumbers.
    data_engineer = BeautifulSoup((site / "roles/data-engineer.html").read_text(encoding="utf-8"), "html.parser")
    steps = data_engineer.select(".kb-path-steps > li")
    upstream_steps = (REPO / "content/roles/data-engineer.md").read_text(encoding="utf-8").count("- entry:")
    assert len(steps) == upstream_steps - 1
    last = steps[-1].select_one("a")["href"]
    nav = BeautifulSoup((site / "roles" / last).read_text(encoding="utf-8"), "html.parser")
    assert f"step {len(steps)} of {len(steps)}" in nav.select_one(".kb-path-nav").get_text(" ", strip=True)
    # The retitled role keeps its id and URL.
    scientist = BeautifulSoup((site / "roles/data-scientist.html").read_text(encoding="utf-8"), "html.parser")
    assert scientist.select_one("h1").get_text(strip=True).startswith("Applied scientist")
    # The replaced path starts with the fork's own pattern, which has its page and its template.
    engineer = BeautifulSoup((site / "roles/software-engineer.html").read_text(encoding="utf-8"), "html.parser")
    first = engineer.select_one(".kb-path-steps a")
    assert first.get_text() == "Review board bottleneck"
    assert first["href"] == "../local/patterns/review-board-bottleneck.html"
    own = BeautifulSoup(
        (site / "local/patterns/review-board-bottleneck.html").read_text(encoding="utf-8"), "html.parser"
    )
    download = own.select_one("a.kb-download")["href"]
    assert (site / "local/patterns" / download).resolve() == (site / "templates/review-request.md").resolve()
    assert (site / "templates/review-request.md").is_file()
    catalogue = (site / "patterns/index.html").read_text(encoding="utf-8")
    assert "Review board bottleneck" in catalogue
    # The fork's title and base URL.
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Acme ML Playbook" in home.title.get_text()
    assert home.select_one('link[rel="canonical"]')["href"] == BASE_URL + "index.html"
    canonical = own.select_one('link[rel="canonical"]')["href"]
    assert canonical == BASE_URL + "local/patterns/review-board-bottleneck.html"
    assert f"--pst-color-primary:{BRAND_COLOUR}" in (site / "index.html").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert BASE_URL + "local/patterns/review-board-bottleneck.html" in locs
    assert locs and all(loc.startswith(BASE_URL) for loc in locs)
    export = json.loads((site / "patterns.json").read_text(encoding="utf-8"))
    by_id = {e["id"]: e for e in export["entries"]}
    assert not set(HIDDEN) & set(by_id)
    assert by_id["review-board-bottleneck"]["url"] == BASE_URL + "local/patterns/review-board-bottleneck.html"
    assert by_id["data-scientist"]["title"] == "Applied scientist"


def upstream_changes_three_entries(work: Path, env: dict[str, str]) -> None:
    """Upstream edits an entry the fork shows, one it hides and the role it retitles."""
    edits = {
        "content/patterns/expertise-gap.md": (
            "## Illustrative example",
            "Upstream added this sentence.\n\n## Illustrative example",
        ),
        "content/patterns/silent-changes.md": (
            "## Illustrative example",
            "Upstream improved this.\n\n## Illustrative example",
        ),
        "content/roles/data-scientist.md": ("## What they bring", "## What they bring\n\nUpstream added this line."),
    }
    for name, (old, new) in edits.items():
        path = work / name
        text = path.read_text(encoding="utf-8")
        assert old in text, name
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(work, "commit", "-qam", "Upstream: improve three entries", env=env)
    git(work, "push", "-q", "origin", "main", env=env)


def test_follow_the_fork_guide_end_to_end(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_MERGE_AUTOEDIT": "no",
    }
    # Upstream: a commit of the playbook as it ships, published to a bare repository.
    work = tmp_path / "upstream-work"
    work.mkdir()
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True, check=True)
    for name in tracked.stdout.split("\0"):
        if name and (REPO / name).is_file():
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, work / name)
    assert not (work / "content/local/fork.yml").exists()  # upstream never ships a fork's files
    git(work, "init", "-q", "-b", "main", env=env)
    git(work, "add", "-A", env=env)
    git(work, "commit", "-qm", "Upstream playbook", env=env)
    upstream = tmp_path / "github/UPSTREAM-ORG/ml-collaboration-playbook.git"
    fork_remote = tmp_path / "github/YOUR-ORG/ml-collaboration-playbook.git"
    git(tmp_path, "clone", "-q", "--bare", str(work), str(upstream), env=env)
    git(tmp_path, "clone", "-q", "--bare", str(upstream), str(fork_remote), env=env)  # "Fork" on GitHub
    git(work, "remote", "add", "origin", str(upstream), env=env)

    invoke = f"{sys.executable} -m invoke"
    cwd, skipped, outputs = tmp_path, [], {}
    for kind, what, text in guide_steps():
        if kind == "write":
            (cwd / what).parent.mkdir(parents=True, exist_ok=True)
            (cwd / what).write_text(text, encoding="utf-8")
            continue
        if what in NOT_OFFLINE:
            skipped.append(what)
            continue
        if what.startswith("cd "):
            cwd = cwd / what[3:]
            continue
        if what == "git fetch upstream":
            upstream_changes_three_entries(work, env)
        command = what.replace(FORK_URL, str(fork_remote)).replace(UPSTREAM_URL, str(upstream))
        command = command.replace(".venv/bin/invoke", invoke)
        if command.endswith("invoke serve"):
            port = free_port()
            with running_serve(f"{command} --port {port}", port, cwd=cwd, env=env, log=tmp_path / "serve.log") as get:
                assert "Applied scientist" in get("roles/data-scientist.html")
            continue
        result = subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True)
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"{what}\n{output}"
        assert "Traceback" not in output
        outputs.setdefault(what, []).append(output)
        if what == ".venv/bin/invoke build":
            assert_fork_site(cwd / "_build/html", output)
        if what == "git merge upstream/main":
            # Zero conflicts: the fork never edited an upstream file.
            assert git(cwd, "diff", "--name-only", "--diff-filter=U", env=env) == ""
            assert "CONFLICT" not in output
    assert skipped == list(NOT_OFFLINE)
    clone = tmp_path / "ml-collaboration-playbook"
    assert cwd == clone

    # After the merge, the fork still builds strictly, with upstream's changes in it.
    rebuilt = subprocess.run(f"{invoke} build", shell=True, cwd=clone, env=env, capture_output=True, text=True)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert_fork_site(clone / "_build/html", rebuilt.stdout + rebuilt.stderr)
    assert "Upstream added this sentence." in (clone / "_build/html/patterns/expertise-gap.html").read_text()
    assert "Upstream added this line." in (clone / "_build/html/roles/data-scientist.html").read_text()
    assert "Applied scientist" in (clone / "_build/html/roles/data-scientist.html").read_text()
    # The push published the merge to the fork's remote.
    assert git(clone, "rev-parse", "HEAD", env=env) == git(fork_remote, "rev-parse", "main", env=env)

    # A broken fork: its own reading path names an entry it hides. One precise message.
    fork_file = clone / "content/local/fork.yml"
    text = fork_file.read_text(encoding="utf-8")
    fork_file.write_text(
        text.replace("    - entry: fuzzy-model-interface", "    - entry: silent-changes"), encoding="utf-8"
    )
    line = 1 + fork_file.read_text(encoding="utf-8").splitlines().index("    - entry: silent-changes")
    broken = subprocess.run(f"{invoke} check", shell=True, cwd=clone, env=env, capture_output=True, text=True)
    warnings = [w for w in (broken.stdout + broken.stderr).splitlines() if "WARNING" in w]
    assert broken.returncode != 0
    assert warnings == [
        f"content/local/fork.yml:{line}: WARNING: the reading path of 'software-engineer' names 'silent-changes', "
        "which this fork hides; remove the step, or stop hiding 'silent-changes' [kb.fork]"
    ]
