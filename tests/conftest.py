"""Shared fixtures. Every test works on its own copy of the project in tmp_path, never on the repo itself."""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
from pathlib import Path

import pytest

from generator.build import BuildOptions, build_site
from generator.layout import Layout
from generator.layout import copy_project as copy_layout

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# The archive of source documents sits beside the checkout on the project's machines (and so in .ci/run);
# it is not part of the repository, so a GitHub-hosted run cannot have it.
ARCHIVE_REQUIRED = IN_CI and not os.environ.get("GITHUB_ACTIONS")
# The test site lives under a sub-path, as a GitHub Pages project site does (https://owner.github.io/repo/);
# test_browser.py serves it there. Its host is never contacted: only canonical links and metadata name it.
TEST_SITE_URL = "https://example.org/repo/"


def copy_project(target: Path) -> Layout:
    return copy_layout(REPO, target)


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_project(target: Path, overlay: str | None = None) -> Layout:
    """The real code, pages and schemas with the small data of tests/fixtures/base (and an overlay) instead of ours."""
    layout = copy_project(target)
    shutil.rmtree(layout.datasets)
    shutil.rmtree(layout.codelists)
    for source in [FIXTURES / "base"] + ([FIXTURES / overlay] if overlay else []):
        shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    # The settings name ids of the code lists (validation refuses an unknown one): the fixture's own indicators,
    # in the order the real list gives them.
    config = layout.mkdocs_yml.read_text(encoding="utf-8")
    config = re.sub(r"headline_indicators: \[[^\]]*\]", "headline_indicators: [rd-intensity, high-tech-enterprises]", config)
    layout.mkdocs_yml.write_text(config, encoding="utf-8")
    return layout


@pytest.fixture
def project(tmp_path) -> Layout:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Layout:
    """The real site, built once per test session into a temp dir (MkDocs builds take seconds)."""
    layout = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = build_site(layout, BuildOptions(site_url=TEST_SITE_URL))
    assert result.report.ok, [str(i) for i in result.report.errors]
    return layout


def read_csv(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
