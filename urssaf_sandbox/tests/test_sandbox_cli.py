"""The command line (in-process against the shared server, and one real `serve` process) and
the request log (no token, secret or IBAN)."""

import logging
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sandbox_payloads import API, DEMO, SCOPE, TOKEN, Api, registration

from urssaf_sandbox.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_advance(sandbox, capsys):
    before = sandbox.now()
    assert main(["advance", "--url", sandbox.url, "--days", "2", "--hours", "3"]) == 0
    moved = sandbox.now() - before
    assert timedelta(days=2, hours=3) <= moved < timedelta(days=2, hours=3, seconds=5)
    assert "sandbox clock:" in capsys.readouterr().out


def test_set_clock(sandbox, capsys):
    assert main(["set-clock", "--url", sandbox.url, "--now", "2024-05-01T10:00:00Z"]) == 0
    assert sandbox.now().strftime("%Y-%m-%dT%H:%M") == "2024-05-01T10:00"
    assert "2024-05-01T10:00" in capsys.readouterr().out


def test_status(sandbox, api, capsys):
    id_client = api.register(registration()).json()["idClient"]
    assert main(["status", "--url", sandbox.url]) == 0
    out = capsys.readouterr().out
    assert id_client in out and "APPAREILLAGE_EC" in out
    assert "token requests: 1" in out
    assert main(["status", "--url", sandbox.url, "--json"]) == 0
    assert '"idClient": "' + id_client in capsys.readouterr().out


def test_deposits(sandbox, capsys):
    assert sandbox.state.deposits_allowed is False
    assert main(["deposits", "--url", sandbox.url, "--allow"]) == 0
    assert sandbox.state.deposits_allowed is True
    assert "deposits authorised: yes" in capsys.readouterr().out
    assert main(["status", "--url", sandbox.url]) == 0
    assert "deposits (mntAcompte) authorised: yes" in capsys.readouterr().out
    assert main(["deposits", "--url", sandbox.url, "--forbid"]) == 0
    assert sandbox.state.deposits_allowed is False
    with pytest.raises(SystemExit):
        main(["deposits", "--url", sandbox.url])


def test_fault(sandbox, api):
    api.token()
    argv = ["fault", "--url", sandbox.url, "--kind", "status", "--status", "503", "--count", "1"]
    assert main(argv) == 0
    assert api.client_status("x").status_code == 503
    assert api.client_status("x").status_code == 400
    argv = ["fault", "--url", sandbox.url, "--kind", "latency", "--latency", "0.01"]
    assert main(argv) == 0
    assert sandbox.snapshot()["faults"][0]["latency"] == 0.01


def test_fault_drop_response(sandbox, api):
    api.token()
    argv = ["fault", "--url", sandbox.url, "--kind", "drop_response"]
    argv += ["--path", API + "/particulier"]
    assert main(argv) == 0
    with pytest.raises(requests.ConnectionError):
        api.register(registration())
    assert len(sandbox.snapshot()["clients"]) == 1


def test_reset(sandbox, api):
    api.register(registration())
    assert main(["reset", "--url", sandbox.url]) == 0
    assert sandbox.snapshot()["clients"] == []


def test_errors_exit_with_a_message(sandbox):
    with pytest.raises(SystemExit, match="HTTP 400"):
        main(["fault", "--url", sandbox.url, "--kind", "status"])  # no --status
    with pytest.raises(SystemExit, match="cannot reach"):
        main(["status", "--url", "http://127.0.0.1:9"])


def test_url_defaults_to_the_environment(sandbox, monkeypatch, capsys):
    monkeypatch.setenv("URSSAF_SANDBOX_URL", sandbox.url)
    assert main(["status"]) == 0
    assert "clients: 0" in capsys.readouterr().out


def test_serve_process_and_its_log(tmp_path):
    """`python -m urssaf_sandbox serve --port 0` in a real process; its log shows no secret."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    log_path = tmp_path / "sandbox.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "urssaf_sandbox", "serve", "--port", "0"],
            cwd=tmp_path,  # the package comes from PYTHONPATH, not from the current directory
            env=env,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    try:
        banner = process.stdout.readline()
        assert banner.startswith("URSSAF sandbox listening on http://127.0.0.1:")
        url = banner.split(" on ")[1].strip()
        api = Api(url)
        token = api.token()
        payload = registration()
        assert api.register(payload).status_code == 200
        anonymous = requests.post(url + TOKEN, data={"grant_type": "client_credentials"}, timeout=5)
        assert anonymous.status_code == 401
    finally:
        process.terminate()  # our own child, by its handle
        process.wait(timeout=10)
        process.stdout.close()
    log_text = log_path.read_text()
    assert "POST /api/oauth/v1/token -> 200" in log_text
    assert "POST /atp/v1/tiersPrestations/particulier -> 200" in log_text
    for secret in (token, DEMO[1], payload["coordonneeBancaire"]["iban"], SCOPE):
        assert secret not in log_text


def test_in_process_log_lines(sandbox, caplog):
    caplog.set_level(logging.INFO, logger="urssaf_sandbox")
    api = Api(sandbox.url)
    token = api.token()
    api.client_status("secret-looking-id")
    # the server logs the line just after sending the answer: give its thread a moment
    deadline = time.monotonic() + 5
    while True:
        lines = [r.getMessage() for r in caplog.records if r.name == "urssaf_sandbox"]
        if any(line.startswith(f"GET {API}/particulier -> 400") for line in lines):
            break
        assert time.monotonic() < deadline, lines
        time.sleep(0.01)
    joined = "\n".join(lines)
    assert token not in joined and DEMO[1] not in joined
    assert "secret-looking-id" not in joined  # no query string in the log
