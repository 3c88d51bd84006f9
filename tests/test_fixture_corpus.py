"""The bad-input corpus: one folder per defect under tests/fixtures/invalid/, each with the lines its report must hold.

A case is tests/fixtures/base/ (a small valid project) overlaid with the case's files, plus the real schemas.
"""
import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from generator.cli import main
from generator.layout import Layout
from generator.validate import MAX_FILE_BYTES, validate

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted(p.name for p in (FIXTURES / "invalid").iterdir())
VALID = sorted(p.name for p in (FIXTURES / "valid").iterdir())


def assemble(tmp_path: Path, overlay: Path | None) -> Layout:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", root)
    for schema in (REPO / "schemas").glob("*.schema.json"):
        shutil.copy2(schema, root / "schemas" / schema.name)
    if overlay is not None:
        for path in overlay.rglob("*"):
            if path.is_file() and path.name != "expected.txt":
                target = root / path.relative_to(overlay)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
    return Layout(root)


def expected(case: Path) -> set[tuple]:
    rows = set()
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            file, row, field, code = (part.strip() for part in line.split("|"))
            rows.add((file, int(row) if row else None, field or None, code))
    return rows


def test_base_fixture_is_valid(tmp_path):
    report, _ = validate(assemble(tmp_path, None))
    assert report.ok, [str(i) for i in report.issues]


@pytest.mark.parametrize("case", VALID)
def test_accepted_variants_validate_clean(tmp_path, case):
    report, _ = validate(assemble(tmp_path, FIXTURES / "valid" / case))
    assert report.ok, [str(i) for i in report.issues]


def assemble_case(tmp_path: Path, case: str) -> Layout:
    """The case's overlay, plus what an overlay cannot say or the corpus should not hold (big files, deletions)."""
    layout = assemble(tmp_path, FIXTURES / "invalid" / case)
    observations = layout.root / "datasets/demo/data/observations.csv"
    if case == "file-over-size-limit":  # made here, not committed: the corpus stays small
        observations.write_bytes(observations.read_bytes() + b"#" * MAX_FILE_BYTES)
    if case == "cell-over-size-limit":  # a 200,000-character note: over the csv module's own limit of 131,072
        rows = list(csv.reader(io.StringIO(observations.read_text(encoding="utf-8"))))
        rows[1][rows[0].index("note")] = "很长的说明" * 40_000
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        observations.write_text(buffer.getvalue(), encoding="utf-8")
    if case == "codelist-missing":
        (layout.codelists / "units.csv").unlink()
    return layout


@pytest.mark.parametrize("case", INVALID)
def test_each_defect_is_reported_with_file_row_field_and_code(tmp_path, case):
    layout = assemble_case(tmp_path, case)
    report, _ = validate(layout)
    assert expected(FIXTURES / "invalid" / case) <= set(report.flatten()), [str(i) for i in report.issues]
    for issue in report.errors:  # every line says what to aim for, not only what is wrong
        assert issue.hint, str(issue)


@pytest.mark.parametrize("case", INVALID)
def test_cli_prints_each_defect_as_file_row_field_and_exits_1(tmp_path, case, capsys):
    """In-process (fast): an exception would fail the test; the lines name file, row and field."""
    layout = assemble_case(tmp_path, case)
    code = main(["--root", str(layout.root), "validate"])
    out, err = capsys.readouterr()
    if case in ("header-only", "scaffold-placeholder"):  # a warning, fatal only with --strict
        assert code == 0 and main(["--root", str(layout.root), "validate", "--strict"]) == 1
        return
    assert code == 1 and "error(s)" in err
    for file, row, field, _ in expected(FIXTURES / "invalid" / case):
        place = ":".join(str(p) for p in (file, row, field) if p not in (None, ""))
        assert any(line.startswith(place + ": ") for line in out.splitlines()), (place, out)


def test_a_bad_period_is_reported_once_in_words(tmp_path):
    report, _ = validate(assemble_case(tmp_path, "period-trailing-newline"))
    [issue] = [i for i in report.issues if i.field == "period"]
    assert issue.code == "period-invalid" and "\\d" not in issue.message and "{4}" not in issue.message


@pytest.mark.parametrize("case", ["not-utf8-gbk", "ragged-rows", "empty-file", "datapackage-invalid-json",
                                  "datapackage-deeply-nested", "cell-over-size-limit", "codelist-missing",
                                  "control-character-nul"])
def test_cli_reports_bad_data_without_traceback(tmp_path, case):
    layout = assemble_case(tmp_path, case)
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(layout.root), "validate"],
                          capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": ""})
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "error(s)" in done.stderr
    file, row, *_ = sorted(expected(FIXTURES / "invalid" / case))[0]
    assert any(line.startswith(f"{file}:{row}:" if row else f"{file}:") for line in done.stdout.splitlines()), done.stdout
