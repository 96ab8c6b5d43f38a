"""Fixtures of the urssaf_api suite.

Puts the repository root on ``sys.path`` so that ``import urssaf_api`` works as a top-level package,
without importing the addon's root ``__init__.py`` (which needs Odoo); this directory deliberately
has no ``__init__.py``. Also puts this directory on ``sys.path`` for the ``urssaf_api_stub``
helper module, whatever pytest's import mode.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for _path in (str(ROOT), str(HERE)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from urssaf_api_stub import CLIENT_ID, CLIENT_SECRET, StubServer  # noqa: E402

from urssaf_api.client import UrssafClient  # noqa: E402
from urssaf_api.tokens import clear_token_cache  # noqa: E402


class _AddonPackagesAsPlainDirectories:
    """Collect the addon root and its sub-packages as plain directories.

    The repository root is an Odoo addon whose ``__init__.py`` imports Odoo. pytest (≥ 8) turns
    every directory with an ``__init__.py`` between the rootdir and the tests into a ``Package``
    node and imports its ``__init__.py`` (as ``main.urssaf_api`` …), which would import Odoo.
    A plain ``Dir`` node imports nothing. Registered as a plugin (not a conftest hook) because
    the root directory is collected before this conftest's directory.
    """

    @pytest.hookimpl(tryfirst=True)
    def pytest_collect_directory(self, path, parent):
        if path == ROOT or (path.parent == ROOT and (path / "__init__.py").is_file()):
            return pytest.Dir.from_parent(parent, path=path)
        return None


def pytest_configure(config):
    name = "urssaf_api-addon-packages-as-directories"
    if (ROOT / "__init__.py").is_file() and not config.pluginmanager.has_plugin(name):
        config.pluginmanager.register(_AddonPackagesAsPlainDirectories(), name)


@pytest.fixture(autouse=True)
def _fresh_token_cache():
    clear_token_cache()
    yield
    clear_token_cache()


@pytest.fixture
def stub():
    server = StubServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def make_client(stub):
    """Factory of clients on the stub, with tiny backoff values so the suite stays fast."""

    def factory(**kwargs) -> UrssafClient:
        kwargs.setdefault("timeout", (2.0, 5.0))
        kwargs.setdefault("backoff", 0.001)
        kwargs.setdefault("max_retries", 3)
        client_id = kwargs.pop("client_id", CLIENT_ID)
        client_secret = kwargs.pop("client_secret", CLIENT_SECRET)
        return UrssafClient(stub.url, client_id, client_secret, **kwargs)

    return factory


@pytest.fixture(autouse=True)
def _hypothesis_without_local_constants(monkeypatch):
    """Hypothesis (6.131+) mixes the literals of every local module it finds loaded into the data
    it generates: a derandomized property would then draw other examples whenever any code of
    the repository, or the set of modules a run has loaded, changes. Without them, the examples
    depend on the test's own source only, as the shares asserted by the properties require."""
    from hypothesis.internal.conjecture import providers

    empty = providers.Constants(
        integers=providers.SortedSet(),
        floats=providers.SortedSet(key=providers.float_to_int),
        bytes=providers.SortedSet(),
        strings=providers.SortedSet(),
    )
    monkeypatch.setattr(providers, "_get_local_constants", lambda: empty)
