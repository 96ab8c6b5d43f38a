"""PEP 517 build backend: OCA's whool, for a checkout in a folder of any name.

whool (the backend of OCA's addon packages) names the distribution after the addon's folder,
``odoo-addon-<folder name>``, and ships the files git tracks. A clone of this repository may land
in a folder of any name (``git clone … urssaf``, a CI work tree), so this backend hands whool the
checkout under the addon's own name (a symbolic link in a temporary folder) and, for the wheel,
leaves out what only the developers use. Everything else (metadata from the manifest, version
from the manifest and git, dependencies) is whool's.

Files shipped: those git lists (tracked, and new files not ignored by .gitignore), or, outside a
git checkout, every file but caches; minus DEV_ONLY in the wheel.
"""

import fnmatch
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from whool import buildapi as _whool

ADDON_NAME = "l10n_fr_urssaf_avance_immediate"

# Never shipped (sdist or wheel): caches and version-control data.
JUNK = (
    ".git",
    "__pycache__",
    "*.py[co]",
    ".pytest_cache",
    ".hypothesis",
    ".ruff_cache",
    ".mypy_cache",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    ".coverage",
    "*.orig",
    "*.rej",
    "*~",
)
# Developer tooling, kept in the sdist (it carries this backend) but not installed by the wheel.
DEV_ONLY = (
    ".ci/",
    "scripts/",
    "benchmarks/",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".pylintrc-mandatory",
    "requirements-dev.txt",
)


def _is_junk(relpath):
    return any(fnmatch.fnmatch(part, pattern) for part in relpath.split("/") for pattern in JUNK)


def _git_files(addon_dir):
    """Files git tracks plus new files it does not ignore; None outside a git checkout."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=addon_dir,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return sorted({name for name in out.decode().split("\0") if name})


def _walk_files(addon_dir):
    files = []
    for dirpath, dirnames, filenames in os.walk(addon_dir):
        rel = os.path.relpath(dirpath, addon_dir)
        dirnames[:] = [d for d in dirnames if not _is_junk(d)]
        for name in filenames:
            files.append(name if rel == "." else f"{rel}/{name}".replace(os.sep, "/"))
    return sorted(files)


def addon_files(addon_dir, for_wheel):
    """The files (relative paths, '/'-separated) that a build ships from addon_dir."""
    addon_dir = Path(addon_dir)
    files = _git_files(addon_dir)
    if files is None:
        files = _walk_files(addon_dir)
    shipped = []
    for rel in files:
        if _is_junk(rel) or not (addon_dir / rel).is_file():  # deleted but still tracked
            continue
        if for_wheel and any(rel == d or rel.startswith(d) for d in DEV_ONLY):
            continue
        shipped.append(rel)
    return shipped


def _copy_files(addon_dir, dst, for_wheel):
    if _whool._get_pkg_info_metadata(addon_dir):  # an unpacked sdist: its files are the list
        files = _walk_files(addon_dir)
        if for_wheel:
            files = [f for f in files if not any(f.startswith(d) for d in DEV_ONLY)]
    else:
        files = addon_files(addon_dir, for_wheel)
    dst.mkdir(parents=True)
    for rel in files:
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(addon_dir / rel, target)


@contextmanager
def _named_checkout():
    """The current directory, seen through a path whose last part is the addon's name."""
    here = Path.cwd()
    if here.name == ADDON_NAME:
        yield here
        return
    with tempfile.TemporaryDirectory(prefix="odoo-addon-build-") as tmp:
        link = Path(tmp) / ADDON_NAME
        link.symlink_to(here, target_is_directory=True)
        yield link


@contextmanager
def _whool_copying(for_wheel):
    original = _whool._copy_to
    _whool._copy_to = lambda addon_dir, dst: _copy_files(addon_dir, dst, for_wheel)
    try:
        yield
    finally:
        _whool._copy_to = original


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    with _named_checkout() as addon_dir, _whool_copying(for_wheel=True):
        return _whool._build_wheel(addon_dir, Path(wheel_directory), editable=False)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    with _named_checkout() as addon_dir:
        # whool links build/__editable__/odoo/addons/<name> to the directory it is given: give
        # it the real checkout, under the addon's name only for the metadata.
        return _editable(addon_dir, Path(wheel_directory))


def _editable(addon_dir, wheel_directory):
    real = addon_dir.resolve()
    metadata = _whool._get_metadata(addon_dir)
    original = _whool._get_metadata
    _whool._get_metadata = lambda _dir: metadata
    try:
        return _whool._build_wheel(real, wheel_directory, editable=True)
    finally:
        _whool._get_metadata = original


def build_sdist(sdist_directory, config_settings=None):
    with _named_checkout() as addon_dir, _whool_copying(for_wheel=False):
        return _whool._build_sdist(addon_dir, Path(sdist_directory))


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    with _named_checkout() as addon_dir:
        metadata = _whool._get_metadata(addon_dir)
        return _whool._make_dist_info(metadata, Path(metadata_directory))


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []
