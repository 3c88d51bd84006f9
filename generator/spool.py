"""Generated files kept on disk until they are written to site_src/. A large site's downloads (3 GB at 1,000
indicators: per-indicator, per-package and combined files) made the generator hold them all in memory at once;
here each file over SPOOL_OVER bytes waits in a folder under .cache/ instead, and pages stay in memory."""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import MutableMapping
from pathlib import Path

from generator.write import STAGING_PREFIX

SPOOL_OVER = 64 * 1024  # bytes: pages and charts stay in memory, workbooks and data files wait on disk


class SpooledFiles(MutableMapping):
    """{path in site_src/: bytes}, like a dict; large values live in a private folder under `cache` until close()."""

    def __init__(self, cache: Path):
        cache.mkdir(parents=True, exist_ok=True)
        # .site-<pid>-…: a folder left by a killed build is removed by the next one (write.remove_stale_staging)
        self.folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-spool-", dir=cache))
        self._small: dict[str, bytes] = {}
        self._large: dict[str, Path] = {}

    def __setitem__(self, key: str, data: bytes) -> None:
        self._forget(key)
        if len(data) <= SPOOL_OVER:
            self._small[key] = data
        else:
            path = self._new_path()
            path.write_bytes(data)
            self._large[key] = path

    def put_pieces(self, key: str, pieces) -> None:
        """self[key] = b"".join(pieces), without holding the whole file (the whole site's downloads)."""
        self._forget(key)
        path = self._new_path()
        with path.open("wb") as out:
            for piece in pieces:
                out.write(piece)
        self._large[key] = path

    def _new_path(self) -> Path:
        path = self.folder / str(len(self._large) + len(self._small) + 1)
        while path.exists():
            path = path.with_name(path.name + "_")
        return path

    def adopt(self, other: "SpooledFiles", keep) -> None:
        """Take `other`'s files whose path `keep` accepts, without copying them. `other`'s folder must be inside this
        one's (SpooledFiles(self.folder)): close() removes it, files taken or not."""
        if not other.folder.resolve().is_relative_to(self.folder.resolve()):
            raise ValueError(f"{other.folder} is not inside {self.folder}")
        for key, data in other._small.items():
            if keep(key):
                self[key] = data
        for key, path in other._large.items():
            if keep(key):
                self._forget(key)
                self._large[key] = path

    def spooled_path(self, key: str) -> Path | None:
        """Where a file waiting on disk is (None for one kept in memory): to be compared or copied in blocks."""
        return self._large.get(key)

    def move_to(self, key: str, target: Path) -> bool:
        """Move a file waiting on disk to `target` (atomically, by renaming it: no copy of gigabytes) and forget it.
        False, and nothing moved, when it is kept in memory or the rename crosses file systems."""
        path = self._large.get(key)
        if path is None:
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.chmod(path, 0o644)
            os.replace(path, target)
        except OSError:  # another file system (a symlinked site_src/): the caller copies it
            return False
        del self._large[key]
        return True

    def __getitem__(self, key: str) -> bytes:
        if key in self._small:
            return self._small[key]
        return self._large[key].read_bytes()

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self._forget(key)

    def _forget(self, key: str) -> None:
        self._small.pop(key, None)
        path = self._large.pop(key, None)
        if path is not None:
            path.unlink(missing_ok=True)

    def __contains__(self, key: object) -> bool:
        return key in self._small or key in self._large

    def __iter__(self):
        yield from self._small
        yield from self._large

    def __len__(self) -> int:
        return len(self._small) + len(self._large)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
