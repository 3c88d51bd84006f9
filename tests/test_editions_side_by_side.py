"""The English edition generated in a forked process (generator/content.py OtherEditions) is the same, byte for
byte, as the one generated after the Chinese edition in the same process."""
from __future__ import annotations

import pytest
from conftest import TEST_SITE_URL, fixture_project

from generator.build import generate


def _tree(layout) -> dict[str, bytes]:
    return {p.relative_to(layout.site_src).as_posix(): p.read_bytes()
            for p in sorted(layout.site_src.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_the_forked_edition_is_the_one_made_in_turn(tmp_path, monkeypatch):
    # In turn first: it renders the few charts in this process, so vl-convert's threads run here when the other
    # build forks (a fork once waited forever in vl-convert; the forked edition now renders in fresh workers).
    in_turn = fixture_project(tmp_path / "in-turn")
    with monkeypatch.context() as patch:
        patch.setattr("generator.content.os.cpu_count", lambda: 1)  # one core: no fork, one edition after the other
        assert generate(in_turn, TEST_SITE_URL).report.ok
    monkeypatch.setattr("generator.charts._rendered", {})  # nothing rendered yet, as far as the next build knows
    forked = fixture_project(tmp_path / "forked")
    assert generate(forked, TEST_SITE_URL).report.ok
    a, b = _tree(forked), _tree(in_turn)
    assert any(path.startswith("en/indicators/") for path in a)
    assert sorted(a) == sorted(b)
    assert [path for path in a if a[path] != b[path]] == []
