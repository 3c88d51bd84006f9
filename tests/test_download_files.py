"""The figures' downloads (download_files.py): made in a forked process beside the pages, or here, the same."""
from __future__ import annotations

import dataclasses
import threading


def test_downloads_made_in_a_forked_process_are_those_made_here(tmp_path):
    """content.OtherEditions makes the downloads beside the pages in a fork where it can: the same files, and only
    the sources' and places' CSVs the pages asked for."""
    from conftest import fixture_project

    from generator.build import read_settings, site_info
    from generator.content import Content, ContentOptions, OtherEditions
    from generator.model import build_model
    from generator.pages import make_env
    from generator.research import Research
    from generator.spool import SpooledFiles
    from generator.tracker import as_of
    from generator.validate import validate

    layout = fixture_project(tmp_path / "project")
    report, loaded = validate(layout)
    settings = dataclasses.replace(read_settings(layout.root), languages=("zh",))  # the downloads alone
    model = build_model(loaded, settings.lead_places())
    options = ContentOptions(site=site_info(layout, "https://example.org/", as_of(model), settings))
    research = Research.prepare(layout, model, options.site)
    made = {}
    for fork in (True, False):
        content = Content(files=SpooledFiles(layout.cache))
        source = sorted(model.sources["id"])[0]
        content.wanted_downloads.add(f"downloads/sources/{source}.csv")
        alone = threading.active_count() == 1  # OtherEditions forks only a single-threaded process
        others = OtherEditions(layout, model, make_env(), options, research, content.files.folder if fork else None)
        if not fork:
            others.spool = content.files.folder
        assert (others.downloads is not None) == (fork and alone)
        others.collect_downloads(content)
        others.collect(Content())
        made[fork] = {path: content.files[path] for path in content.files}
        content.files.close()
    assert made[True] == made[False]
    assert f"downloads/sources/{source}.csv" in made[True] and not any(p.startswith("downloads/places/") for p in made[True])
    assert {"downloads/observations.csv", "downloads/observations.json", "downloads/observations.xlsx"} <= set(made[True])
