"""Payment-request statuses (§5) and reject reasons (``infoRejet``), bilingual."""

from .entries import E, Entry

# --------------------------------------------------------------------------------------------
# Payment-request statuses (contract §5)
# --------------------------------------------------------------------------------------------

PAYMENT_STATUSES: dict[str, Entry] = {
    "10": E(
        "Intégrée",
        "Integrated",
        "L'URSSAF a reçu la demande ; le client va être invité à la valider.",
        "URSSAF received the request; the client will be asked to validate it.",
    ),
    "15": E(
        "Aides calculées",
        "Aid computed",
        "L'URSSAF a calculé les aides ; rien à faire.",
        "URSSAF computed the aid; nothing to do.",
    ),
    "20": E(
        "En attente de validation",
        "Awaiting validation",
        "Le client a 48 heures pour valider ou contester la demande dans son espace ; sans "
        "réponse de sa part, elle sera validée automatiquement.",
        "The client has 48 hours to validate or contest the request in their space; without an "
        "answer it is validated automatically.",
    ),
    "30": E(
        "Validée",
        "Validated",
        "Le client a validé la demande (ou le délai de 48 heures est écoulé) : le prélèvement "
        "est lancé.",
        "The client validated the request (or the 48-hour delay is over): the debit is under way.",
    ),
    "40": E(
        "Refusée",
        "Refused",
        "Le client a refusé ou contesté la demande (voir le motif) : réglez la situation "
        "directement avec lui ; une nouvelle demande exige un nouveau numéro de facture.",
        "The client refused or contested the request (see the reason): settle it directly with "
        "them; a new request needs a new invoice number.",
    ),
    "50": E(
        "Prélevée",
        "Debited",
        "Le client est en cours de prélèvement ; le virement vers votre compte suivra.",
        "The client is being debited; the transfer to your account will follow.",
    ),
    "60": E(
        "En refus de prélèvement",
        "Debit refused",
        "Le prélèvement du client a été rejeté : l'URSSAF reprendra sur votre compte la part "
        "restant à la charge du client ; recouvrez-la directement auprès de lui.",
        "The client's debit was rejected: URSSAF will take back the client's share from your "
        "account; collect it directly from the client.",
    ),
    "70": E(
        "Payée",
        "Paid",
        "L'URSSAF a effectué le virement vers votre compte, ou l'a programmé tant que seule sa "
        "date est connue (pas encore son montant).",
        "URSSAF made the transfer to your account, or scheduled it while only its date is known "
        "(not its amount yet).",
    ),
    "80": E(
        "En attente d'échanges",
        "Awaiting exchanges",
        "L'URSSAF attend des échanges complémentaires (statut nommé par sa documentation, sans "
        "autre précision) : consultez la demande dans votre espace URSSAF.",
        "URSSAF is waiting for further exchanges (a status its documentation names without "
        "saying more): check the request in your URSSAF space.",
    ),
    "90": E(
        "Clôturée",
        "Closed",
        "La demande est clôturée (statut nommé par la documentation de l'URSSAF, sans autre "
        "précision) : vérifiez dans votre espace URSSAF si elle a été payée.",
        "The request is closed (a status URSSAF's documentation names without saying more): "
        "check in your URSSAF space whether it was paid.",
    ),
    "100": E(
        "Supprimée",
        "Deleted",
        "La demande a été supprimée par l'URSSAF (statut nommé par sa documentation, sans autre "
        "précision) : vérifiez la facture et contactez l'URSSAF si besoin.",
        "URSSAF deleted the request (a status its documentation names without saying more): "
        "check the invoice and contact URSSAF if needed.",
    ),
    "110": E(
        "Annulée",
        "Cancelled",
        "La demande a été annulée à la demande motivée du prestataire.",
        "The request was cancelled at the provider's reasoned request.",
    ),
    "111": E(
        "Annulée après impayé",
        "Cancelled after an unpaid debit",
        "La demande a été annulée après un impayé : recouvrez la somme due directement auprès "
        "du client.",
        "The request was cancelled after an unpaid debit: collect the amount due directly from "
        "the client.",
    ),
    "112": E(
        "Annulée après recouvrement",
        "Cancelled after recovery",
        "La demande a été annulée après recouvrement ; vérifiez le paiement enregistré pour "
        "cette facture.",
        "The request was cancelled after recovery; check the payment booked for this invoice.",
    ),
    "113": E(
        "Annulée (motif particulier)",
        "Cancelled (specific reason)",
        "La demande a été annulée pour un motif particulier : contactez l'URSSAF pour en "
        "connaître la raison.",
        "The request was cancelled for a specific reason: contact URSSAF to know why.",
    ),
    "120": E(
        "Recouvrée",
        "Recovered",
        "Le montant impayé a été recouvré ; vérifiez le paiement enregistré pour cette facture.",
        "The unpaid amount was recovered; check the payment booked for this invoice.",
    ),
    "260": E(
        "Impayé prestataire",
        "Provider unpaid",
        "Un impayé est constaté côté prestataire : vérifiez votre compte de régularisation et "
        "contactez l'URSSAF si besoin.",
        "An unpaid amount is recorded on the provider's side: check your adjustment account and "
        "contact URSSAF if needed.",
    ),
    "270": E(
        "Régularisée prestataire",
        "Provider adjusted",
        "La situation a été régularisée côté prestataire ; rien à faire.",
        "The situation was adjusted on the provider's side; nothing to do.",
    ),
}

# --------------------------------------------------------------------------------------------
# Reject reasons (``infoRejet.code``)
# --------------------------------------------------------------------------------------------

_NEW_INVOICE_FR = "établissez si besoin une facture corrigée sous un nouveau numéro."
_NEW_INVOICE_EN = "if needed, issue a corrected invoice under a new number."

REJECT_REASONS: dict[str, Entry] = {
    "REGUL_MNT_FACT": E(
        "Régularisation : montant facturé",
        "Adjustment: invoiced amount",
        "Le client signale une erreur de montant : " + _NEW_INVOICE_FR,
        "The client reports a wrong amount: " + _NEW_INVOICE_EN,
    ),
    "REGUL_NB_QTE_FACT": E(
        "Régularisation : quantité facturée",
        "Adjustment: invoiced quantity",
        "Le client signale une erreur de quantité (nombre d'heures) : " + _NEW_INVOICE_FR,
        "The client reports a wrong quantity (number of hours): " + _NEW_INVOICE_EN,
    ),
    "REGUL_PRESTA_FACT": E(
        "Régularisation : prestation facturée",
        "Adjustment: invoiced service",
        "Le client signale une erreur sur la prestation facturée : " + _NEW_INVOICE_FR,
        "The client reports a wrong service: " + _NEW_INVOICE_EN,
    ),
    "REGUL_AUTRE": E(
        "Régularisation : autre motif",
        "Adjustment: other reason",
        "Lisez le commentaire du client et voyez avec lui ; " + _NEW_INVOICE_FR,
        "Read the client's comment and check with them; " + _NEW_INVOICE_EN,
    ),
    "CONTEST_ERR_FACT": E(
        "Contestation : erreur de facturation",
        "Contested: invoicing error",
        "Le client conteste la facture : lisez son commentaire, puis " + _NEW_INVOICE_FR,
        "The client contests the invoice: read their comment, then " + _NEW_INVOICE_EN,
    ),
    "CONTEST_FACT_REGLEE": E(
        "Contestation : facture déjà réglée",
        "Contested: invoice already paid",
        "Le client indique avoir déjà payé cette facture : vérifiez vos encaissements.",
        "The client says this invoice is already paid: check your receipts.",
    ),
    "CONTEST_AUTRE": E(
        "Contestation : autre motif",
        "Contested: other reason",
        "Lisez le commentaire du client et réglez la situation directement avec lui.",
        "Read the client's comment and settle it directly with them.",
    ),
    "ANNUL_DBL": E(
        "Annulation : doublon",
        "Cancelled: duplicate",
        "La demande faisait doublon avec une autre : vérifiez qu'une seule est conservée.",
        "The request duplicated another one: check that only one is kept.",
    ),
    "ANNUL_ERR_MNT": E(
        "Annulation : erreur de montant",
        "Cancelled: wrong amount",
        "La demande a été annulée pour une erreur de montant : " + _NEW_INVOICE_FR,
        "The request was cancelled for a wrong amount: " + _NEW_INVOICE_EN,
    ),
    "ANNUL_ERR_TECH": E(
        "Annulation : erreur technique",
        "Cancelled: technical error",
        "La demande a été annulée pour une erreur technique : renvoyez-la sous un nouveau "
        "numéro de facture si la prestation reste due.",
        "The request was cancelled for a technical error: send it again under a new invoice "
        "number if the service is still due.",
    ),
    "ANNUL_AUTRE": E(
        "Annulation : autre motif",
        "Cancelled: other reason",
        "Contactez l'URSSAF ou le client pour connaître le motif de l'annulation.",
        "Contact URSSAF or the client to know why the request was cancelled.",
    ),
    "PREST_ABS": E(
        "Prestation non effectuée (ancien code)",
        "Service not performed (old code)",
        "Le client indique que la prestation n'a pas eu lieu : vérifiez avec lui.",
        "The client says the service did not take place: check with them.",
    ),
}
