"""Validation rules of the API Tiers de Prestation: the shared readers and E1 (contract §3).

The payment-request rules (E3, E4) are in :mod:`.payment_rules`, built on the readers here.

Pure functions, no state and no clock of their own: the caller passes ``today`` (the sandbox's
calendar day). Every function collects *all* the problems of a payload and returns them as
URSSAF error items ``{"code", "message", "description"}``; none of them raises on bad input.

Conventions (where the contract gives no code, see the package docstring):
- a required field that is absent -> ``ERREUR_VALIDATION`` unless a specific "missing" code
  exists (``ERREUR_LIEU_NAISSANCE_OBLIGATOIRE``, ``ERR_LIEU_NAISSANCE_COMN``,
  ``ERR_NUMINTERVENANT_MANQUANT``, ...);
- a value of the wrong JSON type (number instead of string, ``null``, ...) -> ``ERREUR_VALIDATION``;
- an optional field sent empty is refused like a bad value (omit it instead);
- an unknown field is refused (``ERREUR_VALIDATION``), so that a misspelt optional field is seen;
- date-times are ``YYYY-MM-DDThh:mm:ss[.f]Z`` with 1 to 3 fractional digits and the ``Z``
  (the contract's examples; ``urssaf_api.contract.API_DATETIME_RE``), anything else
  ``ERREUR_VALIDATION``; a birth date (``dateNaissance``, ``dateNaissanceClient``) must be at
  midnight, ``T00:00:00Z`` or ``T00:00:00.000Z`` (a time there usually means a time-zone shift
  of the date), otherwise ``ERREUR_VALIDATION``;
- the postal address must be in France: ``adressePostale.codePays`` other than ``99100`` is
  refused with ``ERR_CONTACT`` (the contract's code for an invalid address; the address carries
  a French INSEE commune code, and CAERP only supports French addresses).

These rules are declared here on purpose, not imported from ``urssaf_api.contract``: the sandbox
is the independent judge the client's validators are tested against.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

# ---------------------------------------------------------------------------------------------
# Error items

MESSAGES = {
    "ERREUR_VALIDATION": "Requête invalide",
    "ERREUR_TECHNIQUE": "Erreur technique",
    "ERR_DATE_NAISSANCE_FUTUR": "La date de naissance est dans le futur",
    "ERREUR_LIEU_NAISSANCE_OBLIGATOIRE": "Le lieu de naissance est obligatoire",
    "ERR_LIEU_NAISSANCE_OBLIGATOIRE": "Le libellé de la commune de naissance est obligatoire",
    "ERREUR_LIEU_NAISSANCE_PAYS": "Le pays de naissance est incohérent avec le lieu de naissance",
    "ERREUR_LIEU_NAISSANCE_DEPT": "Le département de naissance est obligatoire pour la France",
    "ERREUR_LIEU_NAISSANCE_DEPT_FORMAT": "Le format du département de naissance est incorrect",
    "ERR_LIEU_NAISSANCE_COMN": "Le code de la commune de naissance est incorrect",
    "ERREUR_LIEU_NAISSANCE_INVALIDE": "Le libellé de la commune de naissance est invalide",
    "ERR_CONTACT": "Les informations de contact sont invalides",
    "ERR_CONTACT_ADRESSE_TYPE_VOIE": "Le code type de voie est inconnu",
    "ERR_CONTACT_ADRESSE_TYPEVOIE": "Le type de voie est obligatoire avec un libellé de voie",
    "ERR_CONTACT_ADRESSE_LIBELLEVOIE": "Le libellé de voie est absent ou invalide",
    "ERR_CONTACT_ADRESSE_LETTRE_VOIE": "La lettre de voie est invalide",
    "ERR_CONTACT_ADRESSE_INFORMATION_SUPPLEMENTAIRE": (
        "L'adresse doit comporter une voie, un complément ou un lieu-dit"
    ),
    "ERR_CONTACT_ADRESSE_COMMUNE": "La commune de l'adresse est invalide",
    "ERR_COORDONNEES_BANCAIRES": "Les coordonnées bancaires sont invalides",
    "ERR_DGFIP_R2P_INCONNU": "Le particulier est inconnu de la DGFiP",
    "ERR_DGFIP_IMPOTPART_INCONNU": "Le particulier n'a pas de déclaration de revenus connue",
    "ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE": (
        "Le particulier est déjà rattaché à ce tiers de prestation"
    ),
    "ERREUR_REFERENCE_PARTICULIER_EXISTANTE_TYPE": (
        "Le couple adresse mail / téléphone est déjà utilisé par un autre particulier"
    ),
    "ERR_RECHERCHE_PARTICULIER": "Aucun particulier trouvé ou association rompue",
    "ERR_NBRE_PREST_MAX": "Nombre maximal de demandes de paiement dépassé",
    "ERR_FORMAT_VALEUR": "Format de valeur incorrect",
    "ERR_VALEUR_NEGATIVE": "Valeur négative interdite",
    "ERR_MNT_PREST_TTC": "Le montant TTC de la prestation est incohérent",
    "ERR_MNT_PREST_HT_TVA": "Le montant HT + TVA de la prestation est incohérent",
    "ERR_TOTAL_PRESTATIONS": "Le total des prestations est incohérent avec la facture",
    "ERR_MONTANT_ACOMPTE": "Le montant de l'acompte dépasse 50 % de la facture",
    "ERR_ACOMPTE_BLOQUE": "Le prestataire n'est pas autorisé à déclarer un acompte",
    "ERR_CODE_NATURE": "Code nature inconnu",
    "ERR_CODE_ACTIVITE": "Code activité invalide",
    "ERR_PERIODE_EMPLOI_MOIS_NON_UNIQUE": "La période d'emploi doit être dans un seul mois civil",
    "ERR_DATE_FIN_AVANT_DATE_DEB": "La date de fin est antérieure à la date de début",
    "ERR_DATE_FUTUR": "Date dans le futur",
    "ERR_PARTICULIER_INCONNU": "Particulier inconnu",
    "ERR_LIEN_PARTICULIER_PRESTATAIRE": "Pas de lien actif entre le particulier et le prestataire",
    "ERR_CMPT_BLOQUE": "Le compte du particulier est bloqué",
    "ERR_MANDAT_ECHU": "Le mandat de prélèvement du particulier est échu",
    "ERR_FACTURE_DOUBLON": "Numéro de facture déjà utilisé",
    "ERR_NUMINTERVENANT_MANQUANT": "Le numéro d'intervenant (complement2) est obligatoire",
    "ERR_FORMAT_NUMINTERVENANT": "Le format du numéro d'intervenant (complement2) est incorrect",
    "ERR_CRITERE_RECHERCHE_VIDE": "Aucun critère de recherche",
    "ERR_NBRE_MAX_RESULTAT": "Nombre maximal de résultats dépassé",
    "ERR_RECHERCHE_VIDE": "Aucun résultat",
}


def error(code: str, description: str = "", message: str | None = None) -> dict:
    """One URSSAF error item."""
    return {
        "code": code,
        "message": message if message is not None else MESSAGES.get(code, code),
        "description": description,
    }


class _Errors(list):
    def add(self, code: str, description: str) -> None:
        self.append(error(code, description))


# ---------------------------------------------------------------------------------------------
# Reference lists

# codeTypeVoie: the safe common subset of contract §3
STREET_TYPES = frozenset(
    {"ALL", "AV", "BD", "CHE", "CHS", "FG", "HAM", "IMP", "LOT", "MTE", "PAS", "PL", "R", "RES"}
    | {"RTE", "SEN", "SQ"}
)
STREET_LETTERS = frozenset("BTQC")
FRANCE = "99100"
NAME_MAX = 80  # v1.30.3 (v1.29.1 had 100 / 256)

# ---------------------------------------------------------------------------------------------
# Formats (fullmatch everywhere: ``$`` would accept a trailing newline; ``[0-9]``, never ``\d``)

_ISO_Z = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,3})?Z"
)
_MIDNIGHT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T00:00:00(\.000)?Z")
_PHONE = re.compile(r"(0|\+33)[67]([0-9]{2}){4}")
_EMAIL = re.compile(
    r"[-A-Za-z0-9_]+(\.[-A-Za-z0-9_]+)*@[A-Za-z0-9]+((-|\.)[A-Za-z0-9]+)*\.[A-Za-z]+"
)
_COUNTRY = re.compile(r"99[0-9]{3}")  # INSEE country codes are 99xxx
_DEPARTMENT = re.compile(r"[09][0-9][0-9abAB]")
_BIRTH_COMMUNE = re.compile(r"[0-9]{3}")
_STREET_NUMBER = re.compile(r"(?!0$)[0-9]{1,20}")
_STREET_TYPE = re.compile(r"[0-9A-Za-z]{1,4}")
_COMMUNE = re.compile(r"[0-9][0-9abAB][0-9]{3}")
_ZIP = re.compile(r"[0-9]{5}")
_BIC = re.compile(r"[a-zA-Z]{6}[0-9a-zA-Z]{2}([0-9a-zA-Z]{3})?")
_IBAN = re.compile(r"[a-zA-Z]{2}[0-9]{2}[a-zA-Z0-9]{4}[0-9]{7}[a-zA-Z0-9]{0,16}")
# Names are checked on their "shape": every letter (str.isalpha, i.e. \pL) becomes "L".
_NAME_SHAPE = re.compile(r"L(?:[L'\- ]*L)?")  # swagger: ^[\pL]+([\pL'\- ])*[\pL]$ | ^[\pL]$
_FIRST_NAMES_SHAPE = re.compile(r"L+(?:['\-]+L+)*(?: L+(?:['\-]+L+)*)*")
_LABEL_SHAPE = re.compile(r"[LD'’\- ]+")  # birth commune label: letters, digits, ' - space


def _shape(value: str) -> str:
    out = []
    for char in value:
        if char.isalpha():
            out.append("L")
        elif char in "0123456789":
            out.append("D")
        elif char in "'’- ":
            out.append(char)
        else:
            out.append("#")
    return "".join(out)


def is_name(value: str) -> bool:
    """Birth / usage name: letters, apostrophe, hyphen, space; starts and ends with a letter."""
    return bool(_NAME_SHAPE.fullmatch(_shape(value)))


def is_first_names(value: str) -> bool:
    """First names: words of letters joined by ' or -, separated by single spaces."""
    return bool(_FIRST_NAMES_SHAPE.fullmatch(_shape(value)))


def parse_iso_z(value, *, midnight: bool = False) -> date | None:
    """``YYYY-MM-DDThh:mm:ss[.f]Z`` (1 to 3 fractional digits) -> its calendar date, or None when
    malformed. ``midnight``: only ``YYYY-MM-DDT00:00:00Z`` or ``…T00:00:00.000Z`` (birth dates)."""
    if not isinstance(value, str):
        return None
    match = _ISO_Z.fullmatch(value)
    if not match or (midnight and not _MIDNIGHT.fullmatch(value)):
        return None
    try:
        parsed = datetime(*(int(match.group(i)) for i in range(1, 7)))
    except ValueError:
        return None
    return parsed.date()


def iban_checksum_ok(iban: str) -> bool:
    """ISO 13616 mod-97 check."""
    rearranged = (iban[4:] + iban[:4]).upper()
    digits = "".join(str(int(char, 36)) for char in rearranged)
    return int(digits) % 97 == 1


def normalize_phone(phone: str) -> str:
    return "0" + phone[3:] if phone.startswith("+33") else phone


def is_number(value) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 99


def _has_text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


# ---------------------------------------------------------------------------------------------
# Generic field readers


def _unknown_fields(errors: _Errors, obj: dict, allowed: frozenset, where: str) -> None:
    for key in obj:
        if key not in allowed:
            errors.add("ERREUR_VALIDATION", f"Champ inconnu : {where}{key}")


def _string(
    errors: _Errors,
    obj: dict,
    key: str,
    where: str,
    *,
    required: bool,
    code: str,
    missing_code: str | None = None,
) -> str | None:
    """Read a string field. Returns it when it is a non-blank string, else None (error added).

    Absent: ``missing_code`` or ERREUR_VALIDATION. Not a string: ERREUR_VALIDATION.
    Blank: ``missing_code`` if given (a specific "missing" code), else the field's ``code``.
    """
    name = where + key
    if key not in obj:
        if required:
            errors.add(missing_code or "ERREUR_VALIDATION", f"Le champ {name} est obligatoire")
        return None
    value = obj[key]
    if not isinstance(value, str):
        errors.add("ERREUR_VALIDATION", f"Le champ {name} doit être une chaîne de caractères")
        return None
    if not value.strip():
        errors.add(missing_code or code, f"Le champ {name} est vide")
        return None
    return value


def _object(
    errors: _Errors, obj: dict, key: str, where: str, missing_code: str = "ERREUR_VALIDATION"
) -> dict | None:
    name = where + key
    if key not in obj:
        errors.add(missing_code, f"Le champ {name} est obligatoire")
        return None
    value = obj[key]
    if not isinstance(value, dict):
        errors.add("ERREUR_VALIDATION", f"Le champ {name} doit être un objet")
        return None
    return value


def _check(errors: _Errors, ok: bool, code: str, description: str) -> bool:
    if not ok:
        errors.add(code, description)
    return ok


# ---------------------------------------------------------------------------------------------
# E1 registration (InputParticulierDTO)

_PARTICULIER_FIELDS = frozenset(
    {
        "civilite",
        "nomNaissance",
        "nomUsage",
        "prenoms",
        "dateNaissance",
        "lieuNaissance",
        "numeroTelephonePortable",
        "adresseMail",
        "adressePostale",
        "coordonneeBancaire",
    }
)
_LIEU_FIELDS = frozenset({"codePaysNaissance", "departementNaissance", "communeNaissance"})
_COMMUNE_FIELDS = frozenset({"codeCommune", "libelleCommune"})
_ADRESSE_FIELDS = frozenset(
    {
        "numeroVoie",
        "lettreVoie",
        "codeTypeVoie",
        "libelleVoie",
        "complement",
        "lieuDit",
        "libelleCommune",
        "codeCommune",
        "codePostal",
        "codePays",
    }
)
_BANQUE_FIELDS = frozenset({"bic", "iban", "titulaire"})


def validate_registration(payload, today: date) -> list[dict]:
    """All the problems of an E1 body; an empty list means valid."""
    errors = _Errors()
    if not isinstance(payload, dict):
        errors.add("ERREUR_VALIDATION", "Le corps de la requête doit être un objet JSON")
        return errors
    _unknown_fields(errors, payload, _PARTICULIER_FIELDS, "")

    civilite = _string(errors, payload, "civilite", "", required=True, code="ERREUR_VALIDATION")
    if civilite is not None:
        _check(errors, civilite in ("1", "2"), "ERREUR_VALIDATION", "civilite vaut 1 ou 2")

    for key, required in (("nomNaissance", True), ("nomUsage", False)):
        value = _string(errors, payload, key, "", required=required, code="ERREUR_VALIDATION")
        if value is not None:
            _check(errors, len(value) <= NAME_MAX, "ERREUR_VALIDATION", f"{key} : 80 max")
            _check(errors, is_name(value), "ERREUR_VALIDATION", f"{key} : format incorrect")

    prenoms = _string(errors, payload, "prenoms", "", required=True, code="ERR_CONTACT")
    if prenoms is not None:
        _check(errors, len(prenoms) <= NAME_MAX, "ERR_CONTACT", "prenoms : 80 caractères max")
        _check(errors, is_first_names(prenoms), "ERR_CONTACT", "prenoms : format incorrect")

    birth = _string(errors, payload, "dateNaissance", "", required=True, code="ERREUR_VALIDATION")
    if birth is not None:
        birth_date = parse_iso_z(birth, midnight=True)
        if _check(
            errors,
            birth_date is not None,
            "ERREUR_VALIDATION",
            "dateNaissance : date ISO 8601 UTC à minuit attendue (AAAA-MM-JJT00:00:00[.000]Z)",
        ):
            _check(
                errors,
                birth_date <= today,
                "ERR_DATE_NAISSANCE_FUTUR",
                "dateNaissance est dans le futur",
            )

    _validate_birth_place(errors, payload)

    phone = _string(
        errors, payload, "numeroTelephonePortable", "", required=True, code="ERR_CONTACT"
    )
    if phone is not None:
        _check(
            errors,
            bool(_PHONE.fullmatch(phone)),
            "ERR_CONTACT",
            "numeroTelephonePortable : 06/07 ou +336/+337 suivi de 8 chiffres, sans espace",
        )
    mail = _string(errors, payload, "adresseMail", "", required=True, code="ERR_CONTACT")
    if mail is not None:
        _check(errors, bool(_EMAIL.fullmatch(mail)), "ERR_CONTACT", "adresseMail invalide")

    _validate_address(errors, payload)
    _validate_bank(errors, payload)
    return list(errors)


def _validate_birth_place(errors: _Errors, payload: dict) -> None:
    lieu = _object(errors, payload, "lieuNaissance", "", "ERREUR_LIEU_NAISSANCE_OBLIGATOIRE")
    if lieu is None:
        return
    where = "lieuNaissance."
    _unknown_fields(errors, lieu, _LIEU_FIELDS, where)
    country = _string(
        errors,
        lieu,
        "codePaysNaissance",
        where,
        required=True,
        code="ERREUR_LIEU_NAISSANCE_PAYS",
        missing_code="ERREUR_LIEU_NAISSANCE_OBLIGATOIRE",
    )
    if country is None:
        return
    if not _COUNTRY.fullmatch(country):
        errors.add("ERREUR_LIEU_NAISSANCE_PAYS", "codePaysNaissance : code INSEE 99xxx attendu")
        return
    if country != FRANCE:
        if "departementNaissance" in lieu or "communeNaissance" in lieu:
            errors.add(
                "ERREUR_LIEU_NAISSANCE_PAYS",
                "Né(e) hors de France : ni departementNaissance ni communeNaissance",
            )
        return
    department = _string(
        errors,
        lieu,
        "departementNaissance",
        where,
        required=True,
        code="ERREUR_LIEU_NAISSANCE_DEPT_FORMAT",
        missing_code="ERREUR_LIEU_NAISSANCE_DEPT",
    )
    if department is not None:
        _check(
            errors,
            bool(_DEPARTMENT.fullmatch(department)),
            "ERREUR_LIEU_NAISSANCE_DEPT_FORMAT",
            "departementNaissance : 3 caractères (077, 02A, 974)",
        )
    commune = _object(errors, lieu, "communeNaissance", where, "ERR_LIEU_NAISSANCE_COMN")
    if commune is None:
        return
    where += "communeNaissance."
    _unknown_fields(errors, commune, _COMMUNE_FIELDS, where)
    code = _string(
        errors,
        commune,
        "codeCommune",
        where,
        required=True,
        code="ERR_LIEU_NAISSANCE_COMN",
        missing_code="ERR_LIEU_NAISSANCE_COMN",
    )
    if code is not None:
        _check(
            errors,
            bool(_BIRTH_COMMUNE.fullmatch(code)),
            "ERR_LIEU_NAISSANCE_COMN",
            "codeCommune : les 3 derniers chiffres du code INSEE",
        )
    label = _string(
        errors,
        commune,
        "libelleCommune",
        where,
        required=True,
        code="ERREUR_LIEU_NAISSANCE_INVALIDE",
        missing_code="ERR_LIEU_NAISSANCE_OBLIGATOIRE",
    )
    if label is not None:
        _check(
            errors,
            len(label) <= 50 and bool(_LABEL_SHAPE.fullmatch(_shape(label))),
            "ERREUR_LIEU_NAISSANCE_INVALIDE",
            "libelleCommune : 50 caractères max, lettres, chiffres, espace, ' et -",
        )


def _validate_address(errors: _Errors, payload: dict) -> None:
    address = _object(errors, payload, "adressePostale", "")
    if address is None:
        return
    w = "adressePostale."
    _unknown_fields(errors, address, _ADRESSE_FIELDS, w)

    number = _string(errors, address, "numeroVoie", w, required=False, code="ERR_CONTACT")
    if number is not None:
        _check(
            errors,
            bool(_STREET_NUMBER.fullmatch(number)),
            "ERR_CONTACT",
            "numeroVoie : chiffres uniquement, 20 max, différent de 0",
        )
    letter_code = "ERR_CONTACT_ADRESSE_LETTRE_VOIE"
    letter = _string(errors, address, "lettreVoie", w, required=False, code=letter_code)
    if letter is not None:
        _check(errors, letter in STREET_LETTERS, letter_code, "lettreVoie : B, T, Q ou C")
        _check(errors, "numeroVoie" in address, letter_code, "lettreVoie sans numeroVoie")

    type_code = "ERR_CONTACT_ADRESSE_TYPE_VOIE"
    street_type = _string(errors, address, "codeTypeVoie", w, required=False, code=type_code)
    if street_type is not None:
        _check(
            errors,
            bool(_STREET_TYPE.fullmatch(street_type)) and street_type in STREET_TYPES,
            type_code,
            "codeTypeVoie inconnu (valeurs : " + ", ".join(sorted(STREET_TYPES)) + ")",
        )
    label_code = "ERR_CONTACT_ADRESSE_LIBELLEVOIE"
    street = _string(errors, address, "libelleVoie", w, required=False, code=label_code)
    if street is not None:
        _check(errors, len(street) <= 28, label_code, "libelleVoie : 28 caractères max")
    if "codeTypeVoie" in address and "libelleVoie" not in address:
        errors.add(label_code, "codeTypeVoie sans libelleVoie")
    if "libelleVoie" in address and "codeTypeVoie" not in address:
        errors.add("ERR_CONTACT_ADRESSE_TYPEVOIE", "libelleVoie sans codeTypeVoie")

    for key in ("complement", "lieuDit"):
        value = _string(errors, address, key, w, required=False, code="ERR_CONTACT")
        if value is not None:
            _check(errors, len(value) <= 38, "ERR_CONTACT", f"{key} : 38 caractères max")
    has_street = _has_text(address.get("codeTypeVoie")) and _has_text(address.get("libelleVoie"))
    if not (
        has_street or _has_text(address.get("complement")) or _has_text(address.get("lieuDit"))
    ):
        errors.add(
            "ERR_CONTACT_ADRESSE_INFORMATION_SUPPLEMENTAIRE",
            "Renseigner codeTypeVoie + libelleVoie, complement ou lieuDit",
        )

    commune_code = "ERR_CONTACT_ADRESSE_COMMUNE"
    label = _string(errors, address, "libelleCommune", w, required=True, code=commune_code)
    if label is not None:
        _check(errors, len(label) <= 50, commune_code, "libelleCommune : 50 caractères max")
    code = _string(errors, address, "codeCommune", w, required=True, code=commune_code)
    if code is not None:
        _check(
            errors,
            bool(_COMMUNE.fullmatch(code)),
            commune_code,
            "codeCommune : code INSEE de 5 caractères (pas le code postal)",
        )
    zip_code = _string(errors, address, "codePostal", w, required=True, code="ERR_CONTACT")
    if zip_code is not None:
        _check(errors, bool(_ZIP.fullmatch(zip_code)), "ERR_CONTACT", "codePostal : 5 chiffres")
    country = _string(errors, address, "codePays", w, required=True, code="ERR_CONTACT")
    if country is not None and _check(
        errors, bool(_COUNTRY.fullmatch(country)), "ERR_CONTACT", "codePays : code INSEE 99xxx"
    ):
        _check(
            errors,
            country == FRANCE,
            "ERR_CONTACT",
            "codePays : seule une adresse postale en France (99100) est acceptée",
        )


def _validate_bank(errors: _Errors, payload: dict) -> None:
    bank = _object(errors, payload, "coordonneeBancaire", "")
    if bank is None:
        return
    w = "coordonneeBancaire."
    code = "ERR_COORDONNEES_BANCAIRES"
    _unknown_fields(errors, bank, _BANQUE_FIELDS, w)
    bic = _string(errors, bank, "bic", w, required=True, code=code)
    if bic is not None:
        _check(errors, bool(_BIC.fullmatch(bic)), code, "bic : 8 ou 11 caractères")
    iban = _string(errors, bank, "iban", w, required=True, code=code)
    if iban is not None and _check(
        errors,
        18 <= len(iban) <= 38 and bool(_IBAN.fullmatch(iban)),
        code,
        "iban : format incorrect (sans espaces)",
    ):
        _check(errors, iban_checksum_ok(iban), code, "iban : clé de contrôle incorrecte")
    holder = _string(errors, bank, "titulaire", w, required=True, code=code)
    if holder is not None:
        _check(errors, len(holder) <= 100, code, "titulaire : 100 caractères max")
