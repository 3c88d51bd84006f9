"""Integration: the built site has a page per indicator and per source document."""
import pytest
from conftest import read_csv

pytestmark = pytest.mark.slow


def test_every_indicator_with_figures_has_a_page_with_chart_and_table(built_site):
    observations = read_csv(built_site.root / "datasets/source-documents/data/observations.csv")
    for indicator in {row["indicator"] for row in observations}:
        html = (built_site.site / "indicators" / indicator / "index.html").read_text(encoding="utf-8")
        assert '<figure class="chart"' in html and "<svg" in html, indicator
        assert '<table class="observations">' in html, indicator
        assert (built_site.site / "assets/charts" / f"{indicator}.vl.json").is_file()


def test_every_source_page_lists_its_figures_linked_to_indicators(built_site):
    observations = read_csv(built_site.root / "datasets/source-documents/data/observations.csv")
    for source in read_csv(built_site.root / "datasets/source-documents/data/sources.csv"):
        html = (built_site.site / "sources" / source["id"] / "index.html").read_text(encoding="utf-8")
        rows = [o for o in observations if o["source"] == source["id"]]
        assert html.count("<tr class=\"kind-") == len(rows), source["id"]
        assert source["publisher"] in html and source["published"] in html
        for indicator in {o["indicator"] for o in rows}:
            assert f'href="../../indicators/{indicator}/"' in html, (source["id"], indicator)
