"""The GitHub workflows, checked offline: valid against the vendored schemas, pinned, least privilege."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
DEPENDABOT = REPO / ".github" / "dependabot.yml"
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)]
    return subprocess.run(cmd, capture_output=True, text=True)


def test_workflows_and_dependabot_match_githubs_schemas() -> None:
    result = check_jsonschema("vendor.github-workflows", *sorted(WORKFLOWS.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr
    result = check_jsonschema("vendor.dependabot", DEPENDABOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    step:\n      - run: true\n")
    assert check_jsonschema("vendor.github-workflows", broken).returncode != 0


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_with_its_version(path: Path) -> None:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    uses = [line.split("uses:", 1)[1].strip() for line in lines if re.match(r"^(- )?uses:", line)]
    assert uses, "no actions found"
    assert [u for u in uses if not PINNED.match(u)] == []


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_least_privilege_per_job_and_full_history(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}, "grant permissions per job, not to the whole workflow"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, name
        assert "write-all" not in str(job["permissions"])
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            # The build reads each page's last-updated date from git history.
            assert step["with"]["fetch-depth"] == 0


def test_ci_runs_the_locally_proven_job_in_debian_and_uploads_the_site() -> None:
    ci = load(WORKFLOWS / "ci.yml")
    assert "pull_request" in ci["on"]
    (job,) = ci["jobs"].values()
    assert job["container"]["image"] == "python:3.11-bookworm"
    assert job["permissions"] == {"contents": "read"}
    runs = [step.get("run", "") for step in job["steps"]]
    assert "bash .ci/run" in runs
    assert not any("setup.sh" in run or "pip install" in run for run in runs), "everything goes through .ci/run"
    upload = [s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    caches = [s for s in job["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert caches and "pip" in caches[0]["with"]["path"]
    # .ci/run is the README's quick start; setup.sh installs Debian's chromium without sudo as root.
    ci_run = (REPO / ".ci/run").read_text()
    assert "bash setup.sh" in ci_run and ".venv/bin/invoke test" in ci_run


def test_pages_builds_strictly_in_one_step_and_deploys_with_the_official_actions() -> None:
    pages = load(WORKFLOWS / "pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert [s["run"] for s in build["steps"] if "invoke build" in s.get("run", "")] == [
        "invoke build --cache .kb-cache"
    ]
    # The cached build (tests/test_build_cache.py) is restored just before the build step.
    names = [s.get("uses", s.get("run", "")).split("@")[0] for s in build["steps"]]
    cache = build["steps"][names.index("actions/cache")]
    assert names.index("actions/cache") == names.index("invoke build --cache .kb-cache") - 1
    assert cache["with"]["path"] == ".kb-cache" and "kb/**" in cache["with"]["key"]
    used = [s["uses"].split("@")[0] for s in steps(pages) if "uses" in s]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in used
    setup_python = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup_python["with"]["cache"] == "pip"


def test_dependabot_keeps_actions_and_python_packages_current() -> None:
    config = yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip"}
