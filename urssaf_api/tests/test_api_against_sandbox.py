"""End-to-end: the client and the payload builder against the local URSSAF sandbox.

Only the interface fixed in docs/DESIGN.md is used: ``SandboxServer(host, port).start()``,
``.url``, ``.stop()`` and the HTTP control API (``/_sandbox/reset``, ``/_sandbox/clock/advance``,
``/_sandbox/faults``, ``/_sandbox/stats``).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import requests
from samples import valid_registration

from urssaf_api.client import UrssafClient
from urssaf_api.errors import (
    UrssafBusinessError,
    UrssafConfigurationError,
    UrssafTemporaryError,
)
from urssaf_api.registration import (
    RegistrationData,
    build_registration_payload,
    check_registration,
)
from urssaf_sandbox import SandboxServer

DEMO = ("demo-client-id", "demo-client-secret")
E1_PATH = "/atp/v1/tiersPrestations/particulier"


@pytest.fixture(scope="module")
def sandbox_url():
    server = SandboxServer(host="127.0.0.1", port=0).start()
    try:
        yield server.url
    finally:
        server.stop()


class Control:
    def __init__(self, url: str) -> None:
        self.url = url

    def post(self, path: str, body: dict | None = None) -> dict:
        response = requests.post(self.url + path, json=body or {}, timeout=5)
        response.raise_for_status()
        return response.json() if response.content else {}

    def stats(self) -> dict:
        return requests.get(self.url + "/_sandbox/stats", timeout=5).json()

    def state(self) -> dict:
        return requests.get(self.url + "/_sandbox/state", timeout=5).json()

    def today(self) -> date:
        """The sandbox's calendar day (its clock moves with the control API)."""
        state = requests.get(self.url + "/_sandbox/state", timeout=5).json()
        return date.fromisoformat((state.get("today") or state["now"])[:10])


@pytest.fixture
def control(sandbox_url):
    ctl = Control(sandbox_url)
    ctl.post("/_sandbox/reset")
    return ctl


@pytest.fixture
def client(sandbox_url, control):
    return UrssafClient(sandbox_url, *DEMO, backoff=0.001, timeout=(2.0, 5.0))


def person(email: str, **changes) -> RegistrationData:
    """A valid client born in La Réunion, living in Corsica; ``changes`` override fields."""
    return valid_registration(
        **{
            "email": email,
            "first_names": "Jeanne Hélène",
            "birth_department": "974",
            "birth_commune_code": "97411",
            "birth_commune_label": "Saint-Denis",
            "mobile": "+33 6 12 34 56 78",
            "street_letter": "bis",
            "street_type_code": "avenue",
            "street_label": "des Lilas",
            "commune_code": "2A004",
            "commune_label": "Ajaccio",
            "zip_code": "20000",
            **changes,
        }
    )


def test_connection_token_and_credentials(client, sandbox_url, control):
    client.test_connection()
    with pytest.raises(UrssafConfigurationError) as denied:
        UrssafClient(sandbox_url, "noaccess-client-id", "noaccess-client-secret").test_connection()
    assert denied.value.reason == "access_denied"
    with pytest.raises(UrssafConfigurationError) as refused:
        UrssafClient(sandbox_url, "someone", "wrong").test_connection()
    assert refused.value.reason == "credentials"


def test_built_payloads_are_accepted_and_client_gets_activated(client, control):
    french = build_registration_payload(person("jeanne.martin@example.fr"), today=control.today())
    id_client = client.register_client(french)
    pending = client.get_client_status(id_client)
    assert (pending.code, pending.accepted_on) == ("APPAREILLAGE_EC", None)
    control.post("/_sandbox/clock/advance", {"days": 1, "hours": 1})
    active = client.get_client_status(id_client)
    assert active.code == "APPAREILLAGE_VALIDE" and active.etat == "OK"
    assert active.accepted_on is not None
    abroad = person(
        "paul.durand@example.fr",
        birth_country_code="99350",
        birth_department=None,
        birth_commune_code=None,
        mobile="0692 12 34 56",
        street_number=None,
        street_letter=None,
        street_type_code=None,
        street_label=None,
        lieu_dit="Les Granges",
    )
    assert client.register_client(build_registration_payload(abroad, today=control.today()))


def test_data_with_warnings_only_is_accepted_by_the_sandbox(client, control):
    """Warnings do not block: an unallocated 07 number, first names cut to 80 characters and
    another account holder go through URSSAF's checks (the sandbox's)."""
    data = person(
        "jeanne.avertie@example.fr",
        mobile="07 00 12 34 56",
        first_names="Marie-Christine Jeanne Antoinette Bernadette Genevieve Francoise Josephine "
        "Eulalie",
        account_holder="M. Paul Durand",
    )
    problems, warnings = check_registration(data, today=control.today())
    assert problems == []
    assert {w.field for w in warnings} == {"mobile", "first_names", "account_holder"}
    payload = build_registration_payload(data, today=control.today())
    assert client.register_client(payload)


@pytest.mark.parametrize(
    ("prefix", "code"),
    [
        ("inconnu", "ERR_DGFIP_R2P_INCONNU"),
        ("impot", "ERR_DGFIP_IMPOTPART_INCONNU"),
        ("compteexiste", "ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE"),
    ],
)
def test_registration_refusals_are_explained(client, control, prefix, code):
    payload = build_registration_payload(person(f"{prefix}.a@example.fr"), today=control.today())
    with pytest.raises(UrssafBusinessError) as exc:
        client.register_client(payload)
    assert exc.value.codes == [code]
    assert exc.value.errors[0].known


def test_faults_are_typed(client, control):
    id_client = client.register_client(
        build_registration_payload(person("jeanne.martin@example.fr"), today=control.today())
    )
    control.post("/_sandbox/faults", {"path": "*", "kind": "status", "status": 503, "count": 1})
    assert client.get_client_status(id_client).code  # retried once, then fine
    control.post("/_sandbox/faults", {"path": "*", "kind": "empty_400", "count": 1})
    with pytest.raises(UrssafBusinessError) as exc:
        client.get_client_status(id_client)
    assert exc.value.codes == ["EMPTY_400"]
    control.post("/_sandbox/faults", {"path": "*", "kind": "malformed_json", "count": 1})
    with pytest.raises(UrssafTemporaryError):
        client.get_client_status(id_client)
    tokens_before = control.stats()["token_requests"]
    control.post("/_sandbox/faults", {"path": "*", "kind": "expire_token", "count": 1})
    assert client.get_client_status(id_client).code
    assert control.stats()["token_requests"] == tokens_before + 1


def test_dropped_registration_answer_is_uncertain_and_not_replayed(client, control):
    """URSSAF registered the client but the answer was lost: the client must say so (the
    registration may have gone through) instead of registering again."""
    payload = build_registration_payload(person("jeanne.martin@example.fr"), today=control.today())
    control.post("/_sandbox/faults", {"path": E1_PATH, "kind": "drop_response", "count": 1})
    with pytest.raises(UrssafTemporaryError) as caught:
        client.register_client(payload)
    assert caught.value.uncertain is True
    assert "ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE" in caught.value.message_fr
    assert "may have received" in caught.value.message_en
    (registered,) = control.state()["clients"]  # URSSAF did register the client
    assert registered["adresseMail"] == "jeanne.martin@example.fr"
    assert control.stats()["api_calls"][E1_PATH] == 1  # sent once, not replayed
    # what the message warns about: registering again is refused
    with pytest.raises(UrssafBusinessError) as again:
        client.register_client(payload)
    assert again.value.codes == ["ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE"]


def test_dropped_status_answer_is_retried(client, control):
    id_client = client.register_client(
        build_registration_payload(person("jeanne.martin@example.fr"), today=control.today())
    )
    control.post("/_sandbox/faults", {"path": E1_PATH, "kind": "drop_response", "count": 2})
    assert client.get_client_status(id_client).code == "APPAREILLAGE_EC"
    assert control.stats()["api_calls_by_method"][f"GET {E1_PATH}"] == 3


def _active_client_and_request(client, control) -> tuple[str, dict]:
    id_client = client.register_client(
        build_registration_payload(person("jeanne.martin@example.fr"), today=control.today())
    )
    control.post("/_sandbox/clock/advance", {"days": 2})
    day = (control.today() - timedelta(days=1)).strftime("%Y-%m-%dT00:00:00Z")
    return id_client, {
        "idTiersFacturation": "menage.fr",
        "idClient": id_client,
        "dateNaissanceClient": "1980-03-29T00:00:00Z",
        "numFactureTiers": "F-2024-001",
        "dateFacture": day,
        "dateDebutEmploi": day,
        "dateFinEmploi": day,
        "mntFactureTTC": 45.5,
        "mntFactureHT": 45.5,
        "inputPrestations": [
            {
                "codeNature": "60",
                "unite": "HEURE",
                "quantite": 1.75,
                "mntUnitaireTTC": 26,
                "mntPrestationTTC": 45.5,
                "mntPrestationHT": 45.5,
                "mntPrestationTVA": 0,
                "complement2": "SAP852330992",
            }
        ],
    }


def test_submit_and_search(client, control):
    id_client, request = _active_client_and_request(client, control)
    accepted, duplicate = client.submit_payment_requests([request, dict(request)])
    assert accepted.ok and accepted.status == "10" and accepted.invoice_number == "F-2024-001"
    assert not duplicate.ok and [e.code for e in duplicate.errors] == ["ERR_FACTURE_DOUBLON"]
    (found,) = client.search_payment_requests(ids=[accepted.id_payment_request]).items
    assert (found.status, found.invoice_number, found.id_client) == ("10", "F-2024-001", id_client)
    by_number = client.search_payment_requests(invoice_numbers=["F-2024-001"])
    assert [i.id_payment_request for i in by_number.items] == [accepted.id_payment_request]
    nothing = client.search_payment_requests(ids=["does-not-exist"])
    assert nothing.items == [] and [e.code for e in nothing.errors] == ["ERR_RECHERCHE_VIDE"]


def test_dropped_submission_answer_is_uncertain_and_found_by_invoice_number(client, control):
    id_client, request = _active_client_and_request(client, control)
    assert client.get_client_status(id_client).active  # renews the token expired by the clock
    path = "/atp/v1/tiersPrestations/demandePaiement"
    control.post("/_sandbox/faults", {"path": path, "kind": "drop_response", "count": 1})
    with pytest.raises(UrssafTemporaryError) as caught:
        client.submit_payment_requests([request])
    assert caught.value.uncertain is True
    assert "numéro de facture" in caught.value.message_fr
    assert control.stats()["api_calls"][path] == 1  # not replayed
    # the advice works: the search by invoice number finds what URSSAF recorded
    (found,) = client.search_payment_requests(invoice_numbers=["F-2024-001"]).items
    assert (found.status, found.id_client) == ("10", id_client)
