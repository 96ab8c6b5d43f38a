"""The addon builds as OCA's modules do: a wheel odoo-addon-<name> with the addon and its data.

Builds with pip and the build backend of pyproject.toml (OCA's whool, installed in the venv by
requirements-dev.txt, so the build needs no network), from this checkout and from a copy in a
folder of another name that is not a git checkout and holds test caches.
"""

import ast
import email.parser
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ADDON = "l10n_fr_urssaf_avance_immediate"
PREFIX = f"odoo/addons/{ADDON}/"
JUNK_PARTS = {".git", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache"}


def build_wheel(source, out_dir):
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(out_dir), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, f"pip wheel failed:\n{proc.stdout}\n{proc.stderr}"
    wheels = list(Path(out_dir).glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def wheel_contents(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        dist_info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = email.parser.Parser().parsestr(archive.read(dist_info).decode())
    return names, metadata


def disk_files(folder):
    """Files under ROOT/folder on disk, caches left out, as paths relative to ROOT."""
    found = []
    for dirpath, dirnames, filenames in os.walk(ROOT / folder):
        dirnames[:] = [d for d in dirnames if d not in JUNK_PARTS]
        for name in filenames:
            if not name.endswith((".pyc", ".pyo")):
                found.append(Path(dirpath, name).relative_to(ROOT).as_posix())
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return build_wheel(ROOT, tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def copy_wheel(tmp_path_factory):
    """A wheel built from a copy named otherwise, without .git, with test caches in it."""
    copy = tmp_path_factory.mktemp("elsewhere") / "urssaf-checkout"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", *JUNK_PARTS, "*.pyc"))
    for junk in (
        "urssaf_api/__pycache__/client.cpython-311.pyc",
        ".hypothesis/examples/0a1b/2c3d",
        ".pytest_cache/v/cache/lastfailed",
        "tests/__pycache__/common.cpython-311.pyc",
    ):
        (copy / junk).parent.mkdir(parents=True, exist_ok=True)
        (copy / junk).write_text("junk")
    return build_wheel(copy, tmp_path_factory.mktemp("wheel-copy"))


def test_wheel_is_named_as_oca_names_addons(wheel, copy_wheel):
    for built in (wheel, copy_wheel):
        assert built.name.startswith(f"odoo_addon_{ADDON}-18.0.1.")
        assert built.name.endswith("-py3-none-any.whl")
        names, metadata = wheel_contents(built)
        assert metadata["Name"] == f"odoo-addon-{ADDON}"
        assert f"{PREFIX}__manifest__.py" in names


def test_wheel_declares_python_and_oca_dependencies(wheel):
    _names, metadata = wheel_contents(wheel)
    requires = {r.split(";")[0].replace(" ", "") for r in metadata.get_all("Requires-Dist")}
    manifest = ast.literal_eval((ROOT / "__manifest__.py").read_text())
    for python_dep in manifest["external_dependencies"]["python"]:
        assert any(r.startswith(python_dep) for r in requires), (python_dep, requires)
    assert "odoo==18.0.*" in requires
    assert "odoo-addon-l10n_fr_cog==18.0.*" in requires
    assert "odoo-addon-l10n_fr_department_oversea==18.0.*" in requires
    # Odoo's own addons come with Odoo: no distribution of their own
    assert not any(
        r.startswith(("odoo-addon-account", "odoo-addon-l10n_fr_account")) for r in requires
    )
    assert metadata["Requires-Python"]


@pytest.mark.parametrize("which", ["checkout", "copy"])
def test_wheel_ships_the_addon_and_its_data(wheel, copy_wheel, which):
    names = set(wheel_contents(wheel if which == "checkout" else copy_wheel)[0])
    manifest = ast.literal_eval((ROOT / "__manifest__.py").read_text())
    expected = ["__manifest__.py", "__init__.py", "i18n/fr.po", "README.md"]
    expected += manifest.get("data", []) + manifest.get("demo", [])
    folders = ("controllers", "data", "security", "views", "static", "i18n", "models", "wizards")
    for folder in (*folders, "tests"):
        expected += disk_files(folder)
    for package in ("urssaf_api", "urssaf_sandbox"):
        expected += [p.relative_to(ROOT).as_posix() for p in (ROOT / package).glob("*.py")]
    assert [p for p in expected if p.startswith("data/")], "no data file found under data/"
    missing = sorted({p for p in expected if PREFIX + p not in names})
    assert not missing, f"missing from the wheel: {missing}"


@pytest.mark.parametrize("which", ["checkout", "copy"])
def test_wheel_leaves_out_caches_and_developer_tooling(wheel, copy_wheel, which):
    names = wheel_contents(wheel if which == "checkout" else copy_wheel)[0]
    addon_files = [n[len(PREFIX) :] for n in names if n.startswith(PREFIX)]
    junk = [n for n in addon_files if JUNK_PARTS & set(n.split("/")) or n.endswith(".pyc")]
    assert not junk
    dev = [n for n in addon_files if n.split("/")[0] in {".ci", "scripts", "benchmarks"}]
    assert not dev
    assert "pyproject.toml" not in addon_files
    outside = [n for n in names if not n.startswith((PREFIX, "odoo_addon_"))]
    assert not outside, outside
