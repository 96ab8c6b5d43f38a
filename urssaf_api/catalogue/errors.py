"""Error codes of the contract (§6), bilingual, with what to do."""

from .entries import E, Entry

# --------------------------------------------------------------------------------------------
# Error codes (contract §6) + EMPTY_400, ERREUR_TECHNIQUE and ERREUR_SANS_CODE (our own).
# --------------------------------------------------------------------------------------------

ERRORS: dict[str, Entry] = {
    # --- Registration (E1): identity
    "ERR_DGFIP_R2P_INCONNU": E(
        "Identité inconnue des impôts",
        "Identity unknown to the tax office",
        "L'identité ne correspond pas aux données des impôts : vérifiez le nom de naissance, les "
        "prénoms, la date et le lieu de naissance.",
        "The identity does not match the tax office's records: check the birth name, the first "
        "names, the date and the place of birth.",
        "birth_name",
    ),
    "ERR_DGFIP_IMPOTPART_INCONNU": E(
        "Situation fiscale ne permettant pas l'inscription",
        "Tax situation does not allow registration",
        "Le client doit avoir déjà déposé au moins une déclaration de revenus en France. S'il l'a "
        "fait, vérifiez son état civil ; sinon, il ne peut pas encore bénéficier de l'avance "
        "immédiate.",
        "The client must have filed at least one income tax return in France. If they have, "
        "check their civil status; otherwise they cannot use the immediate advance yet.",
        "birth_name",
    ),
    "ERR_ECV_PARTICULIERS_EXISTENT": E(
        "Plusieurs comptes URSSAF pour cette personne",
        "Several URSSAF accounts for this person",
        "L'URSSAF connaît plusieurs comptes pour cette personne : le client doit contacter "
        "l'URSSAF pour les faire regrouper, puis vous pourrez recommencer l'inscription.",
        "URSSAF has several accounts for this person: the client must ask URSSAF to merge them, "
        "then you can register the client again.",
    ),
    "ERREUR_REFERENCE_PARTICULIER_EXISTANTE_TYPE": E(
        "Adresse e-mail et téléphone déjà utilisés",
        "E-mail address and phone number already used",
        "Ce couple adresse e-mail / téléphone portable est déjà utilisé par un autre particulier : "
        "saisissez l'adresse e-mail et le numéro de portable personnels du client.",
        "This e-mail address / mobile number pair is already used by another person: enter the "
        "client's own e-mail address and mobile number.",
        "email",
    ),
    "ERR_DATE_NAISSANCE_FUTUR": E(
        "Date de naissance dans le futur",
        "Date of birth in the future",
        "Corrigez la date de naissance du client.",
        "Correct the client's date of birth.",
        "birth_date",
    ),
    # --- Registration (E1): birthplace
    "ERR_LIEU_NAISSANCE_OBLIGATOIRE": E(
        "Commune de naissance manquante",
        "Birth town missing",
        "Renseignez le nom de la commune de naissance du client.",
        "Enter the name of the client's town of birth.",
        "birth_commune_label",
    ),
    "ERREUR_LIEU_NAISSANCE_DEPT": E(
        "Département de naissance manquant",
        "Birth department missing",
        "Pour une personne née en France, renseignez le département de naissance (par exemple "
        "077, 02A ou 974).",
        "For a person born in France, enter the department of birth (for example 077, 02A or 974).",
        "birth_department",
    ),
    "ERREUR_LIEU_NAISSANCE_DEPT_FORMAT": E(
        "Format du département de naissance incorrect",
        "Invalid birth department format",
        "Le département de naissance s'écrit sur 3 caractères : 077, 02A, 02B, 974… Corrigez-le.",
        "The department of birth has 3 characters: 077, 02A, 02B, 974… Correct it.",
        "birth_department",
    ),
    "ERR_LIEU_NAISSANCE_COMN": E(
        "Commune de naissance manquante ou invalide",
        "Birth town code missing or invalid",
        "Pour une personne née en France, renseignez le code INSEE de la commune de naissance "
        "(5 caractères, par exemple 77288) et non son code postal.",
        "For a person born in France, enter the INSEE code of the town of birth (5 characters, "
        "for example 77288), not its postal code.",
        "birth_commune_code",
    ),
    "ERREUR_LIEU_NAISSANCE_PAYS": E(
        "Lieu de naissance incohérent",
        "Inconsistent place of birth",
        "Pour une personne née à l'étranger, ne renseignez que le pays de naissance et laissez le "
        "département et la commune vides ; pour une personne née en France, le pays doit être "
        "99100.",
        "For a person born abroad, enter only the country of birth and leave the department and "
        "the town empty; for a person born in France, the country must be 99100.",
        "birth_country_code",
    ),
    "ERREUR_LIEU_NAISSANCE_OBLIGATOIRE": E(
        "Lieu de naissance manquant",
        "Place of birth missing",
        "Renseignez le lieu de naissance du client (au moins le pays de naissance).",
        "Enter the client's place of birth (at least the country of birth).",
        "birth_country_code",
    ),
    "ERREUR_LIEU_NAISSANCE_INVALIDE": E(
        "Nom de la commune de naissance invalide",
        "Invalid birth town name",
        "Le nom de la commune de naissance doit compter de 1 à 50 caractères, sans "
        "point-virgule : corrigez-le.",
        "The name of the town of birth must have 1 to 50 characters and no semicolon: correct it.",
        "birth_commune_label",
    ),
    # --- Registration (E1): contact details and address
    "ERR_CONTACT": E(
        "Coordonnées refusées",
        "Contact details refused",
        "Le téléphone portable, l'adresse e-mail, l'adresse postale ou les prénoms sont "
        "invalides, ou différents de ceux d'un compte déjà ouvert pour ce client par un autre "
        "prestataire : vérifiez-les avec le client (il les retrouve dans son espace "
        "particulier.urssaf.fr).",
        "The mobile number, e-mail address, postal address or first names are invalid, or differ "
        "from those of an account another provider already opened for this client: check them "
        "with the client (they are shown in their particulier.urssaf.fr space).",
    ),
    "ERR_CONTACT_ADRESSE_TYPE_VOIE": E(
        "Type de voie inconnu",
        "Unknown street type",
        "Choisissez un type de voie de la liste (rue, avenue, boulevard…), ou laissez le type et "
        "le nom de la voie vides et écrivez l'adresse dans le complément.",
        "Choose a street type from the list (street, avenue, boulevard…), or leave the street "
        "type and name empty and write the address in the complement.",
        "street_type_code",
    ),
    "ERR_CONTACT_ADRESSE_TYPEVOIE": E(
        "Type de voie manquant",
        "Street type missing",
        "Un nom de voie est renseigné sans type de voie : choisissez le type (rue, avenue…).",
        "A street name is given without a street type: choose the type (street, avenue…).",
        "street_type_code",
    ),
    "ERR_CONTACT_ADRESSE_LETTRE_VOIE": E(
        "Indice de répétition invalide",
        "Invalid street number suffix",
        "L'indice qui suit le numéro doit être B (bis), T (ter), Q (quater) ou C (quinquies) ; "
        "sinon, laissez-le vide.",
        "The suffix after the street number must be B (bis), T (ter), Q (quater) or C "
        "(quinquies); otherwise leave it empty.",
        "street_letter",
    ),
    "ERR_CONTACT_ADRESSE_LIBELLEVOIE": E(
        "Nom de voie manquant",
        "Street name missing",
        "Un type de voie est choisi sans nom de voie : renseignez le nom de la voie (28 "
        "caractères au plus).",
        "A street type is chosen without a street name: enter the street name (at most 28 "
        "characters).",
        "street_label",
    ),
    "ERR_CONTACT_ADRESSE_INFORMATION_SUPPLEMENTAIRE": E(
        "Adresse incomplète",
        "Incomplete address",
        "Renseignez au moins le type et le nom de la voie, un complément d'adresse ou un lieu-dit.",
        "Enter at least the street type and name, an address complement or a locality (lieu-dit).",
        "street_label",
    ),
    "ERR_CONTACT_ADRESSE_COMMUNE": E(
        "Commune de l'adresse introuvable",
        "Address town not found",
        "Vérifiez le code INSEE de la commune (différent du code postal : 69101 pour Lyon 1er, "
        "dont le code postal est 69001), le code postal et le nom de la commune.",
        "Check the INSEE code of the town (it differs from the postal code: 69101 for Lyon 1st "
        "district, whose postal code is 69001), the postal code and the town name.",
        "commune_code",
    ),
    # --- Registration (E1): bank details
    "ERR_COORDONNEES_BANCAIRES": E(
        "Coordonnées bancaires refusées",
        "Bank details refused",
        "Vérifiez l'IBAN, le BIC et le titulaire du compte sur le RIB du client.",
        "Check the IBAN, the BIC and the account holder on the client's bank details (RIB).",
        "iban",
    ),
    "ERR_APPEL_BACB": E(
        "Contrôle du compte bancaire impossible",
        "Bank account check failed",
        "Le contrôle des coordonnées bancaires a échoué : vérifiez l'IBAN et le BIC sur le RIB "
        "du client ; s'ils sont exacts, réessayez plus tard.",
        "The bank details check failed: check the IBAN and the BIC on the client's bank details; "
        "if they are right, try again later.",
        "iban",
    ),
    # --- Registration (E1): other
    "ERR_COMPTE_BLOQUE": E(
        "Compte du particulier bloqué",
        "Client account blocked",
        "Le compte URSSAF de ce client est bloqué : l'inscription ne peut pas aboutir. Le client "
        "doit contacter l'URSSAF.",
        "This client's URSSAF account is blocked: the registration cannot succeed. The client "
        "must contact URSSAF.",
    ),
    "ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE": E(
        "Client déjà rattaché à votre structure",
        "Client already linked to your organisation",
        "Ce client est déjà inscrit chez vous : ne le réinscrivez pas, reprenez son identifiant "
        "URSSAF existant.",
        "This client is already registered with you: do not register them again, reuse their "
        "existing URSSAF id.",
    ),
    "ERR_LIEN_TIERS_PRESTATION_PARTICULIER": E(
        "Rattachement du client impossible",
        "Could not link the client",
        "L'URSSAF n'a pas pu rattacher ce client à votre structure : réessayez plus tard ; si le "
        "problème persiste, contactez l'assistance URSSAF.",
        "URSSAF could not link this client to your organisation: try again later; if the problem "
        "persists, contact URSSAF support.",
    ),
    "ERREUR_VALIDATION": E(
        "Format refusé",
        "Format refused",
        "Une information ne respecte pas le format attendu par l'URSSAF : lisez le détail "
        "ci-dessous et corrigez le champ indiqué.",
        "A value does not have the format URSSAF expects: read the details below and correct the "
        "field they name.",
    ),
    # --- Payment requests (E3): dates
    "ERR_DATE_FUTUR": E(
        "Prestation dans le futur",
        "Service in the future",
        "Les dates de prestation ne peuvent pas être dans le futur : attendez la fin de la "
        "prestation pour envoyer la demande.",
        "Service dates cannot be in the future: wait until the service is done before sending "
        "the request.",
    ),
    "ERR_DATE_PAIEMENT_AVANT_EXP": E(
        "Date antérieure au lancement du service",
        "Date before the scheme started",
        "La date est antérieure au lancement de l'avance immédiate : corrigez les dates de la "
        "facture.",
        "The date is before the immediate advance scheme started: correct the invoice dates.",
    ),
    "ERR_PERIODE_EMPLOI_MOIS_NON_UNIQUE": E(
        "Période sur plusieurs mois",
        "Period over several months",
        "Les prestations d'une demande doivent toutes être dans le même mois civil : faites une "
        "facture par mois.",
        "All the services of a request must be in the same calendar month: issue one invoice "
        "per month.",
    ),
    "ERR_DATE_FIN_AVANT_DATE_DEB": E(
        "Dates de prestation inversées",
        "Service dates reversed",
        "La date de fin de prestation est antérieure à la date de début : corrigez les dates.",
        "The service end date is before the start date: correct the dates.",
    ),
    # --- Payment requests (E3): amounts
    "ERR_MONTANT_ACOMPTE": E(
        "Acompte trop élevé",
        "Deposit too high",
        "L'acompte ne peut pas dépasser 50 % du montant de la facture : corrigez-le.",
        "The deposit cannot exceed 50% of the invoice amount: correct it.",
    ),
    "ERR_ACOMPTE_BLOQUE": E(
        "Acompte non autorisé",
        "Deposit not allowed",
        "Votre structure n'est pas autorisée à déclarer un acompte : envoyez la facture sans "
        "acompte ou demandez l'autorisation à l'URSSAF.",
        "Your organisation is not allowed to declare a deposit: send the invoice without a "
        "deposit or ask URSSAF for the authorisation.",
    ),
    "ERR_TOTAL_PRESTATIONS": E(
        "Total de la facture incohérent",
        "Inconsistent invoice total",
        "La somme des montants TTC des lignes doit être égale au total TTC de la facture : "
        "vérifiez les montants et les arrondis.",
        "The sum of the lines' amounts including VAT must equal the invoice total including VAT: "
        "check the amounts and the rounding.",
    ),
    "ERR_FORMAT_VALEUR": E(
        "Trop de décimales",
        "Too many decimals",
        "Les montants doivent avoir au plus 2 décimales : corrigez les prix ou les quantités.",
        "Amounts must have at most 2 decimals: correct the prices or the quantities.",
    ),
    "ERR_MNT_PREST_HT_TVA": E(
        "HT + TVA différent du TTC",
        "Net + VAT differs from the gross amount",
        "Sur chaque ligne, le montant HT plus la TVA doit être égal au montant TTC : vérifiez "
        "les arrondis.",
        "On each line, the amount excluding VAT plus the VAT must equal the amount including "
        "VAT: check the rounding.",
    ),
    "ERR_MNT_PREST_TTC": E(
        "Montant TTC de ligne incorrect",
        "Wrong line amount",
        "Sur chaque ligne, le montant TTC doit être égal à la quantité multipliée par le prix "
        "unitaire TTC : vérifiez les arrondis.",
        "On each line, the amount including VAT must equal the quantity times the unit price "
        "including VAT: check the rounding.",
    ),
    "ERR_VALEUR_NEGATIVE": E(
        "Montant négatif",
        "Negative amount",
        "Les montants et les quantités ne peuvent pas être négatifs : intégrez les remises dans "
        "le prix unitaire ; un avoir ne passe pas par l'avance immédiate.",
        "Amounts and quantities cannot be negative: include discounts in the unit price; a credit "
        "note cannot go through the immediate advance.",
    ),
    # --- Payment requests (E3): codes and batch
    "ERR_CODE_NATURE": E(
        "Nature de prestation inconnue",
        "Unknown service nature",
        "Choisissez, sur le produit facturé, une nature de service à la personne reconnue par "
        "l'URSSAF.",
        "Choose, on the invoiced product, a home-service nature that URSSAF recognises.",
    ),
    "ERR_CODE_ACTIVITE": E(
        "Code activité inconnu",
        "Unknown activity code",
        "Le code activité n'est pas reconnu : retirez-le ou corrigez-le.",
        "The activity code is not recognised: remove or correct it.",
    ),
    "ERR_CODE_ACTIVITE_NATURE": E(
        "Activité incompatible avec la nature",
        "Activity does not match the nature",
        "Le code activité ne correspond pas à la nature de la prestation : retirez-le ou "
        "corrigez-le.",
        "The activity code does not belong to the service nature: remove or correct it.",
    ),
    "ERR_NBRE_PREST_MAX": E(
        "Trop de demandes dans un envoi",
        "Too many requests in one call",
        "Un envoi peut contenir au plus 10 demandes de paiement : envoyez-les en plusieurs fois.",
        "One call may carry at most 10 payment requests: send them in several calls.",
    ),
    # --- Payment requests (E3): client
    "ERR_PARTICULIER_INCONNU": E(
        "Client inconnu",
        "Unknown client",
        "L'identifiant du client est inconnu, sa date de naissance diffère de celle de "
        "l'inscription, ou son compte n'est pas encore activé : vérifiez la date de naissance et "
        "le statut du client.",
        "The client id is unknown, the date of birth differs from the registered one, or the "
        "account is not activated yet: check the date of birth and the client's status.",
    ),
    "ERR_LIEN_PARTICULIER_PRESTATAIRE": E(
        "Client non rattaché à votre structure",
        "Client not linked to your organisation",
        "Le client n'a pas (ou plus) de lien actif avec votre structure, ou les dates de "
        "prestation sont antérieures à l'activation de son compte : vérifiez son statut et les "
        "dates.",
        "The client has no (longer an) active link with your organisation, or the service dates "
        "are before the account activation: check the client's status and the dates.",
    ),
    "ERR_CMPT_BLOQUE": E(
        "Compte du client bloqué",
        "Client account blocked",
        "Le compte du client est bloqué (par exemple après un impayé) : facturez-le hors avance "
        "immédiate en attendant son déblocage.",
        "The client's account is blocked (for example after an unpaid debit): invoice them "
        "outside the immediate advance until it is unblocked.",
    ),
    "ERR_MANDAT_ECHU": E(
        "Mandat de prélèvement échu",
        "Direct debit mandate expired",
        "Le mandat de prélèvement SEPA du client a expiré : il doit le renouveler dans son "
        "espace particulier.urssaf.fr, puis renvoyez la demande.",
        "The client's SEPA direct debit mandate has expired: they must renew it in their "
        "particulier.urssaf.fr space, then send the request again.",
    ),
    # --- Payment requests (E3): provider
    "ERR_PRESTATAIRE_EMETTEUR_INCONNU": E(
        "Prestataire inconnu",
        "Unknown provider",
        "Votre structure n'est pas reconnue par l'URSSAF avec ces identifiants : vérifiez votre "
        "habilitation et vos identifiants d'API.",
        "URSSAF does not recognise your organisation with these credentials: check your "
        "authorisation and your API credentials.",
    ),
    "ERR_PRESTATAIRE_FACTURATION_INCONNU": E(
        "Prestataire de facturation inconnu",
        "Unknown billing provider",
        "L'identifiant de facturation n'est pas reconnu : vérifiez le paramétrage de votre "
        "structure auprès de l'URSSAF.",
        "The billing id is not recognised: check your organisation's settings with URSSAF.",
    ),
    "ERREUR_GARANTIE_FINANCIERE_NON_CONFORME": E(
        "Garantie financière non conforme",
        "Financial guarantee not compliant",
        "Votre garantie financière est absente, insuffisante ou échue : transmettez une "
        "attestation à jour à l'URSSAF.",
        "Your financial guarantee is missing, insufficient or expired: send an up-to-date "
        "certificate to URSSAF.",
    ),
    "ERR_FORMAT_NUMINTERVENANT": E(
        "Numéro NOVA ou SIRET mal formé",
        "Malformed NOVA or SIRET number",
        "Le numéro d'intervenant doit être SAP suivi des 9 chiffres du NOVA, ou SIR suivi des 14 "
        "chiffres du SIRET : corrigez-le dans la configuration.",
        "The provider number must be SAP followed by the 9-digit NOVA number, or SIR followed by "
        "the 14-digit SIRET: correct it in the settings.",
    ),
    "ERR_NUMINTERVENANT_MANQUANT": E(
        "Numéro NOVA ou SIRET manquant",
        "NOVA or SIRET number missing",
        "Renseignez le numéro NOVA ou le SIRET de l'intervenant dans la configuration.",
        "Enter the NOVA number or the SIRET of the provider in the settings.",
    ),
    "ERR_NUMINTERVENANT_BLOQUE": E(
        "Intervenant non autorisé",
        "Provider not authorised",
        "L'intervenant associé à ce numéro NOVA ou SIRET n'est pas autorisé : contactez l'URSSAF.",
        "The provider behind this NOVA or SIRET number is not authorised: contact URSSAF.",
    ),
    # --- Payment requests (E3): duplicates
    "ERR_FACTURE_DOUBLON": E(
        "Facture déjà transmise",
        "Invoice already sent",
        "Ce numéro de facture a déjà été transmis et l'URSSAF refuse les doublons : pour "
        "déclarer à nouveau la prestation, utilisez un nouveau numéro de facture.",
        "This invoice number was already sent and URSSAF refuses duplicates: to declare the "
        "service again, use a new invoice number.",
    ),
    # --- Search and status (E2, E4)
    "ERR_CRITERE_RECHERCHE_VIDE": E(
        "Critère de recherche manquant",
        "Search criterion missing",
        "Indiquez au moins un identifiant de demande, un numéro de facture ou une période.",
        "Give at least one request id, one invoice number or a period.",
    ),
    "ERR_NBRE_MAX_RESULTAT": E(
        "Trop de résultats",
        "Too many results",
        "Réduisez la période ou le nombre d'identifiants (10 au plus) puis relancez la recherche.",
        "Shorten the period or reduce the number of ids (at most 10), then search again.",
    ),
    "ERR_RECHERCHE_VIDE": E(
        "Aucun résultat",
        "No result",
        "Aucune demande de paiement ne correspond à la recherche : vérifiez les identifiants, "
        "les numéros de facture ou la période.",
        "No payment request matches the search: check the ids, the invoice numbers or the period.",
    ),
    "ERR_RECHERCHE_PARTICULIER": E(
        "Client introuvable",
        "Client not found",
        "L'URSSAF ne trouve pas ce client pour votre structure, ou le client a rompu le lien "
        "avec vous : vérifiez avec lui ; une nouvelle inscription peut être nécessaire.",
        "URSSAF cannot find this client for your organisation, or the client broke the link with "
        "you: check with them; a new registration may be needed.",
    ),
    "PARAM_INVALIDE": E(
        "Paramètre invalide",
        "Invalid parameter",
        "La requête contient un paramètre invalide : lisez le détail ci-dessous.",
        "The request has an invalid parameter: read the details below.",
    ),
    # --- Technical
    "ERREUR_TECHNIQUE": E(
        "Erreur technique de l'URSSAF",
        "URSSAF technical error",
        "Le service de l'URSSAF a rencontré une erreur technique : réessayez plus tard.",
        "The URSSAF service had a technical error: try again later.",
    ),
    "EMPTY_400": E(
        "Refus sans motif",
        "Refused without a reason",
        "L'URSSAF a refusé la demande sans en donner la raison (réponse vide). Vérifiez toutes "
        "les informations envoyées, en particulier les formats (dates, codes INSEE, IBAN, "
        "téléphone) ; si tout est correct, réessayez plus tard puis contactez l'assistance "
        "URSSAF.",
        "URSSAF refused the request without giving a reason (empty answer). Check all the data "
        "sent, especially the formats (dates, INSEE codes, IBAN, phone); if everything is right, "
        "try again later, then contact URSSAF support.",
    ),
    "ERREUR_SANS_CODE": E(
        "Erreur sans code",
        "Error without a code",
        "L'URSSAF a signalé une erreur sans code : lisez le détail ci-dessous.",
        "URSSAF reported an error without a code: read the details below.",
    ),
}
