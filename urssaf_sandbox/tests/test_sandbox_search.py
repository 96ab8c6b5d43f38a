"""E4 (search payment requests): criteria rules, precedence, limits, empty results."""

import pytest
from sandbox_payloads import codes, payment_request


@pytest.fixture
def three_requests(api, active_client):
    """FA-1 (invoice 14/03), FA-2 (15/03), FA-3 (16/03) -> their ids, in that order."""
    ids = []
    for number, day in (("FA-1", "14"), ("FA-2", "15"), ("FA-3", "16")):
        item = payment_request(
            active_client,
            number,
            dateFacture=f"2024-03-{day}T00:00:00Z",
            dateFinEmploi="2024-03-13T00:00:00Z",
        )
        (result,) = api.submit([item]).json()
        assert result["errors"] == []
        ids.append(result["idDemandePaiement"])
    return ids


def _found(answer):
    assert answer.status_code == 200, answer.text
    return [
        info["demandePaiement"]["numFactureTiers"] for info in answer.json()["infoDemandePaiements"]
    ]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "ERR_CRITERE_RECHERCHE_VIDE"),
        ({"idDemandePaiements": []}, "ERR_CRITERE_RECHERCHE_VIDE"),
        ({"idDemandePaiements": [], "numFactureTiers": []}, "ERR_CRITERE_RECHERCHE_VIDE"),
        ({"idDemandePaiements": [str(n) for n in range(11)]}, "ERR_NBRE_MAX_RESULTAT"),
        ({"numFactureTiers": [f"FA-{n}" for n in range(11)]}, "ERR_NBRE_MAX_RESULTAT"),
        ({"idDemandePaiements": "123"}, "ERREUR_VALIDATION"),
        ({"idDemandePaiements": [123]}, "ERREUR_VALIDATION"),
        ({"idDemandePaiements": [""]}, "ERREUR_VALIDATION"),
        ({"numFactureTiers": "FA-1"}, "ERREUR_VALIDATION"),
        ({"dateDebut": "2024-03-01T00:00:00Z"}, "ERREUR_VALIDATION"),
        ({"dateFin": "2024-03-31T00:00:00Z"}, "ERREUR_VALIDATION"),
        ({"dateDebut": "2024-03-01", "dateFin": "2024-03-31T00:00:00Z"}, "ERREUR_VALIDATION"),
        (
            {"dateDebut": "2024-03-01T00:00:00.0000Z", "dateFin": "2024-03-31T00:00:00Z"},
            "ERREUR_VALIDATION",
        ),
        (
            {"dateDebut": "2024-03-31T00:00:00Z", "dateFin": "2024-03-01T00:00:00Z"},
            "ERR_DATE_FIN_AVANT_DATE_DEB",
        ),
        ({"idDemandePaiement": ["1"]}, "ERREUR_VALIDATION"),  # misspelt criterion
        ({"idDemandePaiements": ["99999999999999"]}, "ERR_RECHERCHE_VIDE"),
        ({"numFactureTiers": ["NOPE"]}, "ERR_RECHERCHE_VIDE"),
        (
            {"dateDebut": "2099-01-01T00:00:00Z", "dateFin": "2099-12-31T00:00:00Z"},
            "ERR_RECHERCHE_VIDE",
        ),
    ],
)
def test_search_rule(api, three_requests, body, code):
    answer = api.search(body)
    assert answer.status_code == 400
    assert codes(answer) == [code]


@pytest.mark.parametrize("raw", [b"[]", b"null", b"{", b"3"])
def test_search_body_must_be_an_object(api, raw):
    answer = api.call(
        "POST",
        "/demandePaiement/rechercher",
        data=raw,
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 400
    assert codes(answer) == ["ERREUR_VALIDATION"]


def test_search_by_ids_keeps_the_request_order(api, three_requests):
    ids = three_requests
    answer = api.search({"idDemandePaiements": [ids[2], ids[0]]})
    assert _found(answer) == ["FA-3", "FA-1"]
    assert "errors" not in answer.json()
    info = answer.json()["infoDemandePaiements"][0]
    assert set(info) == {"idDemandePaiement", "demandePaiement", "statut"}
    assert info["statut"] == {"code": "10", "libelle": "Intégrée"}


def test_search_by_invoice_numbers(api, three_requests):
    assert _found(api.search({"numFactureTiers": ["FA-2"]})) == ["FA-2"]


def test_search_by_period_on_invoice_date(api, three_requests):
    body = {"dateDebut": "2024-03-15T00:00:00Z", "dateFin": "2024-03-16T00:00:00Z"}
    assert _found(api.search(body)) == ["FA-2", "FA-3"]  # bounds included
    one_day = {"dateDebut": "2024-03-14T00:00:00.000Z", "dateFin": "2024-03-14T00:00:00.000Z"}
    assert _found(api.search(one_day)) == ["FA-1"]


def test_ids_take_precedence_over_a_period(api, three_requests):
    body = {
        "idDemandePaiements": [three_requests[0]],
        "dateDebut": "2099-01-01T00:00:00Z",
        "dateFin": "2099-12-31T00:00:00Z",
    }
    assert _found(api.search(body)) == ["FA-1"]
    body = {"numFactureTiers": ["FA-3"], "dateDebut": "2024-03-14T00:00:00Z"}
    body["dateFin"] = "2024-03-14T00:00:00Z"
    assert _found(api.search(body)) == ["FA-3"]


def test_partly_found_ids_list_the_missing_ones(api, three_requests):
    answer = api.search({"idDemandePaiements": [three_requests[1], "99999999999999"]})
    assert _found(answer) == ["FA-2"]
    assert answer.json()["errors"] == [
        {"code": "ERR_RECHERCHE_VIDE", "message": "Aucun résultat", "description": "99999999999999"}
    ]


def test_a_period_with_more_than_ten_results(api, active_client):
    batch = [payment_request(active_client, f"FB-{n}") for n in range(10)]
    assert all(not r["errors"] for r in api.submit(batch).json())
    period = {"dateDebut": "2024-03-01T00:00:00Z", "dateFin": "2024-03-31T00:00:00Z"}
    assert len(_found(api.search(period))) == 10
    (extra,) = api.submit([payment_request(active_client, "FB-10")]).json()
    assert extra["errors"] == []
    answer = api.search(period)
    assert answer.status_code == 400
    assert codes(answer) == ["ERR_NBRE_MAX_RESULTAT"]


def test_another_providers_requests_are_invisible(sandbox, api, three_requests):
    dp = sandbox.state.payment_requests[three_requests[0]]
    dp.provider = "someone-else"
    answer = api.search({"idDemandePaiements": [three_requests[0]]})
    assert codes(answer) == ["ERR_RECHERCHE_VIDE"]
