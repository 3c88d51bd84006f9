"""Who the site is and where it lives: its absolute URL and its current data release.

The URL comes from the SITE_URL environment variable (the deploy workflow sets it from GitHub Pages'
configuration) with the same default as mkdocs.yml; only the CLI and the build read the environment.
"""
from __future__ import annotations

from dataclasses import dataclass

# A placeholder that is obviously the project's: a GitHub Pages project site. mkdocs.yml has the same default.
DEFAULT_SITE_URL = "https://cq-sti-open-data.github.io/cq-sti-open-data/"
SITE_NAME = "重庆科技创新开放数据"
SITE_NAME_EN = "Chongqing Science & Technology Innovation Open Data"
PUBLISHER = "重庆科技创新开放数据项目"


def normalise_url(url: str) -> str:
    url = (url or DEFAULT_SITE_URL).strip()
    return url if url.endswith("/") else url + "/"


def site_url_from(environ: dict) -> str:
    return normalise_url(environ.get("SITE_URL", ""))


@dataclass(frozen=True)
class SiteInfo:
    url: str = DEFAULT_SITE_URL  # absolute, ends with '/'
    version: str = ""  # the current data release (CalVer), '' before the first release
    released: str = ""  # its date (ISO); the newest source date before the first release

    def absolute(self, path: str = "") -> str:
        """The full URL of a page or file given by its path under the site root ('indicators/x/')."""
        return self.url + path.lstrip("/")
