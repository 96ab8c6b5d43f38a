"""UrssafClient over real HTTP (127.0.0.1) against the scriptable stub server."""

from __future__ import annotations

import logging
import threading
from datetime import date
from decimal import Decimal

import pytest
from urssaf_api_stub import CLIENT_ID, CLIENT_SECRET, TOKEN_PREFIX, Reply

from urssaf_api import tokens
from urssaf_api.client import UrssafClient
from urssaf_api.environments import SCOPE, TOKEN_PATH
from urssaf_api.errors import (
    ErrorItem,
    UrssafBusinessError,
    UrssafConfigurationError,
    UrssafTemporaryError,
)
from urssaf_api.redaction import redact

E2 = "/particulier"
E3 = "/demandePaiement"
E4 = "/demandePaiement/rechercher"
IBAN = "FR7630006000011234567890189"

ACTIVE = {
    "idClient": "c-1",
    "nomNaissance": "MARTIN",
    "prenoms": "Jeanne",
    "statut": {"code": "APPAREILLAGE_VALIDE", "description": "15/03/2024", "etat": "OK"},
}
NOTHING_FOUND = [{"code": "ERR_RECHERCHE_VIDE", "message": "Aucun résultat", "description": ""}]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# ------------------------------------------------------------------------------ token


def test_token_request_is_a_client_credentials_form(stub, make_client):
    token = make_client().fetch_token()
    assert token.startswith(TOKEN_PREFIX)
    (req,) = stub.calls(TOKEN_PATH)
    assert req.method == "POST"
    assert req.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert req.form() == {
        "grant_type": "client_credentials",
        "scope": SCOPE,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }
    assert "Authorization" not in req.headers  # credentials in the body, no Basic auth


def test_fifty_calls_use_exactly_one_token_request(stub, make_client):
    stub.script("GET", E2, *[Reply(200, ACTIVE) for _ in range(50)])
    client = make_client()
    for _ in range(50):
        assert client.get_client_status("c-1").active
    assert stub.token_requests == 1
    assert len(stub.calls(E2)) == 50
    bearers = {r.headers["Authorization"] for r in stub.calls(E2)}
    assert bearers == {f"Bearer {TOKEN_PREFIX}1"}


def test_token_cache_is_process_wide_and_keyed_by_client_id(stub, make_client):
    first = make_client().fetch_token()
    assert make_client().fetch_token() == first  # another instance, same process
    assert stub.token_requests == 1
    with pytest.raises(UrssafConfigurationError):
        make_client(client_id="other-client").fetch_token()  # a different key: a new request
    assert stub.token_requests == 2


def test_changed_secret_is_not_served_from_cache(stub, make_client):
    make_client().fetch_token()
    with pytest.raises(UrssafConfigurationError) as exc:
        make_client(client_secret="wrong-secret").fetch_token()
    assert exc.value.reason == "credentials"
    assert stub.token_requests == 2


def test_token_renewed_60_seconds_before_expiry(stub, make_client):
    clock = FakeClock()
    client = make_client(clock=clock)
    first = client.fetch_token()
    clock.now += 3600 - 60 - 1
    assert client.fetch_token() == first
    assert stub.token_requests == 1
    clock.now += 2  # now within the last 60 s
    second = client.fetch_token()
    assert second != first
    assert stub.token_requests == 2


def test_short_or_missing_expires_in(stub, make_client):
    clock = FakeClock()
    stub.token_lifetime = 100  # shorter than twice the margin: cached for half of it
    client = make_client(clock=clock)
    client.fetch_token()
    clock.now += 49
    client.fetch_token()
    assert stub.token_requests == 1
    clock.now += 2
    client.fetch_token()
    assert stub.token_requests == 2
    stub.token_lifetime = None  # missing: one hour assumed
    tokens.clear_token_cache()
    client.fetch_token()
    clock.now += 3000
    client.fetch_token()
    assert stub.token_requests == 3


def test_concurrent_threads_share_one_token_request(stub, make_client):
    stub.script(
        "POST",
        TOKEN_PATH,
        Reply(200, {"access_token": "slow-token", "expires_in": 3600}, delay=0.3),
    )
    client = make_client()
    tokens, errors = [], []

    def worker():
        try:
            tokens.append(client.fetch_token())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert tokens == ["slow-token"] * 20
    assert stub.token_requests == 1


def test_401_renews_the_token_once_and_succeeds(stub, make_client):
    stub.script("GET", E2, Reply(200, ACTIVE), Reply(200, ACTIVE))
    client = make_client()
    client.get_client_status("c-1")
    stub.revoke_tokens()  # URSSAF forgot the token before its expiry
    status = client.get_client_status("c-1")
    assert status.code == "APPAREILLAGE_VALIDE"
    assert stub.token_requests == 2
    calls = stub.calls(E2)
    assert [c.headers["Authorization"] for c in calls] == [
        f"Bearer {TOKEN_PREFIX}1",
        f"Bearer {TOKEN_PREFIX}1",
        f"Bearer {TOKEN_PREFIX}2",
    ]


def test_repeated_401_gives_configuration_error_without_looping(stub, make_client):
    stub.script("GET", E2, Reply(401), Reply(401), Reply(200, ACTIVE))
    with pytest.raises(UrssafConfigurationError) as exc:
        make_client().get_client_status("c-1")
    assert exc.value.reason == "credentials"
    assert exc.value.status == 401
    assert stub.token_requests == 2
    assert len(stub.calls(E2)) == 2


def test_invalid_client_gives_configuration_error_not_retried(stub, make_client):
    with pytest.raises(UrssafConfigurationError) as exc:
        make_client(client_secret="bad").test_connection()
    assert exc.value.reason == "credentials"
    assert "invalid_client" in exc.value.message_en
    assert "secret" in exc.value.message_fr
    assert stub.token_requests == 1
    assert stub.calls(E4) == []


def test_invalid_client_as_400_is_also_a_credentials_error(stub, make_client):
    stub.script("POST", TOKEN_PATH, Reply(400, {"error": "invalid_client"}))
    with pytest.raises(UrssafConfigurationError) as exc:
        make_client().fetch_token()
    assert exc.value.reason == "credentials"


def test_scope_refused_at_token_endpoint_is_access_denied(stub, make_client):
    stub.script("POST", TOKEN_PATH, Reply(400, {"error": "invalid_scope"}))
    with pytest.raises(UrssafConfigurationError) as exc:
        make_client().fetch_token()
    assert exc.value.reason == "access_denied"


def test_token_endpoint_is_retried_on_503_and_maintenance_is_temporary(stub, make_client):
    stub.script("POST", TOKEN_PATH, Reply(503, None))
    assert make_client().fetch_token().startswith(TOKEN_PREFIX)
    assert stub.token_requests == 2
    tokens.clear_token_cache()
    stub.script("POST", TOKEN_PATH, *[Reply(503, None) for _ in range(2)])
    with pytest.raises(UrssafTemporaryError) as exc:
        make_client(max_retries=1).fetch_token()
    assert exc.value.maintenance


def test_other_4xx_at_token_endpoint_is_a_configuration_error(stub, make_client):
    stub.script("POST", TOKEN_PATH, Reply(415, None))
    with pytest.raises(UrssafConfigurationError) as exc:
        make_client().fetch_token()
    assert exc.value.reason == "credentials" and "HTTP 415" in exc.value.message_en
    assert stub.token_requests == 1


def test_missing_credentials_fail_without_any_request(stub, make_client):
    with pytest.raises(UrssafConfigurationError) as exc:
        make_client(client_secret="").fetch_token()
    assert exc.value.reason == "credentials"
    assert stub.requests == []


def test_token_answer_without_access_token_is_temporary(stub, make_client):
    stub.script("POST", TOKEN_PATH, Reply(200, {"token_type": "Bearer"}))
    with pytest.raises(UrssafTemporaryError):
        make_client().fetch_token()


def test_403_is_access_denied(stub, make_client):
    stub.script("GET", E2, Reply(403, None))
    with pytest.raises(UrssafConfigurationError) as exc:
        make_client().get_client_status("c-1")
    assert exc.value.reason == "access_denied"
    assert exc.value.status == 403
    assert "habilitation" in exc.value.message_fr
    assert len(stub.calls(E2)) == 1  # not retried


def test_404_without_error_body_is_a_url_problem(stub, make_client):
    with pytest.raises(UrssafConfigurationError) as exc:
        make_client().get_client_status("c-1")  # the stub answers 404 to unscripted paths
    assert exc.value.reason == "url"
    assert len(stub.calls(E2)) == 1


# ------------------------------------------------------------------------------ retries


def test_503_then_200_succeeds_after_one_retry(stub, make_client):
    stub.script("GET", E2, Reply(503, None), Reply(200, ACTIVE))
    status = make_client().get_client_status("c-1")
    assert status.active
    assert len(stub.calls(E2)) == 2


def test_503_every_time_is_a_temporary_maintenance_error(stub, make_client):
    stub.script("GET", E2, *[Reply(503, None) for _ in range(4)])
    with pytest.raises(UrssafTemporaryError) as exc:
        make_client(max_retries=3).get_client_status("c-1")
    assert exc.value.maintenance is True
    assert exc.value.status == 503
    assert len(stub.calls(E2)) == 4  # 1 + max_retries, bounded


@pytest.mark.parametrize("status", [429, 500, 502, 504])
def test_retryable_statuses_are_retried(stub, make_client, status):
    """Idempotent call (E2); E1 and E3 are only retried on 429 and 503 (test_api_client_replay)."""
    stub.script("GET", E2, Reply(status, None), Reply(200, ACTIVE))
    assert make_client().get_client_status("c-1").active
    assert len(stub.calls(E2)) == 2


def test_500_with_error_array_keeps_urssaf_codes(stub, make_client):
    body = [{"code": "ERREUR_TECHNIQUE", "message": "Erreur technique", "description": ""}]
    stub.script("GET", E2, Reply(500, body), Reply(500, body))
    with pytest.raises(UrssafTemporaryError) as exc:
        make_client(max_retries=1).get_client_status("c-1")
    assert exc.value.status == 500
    assert exc.value.maintenance is False
    assert [e.code for e in exc.value.errors] == ["ERREUR_TECHNIQUE"]


@pytest.mark.parametrize("status", [400, 404, 409, 422])
def test_other_4xx_are_never_retried(stub, make_client, status):
    body = [{"code": "PARAM_INVALIDE", "message": "Requête incorrecte", "description": "x"}]
    stub.script("GET", E2, Reply(status, body), Reply(200, ACTIVE))
    with pytest.raises(UrssafBusinessError) as exc:
        make_client().get_client_status("c-1")
    assert exc.value.status == status
    assert exc.value.codes == ["PARAM_INVALIDE"]
    assert len(stub.calls(E2)) == 1


def test_backoff_is_exponential_and_honours_retry_after(stub, make_client):
    sleeps: list[float] = []
    stub.script(
        "GET",
        E2,
        Reply(503, None),
        Reply(429, None, headers={"Retry-After": "7"}),
        Reply(429, None, headers={"Retry-After": "3600"}),
        Reply(200, ACTIVE),
    )
    client = make_client(backoff=0.5, sleep=sleeps.append, retry_after_cap=30.0)
    assert client.get_client_status("c-1").active
    assert sleeps == [0.5, 7.0, 30.0]  # 0.5*2**0, max(1.0, 7), min(3600, cap) > 0.5*2**2


def test_timeout_gives_temporary_error_after_bounded_retries(stub, make_client):
    stub.script("GET", E2, *[Reply(200, ACTIVE, delay=1.0) for _ in range(3)])
    client = make_client(timeout=(1.0, 0.15), max_retries=2)
    with pytest.raises(UrssafTemporaryError) as exc:
        client.get_client_status("c-1")
    assert exc.value.status is None
    assert "temps" in exc.value.message_fr
    assert len(stub.calls(E2)) == 3


def test_timeout_then_success(stub, make_client):
    stub.script("GET", E2, Reply(200, ACTIVE, delay=1.0), Reply(200, ACTIVE))
    assert make_client(timeout=(1.0, 0.15)).get_client_status("c-1").active


def test_connection_refused_is_temporary(stub):
    stub.stop()  # nothing listens on that port any more
    client = UrssafClient(stub.url, CLIENT_ID, CLIENT_SECRET, backoff=0.001, max_retries=1)
    with pytest.raises(UrssafTemporaryError) as exc:
        client.fetch_token()
    assert "réseau" in exc.value.message_fr


def test_malformed_json_in_200_is_temporary(stub, make_client):
    stub.script("GET", E2, Reply(200, '{"idClient": "c-1", "statut": {'))
    with pytest.raises(UrssafTemporaryError) as exc:
        make_client().get_client_status("c-1")
    assert exc.value.status == 200
    assert len(stub.calls(E2)) == 1


def test_empty_200_to_a_registration_is_an_uncertain_temporary_error(stub, make_client):
    stub.script("POST", E2, Reply(200, None), Reply(200, {"idClient": "c-2"}))
    with pytest.raises(UrssafTemporaryError) as exc:
        make_client().register_client({"civilite": "1"})
    assert exc.value.uncertain is True  # URSSAF answered 200: it may have registered the client
    assert len(stub.calls(E2, "POST")) == 1  # not replayed (see test_api_client_replay.py)


# ------------------------------------------------------------------------------ business errors


def test_400_with_empty_body_is_a_business_error_with_clear_message(stub, make_client):
    stub.script("POST", E2, Reply(400, None))
    with pytest.raises(UrssafBusinessError) as exc:
        make_client().register_client({"civilite": "1"})
    err = exc.value
    assert err.status == 400
    assert err.codes == ["EMPTY_400"]
    assert "sans en donner la raison" in err.message_fr
    assert "without giving a reason" in err.message_en
    assert "EMPTY_400" in str(err)
    assert len(stub.calls(E2)) == 1


def test_400_with_non_json_body_keeps_a_redacted_excerpt(stub, make_client):
    stub.script("POST", E2, Reply(400, f"<html>Bad request {IBAN}</html>"))
    with pytest.raises(UrssafBusinessError) as exc:
        make_client().register_client({"civilite": "1"})
    (item,) = exc.value.errors
    assert item.code == "EMPTY_400"
    assert "Bad request" in item.description
    assert IBAN not in item.description


def test_register_client_returns_id_and_sends_json(stub, make_client):
    stub.script("POST", E2, Reply(200, {"idClient": "af0be430-908a-11eb-a8b3-0242ac130003"}))
    payload = {"civilite": "2", "nomNaissance": "Müller", "coordonneeBancaire": {"iban": IBAN}}
    assert make_client().register_client(payload) == "af0be430-908a-11eb-a8b3-0242ac130003"
    (req,) = stub.calls(E2, "POST")
    assert req.headers["Content-Type"].startswith("application/json")
    assert req.headers["Accept"] == "application/json"
    assert req.headers["Authorization"] == f"Bearer {TOKEN_PREFIX}1"
    assert req.json() == payload


def test_register_client_business_errors_keep_unknown_codes(stub, make_client):
    body = [
        {"code": "ERR_DGFIP_R2P_INCONNU", "message": "Aucun SPI", "description": "R2P"},
        {"code": "ERR_NOUVEAU_CODE_2031", "message": "Nouveau message", "description": "Détail"},
    ]
    stub.script("POST", E2, Reply(400, body))
    with pytest.raises(UrssafBusinessError) as exc:
        make_client().register_client({"civilite": "1"})
    known, unknown = exc.value.errors
    assert known == ErrorItem("ERR_DGFIP_R2P_INCONNU", "Aucun SPI", "R2P")
    assert "nom de naissance" in known.explanation_fr
    assert unknown.code == "ERR_NOUVEAU_CODE_2031"
    assert "ERR_NOUVEAU_CODE_2031" in unknown.explanation_fr
    assert "Nouveau message" in unknown.explanation_fr and "Détail" in unknown.explanation_en
    assert not unknown.known
    assert "ERR_NOUVEAU_CODE_2031" in exc.value.message_fr


def test_register_client_rejects_empty_payload_locally(stub, make_client):
    with pytest.raises(ValueError):
        make_client().register_client({})
    assert stub.requests == []


# ------------------------------------------------------------------------------ E2


def test_get_client_status_request_and_parsing(stub, make_client):
    stub.script("GET", E2, Reply(200, ACTIVE))
    status = make_client().get_client_status(" c-1 ")
    (req,) = stub.calls(E2, "GET")
    assert req.path == "/atp/v1/tiersPrestations/particulier"
    assert req.query == {"idClient": "c-1"}
    assert status.id_client == "c-1"
    assert status.code == "APPAREILLAGE_VALIDE"
    assert status.etat == "OK"
    assert status.accepted_on == date(2024, 3, 15)
    assert status.raw["nomNaissance"] == "MARTIN"


@pytest.mark.parametrize(
    ("description", "etat", "expected"),
    [
        ("15/03/2024", "OK", date(2024, 3, 15)),
        ("15/03/2024 10:12", "OK", date(2024, 3, 15)),
        ("15/03/2024 10:12:59", "OK", date(2024, 3, 15)),
        ("2024-03-15", "ok", date(2024, 3, 15)),
        ("15/03/2024", "KO", None),
        ("Le particulier n'a pas encore activé son compte", "OK", None),
        ("31/02/2024", "OK", None),
        ("", "OK", None),
    ],
)
def test_acceptance_date_parsing(stub, make_client, description, etat, expected):
    body = {"idClient": "c-1", "statut": {"code": "X", "description": description, "etat": etat}}
    stub.script("GET", E2, Reply(200, body))
    assert make_client().get_client_status("c-1").accepted_on == expected


def test_client_status_pending_and_broken_link(stub, make_client):
    pending = {"idClient": "c-1", "statut": {"code": "APPAREILLAGE_EC", "etat": "KO"}}
    broken = [{"code": "ERR_RECHERCHE_PARTICULIER", "message": "rompu", "description": ""}]
    stub.script("GET", E2, Reply(200, pending), Reply(400, broken))
    client = make_client()
    status = client.get_client_status("c-1")
    assert (status.code, status.etat, status.accepted_on, status.active) == (
        "APPAREILLAGE_EC",
        "KO",
        None,
        False,
    )
    with pytest.raises(UrssafBusinessError) as exc:
        client.get_client_status("c-1")
    assert exc.value.codes == ["ERR_RECHERCHE_PARTICULIER"]


def test_get_client_status_requires_an_id(stub, make_client):
    with pytest.raises(ValueError):
        make_client().get_client_status("  ")
    assert stub.requests == []


# ------------------------------------------------------------------------------ E3


def _dp(number: str) -> dict:
    return {
        "idTiersFacturation": "menage.fr",
        "idClient": "c-1",
        "dateNaissanceClient": date(1980, 3, 29),
        "numFactureTiers": number,
        "dateFacture": "2024-04-30T00:00:00Z",
        "dateDebutEmploi": "2024-04-01T00:00:00Z",
        "dateFinEmploi": "2024-04-30T00:00:00Z",
        "mntFactureTTC": Decimal("45.50"),
        "mntFactureHT": Decimal("41.36"),
        "inputPrestations": [
            {
                "codeNature": "60",
                "unite": "HEURE",
                "quantite": Decimal("1.75"),
                "mntUnitaireTTC": Decimal("26.00"),
                "mntPrestationTTC": Decimal("45.50"),
                "mntPrestationHT": Decimal("41.36"),
                "mntPrestationTVA": Decimal("4.14"),
            }
        ],
    }


def test_submit_returns_per_item_results_inside_http_200(stub, make_client):
    answer = [
        {"idClient": "c-1", "idDemandePaiement": "dp-1", "numFactureTiers": "F1", "statut": "10"},
        {
            "idClient": "c-1",
            "numFactureTiers": "F2",
            "errors": [
                {"code": "ERR_FACTURE_DOUBLON", "message": "doublon", "description": ""},
                {"code": "ERR_INCONNU_2030", "message": "nouveau", "description": "d"},
            ],
        },
    ]
    stub.script("POST", E3, Reply(200, answer))
    ok, refused = make_client().submit_payment_requests([_dp("F1"), _dp("F2")])
    assert ok.ok and ok.id_payment_request == "dp-1" and ok.status == "10" and ok.errors == []
    assert ok.invoice_number == "F1"
    assert not refused.ok
    assert refused.invoice_number == "F2"
    assert [e.code for e in refused.errors] == ["ERR_FACTURE_DOUBLON", "ERR_INCONNU_2030"]
    assert "nouveau numéro de facture" in refused.errors[0].explanation_fr
    (req,) = stub.calls(E3)
    sent = req.json()
    assert isinstance(sent, list) and len(sent) == 2
    assert sent[0]["mntFactureTTC"] == 45.5  # JSON numbers, not strings
    assert sent[0]["inputPrestations"][0]["quantite"] == 1.75
    assert sent[0]["dateNaissanceClient"] == "1980-03-29T00:00:00Z"
    assert b'"mntPrestationHT": 41.36' in req.body


def test_submit_batch_level_400_raises(stub, make_client):
    body = [{"code": "ERR_NBRE_PREST_MAX", "message": "trop", "description": ""}]
    stub.script("POST", E3, Reply(400, body))
    with pytest.raises(UrssafBusinessError) as exc:
        make_client().submit_payment_requests([_dp("F1")])
    assert exc.value.codes == ["ERR_NBRE_PREST_MAX"]


@pytest.mark.parametrize("count", [0, 11])
def test_submit_checks_the_batch_size_locally(stub, make_client, count):
    with pytest.raises(ValueError):
        make_client().submit_payment_requests([_dp(f"F{i}") for i in range(count)])
    assert stub.requests == []


def test_submit_fills_invoice_number_from_the_request_when_missing(stub, make_client):
    stub.script("POST", E3, Reply(200, [{"idDemandePaiement": "dp-9", "statut": "10"}]))
    (result,) = make_client().submit_payment_requests([_dp("F9")])
    assert result.ok and result.invoice_number == "F9" and result.id_client == "c-1"


# ------------------------------------------------------------------------------ E4


SEARCH_ANSWER = {
    "Errors": [{"code": "ERR_AVERTISSEMENT", "message": "remarque", "description": ""}],
    "infoDemandePaiements": [
        {
            "idDemandePaiement": "dp-1",
            "demandePaiement": {"idClient": "c-1", "numFactureTiers": "F1", "mntFactureTTC": 45.5},
            "statut": {"code": "70", "libelle": "Payée"},
            "infoVirement": {"mntVirement": 45.5, "dateVirement": "2024-05-08T00:00:00Z"},
        },
        {
            "idDemandePaiement": "dp-2",
            "demandePaiement": {"idClient": "c-2", "numFactureTiers": "F2"},
            "statut": {"code": "40", "libelle": "Refusée"},
            "infoRejet": {"code": "CONTEST_ERR_FACT", "commentaire": "Pas venue"},
        },
    ],
}


def test_search_by_ids_parses_items_and_capitalised_errors_key(stub, make_client):
    stub.script("POST", E4, Reply(200, SEARCH_ANSWER))
    result = make_client().search_payment_requests(ids=["dp-1", "dp-2"])
    (req,) = stub.calls(E4)
    assert req.json() == {"idDemandePaiements": ["dp-1", "dp-2"]}
    paid, refused = result.items
    assert (paid.id_payment_request, paid.invoice_number, paid.id_client) == ("dp-1", "F1", "c-1")
    assert (paid.status, paid.status_label) == ("70", "Payée")
    assert paid.transfer_amount == Decimal("45.5")
    assert paid.transfer_date == date(2024, 5, 8)
    assert paid.request["mntFactureTTC"] == 45.5
    assert (refused.status, refused.reject_code, refused.reject_comment) == (
        "40",
        "CONTEST_ERR_FACT",
        "Pas venue",
    )
    assert refused.transfer_amount is None and refused.transfer_date is None
    assert [e.code for e in result.errors] == ["ERR_AVERTISSEMENT"]


def test_search_by_period_and_invoice_numbers_formats_dates_with_z(stub, make_client):
    stub.script("POST", E4, Reply(200, {"errors": [], "infoDemandePaiements": []}))
    result = make_client().search_payment_requests(
        date_from=date(2024, 4, 1), date_to=date(2024, 4, 30), invoice_numbers=["F1"]
    )
    assert result.items == [] and result.errors == []
    assert stub.calls(E4)[0].json() == {
        "numFactureTiers": ["F1"],
        "dateDebut": "2024-04-01T00:00:00Z",
        "dateFin": "2024-04-30T00:00:00Z",
    }


def test_search_nothing_found_is_an_empty_result(stub, make_client):
    stub.script("POST", E4, Reply(400, NOTHING_FOUND))
    result = make_client().search_payment_requests(ids=["dp-x"])
    assert result.items == []
    assert [e.code for e in result.errors] == ["ERR_RECHERCHE_VIDE"]


def test_search_other_400_raises(stub, make_client):
    body = [{"code": "ERR_NBRE_MAX_RESULTAT", "message": "trop", "description": ""}]
    stub.script("POST", E4, Reply(400, body))
    with pytest.raises(UrssafBusinessError) as exc:
        make_client().search_payment_requests(date_from=date(2020, 1, 1), date_to=date(2024, 1, 1))
    assert exc.value.codes == ["ERR_NBRE_MAX_RESULTAT"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "at least one search criterion"),
        ({"ids": []}, "at least one search criterion"),
        ({"ids": [f"dp-{i}" for i in range(11)]}, "at most 10"),
        ({"invoice_numbers": [f"F{i}" for i in range(11)]}, "at most 10"),
        ({"ids": "dp-1"}, "list of strings"),
        ({"ids": ["dp-1", ""]}, "non-empty strings"),
        ({"ids": [12]}, "non-empty strings"),
        ({"date_from": date(2024, 1, 1)}, "together"),
        ({"date_to": date(2024, 1, 1)}, "together"),
        ({"date_from": date(2024, 2, 1), "date_to": date(2024, 1, 1)}, "after"),
        ({"date_from": "yesterday", "date_to": date(2024, 1, 1)}, "must be a date"),
    ],
)
def test_search_criteria_are_validated_before_sending(stub, make_client, kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_client().search_payment_requests(**kwargs)
    assert stub.requests == []


def test_exactly_ten_ids_are_accepted(stub, make_client):
    stub.script("POST", E4, Reply(400, NOTHING_FOUND))
    make_client().search_payment_requests(ids=[f"dp-{i}" for i in range(10)])
    assert len(stub.calls(E4)[0].json()["idDemandePaiements"]) == 10


# ------------------------------------------------------------------------------ test_connection


def test_test_connection_succeeds_on_err_recherche_vide(stub, make_client):
    stub.script("POST", E4, Reply(400, NOTHING_FOUND))
    assert make_client().test_connection() is None
    (req,) = stub.calls(E4)
    body = req.json()
    assert body["dateDebut"].startswith("2099-") and body["dateFin"].endswith("Z")
    assert stub.token_requests == 1


def test_test_connection_raises_on_other_business_errors(stub, make_client):
    body = [{"code": "PARAM_INVALIDE", "message": "x", "description": ""}]
    stub.script("POST", E4, Reply(400, body))
    with pytest.raises(UrssafBusinessError):
        make_client().test_connection()


def test_test_connection_reports_access_not_granted(stub, make_client):
    stub.script("POST", E4, Reply(403, None))
    with pytest.raises(UrssafConfigurationError) as exc:
        make_client().test_connection()
    assert exc.value.reason == "access_denied"


def test_test_connection_reports_maintenance(stub, make_client):
    stub.script("POST", E4, *[Reply(503, None) for _ in range(4)])
    with pytest.raises(UrssafTemporaryError) as exc:
        make_client().test_connection()
    assert exc.value.maintenance


# ------------------------------------------------------------------------------ logging


def test_nothing_secret_in_debug_logs(stub, make_client, caplog):
    caplog.set_level(logging.DEBUG)
    stub.script("POST", E2, Reply(400, [{"code": "ERR_COORDONNEES_BANCAIRES", "message": IBAN}]))
    stub.script("GET", E2, Reply(200, ACTIVE))
    stub.script("POST", E4, Reply(503, None), Reply(400, NOTHING_FOUND))
    client = make_client()
    payload = {"nomNaissance": "Martin", "coordonneeBancaire": {"iban": IBAN, "bic": "AGRIFRPP"}}
    with pytest.raises(UrssafBusinessError) as exc:
        client.register_client(payload)
    stub.revoke_tokens()
    client.get_client_status("c-1")  # 401 then renewal
    client.test_connection()
    with pytest.raises(UrssafConfigurationError):
        make_client(client_secret="wrong-" + CLIENT_SECRET).fetch_token()
    text = caplog.text
    assert "URSSAF POST /atp/v1/tiersPrestations/particulier -> 400" in text
    assert "ERR_COORDONNEES_BANCAIRES" in text
    for secret in (CLIENT_SECRET, TOKEN_PREFIX, IBAN, "3000600001123456789"):
        assert secret not in text
    assert IBAN not in repr(client) and CLIENT_SECRET not in repr(client)
    assert CLIENT_SECRET not in str(exc.value) and TOKEN_PREFIX not in exc.value.message_fr
    # URSSAF echoed the IBAN in its message: the user-facing texts show it masked
    for shown in (exc.value.message_fr, exc.value.message_en, exc.value.errors[0].explanation_fr):
        assert IBAN not in shown and "FR76 **** **** 0189" in shown


def test_logs_have_method_path_status_and_duration(stub, make_client, caplog):
    caplog.set_level(logging.DEBUG, logger="urssaf_api")
    stub.script("GET", E2, Reply(200, ACTIVE))
    make_client().get_client_status("c-1")
    records = [r.getMessage() for r in caplog.records if r.name == "urssaf_api"]
    assert any(
        m.startswith("URSSAF GET /atp/v1/tiersPrestations/particulier -> 200 in ") and " ms" in m
        for m in records
    )
    assert all("idClient" not in m for m in records)


# ------------------------------------------------------------------------------ redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"iban={IBAN}", "iban=FR76 **** **** 0189"),
        ("FR76 3000 6000 0112 3456 7890 189", "FR76 **** **** 0189"),
        ("de89370400440532013000 ok", "DE89 **** **** 3000 ok"),
        ("Authorization: Bearer abc.DEF-123_x==", "Authorization: Bearer ***"),
        (
            '{"access_token": "tok123", "expires_in": 3600}',
            '{"access_token": "***", "expires_in": 3600}',
        ),
        ("client_id=me&client_secret=s3cr3t&scope=x", "client_id=me&client_secret=***&scope=x"),
        (
            "idClient af0be430-908a-11eb-a8b3-0242ac130003",
            "idClient af0be430-908a-11eb-a8b3-0242ac130003",
        ),
        ("invoice FA2024-0001", "invoice FA2024-0001"),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


def test_redact_accepts_any_object():
    assert redact({"iban": IBAN}) == "{'iban': 'FR76 **** **** 0189'}"
    assert redact(None) == "None"
