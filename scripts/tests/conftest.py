"""Tests of the project's own scripts (the counters of scripts/test, the wheel build).

Puts scripts/lib on ``sys.path`` for the counting module. The repository root is an Odoo addon
whose ``__init__.py`` imports Odoo: as in urssaf_api/tests/conftest.py, a plugin collects the root
as a plain directory so that pytest (>= 8) does not import it as a package.
"""

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCRIPTS_LIB = ROOT / "scripts" / "lib"
if str(SCRIPTS_LIB) not in sys.path:
    sys.path.insert(0, str(SCRIPTS_LIB))


class _AddonRootAsPlainDirectory:
    @pytest.hookimpl(tryfirst=True)
    def pytest_collect_directory(self, path, parent):
        if path == ROOT:
            return pytest.Dir.from_parent(parent, path=path)
        return None


def pytest_configure(config):
    name = "scripts-tests-addon-root-as-directory"
    if (ROOT / "__init__.py").is_file() and not config.pluginmanager.has_plugin(name):
        config.pluginmanager.register(_AddonRootAsPlainDirectory(), name)
