"""Generated files wait on disk when large (generator/spool.py): same answers as a dict, and nothing left behind."""
from __future__ import annotations

import subprocess
import sys

from generator.spool import SPOOL_OVER, SpooledFiles
from generator.write import remove_stale_staging


def test_spooled_files_answer_like_a_dict_and_keep_large_files_on_disk(tmp_path):
    files = SpooledFiles(tmp_path / ".cache")
    small, large = b"<p>page</p>", b"x" * (SPOOL_OVER + 1)
    files["a.md"], files["b.xlsx"] = small, large
    assert files["a.md"] == small and files["b.xlsx"] == large
    assert sorted(files) == ["a.md", "b.xlsx"] and len(files) == 2 and "b.xlsx" in files
    assert [p.read_bytes() for p in files.folder.iterdir()] == [large]  # only the large one is on disk
    files["b.xlsx"] = small  # replaced by a small one: its file goes
    assert files["b.xlsx"] == small and not any(files.folder.iterdir())
    del files["a.md"]
    assert "a.md" not in files and dict(files) == {"b.xlsx": small}
    files.close()
    assert not files.folder.exists()


def test_a_spool_folder_of_a_killed_build_is_removed_by_the_next(tmp_path):
    cache = tmp_path / ".cache"
    # a build process that is gone: its pid no longer runs
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = cache / f".site-{dead.stdout.strip()}-spool-abc"
    left.mkdir(parents=True)
    (left / "1").write_bytes(b"x")
    mine = SpooledFiles(cache)
    assert remove_stale_staging(cache) == [left]
    assert mine.folder.exists()  # this process still runs: its folder stays
    mine.close()


def test_a_spooled_file_is_moved_into_place_not_copied(tmp_path):
    files = SpooledFiles(tmp_path / "cache")
    files["big.csv"], files["small.csv"] = b"x" * (SPOOL_OVER + 1), b"y"
    spooled = files.spooled_path("big.csv")
    inode = spooled.stat().st_ino
    target = tmp_path / "site_src" / "downloads" / "big.csv"
    assert files.move_to("big.csv", target) and not spooled.exists()
    assert target.read_bytes() == b"x" * (SPOOL_OVER + 1) and target.stat().st_ino == inode  # renamed, not copied
    assert oct(target.stat().st_mode & 0o777) == oct(0o644) and "big.csv" not in files
    assert not files.move_to("small.csv", tmp_path / "small.csv")  # kept in memory: the caller writes it
    files.close()


def test_files_spooled_in_a_folder_inside_are_adopted_without_copying_and_removed_with_it(tmp_path):
    import pytest

    files = SpooledFiles(tmp_path)
    made = SpooledFiles(files.folder)  # as a forked process makes them (content.OtherEditions)
    made["big.csv"], made["small.csv"], made["unwanted.csv"] = b"x" * (SPOOL_OVER + 1), b"y", b"z" * (SPOOL_OVER + 1)
    files["big.csv"] = b"old"
    files.adopt(made, lambda path: path != "unwanted.csv")
    assert files["big.csv"] == b"x" * (SPOOL_OVER + 1) and files["small.csv"] == b"y" and "unwanted.csv" not in files
    assert files.spooled_path("big.csv") == made.spooled_path("big.csv")  # taken, not copied
    with pytest.raises(ValueError):
        files.adopt(SpooledFiles(tmp_path / "elsewhere"), lambda path: True)
    files.close()
    assert not made.folder.exists()
