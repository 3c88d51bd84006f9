"""The pipeline: discover → load → validate → model → pages, charts, downloads → write → mkdocs build → swap."""
from __future__ import annotations

import calendar
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.buildkey import (generate_inputs, generate_stamp, generated_files, is_current, mkdocs_inputs,
                                stamp_file)
from generator.chart_render import has_cjk_font
from generator.editions import merge_sitemaps, write_english_config
from generator.issues import BuildError, Issue, Report
from generator.layout import EDITION_DIR, JIEBA_FILE, NAV_FILE, Layout
from generator.lifetime import die_with_parent
from generator.release import read_releases
from generator.settings import SiteSettings, read_settings
from generator.siteinfo import SiteInfo, normalise_url, site_url_from
from generator.validate import validate
from generator.write import (STAGING_PREFIX, readable_by_all, remove_stale_staging, replace_site, write_atomically,
                             write_generated)


@dataclass(frozen=True)
class BuildOptions:
    site_dir: Path | None = None  # default: <root>/site
    strict: bool = True  # mkdocs --strict: a broken link or missing page fails the build
    site_url: str | None = None  # absolute URL the site is served at; default: $SITE_URL, else siteinfo's default


@dataclass(frozen=True)
class BuildResult:
    report: Report
    site_dir: Path | None = None
    files_generated: int = 0
    mkdocs_skipped: bool = False  # nothing MkDocs reads had changed: site/ was left as it was


@dataclass(frozen=True)
class Generated:
    report: Report
    files_written: int = 0
    data_date: date | None = None  # the newest source's date: the site's "as of", and its build timestamp


def site_info(layout: Layout, site_url: str, data_date: date, settings: SiteSettings = SiteSettings()) -> SiteInfo:
    """The site's URL and its current release (the newest in datasets/releases.json); before the first
    release, no version and the newest source's date."""
    releases = read_releases(layout)
    if releases:
        return SiteInfo(normalise_url(site_url), releases[0].version, releases[0].date, settings)
    return SiteInfo(normalise_url(site_url), "", data_date.isoformat(), settings)


def _unchanged(layout: Layout, inputs: str) -> dict | None:
    """The last generation's record, if it was made from these inputs and site_src/ still holds its output."""
    try:
        record = json.loads(generate_stamp(layout).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("inputs") != inputs or record.get("files") != generated_files(layout):
        return None
    return record


def _remember(layout: Layout, inputs: str, issues: list[Issue], data_date: date) -> None:
    record = {"inputs": inputs, "files": generated_files(layout), "data_date": data_date.isoformat(),
              "issues": [dataclasses.asdict(i) for i in issues]}
    try:
        write_atomically(generate_stamp(layout), json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    except OSError:  # without the record the next build only generates again
        pass


def generate(layout: Layout, site_url: str | None = None) -> Generated:
    """Validate, then (only if valid) write the generated pages, charts and downloads into site_src/. When the
    data, schemas, generator and settings are those of the last generation and site_src/ still holds its
    output, nothing is generated again (validation always runs: it is the gate)."""
    report, loaded = validate(layout)
    if not report.ok:
        return Generated(report)
    settings = read_settings(layout.root)  # validate() has reported any error in it
    site_url = site_url or site_url_from(os.environ, settings.site_url)
    if not loaded:  # only generic Frictionless packages: their pages and the downloads index
        return _generic_site(layout, report, settings, site_url)
    with_png = has_cjk_font()
    inputs = generate_inputs(layout, {"site_url": normalise_url(site_url), "with_png": str(with_png)})
    record = _unchanged(layout, inputs)
    if record is not None:
        report.extend([Issue(**i) for i in record["issues"]])
        return Generated(report, 0, date.fromisoformat(record["data_date"]))
    # What only a generation needs is imported here: a no-op rebuild does without pandas, Altair and the templates.
    from generator.content import ContentOptions, nav_json, site_files
    from generator.vega_bundle import PATH as VEGA_BUNDLE
    from generator.vega_bundle import Bundle
    from generator.model import build_model
    from generator.pages import make_env
    from generator.search_terms import jieba_user_dict
    from generator.tracker import as_of
    model = build_model(loaded, settings.lead_places())
    site = site_info(layout, site_url, as_of(model), settings)
    first_issue = len(report.issues)
    if not with_png:
        report.extend([Issue(layout.rel(layout.site_src), None, None, "no-cjk-font",
                             "没有生成图表 PNG：本机没有中文字体，每个字都会是空白方框",
                             "请安装一种中文字体（Debian/Ubuntu：apt-get install fonts-noto-cjk）；SVG 图表不受影响",
                             severity="warning",
                             message_en="chart PNGs were not made: this machine has no Chinese font, so every glyph would be an empty box",
                             hint_en="install one (Debian/Ubuntu: apt-get install fonts-noto-cjk); the SVG charts are unaffected")])
    remove_stale_staging(layout.cache)  # spool folders of a build that was killed
    bundle = Bundle(layout.site_src, layout.cache)  # made beside the pages when it cannot be reused
    try:
        content = site_files(layout, model, make_env(), ContentOptions(with_png=with_png, site=site,
                                                                             chart_cache=layout.cache / "charts"))
    except BaseException:
        bundle.stop()
        raise
    try:
        report.extend(content.issues)
        files = content.files
        files[VEGA_BUNDLE] = bundle.result()
        files[NAV_FILE] = nav_json(model)
        files[JIEBA_FILE] = jieba_user_dict(model, layout.search_terms)
        written = write_generated(layout, files)
    finally:
        content.files.close()
    _remember(layout, inputs, report.issues[first_issue:], as_of(model))
    return Generated(report, written, as_of(model))


def _generic_site(layout: Layout, report: Report, settings: SiteSettings, site_url: str) -> Generated:
    """A site whose packages are all generic: see generic_site.py."""
    from generator.generic_site import generic_site_files
    files = generic_site_files(layout, settings, normalise_url(site_url), has_cjk_font())
    return Generated(report, write_generated(layout, files))


def _mkdocs_failure(output: str) -> str:
    """MkDocs' own messages, without a Python traceback: a crash (a full disk, a missing file) is said in one line."""
    lines = output.rstrip().splitlines()
    if not any(line.startswith("Traceback (most recent call last)") for line in lines):
        return output.rstrip()
    before = [line for line in lines[:next(i for i, l in enumerate(lines) if l.startswith("Traceback"))] if line.strip()]
    error = next((line for line in reversed(lines) if line and not line.startswith(" ")), "")
    hint = ("磁盘已满：请腾出空间后重试 · the disk is full: free some space and build again"
            if "No space left" in error or "Errno 28" in error else
            "请检查上面的错误 · see the error above")
    return "\n".join(before + [f"MkDocs 出错 · MkDocs failed: {error}", hint])


class MkDocsRun:
    """One `mkdocs build` in its own process, started now and waited for with finish(). Its output goes to a
    temporary file, not a pipe: two runs side by side must not block on a full pipe nobody is reading yet."""

    def __init__(self, layout: Layout, site_dir: Path, strict: bool, data_date: date | None,
                 site_url: str | None = None, config_file: Path | None = None):
        # No --quiet: it silences warnings before --strict can count them.
        command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config_file or layout.mkdocs_yml),
                   "-d", str(site_dir)]
        if strict:
            command.append("--strict")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # MkDocs' banner about its successor is noise in our output
        if site_url:  # mkdocs.yml reads site_url from SITE_URL, so pages and generated files agree
            env["SITE_URL"] = normalise_url(site_url)
        if data_date is not None:  # MkDocs stamps the sitemap (and its gzip) with this instead of the clock
            env["SOURCE_DATE_EPOCH"] = str(calendar.timegm(data_date.timetuple()))
        self.output = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, cwd=layout.root, stdout=self.output, stderr=subprocess.STDOUT,
                                        env=env, preexec_fn=die_with_parent if sys.platform.startswith("linux") else None)

    def finish(self) -> None:
        try:
            code = self.process.wait()
            self.output.seek(0)
            text = self.output.read().decode("utf-8", "replace")
        finally:
            self.output.close()
        if code != 0:
            raise BuildError(f"mkdocs build failed:\n{_mkdocs_failure(text)}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.output.close()


def run_mkdocs(layout: Layout, site_dir: Path, strict: bool, data_date: date | None, site_url: str | None = None,
               config_file: Path | None = None) -> None:
    MkDocsRun(layout, site_dir, strict, data_date, site_url, config_file).finish()


def run_editions(layout: Layout, site_dir: Path, strict: bool, data_date: date | None, site_url: str) -> None:
    """The Chinese edition at the root and (when the settings name it and its pages exist) the English edition
    under en/, each its own MkDocs site (generator/editions.py says why), built side by side (one per core): the
    English one into a folder of its own, moved under en/ once both are done (the Chinese run cleans its folder
    first). Then sitemaps that list both."""
    settings = read_settings(layout.root)
    english = EDITION_DIR in settings.languages and (layout.site_src / EDITION_DIR / "index.md").is_file()
    if not english:
        run_mkdocs(layout, site_dir, strict, data_date, site_url)
        return
    config = write_english_config(layout, settings, normalise_url(site_url))
    english_dir = Path(tempfile.mkdtemp(prefix=site_dir.name + "-en-", dir=site_dir.parent))
    runs = []
    try:
        runs.append(MkDocsRun(layout, site_dir, strict, data_date, site_url))
        runs.append(MkDocsRun(layout, english_dir, strict, data_date, site_url, config))
        for run in runs:
            run.finish()
        os.replace(english_dir, site_dir / EDITION_DIR)
    finally:
        for run in runs:
            run.stop()
        shutil.rmtree(english_dir, ignore_errors=True)
    merge_sitemaps(site_dir, normalise_url(site_url), calendar.timegm(data_date.timetuple()) if data_date else 0)


def build_site(layout: Layout, options: BuildOptions = BuildOptions()) -> BuildResult:
    try:
        default_url = read_settings(layout.root).site_url
    except ValueError:
        default_url = ""  # generate() reports the settings' error
    site_url = options.site_url or site_url_from(os.environ, default_url or SiteSettings().site_url)
    generated = generate(layout, site_url)
    if not generated.report.ok:
        return BuildResult(generated.report)
    site = options.site_dir or layout.site
    inputs = mkdocs_inputs(layout, site, {"strict": str(options.strict), "site_url": normalise_url(site_url),
                                          "data_date": str(generated.data_date)})
    if is_current(layout, site, inputs):
        return BuildResult(generated.report, site, generated.files_written, mkdocs_skipped=True)
    site.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(site.parent)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=site.parent))
    try:
        run_editions(layout, staging, options.strict, generated.data_date, site_url)
        readable_by_all(staging)  # mkdtemp made it 0700: a web server running as another user could not read it
        replace_site(staging, site)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    try:
        write_atomically(stamp_file(layout, site), inputs.encode("ascii"))
    except OSError:  # without the stamp the next build only runs MkDocs again
        pass
    return BuildResult(generated.report, site, generated.files_written)
