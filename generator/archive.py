"""Earlier releases' packages, rebuilt from their git tags into downloads/releases/<version>/<package>.zip.

Each release is tagged `data-v<version>` by `make release`. At build time the tagged datasets/ and schemas/
are read with `git archive` and published with the current package format (Data Package v2, datapackage.json
at the zip's root). A clone without the tags (a shallow CI checkout) gets a warning per release and builds on.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pandas as pd

from generator import descriptors, downloads
from generator.issues import Issue
from generator.layout import Layout
from generator.load import discover, load_package, read_table
from generator.release import RELEASES_FILE, Release
from generator.siteinfo import SiteInfo


def _tree_at(layout: Layout, tag: str, target: Path) -> bool:
    done = subprocess.run(["git", "archive", "--format=tar", tag, "--", "datasets", "schemas"], cwd=layout.root,
                          capture_output=True)
    if done.returncode != 0:
        return False
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as tar:
        tar.extractall(target, filter="data")
    return True


def release_packages(layout: Layout, release: Release, site: SiteInfo) -> tuple[dict[str, bytes], list[Issue]]:
    shown = f"datasets/{RELEASES_FILE}"
    with tempfile.TemporaryDirectory(prefix="release-") as tmp:
        if not _tree_at(layout, release.tag, Path(tmp)):
            return {}, [Issue(shown, None, release.version, "release-tag-missing",
                              f"release {release.version}: git tag {release.tag} not found, so its packages are not "
                              f"published at downloads/releases/{release.version}/",
                              "fetch the tags (git fetch --tags, or actions/checkout with fetch-depth: 0)", severity="warning")]
        old = Layout(Path(tmp))
        at_release = SiteInfo(site.url, release.version, release.date)
        files, issues = {}, []
        for folder in discover(old):
            package, problems = load_package(old, folder)
            if package is None:
                issues.append(Issue(shown, None, release.version, "release-package-unreadable",
                                    f"release {release.version}: package {folder.name} could not be read from {release.tag}",
                                    "; ".join(str(p) for p in problems[:3]), severity="warning"))
                continue
            table = read_table(old, package.resource("sources").path)
            sources = pd.DataFrame([row for _, row in table.rows], columns=list(table.header)).fillna("")
            meta = descriptors.package_metadata(package, sources.assign(package=package.id), at_release)
            meta["version"] = release.version
            package_zip = downloads.zip_files(downloads.package_files(old, package, meta))
            files[f"downloads/releases/{release.version}/{package.id}.zip"] = package_zip
        return files, issues


def release_files(layout: Layout, releases: list[Release], site: SiteInfo) -> tuple[dict[str, dict[str, bytes]], list[Issue]]:
    """{version: {path: bytes}} for every release whose tag this clone has, and a warning for each it has not."""
    out, issues = {}, []
    for release in releases:
        files, problems = release_packages(layout, release, site)
        issues += problems
        if files:
            out[release.version] = files
    return out, issues
