"""The Vega runtime the interactive charts load on first touch (site_src/assets/vendor/vega-bundle.js), bundled
offline by vl-convert. It takes about two seconds of one core and changes only with vl-convert's version, so it is
reused while intact, and otherwise made in a process of its own, started when a build begins: it runs while the
build validates and writes pages, instead of after them.

`python -m generator.vega_bundle FILE PARENT_PID` writes the sealed bundle to FILE (what that process runs)."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

PATH = "assets/vendor/vega-bundle.js"  # in site_src/


def header() -> str:
    import vl_convert

    return (f"/* Vega {vl_convert.get_vega_version()}, Vega-Lite, vega-embed {vl_convert.get_vega_embed_version()}: "
            "bundled offline by vl-convert-python; BSD-3-Clause licensed. */\n")


def make() -> bytes:
    """The sealed bundle, made now."""
    import vl_convert

    return seal((header() + vl_convert.javascript_bundle()).encode("utf-8"))


def seal(bundle: bytes) -> bytes:
    """The bundle with a first line holding the SHA-256 of the rest: a file cut short by a kill or a full disk no
    longer matches it, so it is never reused."""
    return f"/* sha256:{hashlib.sha256(bundle).hexdigest()} */\n".encode("ascii") + bundle


def unseal(data: bytes) -> bytes | None:
    """The bundle inside a sealed file, if the whole of it is intact; otherwise None."""
    first, _, rest = data.partition(b"\n")
    match = re.fullmatch(rb"/\* sha256:([0-9a-f]{64}) \*/", first)
    return rest if match and hashlib.sha256(rest).hexdigest().encode("ascii") == match.group(1) else None


def reusable(site_src: Path) -> bytes | None:
    """The sealed bundle already in site_src/, when all of it is intact (its hash matches) and this vl-convert made
    it (its header matches)."""
    try:
        bundle = unseal((site_src / PATH).read_bytes())
    except OSError:
        return None
    return seal(bundle) if bundle is not None and bundle.startswith(header().encode("utf-8")) else None


class Bundle:
    """The bundle for a build: reused, or being made in a process of its own (no thread: the build forks later)."""

    def __init__(self, site_src: Path, spool: Path):
        self.data = reusable(site_src)
        self.process, self.file = None, None
        if self.data is None:
            spool.mkdir(parents=True, exist_ok=True)
            self.file = spool / f".vega-bundle-{os.getpid()}.js"
            package_parent = str(Path(__file__).resolve().parents[1])  # wherever this build's generator is
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_parent,
                                                                             os.environ.get("PYTHONPATH")]))}
            self.process = subprocess.Popen([sys.executable, "-m", "generator.vega_bundle", str(self.file),
                                             str(os.getpid())], env=env, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL)

    def result(self) -> bytes:
        """The sealed bundle (made here if its process failed)."""
        if self.data is None:
            code = self.process.wait()
            made = self.file.read_bytes() if code == 0 and self.file.is_file() else b""
            self.data = made if unseal(made) is not None else make()
            self.stop()
        return self.data

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.file is not None:
            self.file.unlink(missing_ok=True)


if __name__ == "__main__":
    from generator.lifetime import die_with_parent
    from generator.write import write_atomically

    die_with_parent(int(sys.argv[2]))
    write_atomically(Path(sys.argv[1]), make())
