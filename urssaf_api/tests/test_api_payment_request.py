"""Payment requests: every rule checked before sending, the payload built from checked data."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal

import pytest
from payment_samples import TODAY, Typed, build_payment_request, erp_amounts, valid_data

from urssaf_api.billing import (
    FIELD_LABELS,
    PaymentLine,
    check_payment_request,
    json_number,
    normalize_unit,
    payment_request_warnings,
    prepare_payment_request,
)
from urssaf_api.billing.mention import advance_split, euros, invoice_mention
from urssaf_api.texts_fr import typography

D = Decimal


def _fields(data, today=TODAY):
    return [p.field for p in check_payment_request(data, today)]


def _line(**changes):
    return dataclasses.replace(valid_data().lines[0], **changes)


def test_valid_invoice_gives_the_contract_payload():
    assert build_payment_request(valid_data(), TODAY) == {
        "idTiersFacturation": "menage.fr",
        "idClient": "c0ffee00-0000-4000-8000-000000000001",
        "dateNaissanceClient": "1980-03-29T00:00:00.000Z",
        "numFactureTiers": "FA2024-0001",
        "dateFacture": "2024-03-16T00:00:00Z",
        "dateDebutEmploi": "2024-03-05T00:00:00Z",
        "dateFinEmploi": "2024-03-15T00:00:00Z",
        "mntFactureTTC": 280,
        "mntFactureHT": 254.54,
        "inputPrestations": [
            {
                "codeNature": "60",
                "quantite": 10,
                "unite": "HEURE",
                "mntUnitaireTTC": 25,
                "mntPrestationTTC": 250,
                "mntPrestationHT": 227.27,
                "mntPrestationTVA": 22.73,
                "complement2": "SAP123456789",
            },
            {
                "codeNature": "120",
                "quantite": 1,
                "unite": "FORFAIT",
                "mntUnitaireTTC": 30,
                "mntPrestationTTC": 30,
                "mntPrestationHT": 27.27,
                "mntPrestationTVA": 2.73,
                "complement2": "SAP123456789",
            },
        ],
    }


def test_payload_is_plain_json_with_exact_amounts():
    lines, total_ht, total_ttc = erp_amounts(
        [Typed(D(3), D("30.30"), D(10), included=True), Typed(D("1.75"), D("19.99"), D("5.5"))]
    )
    payload = build_payment_request(
        valid_data(lines=lines, total_ht=total_ht, total_ttc=total_ttc), TODAY
    )
    decoded = json.loads(json.dumps(payload), parse_float=D)
    assert decoded["mntFactureTTC"] == total_ttc and decoded["mntFactureHT"] == total_ht
    items = decoded["inputPrestations"]
    assert sum(i["mntPrestationTTC"] for i in items) == total_ttc
    assert items[0]["mntUnitaireTTC"] == D("30.3") and items[0]["quantite"] == 3
    assert items[1]["quantite"] == D("1.75")


@pytest.mark.parametrize(
    ("value", "expected"), [(D("280.00"), 280), (D("254.54"), 254.54), (D("33.333"), 33.333)]
)
def test_json_number(value, expected):
    number = json_number(value)
    assert number == expected and type(number) is type(expected)
    assert D(json.dumps(number)) == value


def test_vat_exempt_provider_sends_ht_equal_to_ttc():
    lines, total_ht, total_ttc = erp_amounts([Typed(D(4), D("21.50"), D(0))])
    payload = build_payment_request(
        valid_data(lines=lines, total_ht=total_ht, total_ttc=total_ttc), TODAY
    )
    assert payload["mntFactureHT"] == payload["mntFactureTTC"] == 86
    assert payload["inputPrestations"][0]["mntPrestationTVA"] == 0


def test_rounding_cent_is_told():
    typed = [Typed(D(q), D("10.03"), D("5.5")) for q in (1, 2, 1)]
    lines, total_ht, total_ttc = erp_amounts(typed, "globally")
    prepared = prepare_payment_request(
        valid_data(lines=lines, total_ht=total_ht, total_ttc=total_ttc), TODAY
    )
    assert prepared.problems == []
    assert prepared.payload["inputPrestations"][1]["mntPrestationTTC"] == 21.17
    (note,) = prepared.notes
    assert "ligne 2" in note.fr and "0.01" in note.fr and "line 2" in note.en


def test_split_line_is_told_and_keeps_nature_unit_and_dates():
    lines, total_ht, total_ttc = erp_amounts([Typed(D(35), D("20.01"), D(10))])
    lines[0].start_date, lines[0].end_date = date(2024, 3, 5), date(2024, 3, 15)
    prepared = prepare_payment_request(
        valid_data(lines=lines, total_ht=total_ht, total_ttc=total_ttc), TODAY
    )
    first, second = prepared.payload["inputPrestations"]
    assert first["quantite"] == 34 and second["quantite"] == 1
    for item in (first, second):
        assert (item["codeNature"], item["unite"]) == ("60", "HEURE")
        assert item["dateDebutEmploi"] == "2024-03-05T00:00:00Z"
    assert "deux prestations" in prepared.notes[0].fr


def test_deposit_is_sent_with_its_date():
    data = valid_data(deposit_amount=D("140"), deposit_date=date(2024, 3, 1))
    payload = build_payment_request(data, TODAY)
    assert payload["mntAcompte"] == 140
    assert payload["dateVersementAcompte"] == "2024-03-01T00:00:00Z"
    assert list(payload).index("mntAcompte") < list(payload).index("mntFactureTTC")


def test_deposit_warns_unless_the_company_is_authorised():
    data = valid_data(deposit_amount=D("50"), deposit_date=date(2024, 3, 1))
    prepared = prepare_payment_request(data, TODAY)
    assert prepared.problems == [] and prepared.payload is not None
    (warning,) = prepared.warnings
    assert warning.field == "deposit_amount" and "ERR_ACOMPTE_BLOQUE" in warning.message_fr
    assert payment_request_warnings(data) == [warning]
    authorised = dataclasses.replace(data, deposits_authorised=True)
    assert prepare_payment_request(authorised, TODAY).warnings == []
    assert payment_request_warnings(valid_data()) == []


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        # the service period
        ({"start_date": None}, ["start_date"]),
        ({"end_date": None}, ["end_date"]),
        ({"start_date": date(2024, 3, 16)}, ["end_date"]),  # end before start
        ({"start_date": date(2024, 2, 28)}, ["end_date"]),  # two months
        (
            {"end_date": date(2024, 3, 21), "invoice_date": date(2024, 3, 21)},
            ["end_date", "invoice_date"],
        ),
        ({"start_date": date(2024, 2, 10), "end_date": date(2024, 2, 20)}, ["start_date"]),
        # the invoice date
        ({"invoice_date": None}, ["invoice_date"]),
        ({"invoice_date": date(2024, 3, 14)}, ["invoice_date"]),  # before the last day
        ({"invoice_date": date(2024, 3, 21)}, ["invoice_date"]),  # future
        ({"invoice_date": "2024-03-16"}, []),  # ISO text is understood
        ({"invoice_date": "16/03/2024"}, ["invoice_date"]),
        # the client and the provider
        ({"id_client": None}, ["id_client"]),
        ({"id_client": "  "}, ["id_client"]),
        ({"client_active": False}, ["client_active"]),
        ({"client_active_since": None}, ["client_active"]),
        ({"client_birth_date": None}, ["client_birth_date"]),
        ({"provider_id": None}, ["provider_id"]),
        ({"provider_id": "SAP12345678"}, ["provider_id"]),
        ({"provider_id": "SIR12345678901234"}, []),
        # invoice, currency
        ({"invoice_number": None}, ["invoice_number"]),
        ({"invoice_number": "FA 1\n"}, ["invoice_number"]),
        ({"currency": "USD"}, ["currency"]),
        ({"currency": None}, ["currency"]),
        ({"lines": []}, ["lines"]),
        # deposit
        ({"deposit_amount": D("140.01"), "deposit_date": date(2024, 3, 1)}, ["deposit_amount"]),
        ({"deposit_amount": D("100")}, ["deposit_date"]),
        ({"deposit_date": date(2024, 3, 1)}, ["deposit_amount"]),
        ({"deposit_amount": D("-1"), "deposit_date": date(2024, 3, 1)}, ["deposit_amount"]),
        ({"deposit_amount": D("1.001"), "deposit_date": date(2024, 3, 1)}, ["deposit_amount"]),
        ({"deposit_amount": D("10"), "deposit_date": date(2024, 3, 17)}, ["deposit_date"]),
        ({"deposit_amount": D("0"), "deposit_date": None}, []),
    ],
)
def test_each_rule_names_its_field(changes, fields):
    assert _fields(valid_data(**changes)) == fields


def test_same_day_as_activation_and_as_today_is_allowed():
    day = date(2024, 2, 11)
    data = valid_data(start_date=day, end_date=day, invoice_date=day)
    assert _fields(data) == []
    today = date(2024, 3, 20)
    data = valid_data(start_date=today, end_date=today, invoice_date=today)
    assert _fields(data) == []


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ({"nature_code": None}, ["lines[0].nature_code"]),
        ({"nature_code": "270"}, ["lines[0].nature_code"]),
        ({"nature_code": "ENF"}, ["lines[0].nature_code"]),
        ({"nature_code": "260"}, []),
        ({"unit": None}, ["lines[0].unit"]),
        ({"unit": "JOUR"}, ["lines[0].unit"]),
        ({"unit": "hour"}, []),
        ({"start_date": date(2024, 3, 4)}, ["lines[0].start_date"]),
        ({"end_date": date(2024, 3, 16)}, ["lines[0].end_date"]),
        ({"start_date": date(2024, 3, 10), "end_date": date(2024, 3, 9)}, ["lines[0].end_date"]),
        ({"start_date": date(2024, 3, 5), "end_date": date(2024, 3, 15)}, []),
    ],
)
def test_each_line_rule_names_the_line(line, fields):
    data = valid_data()
    data.lines[0] = dataclasses.replace(data.lines[0], **line)
    assert _fields(data) == fields


def test_ineligible_nature_says_what_to_do():
    data = valid_data()
    data.lines[1].nature_code = "270"
    (problem,) = check_payment_request(data, TODAY)
    assert problem.message_fr.startswith(typography("Facture FA2024-0001 : ligne 2"))
    assert "n'ouvre pas droit" in problem.message_fr and "not eligible" in problem.message_en


@pytest.mark.parametrize(
    ("value", "unit"),
    [("HEURE", "HEURE"), ("forfait", "FORFAIT"), ("Hour", "HEURE"), ("flat rate", "FORFAIT")]
    + [("jour", None), (None, None), (3, None)],
)
def test_normalize_unit(value, unit):
    assert normalize_unit(value) == unit


def test_a_credit_note_is_refused_with_what_to_do():
    problems = check_payment_request(valid_data(is_credit_note=True), TODAY)
    assert [p.field for p in problems] == ["is_credit_note"]
    assert "nouveau numéro" in problems[0].message_fr
    assert "new number" in problems[0].message_en


def test_a_negative_discount_line_says_what_to_do():
    data = valid_data()
    data.lines.append(PaymentLine("60", "FORFAIT", D(1), D("-9.09"), D("-10"), label="Remise"))
    data.total_ht, data.total_ttc = D("245.45"), D("270")
    problems = check_payment_request(data, TODAY)
    assert [p.field for p in problems] == ["lines[2].amount_ttc"]
    assert "(Remise)" in problems[0].message_fr and "remise %" in problems[0].message_fr


def test_every_problem_at_once_in_both_languages():
    data = valid_data(
        invoice_date=date(2024, 3, 25),
        start_date=date(2024, 2, 25),
        client_active=False,
        currency="GBP",
        provider_id="",
        deposit_amount=D("500"),
        deposit_date=date(2024, 3, 1),
    )
    data.lines[0].nature_code = "270"
    data.lines[1].quantity = D("-1")
    problems = check_payment_request(data, TODAY)
    assert [p.field for p in problems] == [
        "currency",
        "client_active",
        "provider_id",
        "end_date",
        "invoice_date",
        "lines[0].nature_code",
        "lines[1].quantity",
        "deposit_amount",
    ]
    for problem in problems:
        assert problem.message_fr.startswith(typography("Facture FA2024-0001 : "))
        assert problem.message_en.startswith("Invoice FA2024-0001: ")
        name = problem.field.split(".")[-1]
        label = FIELD_LABELS[name if name in FIELD_LABELS else "lines"]
        label_fr, label_en = label.fr, label.en
        if not problem.field.startswith("lines"):
            assert label_fr in problem.message_fr and label_en in problem.message_en
    prepared = prepare_payment_request(data, TODAY)
    assert prepared.payload is None
    assert prepared.problems == problems


GARBAGE = [None, "", "x", 3, -1, 1.5, True, [], {}, object(), D("NaN"), date(2099, 1, 1)]


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(valid_data())])
@pytest.mark.parametrize("value", GARBAGE, ids=repr)
def test_garbage_in_any_field_is_a_problem_never_an_exception(field, value):
    prepared = prepare_payment_request(valid_data(**{field: value}), TODAY)
    assert (prepared.payload is None) == bool(prepared.problems)
    for problem in prepared.problems:
        assert problem.message_fr and problem.message_en


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(PaymentLine)])
@pytest.mark.parametrize("value", GARBAGE, ids=repr)
def test_garbage_in_any_line_field_is_a_problem_never_an_exception(field, value):
    data = valid_data()
    data.lines[1] = dataclasses.replace(data.lines[1], **{field: value})
    prepared = prepare_payment_request(data, TODAY)
    assert (prepared.payload is None) == bool(prepared.problems)


@pytest.mark.parametrize(
    ("total", "advanced", "share"),
    [("305", "152.50", "152.50"), ("280.01", "140.00", "140.01"), ("0.01", "0", "0.01")]
    + [("1234.57", "617.28", "617.29")],
)
def test_the_advance_and_the_clients_share_add_up(total, advanced, share):
    assert advance_split(D(total)) == (D(advanced), D(share))
    assert sum(advance_split(D(total))) == D(total)


def test_invoice_mention_in_french():
    lines = invoice_mention(D("1234.5"), "12345678901234", deposit=D("100"))
    assert lines[1] == "Montant de la facture : 1\u202f234,50\u00a0€"
    assert lines[2] == "Crédit d'impôt avancé par l'URSSAF (50 %) : 617,25\u00a0€"
    assert lines[3].startswith("Reste à votre charge : 617,25\u00a0€")
    assert lines[-2] == "Dont acompte déjà versé : 100,00\u00a0€."
    assert lines[-1] == "Demande de paiement URSSAF n° 12345678901234."
    assert euros(D("0.5")) == "0,50\u00a0€"
