"""Fixtures: one sandbox server for the session, reset before each test.

The repository root goes on sys.path so that ``import urssaf_sandbox`` works without importing
the addon's own ``__init__.py`` (which needs Odoo); this folder too, for ``sandbox_payloads``.
"""

import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
for _path in (TESTS_DIR.parents[1], TESTS_DIR):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import pytest  # noqa: E402
from sandbox_payloads import NOW, REGISTERED_AT, Api, registration  # noqa: E402

from urssaf_sandbox import SandboxServer  # noqa: E402


@pytest.fixture(scope="session")
def server():
    with SandboxServer() as srv:
        yield srv


@pytest.fixture
def sandbox(server):
    """The shared server, emptied (clients, requests, tokens, faults, stats, clock)."""
    server.reset()
    return server


@pytest.fixture
def api(sandbox):
    """A demo provider talking to the sandbox."""
    client = Api(sandbox.url)
    yield client
    client.close()


@pytest.fixture
def active_client(sandbox, api):
    """A client registered on 2024-02-10 (active from 11/02/2024); the clock is at 2024-03-20."""
    sandbox.set_now(REGISTERED_AT)
    answer = api.register(registration())
    assert answer.status_code == 200, answer.text
    sandbox.set_now(NOW)
    return answer.json()["idClient"]
