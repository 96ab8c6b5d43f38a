"""E3 (payment requests): every rule of contract §4, batch rules, client states, lifecycle."""

import threading
from datetime import timedelta

import pytest
import requests
from sandbox_payloads import (
    DELETE,
    REGISTERED_AT,
    codes,
    mutate,
    payment_request,
    person,
)

L0 = "inputPrestations.0."
L1 = "inputPrestations.1."
DEPOSIT_DATE = {"dateVersementAcompte": "2024-03-01T00:00:00Z"}


def _submit_one(api, item):
    answer = api.submit([item])
    assert answer.status_code == 200, answer.text
    (result,) = answer.json()
    return result


def _errors(result):
    return [item["code"] for item in result.get("errors", [])]


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"inputPrestations": [payment_request("x")["inputPrestations"][0]], "mntFactureTTC": 250}
        | {"mntFactureHT": 227.27},
        # 3 decimals on the unit price: 3 x 33.333 = 99.999, 100.00 rounded to the cent
        {
            L0 + "quantite": 3,
            L0 + "mntUnitaireTTC": 33.333,
            L0 + "mntPrestationTTC": 100,
            L0 + "mntPrestationHT": 90.91,
            L0 + "mntPrestationTVA": 9.09,
            "mntFactureTTC": 130,
            "mntFactureHT": 118.18,
        },
        # decimal hours: 1.75 h x 24 = 42
        {
            L0 + "quantite": 1.75,
            L0 + "mntUnitaireTTC": 24,
            L0 + "mntPrestationTTC": 42,
            L0 + "mntPrestationHT": 38.18,
            L0 + "mntPrestationTVA": 3.82,
            "mntFactureTTC": 72,
            "mntFactureHT": 65.45,
        },
        {"mntAcompte": 140, "dateVersementAcompte": "2024-03-01T00:00:00Z"},
        {"mntAcompte": 0.01, "dateVersementAcompte": "2024-03-16T00:00:00Z"},
        # a VAT-exempt provider: HT = TTC, VAT 0
        {L0 + "mntPrestationHT": 250, L0 + "mntPrestationTVA": 0, "mntFactureHT": 277.27},
        # the line's dates at both ends of the request's period
        {
            L0 + "dateDebutEmploi": "2024-03-05T00:00:00Z",
            L0 + "dateFinEmploi": "2024-03-15T00:00:00Z",
            L1 + "dateDebutEmploi": "2024-03-15T00:00:00Z",
        },
        {
            L0 + "dateDebutEmploi": "2024-03-05T00:00:00Z",
            L0 + "dateFinEmploi": "2024-03-05T00:00:00Z",
        },
        {"dateDebutEmploi": "2024-02-11T00:00:00Z", "dateFinEmploi": "2024-02-29T00:00:00Z"},
        {"dateFinEmploi": "2024-03-20T00:00:00Z", "dateFacture": "2024-03-20T00:00:00.000Z"},
        {"dateNaissanceClient": "1980-03-29T00:00:00.000Z"},
        {"dateFacture": "2024-03-16T10:30:00.5Z", "dateFinEmploi": "2024-03-15T23:59:59.999Z"},
        {"mntFactureTTC": 280.0, "mntFactureHT": 254.540},
        {L0 + "codeNature": "260", L1 + "codeNature": "10"},
    ],
)
def test_valid_payment_request_is_accepted(sandbox, api, active_client, changes):
    sandbox.allow_deposits()
    item = mutate(payment_request(active_client), changes)
    result = _submit_one(api, item)
    assert result["errors"] == []
    assert result["statut"] == "10"
    assert result["idClient"] == active_client
    assert result["numFactureTiers"] == "FA2024-0001"
    assert len(result["idDemandePaiement"]) == 14 and result["idDemandePaiement"].isdigit()


RULES = [
    # required fields and types
    ("idTiersFacturation absent", {"idTiersFacturation": DELETE}, "ERREUR_VALIDATION"),
    ("idClient absent", {"idClient": DELETE}, "ERREUR_VALIDATION"),
    ("idClient number", {"idClient": 12}, "ERREUR_VALIDATION"),
    ("dateNaissanceClient absent", {"dateNaissanceClient": DELETE}, "ERREUR_VALIDATION"),
    ("dateNaissanceClient no Z", {"dateNaissanceClient": "1980-03-29"}, "ERREUR_VALIDATION"),
    (
        "dateNaissanceClient at noon",
        {"dateNaissanceClient": "1980-03-29T12:00:00.000Z"},
        "ERREUR_VALIDATION",
    ),
    (
        "dateNaissanceClient shifted by a time zone",
        {"dateNaissanceClient": "1980-03-28T23:00:00Z"},
        "ERREUR_VALIDATION",
    ),
    ("numFactureTiers absent", {"numFactureTiers": DELETE}, "ERREUR_VALIDATION"),
    ("numFactureTiers number", {"numFactureTiers": 1}, "ERREUR_VALIDATION"),
    ("numFactureTiers empty", {"numFactureTiers": ""}, "ERREUR_VALIDATION"),
    ("dateFacture absent", {"dateFacture": DELETE}, "ERREUR_VALIDATION"),
    ("dateDebutEmploi absent", {"dateDebutEmploi": DELETE}, "ERREUR_VALIDATION"),
    ("dateFinEmploi absent", {"dateFinEmploi": DELETE}, "ERREUR_VALIDATION"),
    ("mntFactureTTC absent", {"mntFactureTTC": DELETE}, "ERREUR_VALIDATION"),
    ("mntFactureHT absent", {"mntFactureHT": DELETE}, "ERREUR_VALIDATION"),
    ("inputPrestations absent", {"inputPrestations": DELETE}, "ERREUR_VALIDATION"),
    ("inputPrestations empty", {"inputPrestations": []}, "ERREUR_VALIDATION"),
    ("inputPrestations object", {"inputPrestations": {}}, "ERREUR_VALIDATION"),
    ("line not an object", {"inputPrestations.1": "x", "mntFactureTTC": 250}, "ERREUR_VALIDATION"),
    ("codeNature absent", {L0 + "codeNature": DELETE}, "ERREUR_VALIDATION"),
    ("unite absent", {L0 + "unite": DELETE}, "ERREUR_VALIDATION"),
    ("quantite absent", {L0 + "quantite": DELETE}, "ERREUR_VALIDATION"),
    ("mntUnitaireTTC absent", {L0 + "mntUnitaireTTC": DELETE}, "ERREUR_VALIDATION"),
    ("mntPrestationHT absent", {L0 + "mntPrestationHT": DELETE}, "ERREUR_VALIDATION"),
    ("mntPrestationTVA absent", {L0 + "mntPrestationTVA": DELETE}, "ERREUR_VALIDATION"),
    ("complement1 number", {L1 + "complement1": 1}, "ERREUR_VALIDATION"),
    ("unknown field", {"numFacture": "x"}, "ERREUR_VALIDATION"),
    ("unknown line field", {L0 + "tauxTVA": 10}, "ERREUR_VALIDATION"),
    # dates
    ("dateFacture date only", {"dateFacture": "2024-03-16"}, "ERREUR_VALIDATION"),
    ("dateFacture offset", {"dateFacture": "2024-03-16T00:00:00+01:00"}, "ERREUR_VALIDATION"),
    ("dateFacture 4 decimals", {"dateFacture": "2024-03-16T00:00:00.0000Z"}, "ERREUR_VALIDATION"),
    (
        "dateFacture microseconds",
        {"dateFacture": "2024-03-16T00:00:00.000000Z"},
        "ERREUR_VALIDATION",
    ),
    (
        "dateFacture dot without digits",
        {"dateFacture": "2024-03-16T00:00:00.Z"},
        "ERREUR_VALIDATION",
    ),
    ("dateFacture future", {"dateFacture": "2024-03-21T00:00:00Z"}, "ERR_DATE_FUTUR"),
    (
        "dateFinEmploi future",
        {"dateFinEmploi": "2024-03-21T00:00:00Z", "dateFacture": "2024-03-20T00:00:00Z"},
        ["ERR_DATE_FUTUR", "ERREUR_VALIDATION"],
    ),
    (
        "dateFacture before dateFinEmploi",
        {"dateFacture": "2024-03-14T00:00:00Z"},
        "ERREUR_VALIDATION",
    ),
    (
        "both dates future",
        {"dateDebutEmploi": "2024-03-21T00:00:00Z", "dateFinEmploi": "2024-03-22T00:00:00Z"},
        ["ERR_DATE_FUTUR", "ERR_DATE_FUTUR", "ERREUR_VALIDATION"],
    ),
    (
        "fin before debut",
        {"dateDebutEmploi": "2024-03-15T00:00:00Z", "dateFinEmploi": "2024-03-05T00:00:00Z"},
        "ERR_DATE_FIN_AVANT_DATE_DEB",
    ),
    (
        "two calendar months",
        {"dateDebutEmploi": "2024-02-20T00:00:00Z"},
        "ERR_PERIODE_EMPLOI_MOIS_NON_UNIQUE",
    ),
    (
        "before activation",
        {"dateDebutEmploi": "2024-02-05T00:00:00Z", "dateFinEmploi": "2024-02-20T00:00:00Z"},
        "ERR_LIEN_PARTICULIER_PRESTATAIRE",
    ),
    (
        "line starts before activation (and before the request's period)",
        {
            "dateDebutEmploi": "2024-02-11T00:00:00Z",
            "dateFinEmploi": "2024-02-29T00:00:00Z",
            L0 + "dateDebutEmploi": "2024-02-10T00:00:00Z",
        },
        ["ERREUR_VALIDATION", "ERR_LIEN_PARTICULIER_PRESTATAIRE"],
    ),
    (
        "line in another month",
        {L0 + "dateDebutEmploi": "2024-02-28T00:00:00Z"},
        "ERR_PERIODE_EMPLOI_MOIS_NON_UNIQUE",
    ),
    (
        "line end in another month",
        {L1 + "dateFinEmploi": "2024-04-01T00:00:00Z"},
        ["ERR_DATE_FUTUR", "ERR_PERIODE_EMPLOI_MOIS_NON_UNIQUE"],
    ),
    (
        "line outside the request's period",
        {L0 + "dateDebutEmploi": "2024-03-04T00:00:00Z"},
        "ERREUR_VALIDATION",
    ),
    (
        "line ends after the request's period",
        {L1 + "dateFinEmploi": "2024-03-16T00:00:00Z"},
        "ERREUR_VALIDATION",
    ),
    ("line date format", {L0 + "dateFinEmploi": "15/03/2024"}, "ERREUR_VALIDATION"),
    (
        "line date future",
        {L0 + "dateFinEmploi": "2024-03-25T00:00:00Z"},
        ["ERR_DATE_FUTUR", "ERREUR_VALIDATION"],
    ),
    (
        "line fin before debut",
        {
            L0 + "dateDebutEmploi": "2024-03-10T00:00:00Z",
            L0 + "dateFinEmploi": "2024-03-09T00:00:00Z",
        },
        "ERR_DATE_FIN_AVANT_DATE_DEB",
    ),
    (
        "dateVersementAcompte future",
        {"mntAcompte": 100, "dateVersementAcompte": "2024-04-01T00:00:00Z"},
        ["ERR_DATE_FUTUR", "ERREUR_VALIDATION"],
    ),
    (
        "dateVersementAcompte after dateFacture",
        {"mntAcompte": 100, "dateVersementAcompte": "2024-03-17T00:00:00Z"},
        "ERREUR_VALIDATION",
    ),
    (
        "dateVersementAcompte format",
        {"mntAcompte": 100, "dateVersementAcompte": "2024-03-01"},
        "ERREUR_VALIDATION",
    ),
    ("mntAcompte without its date", {"mntAcompte": 100}, "ERREUR_VALIDATION"),
    (
        "dateVersementAcompte without an amount",
        {"dateVersementAcompte": "2024-03-01T00:00:00Z"},
        "ERREUR_VALIDATION",
    ),
    # amounts: JSON numbers, <= 2 decimals (3 for the unit price), no negatives
    ("mntFactureTTC string", {"mntFactureTTC": "280.00"}, "ERR_FORMAT_VALEUR"),
    ("mntFactureTTC boolean", {"mntFactureTTC": True}, "ERR_FORMAT_VALEUR"),
    ("mntFactureTTC null", {"mntFactureTTC": None}, "ERR_FORMAT_VALEUR"),
    ("mntFactureTTC 3 decimals", {"mntFactureTTC": 280.001}, "ERR_FORMAT_VALEUR"),
    ("mntFactureHT 3 decimals", {"mntFactureHT": 254.541}, "ERR_FORMAT_VALEUR"),
    ("mntFactureTTC negative", {"mntFactureTTC": -280}, "ERR_VALEUR_NEGATIVE"),
    ("mntFactureHT negative", {"mntFactureHT": -254.54}, "ERR_VALEUR_NEGATIVE"),
    ("quantite string", {L0 + "quantite": "10"}, "ERR_FORMAT_VALEUR"),
    ("quantite 3 decimals", {L0 + "quantite": 10.001}, "ERR_FORMAT_VALEUR"),
    ("quantite negative", {L0 + "quantite": -10}, "ERR_VALEUR_NEGATIVE"),
    ("mntUnitaireTTC 4 decimals", {L0 + "mntUnitaireTTC": 25.0001}, "ERR_FORMAT_VALEUR"),
    ("mntUnitaireTTC negative", {L0 + "mntUnitaireTTC": -25}, "ERR_VALEUR_NEGATIVE"),
    ("mntPrestationTTC 3 decimals", {L0 + "mntPrestationTTC": 250.001}, "ERR_FORMAT_VALEUR"),
    ("mntPrestationHT string", {L0 + "mntPrestationHT": "227.27"}, "ERR_FORMAT_VALEUR"),
    ("mntPrestationTVA negative", {L0 + "mntPrestationTVA": -22.73}, "ERR_VALEUR_NEGATIVE"),
    ("mntAcompte string", {"mntAcompte": "10", **DEPOSIT_DATE}, "ERR_FORMAT_VALEUR"),
    ("mntAcompte negative", {"mntAcompte": -10, **DEPOSIT_DATE}, "ERR_VALEUR_NEGATIVE"),
    ("mntAcompte zero", {"mntAcompte": 0, **DEPOSIT_DATE}, "ERR_FORMAT_VALEUR"),
    # zero amounts: a zero line is refused, only the VAT may be 0
    ("quantite zero", {L0 + "quantite": 0}, "ERR_FORMAT_VALEUR"),
    ("mntUnitaireTTC zero", {L0 + "mntUnitaireTTC": 0}, "ERR_FORMAT_VALEUR"),
    (
        "zero line",
        {
            L1 + "mntUnitaireTTC": 0,
            L1 + "mntPrestationTTC": 0,
            L1 + "mntPrestationHT": 0,
            L1 + "mntPrestationTVA": 0,
            "mntFactureTTC": 250,
            "mntFactureHT": 227.27,
        },
        ["ERR_FORMAT_VALEUR"] * 3,
    ),
    (
        "zero invoice",
        {"mntFactureTTC": 0, "mntFactureHT": 0},
        ["ERR_FORMAT_VALEUR"] * 2,
    ),
    # amount consistency
    (
        "qty x unit != TTC",
        {
            L0 + "mntPrestationTTC": 251,
            L0 + "mntPrestationHT": 228.27,
            "mntFactureTTC": 281,
            "mntFactureHT": 255.54,
        },
        "ERR_MNT_PREST_TTC",
    ),
    (
        "qty x unit off by 0.011",
        {
            L0 + "quantite": 3,
            L0 + "mntUnitaireTTC": 33.337,
            L0 + "mntPrestationTTC": 100,
            L0 + "mntPrestationHT": 90.91,
            L0 + "mntPrestationTVA": 9.09,
            "mntFactureTTC": 130,
            "mntFactureHT": 118.18,
        },
        "ERR_MNT_PREST_TTC",
    ),
    ("HT + TVA != TTC", {L0 + "mntPrestationTVA": 22.74}, "ERR_MNT_PREST_HT_TVA"),
    ("sum of TTC != mntFactureTTC", {"mntFactureTTC": 280.01}, "ERR_TOTAL_PRESTATIONS"),
    ("sum of HT != mntFactureHT", {"mntFactureHT": 254.55}, "ERR_TOTAL_PRESTATIONS"),
    (
        "qty x unit on a half cent that the rounding rules disagree on",
        {
            L1 + "quantite": 1.5,
            L1 + "unite": "HEURE",
            L1 + "mntUnitaireTTC": 10.03,
            L1 + "mntPrestationTTC": 15.05,
            L1 + "mntPrestationHT": 13.68,
            L1 + "mntPrestationTVA": 1.37,
            "mntFactureTTC": 265.05,
            "mntFactureHT": 240.95,
        },
        "ERR_MNT_PREST_TTC",
    ),
    ("deposit above 50 %", {"mntAcompte": 140.01, **DEPOSIT_DATE}, "ERR_MONTANT_ACOMPTE"),
    # codes
    ("codeNature ENF", {L0 + "codeNature": "ENF"}, "ERR_CODE_NATURE"),
    ("codeNature 15", {L0 + "codeNature": "15"}, "ERR_CODE_NATURE"),
    ("codeNature 270 not eligible", {L0 + "codeNature": "270"}, "ERR_CODE_NATURE"),
    ("codeNature number", {L0 + "codeNature": 60}, "ERREUR_VALIDATION"),
    ("codeActivite sent", {L0 + "codeActivite": "01"}, "ERR_CODE_ACTIVITE"),
    ("unite JOUR", {L0 + "unite": "JOUR"}, "ERREUR_VALIDATION"),
    ("unite lowercase", {L0 + "unite": "heure"}, "ERREUR_VALIDATION"),
    # intervenant (complement2)
    ("complement2 absent", {L0 + "complement2": DELETE}, "ERR_NUMINTERVENANT_MANQUANT"),
    ("complement2 empty", {L1 + "complement2": ""}, "ERR_NUMINTERVENANT_MANQUANT"),
    ("complement2 SAP 8 digits", {L0 + "complement2": "SAP12345678"}, "ERR_FORMAT_NUMINTERVENANT"),
    (
        "complement2 SIR 13 digits",
        {L0 + "complement2": "SIR1234567890123"},
        "ERR_FORMAT_NUMINTERVENANT",
    ),
    ("complement2 lowercase", {L0 + "complement2": "sap123456789"}, "ERR_FORMAT_NUMINTERVENANT"),
    ("complement2 bare SIRET", {L0 + "complement2": "12345678901234"}, "ERR_FORMAT_NUMINTERVENANT"),
    ("complement2 number", {L0 + "complement2": 123456789}, "ERREUR_VALIDATION"),
    # the client
    (
        "unknown idClient",
        {"idClient": "00000000-0000-0000-0000-000000000000"},
        "ERR_PARTICULIER_INCONNU",
    ),
    (
        "wrong birth date",
        {"dateNaissanceClient": "1980-03-28T00:00:00Z"},
        "ERR_PARTICULIER_INCONNU",
    ),
]


@pytest.mark.parametrize(
    ("changes", "expected"), [rule[1:] for rule in RULES], ids=[rule[0] for rule in RULES]
)
def test_payment_request_rule(sandbox, api, active_client, changes, expected):
    sandbox.allow_deposits()
    item = mutate(payment_request(active_client), changes)
    result = _submit_one(api, item)
    expected = expected if isinstance(expected, list) else [expected]
    assert _errors(result) == expected
    assert "idDemandePaiement" not in result and "statut" not in result
    for error in result["errors"]:
        assert set(error) == {"code", "message", "description"}
    assert api.search({"numFactureTiers": ["FA2024-0001"]}).status_code == 400  # not stored


def test_payment_request_collects_every_error(api, active_client):
    item = mutate(
        payment_request(active_client),
        {
            "dateFacture": "2024-03-16",
            L0 + "codeNature": "999",
            L1 + "complement2": DELETE,
            "mntFactureHT": 1,
        },
    )
    assert sorted(_errors(_submit_one(api, item))) == [
        "ERREUR_VALIDATION",
        "ERR_CODE_NATURE",
        "ERR_NUMINTERVENANT_MANQUANT",
        "ERR_TOTAL_PRESTATIONS",
    ]


def test_deposits_need_urssafs_authorisation(sandbox, api, active_client):
    item = payment_request(active_client, mntAcompte=100, **DEPOSIT_DATE)
    assert _errors(_submit_one(api, item)) == ["ERR_ACOMPTE_BLOQUE"]
    sandbox.allow_deposits()
    assert _submit_one(api, item)["errors"] == []
    sandbox.reset()  # a reset forbids them again
    answer = requests.post(
        sandbox.url + "/_sandbox/config", json={"deposits_allowed": "yes"}, timeout=5
    )
    assert answer.status_code == 400


def test_duplicate_invoice_number(api, active_client):
    first = _submit_one(api, payment_request(active_client))
    assert first["errors"] == []
    again = _submit_one(api, payment_request(active_client))
    assert _errors(again) == ["ERR_FACTURE_DOUBLON"]
    assert again["numFactureTiers"] == "FA2024-0001"


def test_duplicate_inside_one_batch_and_per_item_results(api, active_client):
    batch = [
        payment_request(active_client, "FA-1"),
        payment_request(active_client, "FA-1"),
        mutate(payment_request(active_client, "FA-2"), {"mntFactureTTC": 1}),
        payment_request(active_client, "FA-3"),
    ]
    answer = api.submit(batch)
    assert answer.status_code == 200
    results = answer.json()
    assert [_errors(r) for r in results] == [
        [],
        ["ERR_FACTURE_DOUBLON"],
        ["ERR_TOTAL_PRESTATIONS"],
        [],
    ]
    assert [r["numFactureTiers"] for r in results] == ["FA-1", "FA-1", "FA-2", "FA-3"]
    assert results[0]["idDemandePaiement"] != results[3]["idDemandePaiement"]


def test_a_rejected_number_can_be_used_again(api, active_client):
    bad = mutate(payment_request(active_client), {"mntFactureTTC": 1})
    assert _errors(_submit_one(api, bad)) == ["ERR_TOTAL_PRESTATIONS"]
    assert _submit_one(api, payment_request(active_client))["errors"] == []


def test_ten_per_call(api, active_client):
    batch = [payment_request(active_client, f"FA-{n}") for n in range(10)]
    answer = api.submit(batch)
    assert answer.status_code == 200
    assert all(r["statut"] == "10" for r in answer.json())
    eleven = [payment_request(active_client, f"FB-{n}") for n in range(11)]
    answer = api.submit(eleven)
    assert answer.status_code == 400
    assert codes(answer) == ["ERR_NBRE_PREST_MAX"]


@pytest.mark.parametrize(
    "raw",
    [b"[]", b"{}", b'"x"', b"[1]", b"[{}, 2]", b"[", b'[{"mntFactureTTC": NaN}]', b"null"],
)
def test_malformed_submission_is_a_400(api, raw):
    answer = api.call(
        "POST", "/demandePaiement", data=raw, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 400
    assert codes(answer) == ["ERREUR_VALIDATION"]


def test_submission_is_atomic_per_invoice_number_under_concurrency(api, active_client, sandbox):
    token = api.request_token().json()["access_token"]  # fresh: the fixture moved the clock
    results = []

    def send():
        answer = requests.post(
            sandbox.url + "/atp/v1/tiersPrestations/demandePaiement",
            json=[payment_request(active_client, "FA-RACE")],
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        results.append(answer.json()[0])

    threads = [threading.Thread(target=send) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    accepted = [r for r in results if not r["errors"]]
    assert len(results) == 12 and len(accepted) == 1
    assert all(_errors(r) == ["ERR_FACTURE_DOUBLON"] for r in results if r["errors"])


# -- client states -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("local_part", "days", "code"),
    [
        ("nouveau", 0.5, "ERR_LIEN_PARTICULIER_PRESTATAIRE"),  # not activated yet
        ("jamais", 20, "ERR_LIEN_PARTICULIER_PRESTATAIRE"),
        ("refus", 2, "ERR_LIEN_PARTICULIER_PRESTATAIRE"),
        ("rompu", 4, "ERR_LIEN_PARTICULIER_PRESTATAIRE"),
        ("bloque", 3, "ERR_CMPT_BLOQUE"),
        ("mandat", 4, "ERR_MANDAT_ECHU"),
        ("bloque", 1.5, None),  # active before being blocked
        ("mandat", 2, None),
        ("existant", 1.5, None),
    ],
)
def test_client_state_rules(sandbox, api, local_part, days, code):
    sandbox.set_now(REGISTERED_AT)
    id_client = api.register(person(local_part)).json()["idClient"]
    sandbox.set_now(REGISTERED_AT + timedelta(days=days))
    day = "2024-02-10T00:00:00Z" if days < 1 else "2024-02-11T00:00:00Z"  # never in the future
    item = payment_request(id_client, dateFacture=day, dateDebutEmploi=day, dateFinEmploi=day)
    assert _errors(_submit_one(api, item)) == ([code] if code else [])


def test_same_day_as_activation_is_allowed(api, active_client):
    item = payment_request(
        active_client,
        dateFacture="2024-02-11T00:00:00Z",
        dateDebutEmploi="2024-02-11T00:00:00Z",
        dateFinEmploi="2024-02-11T00:00:00Z",
    )
    assert _submit_one(api, item)["errors"] == []


# -- lifecycle (E4 reads the status from the clock) ------------------------------------------------


def _created_at(sandbox, id_dp):
    return sandbox.state.payment_requests[id_dp].created_at


def _read(api, id_dp):
    answer = api.search({"idDemandePaiements": [id_dp]})
    assert answer.status_code == 200, answer.text
    (info,) = answer.json()["infoDemandePaiements"]
    return info


@pytest.mark.parametrize(
    ("after", "code", "label"),
    [
        (timedelta(0), "10", "Intégrée"),
        (timedelta(minutes=59), "10", "Intégrée"),
        (timedelta(hours=1), "20", "En attente de validation"),
        (timedelta(hours=48, minutes=59), "20", "En attente de validation"),
        (timedelta(hours=49), "30", "Validée"),
        (timedelta(hours=96, minutes=59), "30", "Validée"),
        (timedelta(hours=97), "50", "Prélevée"),
        (timedelta(hours=192, minutes=59), "50", "Prélevée"),
        (timedelta(hours=193), "70", "Payée"),
        (timedelta(days=60), "70", "Payée"),
    ],
)
def test_lifecycle(sandbox, api, active_client, after, code, label):
    item = payment_request(active_client)
    id_dp = _submit_one(api, item)["idDemandePaiement"]
    sandbox.set_now(_created_at(sandbox, id_dp) + after)
    info = _read(api, id_dp)
    assert info["idDemandePaiement"] == id_dp
    assert info["statut"] == {"code": code, "libelle": label}
    assert info["demandePaiement"] == item
    assert "infoRejet" not in info
    if code == "70":
        assert info["infoVirement"] == {"mntVirement": 280, "dateVirement": "2024-03-28T00:00:00Z"}
    elif code == "50":  # transfer announced, amount not yet there
        assert info["infoVirement"] == {"dateVirement": "2024-03-28T00:00:00Z"}
    else:
        assert "infoVirement" not in info


@pytest.mark.parametrize(
    ("after", "code"),
    [(timedelta(minutes=30), "10"), (timedelta(hours=2), "20"), (timedelta(hours=25), "40")],
)
def test_invoice_numbered_refus_is_contested(sandbox, api, active_client, after, code):
    id_dp = _submit_one(api, payment_request(active_client, "REFUS-0001"))["idDemandePaiement"]
    sandbox.set_now(_created_at(sandbox, id_dp) + after)
    info = _read(api, id_dp)
    assert info["statut"]["code"] == code
    if code == "40":
        assert info["statut"]["libelle"] == "Refusée"
        assert info["infoRejet"]["code"] == "CONTEST_ERR_FACT"
        assert info["infoRejet"]["commentaire"]
        sandbox.advance(days=30)
        assert _read(api, id_dp)["statut"]["code"] == "40"
    else:
        assert "infoRejet" not in info


def test_mnt_virement_keeps_the_cents(sandbox, api, active_client):
    item = mutate(
        payment_request(active_client),
        {L1 + "mntUnitaireTTC": 30.5, L1 + "mntPrestationTTC": 30.5, L1 + "mntPrestationTVA": 3.23},
    )
    item["mntFactureTTC"] = 280.5
    id_dp = _submit_one(api, item)["idDemandePaiement"]
    sandbox.advance(days=9)
    info = _read(api, id_dp)
    assert info["infoVirement"]["mntVirement"] == 280.5
    assert info["demandePaiement"]["mntFactureTTC"] == 280.5


# -- scenario triggers for the follow-up (invoice-number prefix) ------------------------------


SCENARIO_LIVES = [
    ("FA-0001", ["10", "20", "30", "50", "70"], None),
    ("REFUS-1", ["10", "20", "40"], "CONTEST_ERR_FACT"),
    ("impaye-1", ["10", "20", "30", "50", "70", "60"], None),
    ("RECOUVRE-1", ["10", "20", "30", "50", "70", "60", "120"], None),
    ("ANNUL-1", ["10", "20", "110"], "ANNUL_ERR_MNT"),
    ("ANNULIMPAYE-1", ["10", "20", "30", "50", "70", "60", "111"], "ANNUL_AUTRE"),
    ("ANNULRECOUVRE-1", ["10", "20", "30", "50", "70", "60", "120", "112"], "ANNUL_AUTRE"),
    ("ANNULTECH-1", ["10", "20", "113"], "ANNUL_ERR_TECH"),
]


@pytest.mark.parametrize(("number", "statuses", "reject"), SCENARIO_LIVES)
def test_scenario_lives_read_through_e4(sandbox, api, active_client, number, statuses, reject):
    """Walk the request's timeline on the sandbox clock, reading each step through E4."""
    item = payment_request(active_client, number)
    id_dp = _submit_one(api, item)["idDemandePaiement"]
    moments = [moment for moment, _status in sandbox.state.payment_requests[id_dp].timeline()]
    seen = []
    for index, moment in enumerate(moments):
        sandbox.set_now(moment + timedelta(minutes=1))
        info = _read(api, id_dp)
        seen.append(info["statut"]["code"])
        assert info["statut"]["libelle"]
        last = index == len(moments) - 1
        if reject and last:
            assert info["infoRejet"]["code"] == reject and info["infoRejet"]["commentaire"]
        else:
            assert "infoRejet" not in info
        paid = "70" in seen
        if paid:  # once paid, the transfer stays visible whatever follows
            assert info["infoVirement"]["mntVirement"] == 280
            assert info["infoVirement"]["dateVirement"].endswith("T00:00:00Z")
        elif seen[-1] == "50":
            assert set(info["infoVirement"]) == {"dateVirement"}
        else:
            assert "infoVirement" not in info
        if index:  # one minute before the step, the previous status
            sandbox.set_now(moment - timedelta(minutes=1))
            assert _read(api, id_dp)["statut"]["code"] == seen[-2]
    assert seen == statuses
    sandbox.advance(days=90)
    assert _read(api, id_dp)["statut"]["code"] == statuses[-1]  # final


def test_transfer_amount_after_the_status_paid(sandbox, api, active_client):
    """``VIRDIFFERE…``: at 70 the transfer is only scheduled (date without amount); the amount
    shows a day later."""
    id_dp = _submit_one(api, payment_request(active_client, "VIRDIFFERE-1"))["idDemandePaiement"]
    paid_at = sandbox.state.payment_requests[id_dp].timeline()[-1][0]
    sandbox.set_now(paid_at + timedelta(hours=1))
    info = _read(api, id_dp)
    assert info["statut"]["code"] == "70"
    assert set(info["infoVirement"]) == {"dateVirement"}
    sandbox.set_now(paid_at + timedelta(days=1, minutes=1))
    assert _read(api, id_dp)["infoVirement"]["mntVirement"] == 280
