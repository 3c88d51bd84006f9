"""Thin CLI over the API: parse arguments, call, print, exit (0 ok, 1 invalid data or failed build, 2 usage)."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator.build import BuildOptions, build_site, generate
from generator.issues import BuildError, Report
from generator.layout import Layout
from generator.validate import validate


def _print_report(report: Report) -> None:
    for issue in report.errors + report.warnings:
        print(("warning: " if issue.severity == "warning" else "") + str(issue))
    errors, warnings = len(report.errors), len(report.warnings)
    if errors or warnings:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def cmd_validate(layout: Layout, args) -> int:
    report, loaded = validate(layout)
    _print_report(report)
    if report.ok:
        rows = sum(len(p.tables["observations"].rows) for p in loaded if "observations" in p.tables)
        print(f"ok: {len(loaded)} package(s), {rows} observation(s) valid")
    return 0 if report.ok else 1


def cmd_generate(layout: Layout, args) -> int:
    report, written = generate(layout)
    _print_report(report)
    if report.ok:
        print(f"generated pages into {layout.rel(layout.site_src)}/ ({written} file(s) changed)")
    return 0 if report.ok else 1


def cmd_build(layout: Layout, args) -> int:
    started = time.perf_counter()
    try:
        result = build_site(layout, BuildOptions(site_dir=Path(args.site_dir).resolve() if args.site_dir else None))
    except BuildError as exc:
        print(exc, file=sys.stderr)
        print("build failed; the previous site/ was left as it was", file=sys.stderr)
        return 1
    _print_report(result.report)
    if not result.report.ok:
        print("invalid data; nothing was built and the previous site/ was left as it was", file=sys.stderr)
        return 1
    print(f"built {result.site_dir} in {time.perf_counter() - started:.1f} s")
    print("preview it with `make serve` (live reload on data edits), or open site/index.html")
    return 0


COMMANDS = {
    "validate": (cmd_validate, "check every data package: Frictionless plus the project's rules"),
    "generate": (cmd_generate, "validate, then write the generated pages into site_src/"),
    "build": (cmd_build, "validate, generate and build the site; site/ is replaced only on success"),
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator", description="重庆科技创新开放数据: site generator")
    p.add_argument("--root", default=".", help="project root (default: the current folder)")
    sub = p.add_subparsers(dest="command", required=True)
    for name, (_, help_text) in COMMANDS.items():
        sp = sub.add_parser(name, help=help_text, description=help_text)
        if name == "build":
            sp.add_argument("--site-dir", help="where to put the built site (default: <root>/site)")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    layout = Layout(Path(args.root).resolve())
    if not (layout.root / "mkdocs.yml").is_file() and args.command != "validate":
        print(f"{layout.root} is not a project root (no mkdocs.yml)", file=sys.stderr)
        return 2
    return COMMANDS[args.command][0](layout, args)
