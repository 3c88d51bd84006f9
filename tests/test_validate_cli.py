"""`python -m generator validate` on deliberately broken copies: exit code and file:row:field lines."""
import json
import subprocess
import sys

from conftest import read_csv, write_csv

from generator.cli import main
from generator.validate import validate

OBS = "datasets/source-documents/data/observations.csv"


def run_cli(layout, *args):
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(layout.root), *args],
                          capture_output=True, text=True, cwd=layout.root.parent,
                          env={"PYTHONPATH": str(layout.root), "PATH": ""})


def break_observations(layout, row_index: int, **changes):
    path = layout.root / OBS
    rows = read_csv(path)
    rows[row_index].update(changes)
    write_csv(path, rows)


def test_real_copy_is_valid(project):
    done = run_cli(project, "validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok:")


def test_broken_copy_exits_1_naming_file_row_and_field(project):
    break_observations(project, 0, value="1,234")
    break_observations(project, 1, unit="wanjia")
    done = run_cli(project, "validate")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert any(line.startswith(f"{OBS}:2:value: '1,234' 不是数字") for line in lines), lines
    assert any(line.startswith(f"{OBS}:3:unit: 'wanjia' 不是已知的 units 编号") and "wan-jia" in line
               for line in lines), lines
    assert "Traceback" not in done.stderr
    english = run_cli(project, "validate", "--lang", "en").stdout.splitlines()
    assert any(line.startswith(f"{OBS}:2:value: '1,234' is not a number") for line in english), english


def test_report_collects_every_problem_not_just_the_first(project):
    break_observations(project, 0, value="约100")
    break_observations(project, 1, period="2023-02-30", kind="forecast")
    report, _ = validate(project)
    assert {(row, field, code) for _, row, field, code in report.flatten()} >= {
        (2, "value", "type-error"), (3, "period", "period-invalid"), (3, "kind", "constraint-error")}


def test_duplicate_observation_is_reported(project):
    path = project.root / OBS
    rows = read_csv(path)
    write_csv(path, rows + [rows[0]])
    report, _ = validate(project)
    assert any(code == "primary-key" and row == len(rows) + 2 for _, row, _, code in report.flatten())


def test_invalid_json_names_line_and_column(project):
    descriptor = project.root / "datasets/source-documents/datapackage.json"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace('"name": "source-documents",', '"name": "source-documents"'), encoding="utf-8")
    report, _ = validate(project)
    [(file, row, field, code)] = report.flatten()
    assert (file, code) == ("datasets/source-documents/datapackage.json", "invalid-json")
    assert row == 3 and field.startswith("column ")


def test_resource_path_outside_the_package_is_refused(project):
    descriptor = project.root / "datasets/source-documents/datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["resources"][1]["path"] = "../../schemas/codelists/units.csv"
    descriptor.write_text(json.dumps(data), encoding="utf-8")
    report, _ = validate(project)
    assert ("datasets/source-documents/datapackage.json", None, "resources[1] (sources)", "path-outside") in report.flatten()


def test_usage_error_exits_2(capsys):
    assert main(["no-such-command"]) == 2


def test_a_source_id_cannot_belong_to_two_packages(project):
    other = project.root / "datasets/official-series/data/sources.csv"
    rows = read_csv(other)
    taken = read_csv(project.root / "datasets/source-documents/data/sources.csv")[0]["id"]
    old = rows[0]["id"]
    rows[0]["id"] = taken
    write_csv(other, rows)
    observations = project.root / "datasets/official-series/data/observations.csv"
    write_csv(observations, [{**r, "source": taken if r["source"] == old else r["source"]} for r in read_csv(observations)])
    report, _ = validate(project)
    # packages are read in name order: the second one to claim the id is told
    assert ("datasets/source-documents/data/sources.csv", 2, "id", "duplicate-source-id") in report.flatten()


def test_frictionless_reports_are_kept_by_content_and_remade_when_a_file_changes(project, monkeypatch):
    """A package's Frictionless report is a function of its files: the same bytes reuse the kept report, a changed
    file is validated again, and the kept reports are safe to delete."""
    import frictionless

    break_observations(project, 0, value="1,234")
    first, _ = validate(project)
    kept = sorted((project.cache / "frictionless").iterdir())
    assert kept and any(code == "type-error" for *_, code in first.flatten())

    class NotRun:
        def __init__(self, *args, **kwargs):
            raise AssertionError("Frictionless ran again on the same files")

    with monkeypatch.context() as patched:
        patched.setattr(frictionless, "Package", NotRun)
        again, _ = validate(project)
    assert again.flatten() == first.flatten() and [str(i) for i in again.issues] == [str(i) for i in first.issues]

    break_observations(project, 0, value="4222")  # fixed: its report must be made anew, not reused
    fixed, _ = validate(project)
    assert not any(code == "type-error" for *_, code in fixed.flatten())
    for path in (project.cache / "frictionless").iterdir():
        path.unlink()
    assert validate(project)[0].flatten() == fixed.flatten()


def test_frictionless_in_a_forked_process_reports_what_it_reports_here(project, monkeypatch):
    """Frictionless runs in a forked process beside the project's own checks (frictionless_check.FrictionlessRuns);
    its issues take the same place in the report as when it runs here, one after the other."""
    import shutil

    from generator import frictionless_check

    break_observations(project, 0, value="1,234")
    break_observations(project, 1, entity="nowhere")
    pools = []
    real_pool = frictionless_check.ProcessPoolExecutor
    monkeypatch.setattr(frictionless_check, "ProcessPoolExecutor", lambda *a, **k: pools.append(1) or real_pool(*a, **k))
    forked, _ = validate(project)
    assert pools, "Frictionless was not run in a forked process"
    shutil.rmtree(project.cache / "frictionless")
    monkeypatch.setattr(frictionless_check.threading, "active_count", lambda: 2)  # as in `mkdocs serve`: no fork
    here, _ = validate(project)
    assert len(pools) == 1
    assert [str(i) for i in forked.issues] == [str(i) for i in here.issues]
    assert {"type-error", "foreign-key"} <= {code for *_, code in here.flatten()}


def test_the_projects_checks_are_kept_by_their_inputs_and_run_again_when_one_changes(project, monkeypatch):
    """The project's checks are a function of the package's files (pinned copies included), the schemas, the
    settings and the date: the same inputs reuse the kept report, a changed input runs them again."""
    from generator import validate as validate_module

    break_observations(project, 0, quote="原文里没有这个数字")
    first, _ = validate(project)
    assert any(code == "quote-without-value" for *_, code in first.flatten()), first.flatten()
    runs = []
    real = validate_module.run_checks
    monkeypatch.setattr(validate_module, "run_checks", lambda ctx: runs.append(1) or real(ctx))
    again, _ = validate(project)
    assert runs == [] and [str(i) for i in again.issues] == [str(i) for i in first.issues]

    package = project.root / OBS.split("/data/")[0]
    (package / "pinned-copy.txt").write_text("表格的留存副本", encoding="utf-8")  # any file the checks may read
    assert validate(project)[0].flatten() == first.flatten() and runs == [1]
    break_observations(project, 0, quote="原文里没有这个数字。")
    assert validate(project)[0].flatten() == first.flatten() and runs == [1, 1]
    for path in (project.cache / "checks").iterdir():
        path.unlink()
    assert validate(project)[0].flatten() == first.flatten() and len(runs) == 2 + len(list(project.datasets.glob("*/datapackage.json")))
