"""Error codes of the contract (§6), bilingual, with what to do."""

from ..texts import Text, _lt
from .entries import E, Entry

# --------------------------------------------------------------------------------------------
# Error codes (contract §6) + EMPTY_400, ERREUR_TECHNIQUE and ERREUR_SANS_CODE (our own).
# --------------------------------------------------------------------------------------------

ERRORS: dict[str, Entry] = {
    # --- Registration (E1): identity
    "ERR_DGFIP_R2P_INCONNU": E(
        Text(_lt("Identity unknown to the tax office")),
        Text(
            _lt(
                "The identity does not match the tax office's records: check the birth name, the "
                "first names, the date and the place of birth."
            )
        ),
        "birth_name",
    ),
    "ERR_DGFIP_IMPOTPART_INCONNU": E(
        Text(_lt("Tax situation does not allow registration")),
        Text(
            _lt(
                "The client must have filed at least one income tax return in France. If they "
                "have, check their civil status; otherwise they cannot use the immediate advance "
                "yet."
            )
        ),
        "birth_name",
    ),
    "ERR_ECV_PARTICULIERS_EXISTENT": E(
        Text(_lt("Several URSSAF accounts for this person")),
        Text(
            _lt(
                "URSSAF has several accounts for this person: the client must ask URSSAF to merge "
                "them, then you can register the client again."
            )
        ),
    ),
    "ERREUR_REFERENCE_PARTICULIER_EXISTANTE_TYPE": E(
        Text(_lt("E-mail address and phone number already used")),
        Text(
            _lt(
                "This e-mail address / mobile number pair is already used by another person: enter "
                "the client's own e-mail address and mobile number."
            )
        ),
        "email",
    ),
    "ERR_DATE_NAISSANCE_FUTUR": E(
        Text(_lt("Date of birth in the future")),
        Text(_lt("Correct the client's date of birth.")),
        "birth_date",
    ),
    # --- Registration (E1): birthplace
    "ERR_LIEU_NAISSANCE_OBLIGATOIRE": E(
        Text(_lt("Birth town missing")),
        Text(_lt("Enter the name of the client's town of birth.")),
        "birth_commune_label",
    ),
    "ERREUR_LIEU_NAISSANCE_DEPT": E(
        Text(_lt("Birth department missing")),
        Text(
            _lt(
                "For a person born in France, enter the department of birth (for example 077, 02A "
                "or 974)."
            )
        ),
        "birth_department",
    ),
    "ERREUR_LIEU_NAISSANCE_DEPT_FORMAT": E(
        Text(_lt("Invalid birth department format")),
        Text(_lt("The department of birth has 3 characters: 077, 02A, 02B, 974… Correct it.")),
        "birth_department",
    ),
    "ERR_LIEU_NAISSANCE_COMN": E(
        Text(_lt("Birth town code missing or invalid")),
        Text(
            _lt(
                "For a person born in France, enter the INSEE code of the town of birth (5 "
                "characters, for example 77288), not its postal code."
            )
        ),
        "birth_commune_code",
    ),
    "ERREUR_LIEU_NAISSANCE_PAYS": E(
        Text(_lt("Inconsistent place of birth")),
        Text(
            _lt(
                "For a person born abroad, enter only the country of birth and leave the "
                "department and the town empty; for a person born in France, the country must be "
                "99100."
            )
        ),
        "birth_country_code",
    ),
    "ERREUR_LIEU_NAISSANCE_OBLIGATOIRE": E(
        Text(_lt("Place of birth missing")),
        Text(_lt("Enter the client's place of birth (at least the country of birth).")),
        "birth_country_code",
    ),
    "ERREUR_LIEU_NAISSANCE_INVALIDE": E(
        Text(_lt("Invalid birth town name")),
        Text(
            _lt(
                "The name of the town of birth must have 1 to 50 characters and no semicolon: "
                "correct it."
            )
        ),
        "birth_commune_label",
    ),
    # --- Registration (E1): contact details and address
    "ERR_CONTACT": E(
        Text(_lt("Contact details refused")),
        Text(
            _lt(
                "The mobile number, e-mail address, postal address or first names are invalid, or "
                "differ from those of an account another provider already opened for this client: "
                "check them with the client (they are shown in their particulier.urssaf.fr space)."
            )
        ),
    ),
    "ERR_CONTACT_ADRESSE_TYPE_VOIE": E(
        Text(_lt("Unknown street type")),
        Text(
            _lt(
                "Choose a street type from the list (street, avenue, boulevard…), or leave the "
                "street type and name empty and write the address in the complement."
            )
        ),
        "street_type_code",
    ),
    "ERR_CONTACT_ADRESSE_TYPEVOIE": E(
        Text(_lt("Street type missing")),
        Text(
            _lt("A street name is given without a street type: choose the type (street, avenue…).")
        ),
        "street_type_code",
    ),
    "ERR_CONTACT_ADRESSE_LETTRE_VOIE": E(
        Text(_lt("Invalid street number suffix")),
        Text(
            _lt(
                "The suffix after the street number must be B (bis), T (ter), Q (quater) or C "
                "(quinquies); otherwise leave it empty."
            )
        ),
        "street_letter",
    ),
    "ERR_CONTACT_ADRESSE_LIBELLEVOIE": E(
        Text(_lt("Street name missing")),
        Text(
            _lt(
                "A street type is chosen without a street name: enter the street name (at most 28 "
                "characters)."
            )
        ),
        "street_label",
    ),
    "ERR_CONTACT_ADRESSE_INFORMATION_SUPPLEMENTAIRE": E(
        Text(_lt("Incomplete address")),
        Text(
            _lt(
                "Enter at least the street type and name, an address complement or a locality "
                "(lieu-dit)."
            )
        ),
        "street_label",
    ),
    "ERR_CONTACT_ADRESSE_COMMUNE": E(
        Text(_lt("Address town not found")),
        Text(
            _lt(
                "Check the INSEE code of the town (it differs from the postal code: 69101 for Lyon "
                "1st district, whose postal code is 69001), the postal code and the town name."
            )
        ),
        "commune_code",
    ),
    # --- Registration (E1): bank details
    "ERR_COORDONNEES_BANCAIRES": E(
        Text(_lt("Bank details refused")),
        Text(
            _lt(
                "Check the IBAN, the BIC and the account holder on the client's bank details "
                "(RIB)."
            )
        ),
        "iban",
    ),
    "ERR_APPEL_BACB": E(
        Text(_lt("Bank account check failed")),
        Text(
            _lt(
                "The bank details check failed: check the IBAN and the BIC on the client's bank "
                "details; if they are right, try again later."
            )
        ),
        "iban",
    ),
    # --- Registration (E1): other
    "ERR_COMPTE_BLOQUE": E(
        Text(_lt("Client account blocked")),
        Text(
            _lt(
                "This client's URSSAF account is blocked: the registration cannot succeed. The "
                "client must contact URSSAF."
            )
        ),
    ),
    "ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE": E(
        Text(_lt("Client already linked to your organisation")),
        Text(
            _lt(
                "This client is already registered with you: do not register them again, reuse "
                "their existing URSSAF id."
            )
        ),
    ),
    "ERR_LIEN_TIERS_PRESTATION_PARTICULIER": E(
        Text(_lt("Could not link the client")),
        Text(
            _lt(
                "URSSAF could not link this client to your organisation: try again later; if the "
                "problem persists, contact URSSAF support."
            )
        ),
    ),
    "ERREUR_VALIDATION": E(
        Text(_lt("Format refused")),
        Text(
            _lt(
                "A value does not have the format URSSAF expects: read the details below and "
                "correct the field they name."
            )
        ),
    ),
    # --- Payment requests (E3): dates
    "ERR_DATE_FUTUR": E(
        Text(_lt("Service in the future")),
        Text(
            _lt(
                "Service dates cannot be in the future: wait until the service is done before "
                "sending the request."
            )
        ),
    ),
    "ERR_DATE_PAIEMENT_AVANT_EXP": E(
        Text(_lt("Date before the scheme started")),
        Text(
            _lt(
                "The date is before the immediate advance scheme started: correct the invoice "
                "dates."
            )
        ),
    ),
    "ERR_PERIODE_EMPLOI_MOIS_NON_UNIQUE": E(
        Text(_lt("Period over several months")),
        Text(
            _lt(
                "All the services of a request must be in the same calendar month: issue one "
                "invoice per month."
            )
        ),
    ),
    "ERR_DATE_FIN_AVANT_DATE_DEB": E(
        Text(_lt("Service dates reversed")),
        Text(_lt("The service end date is before the start date: correct the dates.")),
    ),
    # --- Payment requests (E3): amounts
    "ERR_MONTANT_ACOMPTE": E(
        Text(_lt("Deposit too high")),
        Text(_lt("The deposit cannot exceed 50% of the invoice amount: correct it.")),
    ),
    "ERR_ACOMPTE_BLOQUE": E(
        Text(_lt("Deposit not allowed")),
        Text(
            _lt(
                "Your organisation is not allowed to declare a deposit: send the invoice without a "
                "deposit or ask URSSAF for the authorisation."
            )
        ),
    ),
    "ERR_TOTAL_PRESTATIONS": E(
        Text(_lt("Inconsistent invoice total")),
        Text(
            _lt(
                "The sum of the lines' amounts including VAT must equal the invoice total "
                "including VAT: check the amounts and the rounding."
            )
        ),
    ),
    "ERR_FORMAT_VALEUR": E(
        Text(_lt("Too many decimals")),
        Text(_lt("Amounts must have at most 2 decimals: correct the prices or the quantities.")),
    ),
    "ERR_MNT_PREST_HT_TVA": E(
        Text(_lt("Net + VAT differs from the gross amount")),
        Text(
            _lt(
                "On each line, the amount excluding VAT plus the VAT must equal the amount "
                "including VAT: check the rounding."
            )
        ),
    ),
    "ERR_MNT_PREST_TTC": E(
        Text(_lt("Wrong line amount")),
        Text(
            _lt(
                "On each line, the amount including VAT must equal the quantity times the unit "
                "price including VAT: check the rounding."
            )
        ),
    ),
    "ERR_VALEUR_NEGATIVE": E(
        Text(_lt("Negative amount")),
        Text(
            _lt(
                "Amounts and quantities cannot be negative: include discounts in the unit price; a "
                "credit note cannot go through the immediate advance."
            )
        ),
    ),
    # --- Payment requests (E3): codes and batch
    "ERR_CODE_NATURE": E(
        Text(_lt("Unknown service nature")),
        Text(_lt("Choose, on the invoiced product, a home-service nature that URSSAF recognises.")),
    ),
    "ERR_CODE_ACTIVITE": E(
        Text(_lt("Unknown activity code")),
        Text(_lt("The activity code is not recognised: remove or correct it.")),
    ),
    "ERR_CODE_ACTIVITE_NATURE": E(
        Text(_lt("Activity does not match the nature")),
        Text(_lt("The activity code does not belong to the service nature: remove or correct it.")),
    ),
    "ERR_NBRE_PREST_MAX": E(
        Text(_lt("Too many requests in one call")),
        Text(_lt("One call may carry at most 10 payment requests: send them in several calls.")),
    ),
    # --- Payment requests (E3): client
    "ERR_PARTICULIER_INCONNU": E(
        Text(_lt("Unknown client")),
        Text(
            _lt(
                "The client id is unknown, the date of birth differs from the registered one, or "
                "the account is not activated yet: check the date of birth and the client's "
                "status."
            )
        ),
    ),
    "ERR_LIEN_PARTICULIER_PRESTATAIRE": E(
        Text(_lt("Client not linked to your organisation")),
        Text(
            _lt(
                "The client has no (longer an) active link with your organisation, or the service "
                "dates are before the account activation: check the client's status and the dates."
            )
        ),
    ),
    "ERR_CMPT_BLOQUE": E(
        Text(_lt("Client account blocked")),
        Text(
            _lt(
                "The client's account is blocked (for example after an unpaid debit): invoice them "
                "outside the immediate advance until it is unblocked."
            )
        ),
    ),
    "ERR_MANDAT_ECHU": E(
        Text(_lt("Direct debit mandate expired")),
        Text(
            _lt(
                "The client's SEPA direct debit mandate has expired: they must renew it in their "
                "particulier.urssaf.fr space, then send the request again."
            )
        ),
    ),
    # --- Payment requests (E3): provider
    "ERR_PRESTATAIRE_EMETTEUR_INCONNU": E(
        Text(_lt("Unknown provider")),
        Text(
            _lt(
                "URSSAF does not recognise your organisation with these credentials: check your "
                "authorisation and your API credentials."
            )
        ),
    ),
    "ERR_PRESTATAIRE_FACTURATION_INCONNU": E(
        Text(_lt("Unknown billing provider")),
        Text(
            _lt("The billing id is not recognised: check your organisation's settings with URSSAF.")
        ),
    ),
    "ERREUR_GARANTIE_FINANCIERE_NON_CONFORME": E(
        Text(_lt("Financial guarantee not compliant")),
        Text(
            _lt(
                "Your financial guarantee is missing, insufficient or expired: send an up-to-date "
                "certificate to URSSAF."
            )
        ),
    ),
    "ERR_FORMAT_NUMINTERVENANT": E(
        Text(_lt("Malformed NOVA or SIRET number")),
        Text(
            _lt(
                "The provider number must be SAP followed by the 9-digit NOVA number, or SIR "
                "followed by the 14-digit SIRET: correct it in the settings."
            )
        ),
    ),
    "ERR_NUMINTERVENANT_MANQUANT": E(
        Text(_lt("NOVA or SIRET number missing")),
        Text(_lt("Enter the NOVA number or the SIRET of the provider in the settings.")),
    ),
    "ERR_NUMINTERVENANT_BLOQUE": E(
        Text(_lt("Provider not authorised")),
        Text(
            _lt("The provider behind this NOVA or SIRET number is not authorised: contact URSSAF.")
        ),
    ),
    # --- Payment requests (E3): duplicates
    "ERR_FACTURE_DOUBLON": E(
        Text(_lt("Invoice already sent")),
        Text(
            _lt(
                "This invoice number was already sent and URSSAF refuses duplicates: to declare "
                "the service again, use a new invoice number."
            )
        ),
    ),
    # --- Search and status (E2, E4)
    "ERR_CRITERE_RECHERCHE_VIDE": E(
        Text(_lt("Search criterion missing")),
        Text(_lt("Give at least one request id, one invoice number or a period.")),
    ),
    "ERR_NBRE_MAX_RESULTAT": E(
        Text(_lt("Too many results")),
        Text(
            _lt("Shorten the period or reduce the number of ids (at most 10), then search again.")
        ),
    ),
    "ERR_RECHERCHE_VIDE": E(
        Text(_lt("No result")),
        Text(
            _lt(
                "No payment request matches the search: check the ids, the invoice numbers or the "
                "period."
            )
        ),
    ),
    "ERR_RECHERCHE_PARTICULIER": E(
        Text(_lt("Client not found")),
        Text(
            _lt(
                "URSSAF cannot find this client for your organisation, or the client broke the "
                "link with you: check with them; a new registration may be needed."
            )
        ),
    ),
    "PARAM_INVALIDE": E(
        Text(_lt("Invalid parameter")),
        Text(_lt("The request has an invalid parameter: read the details below.")),
    ),
    # --- Technical
    "ERREUR_TECHNIQUE": E(
        Text(_lt("URSSAF technical error")),
        Text(_lt("The URSSAF service had a technical error: try again later.")),
    ),
    "EMPTY_400": E(
        Text(_lt("Refused without a reason")),
        Text(
            _lt(
                "URSSAF refused the request without giving a reason (empty answer). Check all the "
                "data sent, especially the formats (dates, INSEE codes, IBAN, phone); if "
                "everything is right, try again later, then contact URSSAF support."
            )
        ),
    ),
    "ERREUR_SANS_CODE": E(
        Text(_lt("Error without a code")),
        Text(_lt("URSSAF reported an error without a code: read the details below.")),
    ),
}
