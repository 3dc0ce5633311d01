"""The GitHub Pages workflow builds with the README's build-only command, for the
address the configure-pages step reports, and publishes site/ with the official
Pages actions. It is valid against GitHub's workflow schema (check-jsonschema) and
a security audit (zizmor) finds nothing in it: actions pinned to commits, no
credentials left in the checkout, write permissions only where they are used."""

from pathlib import Path
import re
import subprocess
import sys

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "pages.yml"
BIN = Path(sys.executable).parent  # the tools are pinned in requirements.txt


def readme_build_command():
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"^(\./book build)\b.*#.*build the static site", readme, re.M)
    assert match, "the README no longer documents its build-only command"
    return match.group(1)


def load():
    return yaml.safe_load(WORKFLOW.read_text())


def steps(workflow):
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses(step, action):
    return step.get("uses", "").startswith(f"actions/{action}@")


def test_workflow_builds_with_the_readme_command_and_deploys_site():
    workflow = load()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers and "workflow_dispatch" in triggers
    build_job = workflow["jobs"]["build"]["steps"]
    build = [s for s in build_job if readme_build_command() in s.get("run", "")]
    assert len(build) == 1, "exactly one step of the build job runs the README's build command"
    upload = next(s for s in build_job if uses(s, "upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert any(uses(s, "deploy-pages") for s in steps(workflow))
    # Steps run in order: checkout, then the build, then the upload.
    assert build_job.index(build[0]) < build_job.index(upload)
    assert uses(build_job[0], "checkout")


def test_the_build_gets_site_url_from_the_configure_pages_step():
    build_job = load()["jobs"]["build"]["steps"]
    configure = [s for s in build_job if uses(s, "configure-pages")]
    assert len(configure) == 1 and "id" in configure[0], "configure-pages needs an id to read its outputs"
    build = next(s for s in build_job if readme_build_command() in s.get("run", ""))
    # base_url has no trailing slash; mkdocs' site_url wants one.
    assert build.get("env", {}).get("SITE_URL") == f"${{{{ steps.{configure[0]['id']}.outputs.base_url }}}}/"
    assert build_job.index(configure[0]) < build_job.index(build), "the address is known before the build"


def test_deploy_job_waits_for_the_build_and_alone_may_write():
    workflow = load()
    assert workflow["permissions"] == {}, "the workflow grants nothing by default; jobs ask for their own"
    deploy, build = workflow["jobs"]["deploy"], workflow["jobs"]["build"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert not any(v == "write" for v in build["permissions"].values())
    checkout = next(s for s in build["steps"] if uses(s, "checkout"))
    assert checkout["with"]["persist-credentials"] is False


def test_every_action_is_pinned_to_a_commit_with_its_version_named():
    lines = [l for l in WORKFLOW.read_text().splitlines() if re.match(r"\s*(- )?uses:", l)]
    assert len(lines) == 7
    for line in lines:
        assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40}\s+# v\d+\.\d+\.\d+$", line), line


def run_tool(*args):
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=ROOT, capture_output=True, text=True)


def test_workflow_matches_githubs_schema():
    result = run_tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW))
    assert result.returncode == 0, result.stdout + result.stderr


def test_security_audit_finds_nothing():
    result = run_tool("zizmor", "--offline", str(WORKFLOWS))
    assert result.returncode == 0 and "No findings" in result.stdout, result.stdout + result.stderr
