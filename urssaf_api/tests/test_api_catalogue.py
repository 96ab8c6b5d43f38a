"""Catalogue: every code of the contract, bilingual, with actionable French; lookups never raise."""

from __future__ import annotations

import re
from dataclasses import fields
from decimal import Decimal

import pytest

from urssaf_api import catalogue
from urssaf_api.catalogue import (
    CLIENT_STATUSES,
    ERRORS,
    NATURE_CODES,
    PAYMENT_STATUSES,
    REJECT_REASONS,
    explain_error,
)
from urssaf_api.errors import ErrorItem, UrssafBusinessError
from urssaf_api.registration import RegistrationData
from urssaf_api.texts_fr import typography

# Every error code listed in the contract (urssaf-api.md §6), written out on purpose: the test
# fails if one is dropped from the catalogue.
CONTRACT_ERROR_CODES = """
ERR_DGFIP_R2P_INCONNU ERR_DGFIP_IMPOTPART_INCONNU ERR_ECV_PARTICULIERS_EXISTENT
ERREUR_REFERENCE_PARTICULIER_EXISTANTE_TYPE ERR_DATE_NAISSANCE_FUTUR
ERR_LIEU_NAISSANCE_OBLIGATOIRE ERREUR_LIEU_NAISSANCE_DEPT ERREUR_LIEU_NAISSANCE_DEPT_FORMAT
ERR_LIEU_NAISSANCE_COMN ERREUR_LIEU_NAISSANCE_PAYS ERREUR_LIEU_NAISSANCE_OBLIGATOIRE
ERREUR_LIEU_NAISSANCE_INVALIDE ERR_CONTACT ERR_CONTACT_ADRESSE_TYPE_VOIE
ERR_CONTACT_ADRESSE_TYPEVOIE ERR_CONTACT_ADRESSE_LETTRE_VOIE ERR_CONTACT_ADRESSE_LIBELLEVOIE
ERR_CONTACT_ADRESSE_INFORMATION_SUPPLEMENTAIRE ERR_CONTACT_ADRESSE_COMMUNE
ERR_COORDONNEES_BANCAIRES ERR_APPEL_BACB ERR_COMPTE_BLOQUE
ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE ERR_LIEN_TIERS_PRESTATION_PARTICULIER
ERREUR_VALIDATION
ERR_DATE_FUTUR ERR_DATE_PAIEMENT_AVANT_EXP ERR_PERIODE_EMPLOI_MOIS_NON_UNIQUE
ERR_DATE_FIN_AVANT_DATE_DEB ERR_MONTANT_ACOMPTE ERR_ACOMPTE_BLOQUE ERR_TOTAL_PRESTATIONS
ERR_FORMAT_VALEUR ERR_MNT_PREST_HT_TVA ERR_MNT_PREST_TTC ERR_VALEUR_NEGATIVE ERR_CODE_NATURE
ERR_CODE_ACTIVITE ERR_CODE_ACTIVITE_NATURE ERR_NBRE_PREST_MAX ERR_PARTICULIER_INCONNU
ERR_LIEN_PARTICULIER_PRESTATAIRE ERR_CMPT_BLOQUE ERR_MANDAT_ECHU
ERR_PRESTATAIRE_EMETTEUR_INCONNU ERR_PRESTATAIRE_FACTURATION_INCONNU
ERREUR_GARANTIE_FINANCIERE_NON_CONFORME ERR_FORMAT_NUMINTERVENANT ERR_NUMINTERVENANT_MANQUANT
ERR_NUMINTERVENANT_BLOQUE ERR_FACTURE_DOUBLON
ERR_CRITERE_RECHERCHE_VIDE ERR_NBRE_MAX_RESULTAT ERR_RECHERCHE_VIDE ERR_RECHERCHE_PARTICULIER
PARAM_INVALIDE
ERREUR_TECHNIQUE EMPTY_400
""".split()

CONTRACT_PAYMENT_STATUSES = "10 15 20 30 40 50 60 70 80 90 100 110 111 112 113 120 260 270".split()
CONTRACT_REJECT_REASONS = """
REGUL_MNT_FACT REGUL_NB_QTE_FACT REGUL_PRESTA_FACT REGUL_AUTRE
CONTEST_ERR_FACT CONTEST_FACT_REGLEE CONTEST_AUTRE
ANNUL_DBL ANNUL_ERR_MNT ANNUL_ERR_TECH ANNUL_AUTRE
""".split()
CONTRACT_CLIENT_STATUSES = (
    "APPAREILLAGE_EC APPAREILLAGE_VALIDE APPAREILLAGE_NF PARTICULIER_BLOQUE MANDAT_ECHU".split()
)
VAT = {
    Decimal("5.5"): "10 20 30 40 50 220",
    Decimal("10"): "60 80 90 100 110 120 130 140 150 170 190 200 230 240 250",
    Decimal("20"): "70 160 180 210 260 270",
}

ACTION_VERBS_FR = re.compile(
    r"\b(vérifiez|renseignez|corrigez|choisissez|saisissez|contactez|réessayez|utilisez|"
    r"indiquez|réduisez|envoyez|faites|retirez|attendez|lisez|transmettez|reprenez|facturez|"
    r"établissez|recouvrez|surveillez|réglez|recopiez|intégrez|rien à faire|doit|peut|pouvez|"
    r"voyez)\b",
    re.IGNORECASE,
)


def test_every_contract_error_code_is_in_the_catalogue():
    assert set(CONTRACT_ERROR_CODES) - set(ERRORS) == set()


def test_payment_statuses_reject_reasons_and_client_statuses_are_complete():
    assert list(PAYMENT_STATUSES) == CONTRACT_PAYMENT_STATUSES
    assert set(CONTRACT_REJECT_REASONS) <= set(REJECT_REASONS)
    assert set(CLIENT_STATUSES) == set(CONTRACT_CLIENT_STATUSES)


@pytest.mark.parametrize(
    "table",
    [ERRORS, PAYMENT_STATUSES, REJECT_REASONS, CLIENT_STATUSES],
    ids=["errors", "payment_statuses", "reject_reasons", "client_statuses"],
)
def test_entries_are_bilingual(table):
    for code, entry in table.items():
        for text in (entry.label_fr, entry.label_en, entry.action_fr, entry.action_en):
            assert text.strip() == text and text, code
        assert entry.action_fr != entry.action_en, code
        assert entry.known


def test_every_error_tells_the_user_what_to_do():
    missing = [c for c, e in ERRORS.items() if not ACTION_VERBS_FR.search(e.action_fr)]
    assert missing == []


def test_french_is_written_with_accents_and_typographic_spacing():
    french = " ".join(e.label_fr + " " + e.action_fr for e in ERRORS.values())
    for word in ("vérifiez", "prénoms", "déclaration", "à", "élevé", "numéro", "réessayez"):
        assert word in french.lower()
    for wrong in ("verifiez", "prenoms", " a renseigner", "numero ", "reessayez"):
        assert wrong not in french.lower()
    # French punctuation: a space before ":" and ";" (never "mot:" in the French texts)
    assert not re.search(r"\w[:;] ", french)


def test_dgfip_message_tells_what_to_check():
    assert ERRORS["ERR_DGFIP_R2P_INCONNU"].action_fr == (
        "L'identité ne correspond pas aux données des impôts\u00a0: vérifiez le nom de naissance, "
        "les prénoms, la date et le lieu de naissance."
    )


def test_entry_fields_name_registration_attributes():
    attributes = {f.name for f in fields(RegistrationData)}
    for code, entry in ERRORS.items():
        assert entry.field is None or entry.field in attributes, code


def test_nature_codes_vat_and_eligibility():
    expected = {code: rate for rate, codes in VAT.items() for code in codes.split()}
    assert {c: n.vat_rate for c, n in NATURE_CODES.items()} == expected
    assert all(isinstance(n.vat_rate, Decimal) for n in NATURE_CODES.values())
    assert [c for c, n in NATURE_CODES.items() if not n.eligible] == ["270"]
    assert all(n.label_fr and n.label_en and n.known for n in NATURE_CODES.values())


def test_explain_known_error_includes_urssaf_details():
    explanation = explain_error("ERR_FACTURE_DOUBLON", "Facture en doublon", "F-2024-001")
    assert explanation.known and explanation.code == "ERR_FACTURE_DOUBLON"
    assert explanation.fr.startswith("Facture déjà transmise (ERR_FACTURE_DOUBLON).")
    assert typography("Détail URSSAF : Facture en doublon – F-2024-001") in explanation.fr
    assert "URSSAF details: Facture en doublon – F-2024-001" in explanation.en


def test_explain_unknown_error_shows_the_code_and_text_as_they_came():
    explanation = explain_error("ERR_Nouveau-Code", "Message <brut>", "")
    assert not explanation.known
    assert "ERR_Nouveau-Code" in explanation.fr and "Message <brut>" in explanation.fr
    assert "ERR_Nouveau-Code" in explanation.en and "Message <brut>" in explanation.en


@pytest.mark.parametrize("code", [None, "", 42, "  ", object()])
def test_lookups_never_raise(code):
    for lookup in (
        catalogue.error_entry,
        catalogue.payment_status,
        catalogue.reject_reason,
        catalogue.client_status,
    ):
        entry = lookup(code)
        assert entry.label_fr and entry.label_en and not entry.known
    assert not catalogue.nature(code).eligible
    assert explain_error(code).fr


def test_lookups_find_known_codes_and_show_unknown_ones():
    assert catalogue.payment_status(70).label_fr == "Payée"
    assert catalogue.payment_status(" 20 ").label_en == "Awaiting validation"
    assert catalogue.client_status("appareillage_valide").label_fr == "Compte actif"
    assert catalogue.reject_reason("CONTEST_AUTRE").known
    unknown = catalogue.payment_status("999")
    assert "999" in unknown.label_fr and "999" in unknown.label_en
    assert catalogue.nature("60").vat_rate == Decimal("10")
    assert catalogue.nature("55").vat_rate is None and "55" in catalogue.nature("55").label_fr


def test_error_item_explanations_and_business_error_messages():
    item = ErrorItem("ERR_MANDAT_ECHU", "Mandat échu")
    assert item.known and "renouveler" in item.explanation_fr and "renew" in item.explanation_en
    assert ErrorItem.from_json({"message": "sans code"}).code == "ERREUR_SANS_CODE"
    assert ErrorItem.from_json("texte brut") == ErrorItem("ERREUR_SANS_CODE", "texte brut")
    err = UrssafBusinessError([item, ErrorItem("X_NEW")], status=400)
    assert err.codes == ["ERR_MANDAT_ECHU", "X_NEW"]
    assert err.message_fr.startswith(typography("L'URSSAF a refusé la demande : Mandat"))
    assert str(err) == err.message_en and "X_NEW" in str(err)


IBAN = "FR7630006000011234567890189"


@pytest.mark.parametrize("code", ["ERR_COORDONNEES_BANCAIRES", "ERR_NOUVEAU_CODE_2031"])
def test_urssaf_text_is_redacted_before_being_shown(code):
    """URSSAF's message/description may echo the data sent; the explanation goes to the screen
    and the chatter, so IBANs are masked and tokens hidden."""
    item = ErrorItem(
        code,
        f"IBAN {IBAN} invalide",
        "coordonneeBancaire.iban=FR76 3000 6000 0112 3456 7890 189 ; Bearer abc.DEF-123 ; "
        "client_secret=s3cr3t",
    )
    for text in (item.explanation_fr, item.explanation_en):
        assert IBAN not in text and "3000 6000 0112" not in text
        assert "FR76 **** **** 0189" in text
        assert "abc.DEF-123" not in text and "s3cr3t" not in text
    assert "IBAN FR76 **** **** 0189 invalide" in item.explanation_fr
    assert item.explanation_fr.count("FR76 **** **** 0189") == 2
    assert item.description.startswith("coordonneeBancaire.iban=FR76 3000")  # kept as it came
    explanation = explain_error(code, item.message, item.description)
    assert explanation.code == code and IBAN not in explanation.fr + explanation.en
    err = UrssafBusinessError([item], status=400)
    assert IBAN not in err.message_fr and IBAN not in err.message_en and IBAN not in str(err)
    assert "FR76 **** **** 0189" in err.message_fr
