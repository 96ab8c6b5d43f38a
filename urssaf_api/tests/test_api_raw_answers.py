"""URSSAF's raw answers are kept as text, with nothing secret in them."""

import json

from urssaf_api.results import parse_payment_info, parse_submit_results, redacted_json

IBAN = "FR7630006000011234567890189"


def test_an_e4_item_keeps_its_raw_answer_redacted():
    raw = {
        "idDemandePaiement": "DP-1",
        "statut": {"code": "70", "libelle": "Payée"},
        "infoVirement": {"mntVirement": 120.5, "dateVirement": "2026-11-20"},
        "demandePaiement": {"numFactureTiers": "INV/1", "idClient": "C-1"},
        "note": f"paid to {IBAN} with Bearer abc.def-123",
        "access_token": "s3cr3t",
    }
    info = parse_payment_info(raw)
    text = info.raw_json
    assert IBAN not in text
    assert "FR76 **** **** 0189" in text
    assert "abc.def-123" not in text and "s3cr3t" not in text
    # everything else is kept as URSSAF sent it
    kept = json.loads(text)
    assert kept["idDemandePaiement"] == "DP-1"
    assert kept["statut"] == {"code": "70", "libelle": "Payée"}
    assert kept["infoVirement"] == {"mntVirement": 120.5, "dateVirement": "2026-11-20"}
    assert kept["demandePaiement"]["idClient"] == "C-1"
    # the parsed values still come from the raw answer itself
    assert info.status == "70" and info.raw["note"].endswith("abc.def-123")


def test_an_e3_item_keeps_its_raw_answer_redacted():
    raw = {"idDemandePaiement": "DP-2", "numFactureTiers": "INV/2", "statut": "10", "iban": IBAN}
    [result] = parse_submit_results([raw], [{"idClient": "C-2"}])
    kept = json.loads(result.raw_json)
    assert kept["idDemandePaiement"] == "DP-2"
    assert kept["iban"] == "FR76 **** **** 0189"


def test_an_empty_answer_keeps_nothing():
    assert redacted_json({}) is None
    assert redacted_json(None) is None
    assert parse_payment_info(None).raw_json is None
