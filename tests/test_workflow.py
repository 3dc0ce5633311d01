"""The GitHub Pages workflow builds with the README's build-only command, for the
Pages address, and publishes site/ with the official Pages actions."""

from pathlib import Path
import re

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def readme_build_command():
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"^(\./book build)\b.*#.*build the static site", readme, re.M)
    assert match, "the README no longer documents its build-only command"
    return match.group(1)


def steps(workflow):
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_workflow_builds_with_the_readme_command_and_deploys_site():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    all_steps = steps(workflow)
    build = [s for s in all_steps if readme_build_command() in s.get("run", "")]
    assert len(build) == 1, "exactly one step runs the README's build command"
    assert "SITE_URL" in build[0].get("env", {}), "the build must know the Pages address"
    assert "base_url" in build[0]["env"]["SITE_URL"] and build[0]["env"]["SITE_URL"].endswith("/")
    uses = [s.get("uses", "") for s in all_steps]
    upload = next(s for s in all_steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    # Steps run in order: checkout, then the build, then the upload.
    order = [s.get("uses", s.get("run", "")) for s in all_steps]
    assert order.index(build[0]["run"]) < order.index(upload["uses"])
    assert order[0].startswith("actions/checkout@")


def test_deploy_job_waits_for_the_build():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
