"""OAuth2 token endpoint, bearer tokens on the API (401), access (403), HTTP plumbing."""

import base64
from datetime import timedelta

import pytest
import requests
from sandbox_payloads import API, DEMO, NOACCESS, SCOPE, TOKEN, Api, codes, registration

from urssaf_sandbox import SandboxServer

FORM = {"grant_type": "client_credentials", "scope": SCOPE}


def _basic(client_id, secret):
    raw = f"{client_id}:{secret}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


def test_token_with_credentials_in_the_body(sandbox):
    answer = requests.post(
        sandbox.url + TOKEN,
        data={**FORM, "client_id": DEMO[0], "client_secret": DEMO[1]},
        timeout=5,
    )
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == SCOPE
    assert len(body["access_token"]) >= 32
    assert answer.headers["Cache-Control"] == "no-store"


def test_token_with_http_basic(sandbox):
    answer = requests.post(sandbox.url + TOKEN, data=FORM, headers=_basic(*DEMO), timeout=5)
    assert answer.status_code == 200
    assert answer.json()["token_type"] == "Bearer"


def test_each_token_is_new(sandbox):
    api = Api(sandbox.url)
    first = api.request_token().json()["access_token"]
    second = api.request_token().json()["access_token"]
    assert first != second


@pytest.mark.parametrize(
    ("form", "headers", "status", "error"),
    [
        ({**FORM, "client_id": DEMO[0], "client_secret": "wrong"}, {}, 401, "invalid_client"),
        ({**FORM, "client_id": "nobody", "client_secret": DEMO[1]}, {}, 401, "invalid_client"),
        ({**FORM, "client_id": DEMO[0]}, {}, 401, "invalid_client"),
        (FORM, {}, 401, "invalid_client"),
        (FORM, _basic(DEMO[0], "wrong"), 401, "invalid_client"),
        (FORM, {"Authorization": "Basic !!!"}, 401, "invalid_client"),
        ({**FORM, "client_secret": DEMO[1]}, _basic(*DEMO), 400, "invalid_request"),
        ({"scope": SCOPE}, _basic(*DEMO), 400, "invalid_request"),
        ({**FORM, "grant_type": "password"}, _basic(*DEMO), 400, "unsupported_grant_type"),
        (
            {**FORM, "grant_type": "authorization_code"},
            _basic(*DEMO),
            400,
            "unsupported_grant_type",
        ),
        ({**FORM, "scope": "homeplus"}, _basic(*DEMO), 400, "invalid_scope"),
        ({**FORM, "scope": SCOPE + " other"}, _basic(*DEMO), 400, "invalid_scope"),
        ({"grant_type": "client_credentials"}, _basic(*DEMO), 400, "invalid_scope"),
    ],
)
def test_token_errors(sandbox, form, headers, status, error):
    answer = requests.post(sandbox.url + TOKEN, data=form, headers=headers, timeout=5)
    assert answer.status_code == status
    assert answer.json()["error"] == error
    if status == 401 and "Basic" in headers.get("Authorization", ""):
        assert answer.headers["WWW-Authenticate"].startswith("Basic")


def test_token_wants_a_form(sandbox):
    body = {**FORM, "client_id": DEMO[0], "client_secret": DEMO[1]}
    answer = requests.post(sandbox.url + TOKEN, json=body, timeout=5)
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_request"


def test_token_endpoint_is_post_only(sandbox):
    answer = requests.get(sandbox.url + TOKEN, params=FORM, headers=_basic(*DEMO), timeout=5)
    assert answer.status_code == 405


def test_token_lifetime_is_settable(sandbox):
    api = Api(sandbox.url)
    answer = requests.post(sandbox.url + "/_sandbox/config", json={"expires_in": 120}, timeout=5)
    assert answer.json() == {"expires_in": 120, "deposits_allowed": False}
    assert api.request_token().json()["expires_in"] == 120
    sandbox.reset()
    assert api.request_token().json()["expires_in"] == 3600
    with SandboxServer(expires_in=60) as other:
        assert Api(other.url).request_token().json()["expires_in"] == 60


@pytest.mark.parametrize("value", [0, -5, "60", 1.5, None])
def test_token_lifetime_must_be_positive_seconds(sandbox, value):
    answer = requests.post(sandbox.url + "/_sandbox/config", json={"expires_in": value}, timeout=5)
    assert answer.status_code == 400


# -- bearer tokens on the API ------------------------------------------------------------------


CALLS = [
    ("POST", "/particulier", {"json": registration()}),
    ("GET", "/particulier", {"params": {"idClient": "x"}}),
    ("POST", "/demandePaiement", {"json": []}),
    ("POST", "/demandePaiement/rechercher", {"json": {}}),
]


@pytest.mark.parametrize(("method", "path", "kwargs"), CALLS)
@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer not-a-token", "Basic " + base64.b64encode(b"a:b").decode(), "Token x"],
)
def test_api_needs_a_valid_bearer_token(sandbox, method, path, kwargs, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    answer = requests.request(
        method, sandbox.url + API + path, headers=headers, timeout=5, **kwargs
    )
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_token"
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert sandbox.snapshot()["clients"] == []


def test_token_expires_with_the_sandbox_clock(sandbox):
    api = Api(sandbox.url)
    token = api.request_token().json()["access_token"]
    issued = sandbox.now()
    headers = {"Authorization": f"Bearer {token}"}
    url = sandbox.url + API + "/demandePaiement/rechercher"
    sandbox.set_now(issued + timedelta(seconds=3590))
    assert requests.post(url, json={}, headers=headers, timeout=5).status_code == 400
    sandbox.set_now(issued + timedelta(seconds=3601))
    answer = requests.post(url, json={}, headers=headers, timeout=5)
    assert answer.status_code == 401
    assert answer.json()["error_description"] == "Jeton expiré"


def test_scheme_is_case_insensitive(sandbox):
    token = Api(sandbox.url).request_token().json()["access_token"]
    url = sandbox.url + API + "/demandePaiement/rechercher"
    answer = requests.post(url, json={}, headers={"Authorization": f"bearer {token}"}, timeout=5)
    assert answer.status_code == 400  # authenticated, then refused for the empty criteria


def test_reset_forgets_the_tokens(sandbox):
    api = Api(sandbox.url)
    token = api.request_token().json()["access_token"]
    sandbox.reset()
    url = sandbox.url + API + "/demandePaiement/rechercher"
    answer = requests.post(url, json={}, headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert answer.status_code == 401


@pytest.mark.parametrize(("method", "path", "kwargs"), CALLS)
def test_no_access_credentials_get_403(sandbox, method, path, kwargs):
    api = Api(sandbox.url, NOACCESS)
    token_answer = api.request_token()
    assert token_answer.status_code == 200
    headers = {"Authorization": f"Bearer {token_answer.json()['access_token']}"}
    answer = requests.request(
        method, sandbox.url + API + path, headers=headers, timeout=5, **kwargs
    )
    assert answer.status_code == 403
    assert codes(answer) == ["ACCES_REFUSE"]
    assert sandbox.snapshot()["clients"] == []


# -- HTTP plumbing -----------------------------------------------------------------------------


def test_unknown_path_is_404(api):
    assert api.call("GET", "/particuliers").status_code == 404
    assert requests.get(api.url + "/", timeout=5).status_code == 404
    assert requests.get(api.url + "/ATP/v1/particulier", timeout=5).status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [("PUT", "/particulier"), ("DELETE", "/particulier"), ("GET", "/demandePaiement")],
)
def test_wrong_method_is_405(api, method, path):
    answer = api.call(method, path)
    assert answer.status_code == 405
    assert answer.headers["Allow"]


def test_answers_are_json_utf8(api):
    answer = api.register(registration(civilite="0"))
    assert answer.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert "Requête" in answer.content.decode("utf-8")  # not \\u escaped


def test_http_11_keep_alive(api):
    answer = api.call("GET", "/particulier", params={"idClient": "x"})
    assert answer.raw.version == 11
    assert answer.headers.get("Connection", "").lower() != "close"
    assert int(answer.headers["Content-Length"]) == len(answer.content)
