"""Thin CLI over the API: parse arguments, call, print, exit (0 ok, 1 invalid data or failed build, 2 usage)."""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from generator.build import BuildOptions, build_site, generate
from generator.datadiff import DiffError, diff
from generator.issues import BuildError, Report
from generator.layout import Layout
from generator.pages import make_env
from generator.release import ReleaseError, make_release
from generator.scaffold import ScaffoldError, new_dataset
from generator.settings import SettingsError, read_settings
from generator.siteinfo import site_url_from
from generator.validate import validate


def _print_report(report: Report, output_format: str = "text", lang: str = "zh") -> None:
    for issue in report.errors + report.warnings:
        if output_format == "github":
            print(issue.github())
        else:
            warning = ("warning: " if lang == "en" else "警告: ") if issue.severity == "warning" else ""
            print(warning + issue.text(lang))
    errors, warnings = len(report.errors), len(report.warnings)
    if errors or warnings:
        print(f"{errors} 个错误，{warnings} 个警告 · {errors} error(s), {warnings} warning(s)", file=sys.stderr)


def _failed(report: Report, strict: bool) -> bool:
    return not report.ok or (strict and bool(report.warnings))


def cmd_validate(layout: Layout, args) -> int:
    report, loaded = validate(layout)
    _print_report(report, args.format, args.lang)
    if _failed(report, args.strict):
        return 1
    rows = sum(len(p.tables["observations"].rows) for p in loaded)
    print(f"ok: {len(loaded)} 个数据包、{rows} 个数字全部通过校验 · {len(loaded)} package(s), {rows} observation(s) valid")
    return 0


def _cannot_write(exc: OSError, what: str) -> int:
    """A full disk or an unwritable folder: one line saying so, not a traceback."""
    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    print(f"{what}：无法写入{where}：{exc.strerror or exc}（磁盘已满或没有写权限？）· cannot write{where}: "
          f"{exc.strerror or exc} (disk full, or no permission?)", file=sys.stderr)
    return 1


def cmd_generate(layout: Layout, args) -> int:
    try:
        generated = generate(layout)
    except OSError as exc:
        return _cannot_write(exc, "生成失败")
    _print_report(generated.report)
    if generated.report.ok:
        print(f"generated pages into {layout.rel(layout.site_src)}/ ({generated.files_written} file(s) changed)")
    return 0 if generated.report.ok else 1


def cmd_build(layout: Layout, args) -> int:
    started = time.perf_counter()
    if args.strict:
        report, _ = validate(layout)
        if _failed(report, True):
            _print_report(report)
            print("warnings are fatal with --strict; the previous site/ was left as it was", file=sys.stderr)
            return 1
    try:
        result = build_site(layout, BuildOptions(site_dir=Path(args.site_dir).resolve() if args.site_dir else None))
    except BuildError as exc:
        print(exc, file=sys.stderr)
        print("构建失败，原有的 site/ 保持不变 · build failed; the previous site/ was left as it was", file=sys.stderr)
        return 1
    except OSError as exc:
        _cannot_write(exc, "构建失败")
        print("原有的 site/ 保持不变 · the previous site/ was left as it was", file=sys.stderr)
        return 1
    _print_report(result.report)
    if not result.report.ok:
        print("invalid data; nothing was built and the previous site/ was left as it was", file=sys.stderr)
        return 1
    if result.mkdocs_skipped:
        print(f"{result.site_dir} is up to date: nothing MkDocs reads has changed, no file was rewritten "
              f"({time.perf_counter() - started:.1f} s)")
    else:
        print(f"built {result.site_dir} in {time.perf_counter() - started:.1f} s")
    print("preview it with `make serve` (live reload on data edits), or open site/index.html")
    return 0


def cmd_new_dataset(layout: Layout, args) -> int:
    try:
        written = new_dataset(layout, args.name, args.title, args.license, read_settings(layout.root))
    except (ScaffoldError, SettingsError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print("\n".join(f"created {path}" for path in written))
    print("next: add rows to data/sources.csv and data/observations.csv, then run `make validate` "
          "(or .venv/bin/python -m generator validate; PowerShell: .venv\\Scripts\\python -m generator validate)")
    return 0


def cmd_diff(layout: Layout, args) -> int:
    try:
        changes = diff(layout, args.base)
    except DiffError as exc:
        print(f"cannot compare with '{args.base}': {exc}", file=sys.stderr)
        return 2
    counts = Counter(c.status for c in changes)
    print(make_env().get_template("diff.md.j2").render(ref=args.base, changes=changes, counts=counts).rstrip())
    return 0


def cmd_release(layout: Layout, args) -> int:
    from generator.citefile import write_citation_cff
    report, _ = validate(layout)
    if not report.ok:
        _print_report(report)
        print("invalid data; nothing was released", file=sys.stderr)
        return 1
    try:
        today = date.fromisoformat(args.date) if args.date else date.today()
        settings = read_settings(layout.root)
        cff = write_citation_cff(layout, site_url_from(os.environ, settings.site_url), settings)
        release = make_release(layout, today, tag=not args.no_tag, citation_text=cff)
    except (ReleaseError, ValueError) as exc:
        print(f"cannot release: {exc}", file=sys.stderr)
        return 1
    s = release.summary
    print(f"released {release.version} ({release.date}): {s.get('added', 0)} added, {s.get('changed', 0)} changed, "
          f"{s.get('removed', 0)} removed, {len(release.new_sources)} new source(s)")
    print(f"tagged {release.tag}; push it with: git push origin HEAD {release.tag}" if not args.no_tag else
          "not committed or tagged (--no-tag)")
    return 0


COMMANDS = {
    "validate": (cmd_validate, "check every data package: Frictionless plus the project's rules"),
    "generate": (cmd_generate, "validate, then write the generated pages into site_src/"),
    "build": (cmd_build, "validate, generate and build the site; site/ is replaced only on success"),
    "new-dataset": (cmd_new_dataset, "create datasets/NAME/ with the shared schemas' columns"),
    "diff": (cmd_diff, "print, as Markdown, the figures added, removed and changed since a git ref"),
    "release": (cmd_release, "bump the data version (CalVer), record the changes since the last release, commit and tag"),
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator", description="open-data site generator (the site's own settings are in mkdocs.yml, extra: publisher:)")
    p.add_argument("--root", default=".", help="project root (default: the current folder)")
    sub = p.add_subparsers(dest="command", required=True)
    for name, (_, help_text) in COMMANDS.items():
        sp = sub.add_parser(name, help=help_text, description=help_text)
        if name in ("validate", "build"):
            sp.add_argument("--strict", action="store_true", help="treat warnings as errors")
        if name == "validate":
            sp.add_argument("--format", choices=("text", "github"), default="text",
                            help="github: one ::error annotation per problem, for GitHub Actions (in Chinese)")
            sp.add_argument("--lang", choices=("zh", "en"), default="zh",
                            help="language of the messages: zh (default) or en (Chinese where no English exists)")
        if name == "build":
            sp.add_argument("--site-dir", help="where to put the built site (default: <root>/site)")
        if name == "new-dataset":
            sp.add_argument("name", help="package id: lowercase words joined by '-', e.g. cq-patents")
            sp.add_argument("--title", default="", help="a human title, e.g. 专利统计")
            sp.add_argument("--license", default="",
                            help="the data's licence id (default: mkdocs.yml extra.publisher.licence, else CC-BY-4.0; "
                                 "e.g. CC0-1.0, ODC-BY-1.0, CC-BY-SA-4.0)")
        if name == "diff":
            sp.add_argument("base", help="git ref to compare with, e.g. origin/main")
        if name == "release":
            sp.add_argument("--date", help="release date, YYYY-MM-DD (default: today)")
            sp.add_argument("--no-tag", action="store_true", help="write the files only: no commit, no tag")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    layout = Layout(Path(args.root).resolve())
    if not (layout.root / "mkdocs.yml").is_file() and args.command in ("generate", "build"):
        print(f"{layout.root} is not a project root (no mkdocs.yml)", file=sys.stderr)
        return 2
    return COMMANDS[args.command][0](layout, args)
