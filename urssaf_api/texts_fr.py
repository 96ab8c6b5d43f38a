"""The package's French: every English template marked with ``_lt`` → its French template.

It renders French without Odoo (:attr:`urssaf_api.texts.Text.fr`: tests, scripts) and it seeded
the addon's ``i18n/fr.po``, where Odoo reads the French it shows (fix the French there; keep this
table in step when a template changes). The texts are written with plain spaces;
:func:`typography` puts the no-break spaces French typography wants (before ``:``, ``;``, ``?``,
``!``, inside « »).
"""

from __future__ import annotations

import re

_NBSP_BEFORE = re.compile(r" ([:»])")
_NNBSP_BEFORE = re.compile(r" ([;?!])")
_NBSP_AFTER = re.compile(r"« ")


def typography(text: str) -> str:
    """French no-break spaces: U+00A0 before ``:`` and ``»`` and after ``«``, U+202F before
    ``;``, ``?`` and ``!``."""
    text = _NBSP_BEFORE.sub("\u00a0\\1", text)
    text = _NNBSP_BEFORE.sub("\u202f\\1", text)
    return _NBSP_AFTER.sub("«\u00a0", text)


_FRENCH = {
    "%(first)s; %(next)s": "%(first)s ; %(next)s",
    "%(label)s: %(problem)s": "%(label)s : %(problem)s",
    "%(label)s: required.": "%(label)s : à renseigner.",
    "%(label)s: invalid value, text expected.": (
        "%(label)s : valeur invalide, du texte est attendu."
    ),
    "%(label)s: remove the invisible or control characters.": (
        "%(label)s : supprimez les caractères invisibles ou de contrôle."
    ),
    "%(label)s: at most %(max)s characters (%(length)s entered); shorten it.": (
        "%(label)s : %(max)s caractères au plus (%(length)s saisis) ; abrégez-le."
    ),
    "Title: choose Mr (Monsieur) or Mrs (Madame).": "Civilité : choisissez Monsieur ou Madame.",
    "Title: unknown value; choose Mr (1) or Mrs (2).": (
        "Civilité : valeur inconnue ; choisissez Monsieur (1) ou Madame (2)."
    ),
    "%(label)s: at most %(max)s characters (%(length)s entered).": (
        "%(label)s : %(max)s caractères au plus (%(length)s saisis)."
    ),
    "must not contain digits": "ne doit pas contenir de chiffres",
    (
        "only letters (accents allowed), apostrophes, hyphens and spaces, starting and ending "
        "with a letter"
    ): (
        "uniquement des lettres (accents admis), des apostrophes, des tirets et des espaces, en "
        "commençant et en finissant par une lettre"
    ),
    "%(label)s: %(why)s.": "%(label)s : %(why)s.",
    "First names: required (the first names the tax office knows, separated by spaces).": (
        "Prénoms : à renseigner (les prénoms connus des impôts, séparés par des espaces)."
    ),
    (
        "First names: letters only, separated by single spaces; apostrophes and hyphens only "
        'inside a name (e.g. "Jean-Pierre Marie"), no digits.'
    ): (
        "Prénoms : uniquement des lettres, séparées par des espaces simples ; apostrophes et "
        "tirets admis à l'intérieur d'un prénom (ex. « Jean-Pierre Marie »), pas de chiffres."
    ),
    "First names: at most %(max)s characters (%(length)s entered); keep the usual first names.": (
        "Prénoms : %(max)s caractères au plus (%(length)s saisis) ; gardez les prénoms d'usage."
    ),
    (
        "First names: %(length)s characters, more than the %(max)s URSSAF accepts; only the "
        'leading whole first names that fit will be sent: "%(kept)s". To send other first names '
        "(the client's usual ones), edit the first names in the contact's URSSAF tab."
    ): (
        "Prénoms : %(length)s caractères, plus que les %(max)s admis par l'URSSAF ; seuls les "
        "premiers prénoms entiers qui tiennent seront envoyés : « %(kept)s ». Pour envoyer "
        "d'autres prénoms (ceux d'usage du client), modifiez les prénoms dans l'onglet URSSAF du "
        "contact."
    ),
    "Date of birth: required.": "Date de naissance : à renseigner.",
    "Date of birth: invalid date (expected format DD/MM/YYYY).": (
        "Date de naissance : date invalide (format attendu JJ/MM/AAAA)."
    ),
    "Date of birth: it is in the future; correct it.": (
        "Date de naissance : elle est dans le futur ; corrigez-la."
    ),
    "Date of birth: year before 1900; check it.": (
        "Date de naissance : année antérieure à 1900 ; vérifiez-la."
    ),
    "Mobile phone: required for the registration.": (
        "Téléphone portable : à renseigner (obligatoire pour l'inscription)."
    ),
    (
        "Mobile phone: enter a valid French mobile number (06 or 07, e.g. 06 12 34 56 78 or +33 "
        "6 12 34 56 78); landlines are not accepted."
    ): (
        "Téléphone portable : saisissez un numéro de portable français valide (06 ou 07, ex. 06 "
        "12 34 56 78 ou +33 6 12 34 56 78) ; les fixes ne sont pas acceptés."
    ),
    (
        "Mobile phone: %(number)s has the form of a French mobile number but is not among the "
        "allocated numbers this software knows (its list may lag behind new allocations); check "
        "this number with the client."
    ): (
        "Téléphone portable : %(number)s a la forme d'un portable français mais ne figure pas "
        "parmi les numéros attribués que connaît ce logiciel (sa liste peut être en retard sur "
        "les nouvelles attributions) ; vérifiez ce numéro avec le client."
    ),
    "E-mail address: required.": "Adresse e-mail : à renseigner.",
    (
        "E-mail address: URSSAF does not accept a + before the @; use the address without the "
        '"+…" part.'
    ): (
        "Adresse e-mail : l'URSSAF n'accepte pas le signe + avant l'@ ; utilisez l'adresse sans "
        "la partie « +… »."
    ),
    (
        "E-mail address: invalid format (e.g. jeanne.martin@example.com; unaccented letters, "
        "digits, dots, hyphens and _ only)."
    ): (
        "Adresse e-mail : format invalide (ex. jeanne.martin@exemple.fr ; lettres sans accents, "
        "chiffres, points, tirets et _ uniquement)."
    ),
    "%(label)s: required (INSEE country code, 99100 for France).": (
        "%(label)s : à renseigner (code INSEE du pays, 99100 pour la France)."
    ),
    (
        "%(label)s: INSEE country code expected, 5 digits starting with 99 (99100 for France, "
        "99109 for Germany…)."
    ): (
        "%(label)s : code INSEE du pays attendu, 5 chiffres commençant par 99 (99100 pour la "
        "France, 99109 pour l'Allemagne…)."
    ),
    "IBAN: %(problem)s.": "IBAN : %(problem)s.",
    "letters and digits only (spaces are removed automatically)": (
        "lettres et chiffres uniquement (les espaces sont retirés automatiquement)"
    ),
    "invalid format; copy it from the client's bank details": (
        "format invalide ; recopiez-le depuis le RIB du client"
    ),
    (
        "this IBAN (%(country)s, %(length)s characters) has a format URSSAF does not accept (18 "
        "to 31 characters, 4 characters then 7 digits after the check digits); ask the client "
        "for a French account"
    ): (
        "cet IBAN (%(country)s, %(length)s caractères) a un format que l'URSSAF n'accepte pas "
        "(18 à 31 caractères, 4 caractères puis 7 chiffres après la clé) ; demandez au client un "
        "compte français"
    ),
    (
        "the account must be in the SEPA zone (SEPA direct debit); ask the client for a French "
        "account"
    ): (
        "le compte doit être dans la zone SEPA (prélèvement SEPA) ; demandez au client un compte "
        "français"
    ),
    (
        'Account holder: "%(holder)s" does not bear the client\'s name (%(names)s). Services paid '
        "by a third party (a child for a parent, for example) are not eligible for the immediate "
        "advance: the account must be the client's. A joint account or an account in another of "
        "the client's names (birth name, usage name) is fine: check with the client, then send, "
        "or correct the holder or the usage name."
    ): (
        "Titulaire du compte : « %(holder)s » ne porte pas le nom du client (%(names)s). Les "
        "services payés par un tiers (un enfant pour son parent, par exemple) ne sont pas "
        "éligibles à l'avance immédiate : le compte doit être celui du client. Un compte joint "
        "ou un compte à un autre nom du client (nom de naissance, nom d'usage) convient : "
        "vérifiez avec le client, puis envoyez, ou corrigez le titulaire ou le nom d'usage."
    ),
    (
        "INSEE code of birth town: %(code)s is an old Corsican code (before 1976); enter the "
        "current code, in 2A (Corse-du-Sud) or 2B (Haute-Corse), e.g. 2A004 for Ajaccio, 2B033 "
        "for Bastia."
    ): (
        "Code INSEE de la commune de naissance : %(code)s est un ancien code de la Corse (avant "
        "1976) ; saisissez le code actuel, en 2A (Corse-du-Sud) ou 2B (Haute-Corse), ex. 2A004 "
        "pour Ajaccio, 2B033 pour Bastia."
    ),
    (
        "INSEE code of birth town: %(code)s is not in department %(department)s; check the town "
        "code and the department."
    ): (
        "Code INSEE de la commune de naissance : %(code)s n'est pas une commune du département "
        "%(department)s ; vérifiez le code de la commune et le département."
    ),
    "INSEE code of birth town: %(code)s matches no known department; check it.": (
        "Code INSEE de la commune de naissance : %(code)s ne correspond à aucun département "
        "connu ; vérifiez-le."
    ),
    (
        "Place of birth: %(code)s is in a French overseas collectivity of the Pacific or in the "
        "French Southern Lands (Wallis-and-Futuna, French Polynesia, New Caledonia, French "
        "Southern and Antarctic Lands). URSSAF's documentation does not say how to encode these "
        "places of birth (only the rule for the overseas departments is known, also applied to "
        "Saint-Pierre-and-Miquelon, Saint-Barthélemy and Saint-Martin): ask URSSAF which codes "
        "to use before registering this client."
    ): (
        "Lieu de naissance : %(code)s est dans une collectivité d'outre-mer du Pacifique ou dans "
        "les Terres australes (Wallis-et-Futuna, Polynésie française, Nouvelle-Calédonie, Terres "
        "australes et antarctiques). La documentation de l'URSSAF ne dit pas comment coder ces "
        "lieux de naissance (seule la règle des départements d'outre-mer est connue, appliquée "
        "aussi à Saint-Pierre-et-Miquelon, Saint-Barthélemy et Saint-Martin) : demandez à "
        "l'URSSAF la codification à utiliser avant d'inscrire ce client."
    ),
    '"%(character)s"': "« %(character)s »",
    (
        "Town of birth: character(s) refused by URSSAF: %(characters)s. Only letters (accents "
        "allowed), digits, spaces, apostrophes and hyphens are accepted: write the town's full "
        'name, without dots or brackets (e.g. "Saint-Denis", not "St. Denis"; "Paris", not '
        '"Paris (75)").'
    ): (
        "Commune de naissance : caractère(s) refusé(s) par l'URSSAF : %(characters)s. Seuls les "
        "lettres (accents admis), les chiffres, les espaces, les apostrophes et les tirets sont "
        "acceptés : écrivez le nom complet de la commune, sans point ni parenthèses (ex. « "
        "Saint-Denis » et non « St. Denis », « Paris » et non « Paris (75) »)."
    ),
    "Invoice %(number)s: %(problem)s": "Facture %(number)s : %(problem)s",
    "Invoice without a number: %(problem)s": "Facture sans numéro : %(problem)s",
    "%(line)s, %(label)s: %(problem)s": "%(line)s, %(label)s : %(problem)s",
    "line %(number)s (%(label)s)": "ligne %(number)s (%(label)s)",
    "line %(number)s": "ligne %(number)s",
    "Unknown %(kind)s: %(code)s": "%(kind)s inconnu : %(code)s",
    "(empty)": "(vide)",
    "This code is not listed yet; if it blocks you, contact URSSAF support and quote it.": (
        "Ce code n'est pas encore répertorié ; s'il bloque, contactez l'assistance URSSAF en le "
        "citant."
    ),
    "error code": "Code d'erreur",
    "status": "Statut",
    "reject reason": "Motif de rejet",
    "client status": "Statut client",
    "Unknown nature: %(code)s": "Nature inconnue : %(code)s",
    "%(label)s (%(code)s). %(action)s": "%(label)s (%(code)s). %(action)s",
    "%(explanation)s URSSAF details: %(detail)s": "%(explanation)s Détail URSSAF : %(detail)s",
    "(no code)": "(sans code)",
    (
        "Unlisted URSSAF error %(code)s: %(detail)s. Check the data sent; if the problem "
        "persists, contact URSSAF support and quote this code."
    ): (
        "Erreur URSSAF non répertoriée %(code)s : %(detail)s. Vérifiez les informations envoyées "
        "; si le problème persiste, contactez l'assistance URSSAF en citant ce code."
    ),
    (
        "Unlisted URSSAF error %(code)s. Check the data sent; if the problem persists, contact "
        "URSSAF support and quote this code."
    ): (
        "Erreur URSSAF non répertoriée %(code)s. Vérifiez les informations envoyées ; si le "
        "problème persiste, contactez l'assistance URSSAF en citant ce code."
    ),
    "Refused without a reason.": "Refus sans motif.",
    "URSSAF refused the request: %(reasons)s": "L'URSSAF a refusé la demande : %(reasons)s",
    "Client account blocked": "Compte du client bloqué",
    "Title": "Civilité",
    "Birth name": "Nom de naissance",
    "Usage name": "Nom d'usage",
    "First names": "Prénoms",
    "Date of birth": "Date de naissance",
    "Country of birth": "Pays de naissance",
    "Department of birth": "Département de naissance",
    "INSEE code of birth town": "Code INSEE de la commune de naissance",
    "Town of birth": "Commune de naissance",
    "Mobile phone": "Téléphone portable",
    "E-mail address": "Adresse e-mail",
    "Street number": "Numéro de voie",
    "Street number suffix (bis, ter…)": "Indice de répétition (bis, ter…)",
    "Street type": "Type de voie",
    "Street name": "Nom de la voie",
    "Address complement": "Complément d'adresse",
    "Locality (lieu-dit)": "Lieu-dit",
    "INSEE code of the town": "Code INSEE de la commune",
    "Town": "Commune",
    "Postal code": "Code postal",
    "Country": "Pays",
    "IBAN": "IBAN",
    "BIC": "BIC",
    "Account holder": "Titulaire du compte",
    "Invoice number": "Numéro de facture",
    "Invoice date": "Date de facture",
    "Invoice type": "Type de facture",
    "Currency": "Devise",
    "URSSAF client": "Client URSSAF",
    "Client's date of birth": "Date de naissance du client",
    "Client's URSSAF link": "Lien URSSAF du client",
    "Provider's NOVA / SIRET id": "Identifiant NOVA / SIRET du prestataire",
    "First day of service": "Premier jour de prestation",
    "Last day of service": "Dernier jour de prestation",
    "Invoice lines": "Lignes de facture",
    "Total excluding VAT": "Total HT",
    "Total including VAT": "Total TTC",
    "Deposit paid": "Acompte versé",
    "Deposit payment date": "Date de versement de l'acompte",
    "URSSAF service nature": "Nature de prestation URSSAF",
    "URSSAF unit": "Unité URSSAF",
    "Quantity": "Quantité",
    "Amount excluding VAT": "Montant HT",
    "Amount including VAT": "Montant TTC",
    "Unit price including VAT": "Prix unitaire TTC",
    "Service start": "Début de prestation",
    "Service end": "Fin de prestation",
    "Unreadable data (%(error)s): check the client's record.": (
        "Données illisibles (%(error)s) : vérifiez la fiche du client."
    ),
    (
        "Street number suffix: only B (bis), T (ter), Q (quater) and C (quinquies) are accepted; "
        "for another letter (e.g. 12 A), write the address in the complement."
    ): (
        "Indice de répétition : seuls B (bis), T (ter), Q (quater) et C (quinquies) sont "
        "acceptés ; pour une autre lettre (ex. 12 A), écrivez l'adresse dans le complément."
    ),
    "Street name: required when a street type is chosen.": (
        "Nom de la voie : à renseigner quand un type de voie est choisi."
    ),
    (
        "Street type: required when a street name is entered (or write the address in the "
        "complement)."
    ): (
        "Type de voie : à choisir quand un nom de voie est saisi (ou écrivez l'adresse dans le "
        "complément)."
    ),
    (
        "Address: enter at least the street type and name, an address complement or a locality "
        "(lieu-dit)."
    ): (
        "Adresse : renseignez au moins le type et le nom de la voie, un complément d'adresse ou "
        "un lieu-dit."
    ),
    (
        "INSEE code of the town: required (5 characters, e.g. 69101 for Lyon 1st district; it is "
        "not the postal code)."
    ): (
        "Code INSEE de la commune : à renseigner (5 caractères, ex. 69101 pour Lyon 1er ; ce "
        "n'est pas le code postal)."
    ),
    (
        "INSEE code of the town: 5 characters expected (e.g. 69101, 2A004); it is not the postal "
        "code."
    ): (
        "Code INSEE de la commune : 5 caractères attendus (ex. 69101, 2A004) ; ce n'est pas le "
        "code postal."
    ),
    "Postal code: required.": "Code postal : à renseigner.",
    "Postal code: 5 digits expected.": "Code postal : 5 chiffres attendus.",
    (
        "Country: URSSAF's Avance immédiate only takes a postal address in France (country code "
        "99100, overseas departments included), with the INSEE code of the town; enter the "
        "client's address in France."
    ): (
        "Pays : l'avance immédiate de l'URSSAF n'accepte qu'une adresse postale en France (code "
        "pays 99100, départements d'outre-mer compris), avec le code INSEE de la commune ; "
        "saisissez l'adresse du client en France."
    ),
    "Street number: digits only, at most 20, not 0; put bis, ter… in the suffix field.": (
        "Numéro de voie : chiffres uniquement, 20 au plus, différent de 0 ; mettez bis, ter… "
        "dans l'indice de répétition."
    ),
    "Street number suffix: it goes with a street number; enter the number or clear the suffix.": (
        "Indice de répétition : il accompagne un numéro de voie ; renseignez le numéro ou videz "
        "l'indice."
    ),
    (
        "Street type: not recognised; choose one from the list (rue, avenue, boulevard, chemin…) "
        "or clear the street type and name and write the address in the complement."
    ): (
        "Type de voie : non reconnu ; choisissez-en un dans la liste (rue, avenue, boulevard, "
        "chemin…) ou videz le type et le nom de voie et écrivez l'adresse dans le complément."
    ),
    "Department of birth: leave it empty for a person born abroad (only the country is sent).": (
        "Département de naissance : laissez-le vide pour une personne née à l'étranger (seul le "
        "pays est transmis)."
    ),
    (
        "INSEE code of birth town: leave it empty for a person born abroad (only the country is "
        "sent)."
    ): (
        "Code INSEE de la commune de naissance : laissez-le vide pour une personne née à "
        "l'étranger (seul le pays est transmis)."
    ),
    "Department of birth: unknown code; enter the department number (e.g. 077, 02A, 974).": (
        "Département de naissance : code inconnu ; saisissez le numéro du département (ex. 077, "
        "02A, 974)."
    ),
    (
        "Department of birth: 20 is Corsica's old code (before 1976); enter 2A (Corse-du-Sud) or "
        "2B (Haute-Corse), or leave it empty: it is derived from the town's INSEE code."
    ): (
        "Département de naissance : 20 est l'ancien code de la Corse (avant 1976) ; saisissez 2A "
        "(Corse-du-Sud) ou 2B (Haute-Corse), ou laissez-le vide : il est déduit du code INSEE de "
        "la commune."
    ),
    (
        "INSEE code of birth town: required for a person born in France (5 characters, e.g. "
        "77288, 2A004, 97411; it is not the postal code)."
    ): (
        "Code INSEE de la commune de naissance : à renseigner pour une personne née en France (5 "
        "caractères, ex. 77288, 2A004, 97411 ; ce n'est pas le code postal)."
    ),
    "INSEE code of birth town: 5 characters expected (e.g. 77288, 2A004, 97411).": (
        "Code INSEE de la commune de naissance : 5 caractères attendus (ex. 77288, 2A004, "
        "97411)."
    ),
    (
        'Town of birth: enter the name of the town in letters (e.g. "Melun", "Saint-Denis"), not '
        "a code."
    ): (
        "Commune de naissance : saisissez le nom de la commune en lettres (ex. « Melun », « "
        "Saint-Denis »), pas un code."
    ),
    "Department of birth: required for a person born in France (e.g. 077, 02A, 974).": (
        "Département de naissance : à renseigner pour une personne née en France (ex. 077, 02A, "
        "974)."
    ),
    "IBAN: required.": "IBAN : à renseigner (voir le RIB du client).",
    (
        "BIC: 8 or 11 characters (e.g. BNPAFRPP or BNPAFRPPXXX) with a valid country code; copy "
        "it from the bank details."
    ): (
        "BIC : 8 ou 11 caractères (ex. BNPAFRPP ou BNPAFRPPXXX) avec un code pays valide ; "
        "recopiez-le depuis le RIB."
    ),
    "BIC: cannot be derived from the IBAN; copy it from the client's bank details.": (
        "BIC : impossible de le déduire de l'IBAN ; recopiez-le depuis le RIB du client."
    ),
    "the check digits do not match: check every character on the bank details": (
        "la clé de contrôle ne correspond pas : vérifiez chaque caractère sur le RIB"
    ),
    "the national check key does not match: check every character on the bank details": (
        "la clé RIB ne correspond pas : vérifiez chaque caractère sur le RIB"
    ),
    "the country code (first 2 letters) is unknown": (
        "le code pays (2 premières lettres) est inconnu"
    ),
    "the length does not match the IBAN's country; a character is missing or extra": (
        "la longueur ne correspond pas au pays de l'IBAN ; un caractère manque ou est en trop"
    ),
    "required (post it).": "à renseigner (validez la facture).",
    "the client is not registered with URSSAF: register them from their contact.": (
        "le client n'est pas inscrit à l'URSSAF : inscrivez-le depuis sa fiche contact."
    ),
    "fill it on the client's URSSAF tab (the registered one).": (
        "à renseigner sur l'onglet URSSAF du client (celle de l'inscription)."
    ),
    (
        "SAP followed by the 9-digit NOVA number, or SIR followed by the 14-digit SIRET: set it "
        "in the URSSAF settings."
    ): (
        "SAP suivi des 9 chiffres du NOVA, ou SIR suivi des 14 chiffres du SIRET : renseignez-le "
        "dans les paramètres URSSAF."
    ),
    "choose it on the product (URSSAF home-service nature).": (
        "à choisir sur le produit (nature de service à la personne URSSAF)."
    ),
    "hour or flat rate, to choose on the product.": "heure ou forfait, à choisir sur le produit.",
    "before its start.": "avant le début de la prestation.",
    "a positive amount with at most 2 decimals is expected.": (
        "montant positif à 2 décimales au plus attendu."
    ),
    "required with a deposit.": "à renseigner avec l'acompte.",
    "invisible characters or edge spaces: correct the numbering sequence.": (
        "caractères invisibles ou espaces en bord : corrigez la séquence de numérotation."
    ),
    (
        "the client's URSSAF link is not active: they must activate their account; refresh their "
        "URSSAF status."
    ): (
        "le lien du client avec l'URSSAF n'est pas actif : il doit activer son compte ; "
        "actualisez son statut URSSAF."
    ),
    "required.": "à renseigner.",
    "a payment date without an amount: give the deposit or remove the date.": (
        "une date de versement sans montant : indiquez l'acompte ou retirez la date."
    ),
    "the total must be positive; a credit note cannot go through the immediate advance.": (
        "le total doit être positif ; un avoir ne passe pas par l'avance immédiate."
    ),
    "at most 2 decimals.": "2 décimales au plus.",
    "amount missing.": "montant manquant.",
    (
        "a negative line (discount, refund) cannot be sent: apply the discount to the price of "
        "the line it concerns (discount % column) and remove the negative line."
    ): (
        "une ligne négative (remise, avoir) ne peut pas être envoyée : appliquez la remise sur "
        "le prix de la ligne concernée (colonne remise %) et supprimez la ligne négative."
    ),
    "a line with a zero amount cannot be sent: remove it or give it a price.": (
        "une ligne à montant nul ne peut pas être envoyée : supprimez-la ou donnez-lui un prix."
    ),
    (
        "a negative quantity cannot be sent: correct the line, or make a credit note outside the "
        "immediate advance."
    ): (
        "une quantité négative ne peut pas être envoyée : corrigez la ligne, ou faites un avoir "
        "hors avance immédiate."
    ),
    "a line with a zero quantity cannot be sent: remove it.": (
        "une ligne à quantité nulle ne peut pas être envoyée : supprimez-la."
    ),
    (
        "a credit note cannot be sent to URSSAF (negative amounts are refused). If the invoice "
        "was sent, only URSSAF can cancel it (ask from your URSSAF space); then invoice again "
        "under a new number."
    ): (
        "un avoir ne peut pas être envoyé à l'URSSAF (montants négatifs interdits). Si la "
        "facture a été envoyée, elle ne peut être annulée que par l'URSSAF (demande depuis votre "
        "espace) ; refacturez ensuite sous un nouveau numéro."
    ),
    "no service line: add the services billed.": (
        "aucune ligne de prestation : ajoutez les prestations facturées."
    ),
    (
        "URSSAF must have authorised your organisation to declare deposits, otherwise it refuses "
        "the request (ERR_ACOMPTE_BLOQUE). If it has, say so in the URSSAF settings."
    ): (
        "l'URSSAF doit avoir autorisé votre structure à déclarer des acomptes, sinon elle "
        "refusera la demande (ERR_ACOMPTE_BLOQUE). Si c'est le cas, indiquez-le dans les "
        "paramètres URSSAF."
    ),
    "at most 2 decimals (%(quantity)s entered); for example 1.75 h for 1 h 45 min.": (
        "2 décimales au plus (%(quantity)s saisi) ; par exemple 1,75 h pour 1 h 45."
    ),
    (
        "amount excluding VAT %(ht)s inconsistent with %(ttc)s including VAT: check the line's "
        "taxes."
    ): ("montant HT %(ht)s incohérent avec le TTC %(ttc)s : vérifiez les taxes de la ligne."),
    (
        "no unit price including VAT gives %(ttc)s € for a quantity of %(quantity)s (URSSAF "
        "checks quantity × unit price including VAT to the cent): check the line's quantity and "
        "amount."
    ): (
        "aucun prix unitaire TTC ne donne %(ttc)s € pour une quantité de %(quantity)s (URSSAF "
        "vérifie quantité × prix unitaire TTC au centime) : vérifiez la quantité et le montant "
        "de la ligne."
    ),
    "%(ht)s € is more than the total including VAT %(ttc)s €: check the taxes.": (
        "%(ht)s € est supérieur au total TTC %(ttc)s € : vérifiez les taxes."
    ),
    (
        "the lines add up to %(lines_ttc)s € incl. VAT and %(lines_ht)s € excl. VAT, the invoice "
        "to %(ttc)s € and %(ht)s €: more than a rounding difference; every amount billed must be "
        "on a service line."
    ): (
        "les lignes font %(lines_ttc)s € TTC et %(lines_ht)s € HT, la facture %(ttc)s € TTC et "
        "%(ht)s € HT : l'écart dépasse un arrondi ; chaque montant facturé doit être sur une "
        "ligne de prestation."
    ),
    (
        "the rounding difference (%(ttc)s € incl. VAT, %(ht)s € excl. VAT) fits on no line: "
        "round taxes per line."
    ): (
        "l'écart d'arrondi (%(ttc)s € TTC, %(ht)s € HT) ne peut être placé sur aucune ligne : "
        "arrondissez les taxes par ligne."
    ),
    (
        "Rounding: %(ttc)s € incl. VAT (%(vat)s € of VAT) placed on line %(line)s so that the "
        "lines add up to the invoice total."
    ): (
        "Arrondi : %(ttc)s € TTC (dont %(vat)s € de TVA) placé sur la ligne %(line)s pour que "
        "les lignes fassent le total de la facture."
    ),
    (
        "Line %(line)s is sent as two items (the quantity less one unit, then one unit): no unit "
        "price including VAT with 3 decimals gives its amount to the cent; quantities and "
        "amounts are unchanged."
    ): (
        "La ligne %(line)s est envoyée en deux prestations (la quantité moins une unité, puis "
        "une unité) : aucun prix unitaire TTC à 3 décimales ne donne son montant au centime ; "
        "quantités et montants sont inchangés."
    ),
    (
        "%(amount)s € cannot be written exactly in the request (too many digits): check the "
        "quantities and prices."
    ): (
        "%(amount)s € ne peut pas être écrit exactement dans la demande (trop de chiffres) : "
        "vérifiez les quantités et les prix."
    ),
    (
        "%(quantity)s × %(price)s € = %(amount)s € cannot be written exactly in the request (too "
        "many digits): check the quantity and the price."
    ): (
        "%(quantity)s × %(price)s € = %(amount)s € ne peut pas être écrit exactement dans la "
        "demande (trop de chiffres) : vérifiez la quantité et le prix."
    ),
    "the immediate advance is declared in euros only (%(currency)s): invoice in EUR.": (
        "l'avance immédiate ne se déclare qu'en euros (%(currency)s) : facturez en EUR."
    ),
    "none": "aucune",
    "%(date)s is not in the past: correct it on the client's URSSAF tab (the registered one).": (
        "le %(date)s n'est pas passé : corrigez-la sur l'onglet URSSAF du client (celle de "
        "l'inscription)."
    ),
    "%(end)s is before the first day (%(start)s): correct the period.": (
        "le %(end)s est avant le premier jour (%(start)s) : corrigez la période."
    ),
    (
        "the period (%(start)s – %(end)s) must lie within one calendar month: make one invoice "
        "per month."
    ): (
        "la période (%(start)s – %(end)s) doit tenir dans un seul mois civil : faites une "
        "facture par mois."
    ),
    "%(date)s is in the future: only services already done can be billed.": (
        "le %(date)s est dans le futur : on ne facture que des prestations réalisées."
    ),
    (
        "%(start)s is before the client's activation (%(since)s): earlier services are billed "
        "outside the immediate advance."
    ): (
        "le %(start)s est avant l'activation du client (%(since)s) : les prestations antérieures "
        "se facturent hors avance immédiate."
    ),
    "%(date)s is in the future.": "le %(date)s est dans le futur.",
    (
        "%(date)s is before the last day of service (%(end)s): services are billed once done; "
        "correct the date or the period."
    ): (
        "le %(date)s est avant le dernier jour de prestation (%(end)s) : une prestation se "
        "facture une fois réalisée ; corrigez la date ou la période."
    ),
    "unknown code %(code)s: choose a nature from URSSAF's list on the product.": (
        "code %(code)s inconnu : choisissez une nature de la liste URSSAF sur le produit."
    ),
    (
        '"%(nature)s" (%(code)s) is not eligible for the immediate advance: bill this service on '
        "another invoice, outside the immediate advance."
    ): (
        "« %(nature)s » (%(code)s) n'ouvre pas droit à l'avance immédiate : facturez cette "
        "prestation sur une autre facture, hors avance immédiate."
    ),
    (
        "%(date)s is outside the invoice's period (%(start)s – %(end)s): correct the line or the "
        "period."
    ): (
        "le %(date)s est hors de la période de la facture (%(start)s – %(end)s) : corrigez la "
        "ligne ou la période."
    ),
    "%(amount)s € is more than 50 %% of the invoice (%(total)s €): URSSAF would refuse it.": (
        "%(amount)s € dépasse 50 %% de la facture (%(total)s €) : l'URSSAF le refuserait."
    ),
    "%(date)s is after the invoice date: a deposit is paid before.": (
        "le %(date)s est après la date de facture : un acompte est versé avant."
    ),
    "%(line)s: %(hours)s h": "%(line)s : %(hours)s h",
    (
        "%(hours)s h from %(first)s to %(last)s (%(days)s day(s)): more than 24 hours a day "
        "(%(max)s h at most); correct the quantity (in hours) or the line's dates."
    ): (
        "%(hours)s h du %(first)s au %(last)s (%(days)s jour(s)) : plus de 24 heures par jour "
        "(%(max)s h au plus) ; corrigez la quantité (en heures) ou les dates de la ligne."
    ),
    (
        "%(hours)s hours billed (%(lines)s) for %(days)s day(s) of service (%(start)s to "
        "%(end)s): more than 24 hours a day (%(max)s h at most); correct the quantities (in "
        "hours) or the service period."
    ): (
        "%(hours)s heures facturées (%(lines)s) pour %(days)s jour(s) de prestation (du "
        "%(start)s au %(end)s) : plus de 24 heures par jour (%(max)s h au plus) ; corrigez les "
        "quantités (en heures) ou la période de prestation."
    ),
    (
        "%(total)s is above your company's warning amount (%(threshold)s): check the quantities "
        "and prices before sending; without the client's answer within 48 hours, the request is "
        "validated and the client debited."
    ): (
        "%(total)s dépasse le montant d'alerte de votre société (%(threshold)s) : vérifiez les "
        "quantités et les prix avant d'envoyer ; sans réponse du client sous 48 heures, la "
        "demande est validée et le client prélevé."
    ),
    (
        "with this invoice, this client's services sent to URSSAF by your company for %(year)s "
        "reach %(year_total)s, above the yearly ceiling of expenses for the tax credit "
        "(%(ceiling)s in the general case, article 199 sexdecies of the French tax code). Their "
        "ceiling may be higher (+ %(increase)s per dependent child or member of the household "
        "over 65, up to %(max)s; %(first_year_max)s at most the first year; %(disabled)s with a "
        "disabled member of the household). Above their ceiling, the expense gives no tax "
        "credit: the advance URSSAF paid on that part is taken back from the client with their "
        "income tax. Check their situation with them before sending."
    ): (
        "avec cette facture, les prestations de ce client envoyées à l'URSSAF par votre société "
        "pour %(year)s atteignent %(year_total)s, au-delà du plafond annuel de dépenses du "
        "crédit d'impôt (%(ceiling)s dans le cas général, article 199 sexdecies du CGI). Son "
        "plafond peut être plus haut (+ %(increase)s par enfant à charge ou membre du foyer de "
        "plus de 65 ans, jusqu'à %(max)s ; %(first_year_max)s au plus la première année ; "
        "%(disabled)s avec une personne invalide au foyer). Au-delà de son plafond, la dépense "
        "n'ouvre pas droit au crédit d'impôt : l'avance versée par l'URSSAF sur cette part lui "
        "sera reprise avec son impôt. Vérifiez sa situation avec lui avant d'envoyer."
    ),
    "Identity unknown to the tax office": "Identité inconnue des impôts",
    (
        "The identity does not match the tax office's records: check the birth name, the first "
        "names, the date and the place of birth."
    ): (
        "L'identité ne correspond pas aux données des impôts : vérifiez le nom de naissance, les "
        "prénoms, la date et le lieu de naissance."
    ),
    "Tax situation does not allow registration": (
        "Situation fiscale ne permettant pas l'inscription"
    ),
    (
        "The client must have filed at least one income tax return in France. If they have, "
        "check their civil status; otherwise they cannot use the immediate advance yet."
    ): (
        "Le client doit avoir déjà déposé au moins une déclaration de revenus en France. S'il "
        "l'a fait, vérifiez son état civil ; sinon, il ne peut pas encore bénéficier de l'avance "
        "immédiate."
    ),
    "Several URSSAF accounts for this person": "Plusieurs comptes URSSAF pour cette personne",
    (
        "URSSAF has several accounts for this person: the client must ask URSSAF to merge them, "
        "then you can register the client again."
    ): (
        "L'URSSAF connaît plusieurs comptes pour cette personne : le client doit contacter "
        "l'URSSAF pour les faire regrouper, puis vous pourrez recommencer l'inscription."
    ),
    "E-mail address and phone number already used": "Adresse e-mail et téléphone déjà utilisés",
    (
        "This e-mail address / mobile number pair is already used by another person: enter the "
        "client's own e-mail address and mobile number."
    ): (
        "Ce couple adresse e-mail / téléphone portable est déjà utilisé par un autre particulier "
        ": saisissez l'adresse e-mail et le numéro de portable personnels du client."
    ),
    "Date of birth in the future": "Date de naissance dans le futur",
    "Correct the client's date of birth.": "Corrigez la date de naissance du client.",
    "Birth town missing": "Commune de naissance manquante",
    "Enter the name of the client's town of birth.": (
        "Renseignez le nom de la commune de naissance du client."
    ),
    "Birth department missing": "Département de naissance manquant",
    "For a person born in France, enter the department of birth (for example 077, 02A or 974).": (
        "Pour une personne née en France, renseignez le département de naissance (par exemple "
        "077, 02A ou 974)."
    ),
    "Invalid birth department format": "Format du département de naissance incorrect",
    "The department of birth has 3 characters: 077, 02A, 02B, 974… Correct it.": (
        "Le département de naissance s'écrit sur 3 caractères : 077, 02A, 02B, 974… Corrigez-le."
    ),
    "Birth town code missing or invalid": "Commune de naissance manquante ou invalide",
    (
        "For a person born in France, enter the INSEE code of the town of birth (5 characters, "
        "for example 77288), not its postal code."
    ): (
        "Pour une personne née en France, renseignez le code INSEE de la commune de naissance (5 "
        "caractères, par exemple 77288) et non son code postal."
    ),
    "Inconsistent place of birth": "Lieu de naissance incohérent",
    (
        "For a person born abroad, enter only the country of birth and leave the department and "
        "the town empty; for a person born in France, the country must be 99100."
    ): (
        "Pour une personne née à l'étranger, ne renseignez que le pays de naissance et laissez "
        "le département et la commune vides ; pour une personne née en France, le pays doit être "
        "99100."
    ),
    "Place of birth missing": "Lieu de naissance manquant",
    "Enter the client's place of birth (at least the country of birth).": (
        "Renseignez le lieu de naissance du client (au moins le pays de naissance)."
    ),
    "Invalid birth town name": "Nom de la commune de naissance invalide",
    "The name of the town of birth must have 1 to 50 characters and no semicolon: correct it.": (
        "Le nom de la commune de naissance doit compter de 1 à 50 caractères, sans point-virgule "
        ": corrigez-le."
    ),
    "Contact details refused": "Coordonnées refusées",
    (
        "The mobile number, e-mail address, postal address or first names are invalid, or differ "
        "from those of an account another provider already opened for this client: check them "
        "with the client (they are shown in their particulier.urssaf.fr space)."
    ): (
        "Le téléphone portable, l'adresse e-mail, l'adresse postale ou les prénoms sont "
        "invalides, ou différents de ceux d'un compte déjà ouvert pour ce client par un autre "
        "prestataire : vérifiez-les avec le client (il les retrouve dans son espace "
        "particulier.urssaf.fr)."
    ),
    "Unknown street type": "Type de voie inconnu",
    (
        "Choose a street type from the list (street, avenue, boulevard…), or leave the street "
        "type and name empty and write the address in the complement."
    ): (
        "Choisissez un type de voie de la liste (rue, avenue, boulevard…), ou laissez le type et "
        "le nom de la voie vides et écrivez l'adresse dans le complément."
    ),
    "Street type missing": "Type de voie manquant",
    "A street name is given without a street type: choose the type (street, avenue…).": (
        "Un nom de voie est renseigné sans type de voie : choisissez le type (rue, avenue…)."
    ),
    "Invalid street number suffix": "Indice de répétition invalide",
    (
        "The suffix after the street number must be B (bis), T (ter), Q (quater) or C "
        "(quinquies); otherwise leave it empty."
    ): (
        "L'indice qui suit le numéro doit être B (bis), T (ter), Q (quater) ou C (quinquies) ; "
        "sinon, laissez-le vide."
    ),
    "Street name missing": "Nom de voie manquant",
    (
        "A street type is chosen without a street name: enter the street name (at most 28 "
        "characters)."
    ): (
        "Un type de voie est choisi sans nom de voie : renseignez le nom de la voie (28 "
        "caractères au plus)."
    ),
    "Incomplete address": "Adresse incomplète",
    "Enter at least the street type and name, an address complement or a locality (lieu-dit).": (
        "Renseignez au moins le type et le nom de la voie, un complément d'adresse ou un "
        "lieu-dit."
    ),
    "Address town not found": "Commune de l'adresse introuvable",
    (
        "Check the INSEE code of the town (it differs from the postal code: 69101 for Lyon 1st "
        "district, whose postal code is 69001), the postal code and the town name."
    ): (
        "Vérifiez le code INSEE de la commune (différent du code postal : 69101 pour Lyon 1er, "
        "dont le code postal est 69001), le code postal et le nom de la commune."
    ),
    "Bank details refused": "Coordonnées bancaires refusées",
    "Check the IBAN, the BIC and the account holder on the client's bank details (RIB).": (
        "Vérifiez l'IBAN, le BIC et le titulaire du compte sur le RIB du client."
    ),
    "Bank account check failed": "Contrôle du compte bancaire impossible",
    (
        "The bank details check failed: check the IBAN and the BIC on the client's bank details; "
        "if they are right, try again later."
    ): (
        "Le contrôle des coordonnées bancaires a échoué : vérifiez l'IBAN et le BIC sur le RIB "
        "du client ; s'ils sont exacts, réessayez plus tard."
    ),
    (
        "This client's URSSAF account is blocked: the registration cannot succeed. The client "
        "must contact URSSAF."
    ): (
        "Le compte URSSAF de ce client est bloqué : l'inscription ne peut pas aboutir. Le client "
        "doit contacter l'URSSAF."
    ),
    "Client already linked to your organisation": "Client déjà rattaché à votre structure",
    (
        "This client is already registered with you: do not register them again, reuse their "
        "existing URSSAF id."
    ): (
        "Ce client est déjà inscrit chez vous : ne le réinscrivez pas, reprenez son identifiant "
        "URSSAF existant."
    ),
    "Could not link the client": "Rattachement du client impossible",
    (
        "URSSAF could not link this client to your organisation: try again later; if the problem "
        "persists, contact URSSAF support."
    ): (
        "L'URSSAF n'a pas pu rattacher ce client à votre structure : réessayez plus tard ; si le "
        "problème persiste, contactez l'assistance URSSAF."
    ),
    "Format refused": "Format refusé",
    (
        "A value does not have the format URSSAF expects: read the details below and correct the "
        "field they name."
    ): (
        "Une information ne respecte pas le format attendu par l'URSSAF : lisez le détail "
        "ci-dessous et corrigez le champ indiqué."
    ),
    "Service in the future": "Prestation dans le futur",
    (
        "Service dates cannot be in the future: wait until the service is done before sending "
        "the request."
    ): (
        "Les dates de prestation ne peuvent pas être dans le futur : attendez la fin de la "
        "prestation pour envoyer la demande."
    ),
    "Date before the scheme started": "Date antérieure au lancement du service",
    "The date is before the immediate advance scheme started: correct the invoice dates.": (
        "La date est antérieure au lancement de l'avance immédiate : corrigez les dates de la "
        "facture."
    ),
    "Period over several months": "Période sur plusieurs mois",
    (
        "All the services of a request must be in the same calendar month: issue one invoice per "
        "month."
    ): (
        "Les prestations d'une demande doivent toutes être dans le même mois civil : faites une "
        "facture par mois."
    ),
    "Service dates reversed": "Dates de prestation inversées",
    "The service end date is before the start date: correct the dates.": (
        "La date de fin de prestation est antérieure à la date de début : corrigez les dates."
    ),
    "Deposit too high": "Acompte trop élevé",
    "The deposit cannot exceed 50% of the invoice amount: correct it.": (
        "L'acompte ne peut pas dépasser 50 % du montant de la facture : corrigez-le."
    ),
    "Deposit not allowed": "Acompte non autorisé",
    (
        "Your organisation is not allowed to declare a deposit: send the invoice without a "
        "deposit or ask URSSAF for the authorisation."
    ): (
        "Votre structure n'est pas autorisée à déclarer un acompte : envoyez la facture sans "
        "acompte ou demandez l'autorisation à l'URSSAF."
    ),
    "Inconsistent invoice total": "Total de la facture incohérent",
    (
        "The sum of the lines' amounts including VAT must equal the invoice total including VAT: "
        "check the amounts and the rounding."
    ): (
        "La somme des montants TTC des lignes doit être égale au total TTC de la facture : "
        "vérifiez les montants et les arrondis."
    ),
    "Too many decimals": "Trop de décimales",
    "Amounts must have at most 2 decimals: correct the prices or the quantities.": (
        "Les montants doivent avoir au plus 2 décimales : corrigez les prix ou les quantités."
    ),
    "Net + VAT differs from the gross amount": "HT + TVA différent du TTC",
    (
        "On each line, the amount excluding VAT plus the VAT must equal the amount including "
        "VAT: check the rounding."
    ): (
        "Sur chaque ligne, le montant HT plus la TVA doit être égal au montant TTC : vérifiez "
        "les arrondis."
    ),
    "Wrong line amount": "Montant TTC de ligne incorrect",
    (
        "On each line, the amount including VAT must equal the quantity times the unit price "
        "including VAT: check the rounding."
    ): (
        "Sur chaque ligne, le montant TTC doit être égal à la quantité multipliée par le prix "
        "unitaire TTC : vérifiez les arrondis."
    ),
    "Negative amount": "Montant négatif",
    (
        "Amounts and quantities cannot be negative: include discounts in the unit price; a "
        "credit note cannot go through the immediate advance."
    ): (
        "Les montants et les quantités ne peuvent pas être négatifs : intégrez les remises dans "
        "le prix unitaire ; un avoir ne passe pas par l'avance immédiate."
    ),
    "Unknown service nature": "Nature de prestation inconnue",
    "Choose, on the invoiced product, a home-service nature that URSSAF recognises.": (
        "Choisissez, sur le produit facturé, une nature de service à la personne reconnue par "
        "l'URSSAF."
    ),
    "Unknown activity code": "Code activité inconnu",
    "The activity code is not recognised: remove or correct it.": (
        "Le code activité n'est pas reconnu : retirez-le ou corrigez-le."
    ),
    "Activity does not match the nature": "Activité incompatible avec la nature",
    "The activity code does not belong to the service nature: remove or correct it.": (
        "Le code activité ne correspond pas à la nature de la prestation : retirez-le ou "
        "corrigez-le."
    ),
    "Too many requests in one call": "Trop de demandes dans un envoi",
    "One call may carry at most 10 payment requests: send them in several calls.": (
        "Un envoi peut contenir au plus 10 demandes de paiement : envoyez-les en plusieurs fois."
    ),
    "Unknown client": "Client inconnu",
    (
        "The client id is unknown, the date of birth differs from the registered one, or the "
        "account is not activated yet: check the date of birth and the client's status."
    ): (
        "L'identifiant du client est inconnu, sa date de naissance diffère de celle de "
        "l'inscription, ou son compte n'est pas encore activé : vérifiez la date de naissance et "
        "le statut du client."
    ),
    "Client not linked to your organisation": "Client non rattaché à votre structure",
    (
        "The client has no (longer an) active link with your organisation, or the service dates "
        "are before the account activation: check the client's status and the dates."
    ): (
        "Le client n'a pas (ou plus) de lien actif avec votre structure, ou les dates de "
        "prestation sont antérieures à l'activation de son compte : vérifiez son statut et les "
        "dates."
    ),
    (
        "The client's account is blocked (for example after an unpaid debit): invoice them "
        "outside the immediate advance until it is unblocked."
    ): (
        "Le compte du client est bloqué (par exemple après un impayé) : facturez-le hors avance "
        "immédiate en attendant son déblocage."
    ),
    "Direct debit mandate expired": "Mandat de prélèvement échu",
    (
        "The client's SEPA direct debit mandate has expired: they must renew it in their "
        "particulier.urssaf.fr space, then send the request again."
    ): (
        "Le mandat de prélèvement SEPA du client a expiré : il doit le renouveler dans son "
        "espace particulier.urssaf.fr, puis renvoyez la demande."
    ),
    "Unknown provider": "Prestataire inconnu",
    (
        "URSSAF does not recognise your organisation with these credentials: check your "
        "authorisation and your API credentials."
    ): (
        "Votre structure n'est pas reconnue par l'URSSAF avec ces identifiants : vérifiez votre "
        "habilitation et vos identifiants d'API."
    ),
    "Unknown billing provider": "Prestataire de facturation inconnu",
    "The billing id is not recognised: check your organisation's settings with URSSAF.": (
        "L'identifiant de facturation n'est pas reconnu : vérifiez le paramétrage de votre "
        "structure auprès de l'URSSAF."
    ),
    "Financial guarantee not compliant": "Garantie financière non conforme",
    (
        "Your financial guarantee is missing, insufficient or expired: send an up-to-date "
        "certificate to URSSAF."
    ): (
        "Votre garantie financière est absente, insuffisante ou échue : transmettez une "
        "attestation à jour à l'URSSAF."
    ),
    "Malformed NOVA or SIRET number": "Numéro NOVA ou SIRET mal formé",
    (
        "The provider number must be SAP followed by the 9-digit NOVA number, or SIR followed by "
        "the 14-digit SIRET: correct it in the settings."
    ): (
        "Le numéro d'intervenant doit être SAP suivi des 9 chiffres du NOVA, ou SIR suivi des 14 "
        "chiffres du SIRET : corrigez-le dans la configuration."
    ),
    "NOVA or SIRET number missing": "Numéro NOVA ou SIRET manquant",
    "Enter the NOVA number or the SIRET of the provider in the settings.": (
        "Renseignez le numéro NOVA ou le SIRET de l'intervenant dans la configuration."
    ),
    "Provider not authorised": "Intervenant non autorisé",
    "The provider behind this NOVA or SIRET number is not authorised: contact URSSAF.": (
        "L'intervenant associé à ce numéro NOVA ou SIRET n'est pas autorisé : contactez "
        "l'URSSAF."
    ),
    "Invoice already sent": "Facture déjà transmise",
    (
        "This invoice number was already sent and URSSAF refuses duplicates: to declare the "
        "service again, use a new invoice number."
    ): (
        "Ce numéro de facture a déjà été transmis et l'URSSAF refuse les doublons : pour "
        "déclarer à nouveau la prestation, utilisez un nouveau numéro de facture."
    ),
    "Search criterion missing": "Critère de recherche manquant",
    "Give at least one request id, one invoice number or a period.": (
        "Indiquez au moins un identifiant de demande, un numéro de facture ou une période."
    ),
    "Too many results": "Trop de résultats",
    "Shorten the period or reduce the number of ids (at most 10), then search again.": (
        "Réduisez la période ou le nombre d'identifiants (10 au plus) puis relancez la "
        "recherche."
    ),
    "No result": "Aucun résultat",
    "No payment request matches the search: check the ids, the invoice numbers or the period.": (
        "Aucune demande de paiement ne correspond à la recherche : vérifiez les identifiants, "
        "les numéros de facture ou la période."
    ),
    "Client not found": "Client introuvable",
    (
        "URSSAF cannot find this client for your organisation, or the client broke the link with "
        "you: check with them; a new registration may be needed."
    ): (
        "L'URSSAF ne trouve pas ce client pour votre structure, ou le client a rompu le lien "
        "avec vous : vérifiez avec lui ; une nouvelle inscription peut être nécessaire."
    ),
    "Invalid parameter": "Paramètre invalide",
    "The request has an invalid parameter: read the details below.": (
        "La requête contient un paramètre invalide : lisez le détail ci-dessous."
    ),
    "URSSAF technical error": "Erreur technique de l'URSSAF",
    "The URSSAF service had a technical error: try again later.": (
        "Le service de l'URSSAF a rencontré une erreur technique : réessayez plus tard."
    ),
    "Refused without a reason": "Refus sans motif",
    (
        "URSSAF refused the request without giving a reason (empty answer). Check all the data "
        "sent, especially the formats (dates, INSEE codes, IBAN, phone); if everything is right, "
        "try again later, then contact URSSAF support."
    ): (
        "L'URSSAF a refusé la demande sans en donner la raison (réponse vide). Vérifiez toutes "
        "les informations envoyées, en particulier les formats (dates, codes INSEE, IBAN, "
        "téléphone) ; si tout est correct, réessayez plus tard puis contactez l'assistance "
        "URSSAF."
    ),
    "Error without a code": "Erreur sans code",
    "URSSAF reported an error without a code: read the details below.": (
        "L'URSSAF a signalé une erreur sans code : lisez le détail ci-dessous."
    ),
    "Integrated": "Intégrée",
    "URSSAF received the request; the client will be asked to validate it.": (
        "L'URSSAF a reçu la demande ; le client va être invité à la valider."
    ),
    "Aid computed": "Aides calculées",
    "URSSAF computed the aid; nothing to do.": "L'URSSAF a calculé les aides ; rien à faire.",
    "Awaiting validation": "En attente de validation",
    (
        "The client has 48 hours to validate or contest the request in their space; without an "
        "answer it is validated automatically."
    ): (
        "Le client a 48 heures pour valider ou contester la demande dans son espace ; sans "
        "réponse de sa part, elle sera validée automatiquement."
    ),
    "Validated": "Validée",
    "The client validated the request (or the 48-hour delay is over): the debit is under way.": (
        "Le client a validé la demande (ou le délai de 48 heures est écoulé) : le prélèvement "
        "est lancé."
    ),
    "Refused": "Refusée",
    (
        "The client refused or contested the request (see the reason): settle it directly with "
        "them; a new request needs a new invoice number."
    ): (
        "Le client a refusé ou contesté la demande (voir le motif) : réglez la situation "
        "directement avec lui ; une nouvelle demande exige un nouveau numéro de facture."
    ),
    "Debited": "Prélevée",
    "The client is being debited; the transfer to your account will follow.": (
        "Le client est en cours de prélèvement ; le virement vers votre compte suivra."
    ),
    "Debit refused": "Prélèvement refusé",
    (
        "The client's debit was rejected: URSSAF will take back the client's share from your "
        "account; collect it directly from the client."
    ): (
        "Le prélèvement du client a été rejeté : l'URSSAF reprendra sur votre compte la part "
        "restant à la charge du client ; recouvrez-la directement auprès de lui."
    ),
    "Paid": "Payée",
    (
        "URSSAF made the transfer to your account, or scheduled it while only its date is known "
        "(not its amount yet)."
    ): (
        "L'URSSAF a effectué le virement vers votre compte, ou l'a programmé tant que seule sa "
        "date est connue (pas encore son montant)."
    ),
    "Awaiting exchanges": "En attente d'échanges",
    (
        "URSSAF is waiting for further exchanges (a status its documentation names without "
        "saying more): check the request in your URSSAF space."
    ): (
        "L'URSSAF attend des échanges complémentaires (statut nommé par sa documentation, sans "
        "autre précision) : consultez la demande dans votre espace URSSAF."
    ),
    "Closed": "Clôturée",
    (
        "The request is closed (a status URSSAF's documentation names without saying more): "
        "check in your URSSAF space whether it was paid."
    ): (
        "La demande est clôturée (statut nommé par la documentation de l'URSSAF, sans autre "
        "précision) : vérifiez dans votre espace URSSAF si elle a été payée."
    ),
    "Deleted": "Supprimée",
    (
        "URSSAF deleted the request (a status its documentation names without saying more): "
        "check the invoice and contact URSSAF if needed."
    ): (
        "La demande a été supprimée par l'URSSAF (statut nommé par sa documentation, sans autre "
        "précision) : vérifiez la facture et contactez l'URSSAF si besoin."
    ),
    "Cancelled": "Annulée",
    "The request was cancelled at the provider's reasoned request.": (
        "La demande a été annulée à la demande motivée du prestataire."
    ),
    "Cancelled after an unpaid debit": "Annulée après impayé",
    (
        "The request was cancelled after an unpaid debit: collect the amount due directly from "
        "the client."
    ): (
        "La demande a été annulée après un impayé : recouvrez la somme due directement auprès du "
        "client."
    ),
    "Cancelled after recovery": "Annulée après recouvrement",
    "The request was cancelled after recovery; check the payment booked for this invoice.": (
        "La demande a été annulée après recouvrement ; vérifiez le paiement enregistré pour "
        "cette facture."
    ),
    "Cancelled (specific reason)": "Annulée (motif particulier)",
    "The request was cancelled for a specific reason: contact URSSAF to know why.": (
        "La demande a été annulée pour un motif particulier : contactez l'URSSAF pour en "
        "connaître la raison."
    ),
    "Recovered": "Recouvrée",
    "The unpaid amount was recovered; check the payment booked for this invoice.": (
        "Le montant impayé a été recouvré ; vérifiez le paiement enregistré pour cette facture."
    ),
    "Provider unpaid": "Impayé prestataire",
    (
        "An unpaid amount is recorded on the provider's side: check your adjustment account and "
        "contact URSSAF if needed."
    ): (
        "Un impayé est constaté côté prestataire : vérifiez votre compte de régularisation et "
        "contactez l'URSSAF si besoin."
    ),
    "Provider adjusted": "Régularisée prestataire",
    "The situation was adjusted on the provider's side; nothing to do.": (
        "La situation a été régularisée côté prestataire ; rien à faire."
    ),
    "Adjustment: invoiced amount": "Régularisation : montant facturé",
    "Adjustment: invoiced quantity": "Régularisation : quantité facturée",
    "Adjustment: invoiced service": "Régularisation : prestation facturée",
    "Adjustment: other reason": "Régularisation : autre motif",
    "Contested: invoicing error": "Contestation : erreur de facturation",
    "Contested: invoice already paid": "Contestation : facture déjà réglée",
    "The client says this invoice is already paid: check your receipts.": (
        "Le client indique avoir déjà payé cette facture : vérifiez vos encaissements."
    ),
    "Contested: other reason": "Contestation : autre motif",
    "Read the client's comment and settle it directly with them.": (
        "Lisez le commentaire du client et réglez la situation directement avec lui."
    ),
    "Cancelled: duplicate": "Annulation : doublon",
    "The request duplicated another one: check that only one is kept.": (
        "La demande faisait doublon avec une autre : vérifiez qu'une seule est conservée."
    ),
    "Cancelled: wrong amount": "Annulation : erreur de montant",
    "Cancelled: technical error": "Annulation : erreur technique",
    (
        "The request was cancelled for a technical error: send it again under a new invoice "
        "number if the service is still due."
    ): (
        "La demande a été annulée pour une erreur technique : renvoyez-la sous un nouveau numéro "
        "de facture si la prestation reste due."
    ),
    "Cancelled: other reason": "Annulation : autre motif",
    "Contact URSSAF or the client to know why the request was cancelled.": (
        "Contactez l'URSSAF ou le client pour connaître le motif de l'annulation."
    ),
    "Service not performed (old code)": "Prestation non effectuée (ancien code)",
    "The client says the service did not take place: check with them.": (
        "Le client indique que la prestation n'a pas eu lieu : vérifiez avec lui."
    ),
    "Registration pending": "Inscription en attente",
    (
        "The client must activate their account (link received by e-mail, valid 7 days) or "
        "accept the link request in their particulier.urssaf.fr space."
    ): (
        "Le client doit activer son compte (lien reçu par e-mail, valable 7 jours) ou accepter "
        "la mise en relation dans son espace particulier.urssaf.fr."
    ),
    "Account active": "Compte actif",
    "You can send payment requests for services performed from the activation date on.": (
        "Vous pouvez envoyer des demandes de paiement pour les prestations réalisées à partir de "
        "la date d'activation."
    ),
    "Registration not completed": "Inscription non finalisée",
    (
        "The client did not complete the registration or refused the link: check with them; a "
        "new registration may be needed."
    ): (
        "Le client n'a pas finalisé son inscription ou a refusé la mise en relation : voyez avec "
        "lui ; une nouvelle inscription peut être nécessaire."
    ),
    "Client blocked": "Client bloqué",
    (
        "The client's account is blocked (for example after an unpaid debit): invoice them "
        "outside the immediate advance."
    ): (
        "Le compte du client est bloqué (par exemple après un impayé) : facturez-le hors avance "
        "immédiate."
    ),
    "SEPA mandate expired": "Mandat SEPA échu",
    (
        "The client must renew their direct debit mandate in their particulier.urssaf.fr space "
        "before any new request."
    ): (
        "Le client doit renouveler son mandat de prélèvement dans son espace "
        "particulier.urssaf.fr avant toute nouvelle demande."
    ),
    "Care of a disabled child": "Garde d'enfant handicapé",
    "Accompanying a disabled child on trips": (
        "Accompagnement d'enfant handicapé dans ses déplacements"
    ),
    "Human assistance": "Aide humaine",
    "Driving the person's own vehicle": "Conduite du véhicule personnel",
    "Accompaniment on outings": "Accompagnement pour les sorties",
    "Cleaning and ironing": "Ménage et repassage",
    "Small gardening jobs": "Petits travaux de jardinage",
    "Small DIY jobs": "Petits travaux de bricolage",
    "Care of a child over 6": "Garde d'enfant de plus de 6 ans",
    "Tutoring and lessons at home": "Soutien scolaire et cours à domicile",
    "Beauty care and hairdressing at home": "Soins d'esthétique et coiffure à domicile",
    "Meal preparation at home": "Préparation de repas à domicile",
    "Meal delivery at home": "Livraison de repas à domicile",
    "Collection and delivery of ironed laundry": "Collecte et livraison de linge repassé",
    "Shopping delivery at home": "Livraison de courses à domicile",
    "IT assistance at home": "Assistance informatique à domicile",
    "Pet care and walks": "Soins et promenades d'animaux de compagnie",
    "Temporary upkeep and watch of the home (house-sitting)": (
        "Maintenance et vigilance de la résidence (gardiennage)"
    ),
    "Administrative assistance at home": "Assistance administrative à domicile",
    "Accompanying a child over 6 on trips": (
        "Accompagnement d'enfant de plus de 6 ans dans ses déplacements"
    ),
    "Remote assistance": "Téléassistance et visioassistance",
    "Sign-language interpreting and cued-speech coding": (
        "Interprète en langue des signes, codeur en langage parlé complété"
    ),
    "Driving the person's own vehicle (temporary incapacity)": (
        "Conduite du véhicule personnel (incapacité temporaire)"
    ),
    "Accompaniment on outings (temporary incapacity)": (
        "Accompagnement pour les sorties (incapacité temporaire)"
    ),
    "Human assistance (temporary incapacity)": "Aide humaine (incapacité temporaire)",
    "Coordination and delivery of services (platform)": (
        "Coordination et délivrance des services (plateforme)"
    ),
    "Other service (not eligible)": "Autre prestation (non éligible)",
    (
        "URSSAF may have received and recorded this registration, but its answer did not arrive "
        "(%(cause)s). Do not send the registration again straight away: first check whether it "
        "went through (refresh the client's URSSAF status if you know their URSSAF id; otherwise "
        "ask the client whether they received URSSAF's activation e-mail or link request, or ask "
        "URSSAF support). If it went through, sending it again would be refused with "
        "ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE."
    ): (
        "L'URSSAF a peut-être reçu et enregistré cette inscription, mais sa réponse n'est pas "
        "parvenue (%(cause)s). Ne renvoyez pas l'inscription tout de suite : vérifiez d'abord si "
        "elle a abouti (actualisez le statut URSSAF du client si vous connaissez son identifiant "
        "URSSAF ; sinon demandez au client s'il a reçu l'e-mail d'activation ou la demande de "
        "mise en relation de l'URSSAF, ou interrogez l'assistance URSSAF). Si elle a abouti, un "
        "nouvel envoi serait refusé avec ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE."
    ),
    (
        "URSSAF may have received and recorded these payment requests, but its answer did not "
        "arrive (%(cause)s). Do not send them again as they are: first search for them by "
        "invoice number, then send again only those URSSAF does not know (the others would be "
        "refused with ERR_FACTURE_DOUBLON)."
    ): (
        "L'URSSAF a peut-être reçu et enregistré ces demandes de paiement, mais sa réponse n'est "
        "pas parvenue (%(cause)s). Ne les renvoyez pas telles quelles : recherchez-les d'abord "
        "par numéro de facture, puis renvoyez uniquement celles que l'URSSAF ne connaît pas (les "
        "autres seraient refusées avec ERR_FACTURE_DOUBLON)."
    ),
    "URSSAF did not answer in time": "l'URSSAF n'a pas répondu à temps",
    "the connection was cut before the answer": "la connexion a été coupée avant la réponse",
    "broken or unreadable answer": "réponse interrompue ou illisible",
    "unexpected answer (HTTP %(status)s): %(why)s": (
        "réponse inattendue (HTTP %(status)s) : %(why)s"
    ),
    "Unexpected answer from URSSAF (%(why)s): try again later; if it persists, contact support.": (
        "Réponse inattendue de l'URSSAF (%(why)s) : réessayez plus tard ; si cela persiste, "
        "contactez l'assistance."
    ),
    (
        "URSSAF denies access to the API Tiers de prestation%(detail)s: your organisation's "
        "authorisation is not granted (yet) for this environment. Check your DataPass request or "
        "write to habilitation-api@urssaf.fr."
    ): (
        "L'URSSAF refuse l'accès à l'API Tiers de prestation%(detail)s : l'habilitation de votre "
        "structure n'est pas (encore) accordée pour cet environnement. Vérifiez votre demande "
        "DataPass ou écrivez à habilitation-api@urssaf.fr."
    ),
    (
        "URSSAF refuses the authentication even with a new token: check the client id and the "
        "client secret in the settings."
    ): (
        "L'URSSAF refuse l'authentification même avec un nouveau jeton : vérifiez l'identifiant "
        "client et le secret dans la configuration."
    ),
    (
        "The URSSAF service was not found at this address (HTTP %(status)s): check the "
        "configured environment and URL."
    ): (
        "Le service URSSAF est introuvable à cette adresse (HTTP %(status)s) : vérifiez "
        "l'environnement et l'adresse configurés."
    ),
    "URSSAF is rate limiting the calls: try again in a few minutes.": (
        "L'URSSAF limite le nombre d'appels : réessayez dans quelques minutes."
    ),
    "The URSSAF service is under maintenance or unavailable: try again later.": (
        "Le service de l'URSSAF est en maintenance ou indisponible : réessayez plus tard."
    ),
    "technical error HTTP %(status)s": "erreur technique HTTP %(status)s",
    "The URSSAF service had a technical error (HTTP %(status)s): try again later.": (
        "Le service de l'URSSAF a rencontré une erreur technique (HTTP %(status)s) : réessayez "
        "plus tard."
    ),
    "unexpected HTTP %(status)s": "statut HTTP %(status)s inattendu",
    "The URSSAF service URL is invalid: check the chosen environment.": (
        "L'adresse du service URSSAF est invalide : vérifiez l'environnement choisi."
    ),
    "URSSAF did not answer in time: try again later.": (
        "L'URSSAF n'a pas répondu à temps : réessayez plus tard."
    ),
    (
        "Cannot reach URSSAF (network problem): check the server's Internet connection, then try "
        "again later."
    ): (
        "Impossible de joindre l'URSSAF (problème de réseau) : vérifiez la connexion Internet du "
        "serveur, puis réessayez plus tard."
    ),
    "empty answer": "réponse vide",
    "no access token": "jeton absent",
    "no idClient": "idClient absent",
    "unexpected answer": "réponse inattendue",
    "URSSAF credentials missing: enter the client id and the client secret in the settings.": (
        "Identifiants URSSAF manquants : renseignez l'identifiant client et le secret dans la "
        "configuration."
    ),
    (
        "URSSAF refuses the client id or secret%(detail)s: check them in the settings (and that "
        "they belong to the chosen environment: production or sandbox)."
    ): (
        "L'URSSAF refuse l'identifiant client ou le secret%(detail)s : vérifiez-les dans la "
        "configuration (et qu'ils correspondent à l'environnement choisi : production ou bac à "
        "sable)."
    ),
    "unreadable (bad JSON)": "réponse illisible (JSON invalide)",
    "The client reports a wrong amount: if needed, issue a corrected invoice under a new number.": (
        "Le client signale une erreur de montant : établissez si besoin une facture corrigée "
        "sous un nouveau numéro."
    ),
    (
        "The client reports a wrong quantity (number of hours): if needed, issue a corrected "
        "invoice under a new number."
    ): (
        "Le client signale une erreur de quantité (nombre d'heures) : établissez si besoin une "
        "facture corrigée sous un nouveau numéro."
    ),
    (
        "The client reports a wrong service: if needed, issue a corrected invoice under a new "
        "number."
    ): (
        "Le client signale une erreur sur la prestation facturée : établissez si besoin une "
        "facture corrigée sous un nouveau numéro."
    ),
    (
        "Read the client's comment and check with them; if needed, issue a corrected invoice "
        "under a new number."
    ): (
        "Lisez le commentaire du client et voyez avec lui ; établissez si besoin une facture "
        "corrigée sous un nouveau numéro."
    ),
    (
        "The client contests the invoice: read their comment, then if needed, issue a corrected "
        "invoice under a new number."
    ): (
        "Le client conteste la facture : lisez son commentaire, puis établissez si besoin une "
        "facture corrigée sous un nouveau numéro."
    ),
    (
        "The request was cancelled for a wrong amount: if needed, issue a corrected invoice "
        "under a new number."
    ): (
        "La demande a été annulée pour une erreur de montant : établissez si besoin une facture "
        "corrigée sous un nouveau numéro."
    ),
}

FRENCH: dict[str, str] = {english: typography(french) for english, french in _FRENCH.items()}


def translate_fr(template: str) -> str:
    """The French of an English template (the template itself when it has none)."""
    return FRENCH.get(template, template)
