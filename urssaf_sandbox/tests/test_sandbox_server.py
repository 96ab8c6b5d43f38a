"""The in-process server object and the package's import constraints."""

import importlib
import socket
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sandbox_payloads import Api, person

from urssaf_sandbox import SandboxServer


def test_context_manager_start_and_stop():
    srv = SandboxServer()
    with pytest.raises(RuntimeError):
        _ = srv.url
    with srv as running:
        assert running is srv
        assert srv.url.startswith("http://127.0.0.1:") and srv.port > 0
        assert srv.start() is srv  # idempotent
        assert Api(srv.url).request_token().status_code == 200
        port = srv.port
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/_sandbox/stats", timeout=2)
    srv.stop()  # twice is fine
    with socket.socket() as sock:  # the port is free again
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))


def test_stop_closes_idle_keep_alive_connections():
    with SandboxServer() as srv:
        api = Api(srv.url)
        api.token()  # leaves a kept-alive connection open in a handler thread
    with pytest.raises(requests.ConnectionError):
        api.request_token()


def test_two_servers_are_independent():
    with SandboxServer() as one, SandboxServer() as two:
        one.advance(days=3)
        assert abs(one.now() - two.now() - timedelta(days=3)) < timedelta(seconds=1)
        Api(one.url).register(person("a"))
        assert len(one.snapshot()["clients"]) == 1
        assert two.snapshot()["clients"] == []


def test_existant_pending_description(sandbox, api):
    id_client = api.register(person("existant")).json()["idClient"]
    statut = api.client_status(id_client).json()["statut"]
    assert statut == {
        "code": "APPAREILLAGE_EC",
        "description": "Mise en relation en attente",
        "etat": "KO",
    }


def test_importable_under_another_package_name(tmp_path, monkeypatch):
    """Odoo imports it as odoo.addons.<addon>.urssaf_sandbox: only relative imports inside."""
    package = Path(importlib.import_module("urssaf_sandbox").__file__).parent
    addon = tmp_path / "fake_addons" / "some_addon"
    addon.mkdir(parents=True)
    (tmp_path / "fake_addons" / "__init__.py").write_text("")
    (addon / "__init__.py").write_text("")
    (addon / "urssaf_sandbox").symlink_to(package, target_is_directory=True)
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("fake_addons.some_addon.urssaf_sandbox")
    try:
        assert module.SandboxServer is not SandboxServer  # a second, independent copy
        with module.SandboxServer() as srv:
            assert Api(srv.url).request_token().status_code == 200
        loaded = [name for name in sys.modules if name.startswith("fake_addons.")]
        assert "fake_addons.some_addon.urssaf_sandbox.server" in loaded
        assert not any(name.startswith("odoo") for name in sys.modules)
    finally:
        for name in [n for n in sys.modules if n.startswith("fake_addons")]:
            del sys.modules[name]
