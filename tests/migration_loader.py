"""Loads a migration script of the addon as a module (their folder names are not importable)."""

import importlib.util
from pathlib import Path

ADDON_DIR = Path(__file__).resolve().parent.parent


def load_migration(version, filename):
    path = ADDON_DIR / "migrations" / version / filename
    spec = importlib.util.spec_from_file_location(f"urssaf_migration_{version}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
