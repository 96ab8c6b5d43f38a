"""Fault injection, statistics, reset, clock and state through the control API."""

import json
import time
from datetime import UTC, datetime

import pytest
import requests
from sandbox_payloads import API, TOKEN, Api, codes, payment_request, registration

SEARCH = API + "/demandePaiement/rechercher"
SUBMIT = API + "/demandePaiement"
CLIENT = API + "/particulier"


def _fault(sandbox, **spec):
    answer = requests.post(sandbox.url + "/_sandbox/faults", json=spec, timeout=5)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _search(api):
    return api.search({"numFactureTiers": ["X"]})  # 400 ERR_RECHERCHE_VIDE when all is well


def test_status_503_is_the_maintenance_page(sandbox, api):
    api.token()
    fault = _fault(sandbox, kind="status", status=503, path=SEARCH)
    assert fault == {"id": fault["id"], "kind": "status", "path": SEARCH, "count": 1, "status": 503}
    answer = _search(api)
    assert answer.status_code == 503
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "maintenance" in answer.text
    assert codes(_search(api)) == ["ERR_RECHERCHE_VIDE"]  # one time only


@pytest.mark.parametrize(
    ("status", "code"),
    [(500, "ERREUR_TECHNIQUE"), (502, "ERREUR_TECHNIQUE"), (504, "ERREUR_TECHNIQUE")]
    + [(429, "TROP_DE_REQUETES"), (400, "ERREUR_VALIDATION")],
)
def test_status_faults_have_urssaf_error_arrays(sandbox, api, status, code):
    api.token()
    sandbox.inject_fault("status", status=status)
    answer = _search(api)
    assert answer.status_code == status
    assert codes(answer) == [code]
    assert set(answer.json()[0]) == {"code", "message", "description"}


def test_status_fault_with_retry_after_and_count(sandbox, api):
    api.token()
    _fault(sandbox, kind="status", status=429, retry_after=2, count=2)
    for _ in range(2):
        answer = _search(api)
        assert answer.status_code == 429
        assert answer.headers["Retry-After"] == "2"
    assert _search(api).status_code == 400
    assert sandbox.stats()["api_calls"][SEARCH] == 3


def test_fault_after_some_calls_hits_the_middle_of_a_synchronisation(sandbox, api):
    api.token()
    fault = _fault(sandbox, kind="status", status=503, path=SEARCH, after=2, count=1)
    assert fault["after"] == 2
    assert [_search(api).status_code for _ in range(4)] == [400, 400, 503, 400]
    with pytest.raises(AssertionError):
        _fault(sandbox, kind="status", status=503, after=-1)


def test_empty_400(sandbox, api):
    api.token()
    sandbox.inject_fault("empty_400", path=SUBMIT)
    answer = api.submit([{}])
    assert answer.status_code == 400
    assert answer.content == b""


def test_malformed_json(sandbox, api):
    api.token()
    sandbox.inject_fault("malformed_json", path=CLIENT)
    answer = api.register(registration())
    assert answer.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(answer.text)
    assert sandbox.snapshot()["clients"] == []  # the call did not happen


def test_drop_response_processes_the_call_then_closes_without_answering(sandbox, api):
    api.token()
    fault = _fault(sandbox, kind="drop_response", path=CLIENT)
    assert fault["kind"] == "drop_response" and fault["count"] == 1
    with pytest.raises(requests.ConnectionError):
        api.register(registration())
    (client,) = sandbox.snapshot()["clients"]  # the registration was recorded all the same
    assert client["adresseMail"] == "jeanne.martin@example.fr"
    assert client["statut"]["code"] == "APPAREILLAGE_EC"
    assert sandbox.stats()["api_calls"][CLIENT] == 1
    # one time only: the same registration again is answered (and refused as a duplicate link)
    again = api.register(registration())
    assert again.status_code == 400
    assert codes(again) == ["ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE"]


def test_drop_response_records_payment_requests(sandbox, api, active_client):
    assert api.client_status(active_client).status_code == 200  # a token valid on today's clock
    sandbox.inject_fault("drop_response", path=SUBMIT, count=2)
    with pytest.raises(requests.ConnectionError):
        api.submit([payment_request(active_client)])
    (dp,) = sandbox.snapshot()["payment_requests"]
    assert dp["numFactureTiers"] == "FA2024-0001"
    with pytest.raises(requests.ConnectionError):  # count=2: the second call is dropped too
        api.submit([payment_request(active_client, number="FA2024-0002")])
    assert len(sandbox.snapshot()["payment_requests"]) == 2
    answer = api.submit([payment_request(active_client)])
    assert answer.status_code == 200
    assert [e["code"] for e in answer.json()[0]["errors"]] == ["ERR_FACTURE_DOUBLON"]


def test_drop_response_on_the_token_endpoint_issues_the_token(sandbox):
    sandbox.inject_fault("drop_response", path=TOKEN)
    api = Api(sandbox.url)
    with pytest.raises(requests.ConnectionError):
        api.request_token()
    assert sandbox.stats()["token_requests"] == 1
    assert api.request_token().status_code == 200


def test_late_record_is_recorded_after_the_client_gave_up(sandbox, api, active_client):
    assert api.client_status(active_client).status_code == 200  # a token valid on today's clock
    fault = _fault(sandbox, kind="late_record", path=SUBMIT, latency=0.5)
    assert fault["kind"] == "late_record" and fault["latency"] == 0.5
    with pytest.raises(requests.Timeout):  # the client stops waiting before the sandbox closes
        api.session.post(
            sandbox.url + SUBMIT,
            json=[payment_request(active_client)],
            headers={"Authorization": f"Bearer {api.token()}"},
            timeout=0.2,
        )
    # not recorded yet: the immediate search by number finds nothing
    assert sandbox.snapshot()["payment_requests"] == []
    assert codes(api.search({"numFactureTiers": ["FA2024-0001"]})) == ["ERR_RECHERCHE_VIDE"]
    # URSSAF records it later (here: at the next move of the clock); a later search finds it
    sandbox.advance(minutes=10)
    (dp,) = sandbox.snapshot()["payment_requests"]
    assert dp["numFactureTiers"] == "FA2024-0001"
    found = api.search({"numFactureTiers": ["FA2024-0001"]})
    assert found.status_code == 200
    assert found.json()["infoDemandePaiements"][0]["statut"]["code"] == "10"
    assert sandbox.record_late() == 0  # recorded once


def test_late_record_without_latency_closes_at_once_and_records_on_request(sandbox, api):
    api.token()
    sandbox.inject_fault("late_record", path=CLIENT)
    with pytest.raises(requests.ConnectionError):
        api.register(registration())
    assert sandbox.snapshot()["clients"] == []
    answer = api.control("POST", "/late/record")
    assert answer.json() == {"recorded": 1}
    (client,) = sandbox.snapshot()["clients"]
    assert client["adresseMail"] == "jeanne.martin@example.fr"
    # a reset forgets what was delayed
    sandbox.inject_fault("late_record", path=SUBMIT)
    with pytest.raises(requests.ConnectionError):
        api.submit([payment_request(client["idClient"], number="FA2024-0009")])
    sandbox.reset()
    assert sandbox.record_late() == 0


def test_latency(sandbox, api):
    api.token()
    sandbox.inject_fault("latency", latency=0.3)
    started = time.monotonic()
    answer = _search(api)
    assert time.monotonic() - started >= 0.3
    assert codes(answer) == ["ERR_RECHERCHE_VIDE"]  # then answered normally
    started = time.monotonic()
    _search(api)
    assert time.monotonic() - started < 0.3


def test_latency_lets_a_client_timeout(sandbox, api):
    api.token()
    sandbox.inject_fault("latency", latency=0.5)
    with pytest.raises(requests.Timeout):
        api.session.post(
            sandbox.url + SEARCH,
            json={},
            headers={"Authorization": f"Bearer {api.token()}"},
            timeout=0.1,
        )


def test_expire_token(sandbox):
    api = Api(sandbox.url)
    token = api.request_token().json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    sandbox.inject_fault("expire_token")
    answer = requests.post(sandbox.url + SEARCH, json={}, headers=headers, timeout=5)
    assert answer.status_code == 401
    assert answer.json()["error_description"] == "Jeton expiré"
    # the token stays dead; a new one works
    assert (
        requests.post(sandbox.url + SEARCH, json={}, headers=headers, timeout=5).status_code == 401
    )
    fresh = api.request_token().json()["access_token"]
    headers = {"Authorization": f"Bearer {fresh}"}
    assert (
        requests.post(sandbox.url + SEARCH, json={}, headers=headers, timeout=5).status_code == 400
    )


def test_expire_token_does_not_touch_the_token_endpoint(sandbox):
    sandbox.inject_fault("expire_token")
    api = Api(sandbox.url)
    assert api.request_token().status_code == 200
    assert sandbox.snapshot()["faults"][0]["kind"] == "expire_token"


def test_path_is_a_prefix(sandbox, api):
    api.token()
    sandbox.inject_fault("status", status=500, path=CLIENT)
    assert codes(_search(api)) == ["ERR_RECHERCHE_VIDE"]  # other paths are untouched
    assert api.client_status("x").status_code == 500
    sandbox.inject_fault("status", status=500, path=SEARCH)
    assert api.submit([]).status_code == 400
    assert _search(api).status_code == 500
    sandbox.inject_fault("status", status=500, path=SUBMIT, count=2)  # E3 and E4 share it
    assert _search(api).status_code == 500
    assert api.submit([]).status_code == 500
    assert api.client_status("x").status_code == 400


def test_token_endpoint_faults(sandbox):
    sandbox.inject_fault("status", status=503, path=TOKEN)
    api = Api(sandbox.url)
    assert api.request_token().status_code == 503
    assert api.request_token().status_code == 200


def test_star_matches_every_urssaf_path_but_not_the_control_api(sandbox, api):
    sandbox.inject_fault("status", status=500, count=2)
    assert requests.get(sandbox.url + "/_sandbox/stats", timeout=5).status_code == 200
    assert api.request_token().status_code == 500
    assert requests.get(sandbox.url + CLIENT, timeout=5).status_code == 500  # before auth
    assert api.client_status("x").status_code == 400


def test_faults_are_taken_in_order(sandbox, api):
    api.token()
    sandbox.inject_fault("status", status=500)
    sandbox.inject_fault("status", status=503)
    assert [_search(api).status_code for _ in range(3)] == [500, 503, 400]


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "explode"},
        {"kind": "status"},
        {"kind": "status", "status": 200},
        {"kind": "status", "status": "503"},
        {"kind": "latency"},
        {"kind": "latency", "latency": 120},
        {"kind": "latency", "latency": -1},
        {"kind": "empty_400", "latency": 1},
        {"kind": "empty_400", "count": 0},
        {"kind": "empty_400", "path": "atp"},
        {"kind": "empty_400", "path": "/_sandbox/state"},
        {"kind": "empty_400", "colour": "red"},
        {"kind": "drop_response", "count": 0},
        {"kind": "drop_response", "latency": 1},
        {"kind": "drop_responses"},
        {"kind": "late_record", "latency": 61},
        {"kind": "late_record", "latency": "1"},
    ],
)
def test_bad_fault_specs_are_refused(sandbox, spec):
    answer = requests.post(sandbox.url + "/_sandbox/faults", json=spec, timeout=5)
    assert answer.status_code == 400
    assert answer.json()["error"]
    assert sandbox.snapshot()["faults"] == []


def test_list_and_clear_faults(sandbox):
    _fault(sandbox, kind="empty_400", count=3)
    listed = requests.get(sandbox.url + "/_sandbox/faults", timeout=5).json()["faults"]
    assert [(f["kind"], f["count"]) for f in listed] == [("empty_400", 3)]
    requests.delete(sandbox.url + "/_sandbox/faults", timeout=5)
    assert requests.get(sandbox.url + "/_sandbox/faults", timeout=5).json() == {"faults": []}


# -- stats, reset, clock, state ----------------------------------------------------------------


def test_stats_count_tokens_and_calls_per_path(sandbox, api):
    api.register(registration())
    api.client_status("x")
    _search(api)
    _search(api)
    stats = requests.get(sandbox.url + "/_sandbox/stats", timeout=5).json()
    assert stats == {
        "token_requests": 1,
        "api_calls": {CLIENT: 2, SEARCH: 2},
        "api_calls_by_method": {f"POST {CLIENT}": 1, f"GET {CLIENT}": 1, f"POST {SEARCH}": 2},
    }


def test_reset(sandbox, api):
    api.register(registration())
    sandbox.advance(days=3)
    sandbox.inject_fault("empty_400")
    answer = requests.post(sandbox.url + "/_sandbox/reset", timeout=5)
    assert answer.status_code == 200
    state = sandbox.snapshot()
    assert state["clients"] == [] and state["payment_requests"] == [] and state["faults"] == []
    assert state["stats"] == {"token_requests": 0, "api_calls": {}, "api_calls_by_method": {}}
    assert abs((sandbox.now() - _real_now()).total_seconds()) < 5


def test_clock_control(sandbox):
    url = sandbox.url + "/_sandbox/clock"
    answer = requests.post(url + "/set", json={"now": "2024-05-01T10:00:00Z"}, timeout=5)
    assert answer.json()["now"].startswith("2024-05-01T10:00")
    answer = requests.post(url + "/advance", json={"days": 2, "hours": 3, "minutes": 30}, timeout=5)
    assert answer.json()["now"].startswith("2024-05-03T13:30")
    assert requests.get(url, timeout=5).json()["now"].startswith("2024-05-03T13:30")
    answer = requests.post(url + "/set", json={"now": "2024-06-01T12:00:00+02:00"}, timeout=5)
    assert answer.json()["now"].startswith("2024-06-01T10:00")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/clock/set", {"now": "tomorrow"}),
        ("/clock/set", {}),
        ("/clock/advance", {"days": "2"}),
        ("/clock/advance", {"weeks": 1}),
    ],
)
def test_clock_control_errors(sandbox, path, body):
    answer = requests.post(sandbox.url + "/_sandbox" + path, json=body, timeout=5)
    assert answer.status_code == 400


def test_control_api_errors(sandbox):
    assert requests.get(sandbox.url + "/_sandbox/nothing", timeout=5).status_code == 404
    bad = requests.post(sandbox.url + "/_sandbox/faults", data=b"{", timeout=5)
    assert bad.status_code == 400
    assert requests.post(sandbox.url + "/_sandbox/faults", json=[1], timeout=5).status_code == 400


def test_state_shows_clients_and_requests_without_full_iban(sandbox, api, active_client):
    api.submit([payment_request(active_client)])
    state = requests.get(sandbox.url + "/_sandbox/state", timeout=5).json()
    (client,) = state["clients"]
    assert client["idClient"] == active_client
    assert client["statut"]["code"] == "APPAREILLAGE_VALIDE"
    assert client["iban"] == "FR76 **** **** 0189"
    assert "FR7630006000011234567890189" not in json.dumps(state)
    (dp,) = state["payment_requests"]
    assert dp["numFactureTiers"] == "FA2024-0001"
    assert dp["statut"]["code"] == "10"
    assert [step["statut"] for step in dp["timeline"]] == ["10", "20", "30", "50", "70"]
    assert state["today"] == "2024-03-20"


def _real_now():
    return datetime.now(UTC)
