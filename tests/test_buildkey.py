"""The build's hashes of its inputs: a file is read again only when its stat says it may have changed."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.buildkey import FileDigests
from generator.layout import Layout


def not_read(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise AssertionError(f"{self} was read again")
    monkeypatch.setattr(Path, "open", refuse)


def test_a_file_is_read_again_only_when_its_stat_changes(tmp_path, monkeypatch):
    layout = Layout(tmp_path)
    page = tmp_path / "site_src" / "page.md"
    page.parent.mkdir()
    page.write_text("研发投入强度", encoding="utf-8")
    past = time.time_ns() - 10_000_000_000
    os.utime(page, ns=(past, past))
    first = FileDigests(layout)
    digest = first.of(page)
    first.save()
    kept = FileDigests(layout)
    with monkeypatch.context() as patched:
        not_read(patched)
        assert kept.of(page) == digest  # the same stat: the kept digest
    page.write_text("高新技术企业", encoding="utf-8")  # same length in bytes, same modification time
    os.utime(page, ns=(past, past))
    assert FileDigests(layout).of(page) != digest  # its change time moved: read again


def test_a_file_written_just_before_its_digest_was_taken_is_read_again(tmp_path, monkeypatch):
    """Two writes in the same clock tick look alike to stat (git's "racy" files): such a digest is not trusted."""
    layout = Layout(tmp_path)
    page = tmp_path / "page.md"
    page.write_text("新写的", encoding="utf-8")
    known = FileDigests(layout)
    known.of(page)
    known.save()
    kept = FileDigests(layout)
    with monkeypatch.context() as patched:
        not_read(patched)
        with pytest.raises(AssertionError, match="read again"):
            kept.of(page)


def test_the_kept_digests_are_safe_to_delete_or_garble(tmp_path):
    layout = Layout(tmp_path)
    page = tmp_path / "page.md"
    page.write_text("数据", encoding="utf-8")
    expected = FileDigests(layout).of(page)
    for kept in ("", "[1, 2]", '{"' + str(page) + '": "x"}'):
        (tmp_path / ".cache").mkdir(exist_ok=True)
        (tmp_path / ".cache" / "file-digests.json").write_text(kept, encoding="utf-8")
        assert FileDigests(layout).of(page) == expected
