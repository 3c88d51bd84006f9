"""Who the site is and where it lives: its absolute URL and its current data release.

The URL comes from the SITE_URL environment variable (the deploy workflow sets it from GitHub Pages'
configuration), else mkdocs.yml's default (read into SiteSettings); only the CLI and the build read the environment.
The site's name, publisher and other settings travel with it (SiteInfo.settings, from generator/settings.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from generator.settings import SiteSettings

# Used only where no mkdocs.yml gives one (its site_url, read into SiteSettings.site_url).
DEFAULT_SITE_URL = SiteSettings().site_url


def normalise_url(url: str, default: str = DEFAULT_SITE_URL) -> str:
    url = (url or default).strip()
    return url if url.endswith("/") else url + "/"


def site_url_from(environ: dict, default: str = DEFAULT_SITE_URL) -> str:
    return normalise_url(environ.get("SITE_URL", ""), default)


@dataclass(frozen=True)
class SiteInfo:
    url: str = DEFAULT_SITE_URL  # absolute, ends with '/'
    version: str = ""  # the current data release (CalVer), '' before the first release
    released: str = ""  # its date (ISO); the newest source date before the first release
    settings: SiteSettings = field(default_factory=SiteSettings)  # name, publisher, home place… (mkdocs.yml extra)

    def absolute(self, path: str = "") -> str:
        """The full URL of a page or file given by its path under the site root ('indicators/x/')."""
        return self.url + path.lstrip("/")
