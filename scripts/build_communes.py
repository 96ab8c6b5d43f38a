#!/usr/bin/env python3
"""Build the addon's commune list from Etalab's ``@etalab/decoupage-administratif`` package.

    python scripts/build_communes.py                       # npm pack the pinned version, build
    python scripts/build_communes.py --version 6.1.0       # a newer version of the package
    python scripts/build_communes.py --package pkg.tgz     # an already downloaded package (or dir)

Writes ``data/l10n_fr_urssaf_communes.csv.gz`` (reproducible: same package, same bytes) and prints
the number of entries by kind. Run from anywhere; needs ``npm`` unless ``--package`` is given.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from urssaf_api import communes as communes_lib  # noqa: E402

DEFAULT_VERSION = "6.0.0"
OUTPUT = REPO / "data" / "l10n_fr_urssaf_communes.csv.gz"
MEMBER = "package/data/communes.json"


def npm_pack(version: str, directory: Path) -> Path:
    """Download the package tarball with npm (which checks its integrity); its path."""
    spec = f"{communes_lib.SOURCE_PACKAGE}@{version}"
    print(f"npm pack {spec}", file=sys.stderr)
    result = subprocess.run(
        ["npm", "pack", spec, "--silent", "--pack-destination", str(directory)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"npm pack {spec} failed:\n{result.stderr.strip()}")
    return directory / result.stdout.strip().splitlines()[-1]


def read_package(path: Path) -> tuple[str, list[dict]]:
    """(version, communes.json entries) of a package tarball or an unpacked package folder."""
    if path.is_dir():
        root = path / "package" if (path / "package").is_dir() else path
        manifest = json.loads((root / "package.json").read_text(encoding="utf-8"))
        entries = json.loads((root / "data" / "communes.json").read_text(encoding="utf-8"))
    else:
        with tarfile.open(path) as tar:
            manifest = json.load(tar.extractfile("package/package.json"))
            entries = json.load(tar.extractfile(MEMBER))
    if manifest.get("name") != communes_lib.SOURCE_PACKAGE:
        sys.exit(f"{path} is not {communes_lib.SOURCE_PACKAGE} but {manifest.get('name')!r}")
    return manifest["version"], entries


def build(entries: list[dict], version: str, output: Path) -> collections.Counter:
    communes = communes_lib.from_etalab(entries)
    text = io.StringIO()
    source = f"{communes_lib.SOURCE_PACKAGE} {version} (MIT, INSEE Code officiel géographique)"
    communes_lib.write_compact(communes, text, source=source)
    data = text.getvalue().encode("utf-8")
    # check it reads back to the same entries before replacing the shipped file
    _source, back = communes_lib.read_compact(data)
    if back != communes:
        sys.exit("the compact file does not read back to the source entries")
    output.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return collections.Counter(c.kind for c in communes)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=DEFAULT_VERSION, help="package version to npm pack")
    parser.add_argument("--package", type=Path, help="a downloaded package (.tgz or folder)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        package = args.package or npm_pack(args.version, Path(tmp))
        version, entries = read_package(package)
    kinds = build(entries, version, args.output)
    size = args.output.stat().st_size
    detail = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
    print(
        f"{args.output}: {sum(kinds.values())} entries ({detail}), {size} bytes, from "
        f"{communes_lib.SOURCE_PACKAGE} {version}"
    )


if __name__ == "__main__":
    main()
