"""The pull-request workflow's commands: new-dataset, diff, and GitHub annotations."""
import subprocess

from conftest import read_csv, write_csv

from generator.cli import main
from generator.validate import validate

OBS = "datasets/source-documents/data/observations.csv"


def git(root, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True,
                   capture_output=True)


def test_new_dataset_scaffolds_a_valid_package(project, capsys):
    assert main(["--root", str(project.root), "new-dataset", "cq-patents", "--title", "重庆专利"]) == 0
    folder = project.datasets / "cq-patents"
    assert {p.name for p in folder.rglob("*") if p.is_file()} == {"datapackage.json", "observations.csv", "sources.csv"}
    report, loaded = validate(project)
    assert report.ok, [str(i) for i in report.errors]
    assert "cq-patents" in {p.package.id for p in loaded}
    # empty until the first figure; the description is the scaffold's until someone writes one
    assert {i.code for i in report.warnings} == {"no-rows", "placeholder-description", "english-missing"}
    assert {i.field for i in report.warnings if i.code == "english-missing"} == {"title_en", "description_en"}
    assert main(["--root", str(project.root), "validate", "--strict"]) == 1


def test_a_scaffold_placeholder_is_a_warning_until_replaced(project, capsys):
    import json
    assert main(["--root", str(project.root), "new-dataset", "patents"]) == 0  # no --title: the title is the id
    descriptor = project.datasets / "patents" / "datapackage.json"
    report, _ = validate(project)
    assert {(i.field, i.code) for i in report.warnings if i.code.startswith("placeholder")} == {
        ("title", "placeholder-title"), ("description", "placeholder-description")}
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    descriptor.write_text(json.dumps({**data, "title": "专利统计", "description": "历年专利授权量。"}, ensure_ascii=False),
                          encoding="utf-8")
    report, _ = validate(project)
    assert not [i for i in report.issues if i.code.startswith("placeholder")]
    assert data["licenses"][0]["name"] == "CC-BY-4.0"  # the settings' default data licence


def test_new_dataset_refuses_bad_or_taken_names(project, capsys):
    assert main(["--root", str(project.root), "new-dataset", "Bad Name"]) == 2
    assert main(["--root", str(project.root), "new-dataset", "source-documents"]) == 2


def test_diff_lists_added_removed_and_changed_figures(project, capsys):
    git(project.root, "init", "-q")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "base")
    rows = read_csv(project.root / OBS)
    removed, changed = rows[0], rows[1]
    new_row = {**rows[2], "period": "2031", "value": "99", "quote": "到2031年达到99家。"}
    changed_after = {**changed, "value": "12345"}
    write_csv(project.root / OBS, [changed_after] + rows[2:] + [new_row])
    assert main(["--root", str(project.root), "diff", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "1 added · 1 removed · 1 changed" in out
    assert f"value: {changed['value']} → 12345" in out
    assert "| 2031 |" in out and removed["period"] in out


def test_diff_of_unknown_ref_is_a_usage_error(project, capsys):
    git(project.root, "init", "-q")
    assert main(["--root", str(project.root), "diff", "no-such-ref"]) == 2


def test_github_format_annotates_the_csv_line(project, capsys):
    rows = read_csv(project.root / OBS)
    rows[4]["value"] = "约100"
    write_csv(project.root / OBS, rows)
    assert main(["--root", str(project.root), "validate", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"::error file={OBS},line=6,title=type-error::value: '约100' 不是数字")
               for line in lines), lines


def test_every_command_has_help_and_is_in_the_readme(capsys):
    from conftest import REPO

    from generator.cli import COMMANDS
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert main([name, "--help"]) == 0
        assert f"python -m generator {name}" in readme, name
