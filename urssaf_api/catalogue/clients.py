"""Client link statuses (E2 ``statut.code``), bilingual."""

from .entries import E, Entry

# --------------------------------------------------------------------------------------------
# Client link statuses (E2 ``statut.code``)
# --------------------------------------------------------------------------------------------

CLIENT_STATUSES: dict[str, Entry] = {
    "APPAREILLAGE_EC": E(
        "Inscription en attente",
        "Registration pending",
        "Le client doit activer son compte (lien reçu par e-mail, valable 7 jours) ou accepter "
        "la mise en relation dans son espace particulier.urssaf.fr.",
        "The client must activate their account (link received by e-mail, valid 7 days) or "
        "accept the link request in their particulier.urssaf.fr space.",
    ),
    "APPAREILLAGE_VALIDE": E(
        "Compte actif",
        "Account active",
        "Vous pouvez envoyer des demandes de paiement pour les prestations réalisées à partir de "
        "la date d'activation.",
        "You can send payment requests for services performed from the activation date on.",
    ),
    "APPAREILLAGE_NF": E(
        "Inscription non finalisée",
        "Registration not completed",
        "Le client n'a pas finalisé son inscription ou a refusé la mise en relation : voyez avec "
        "lui ; une nouvelle inscription peut être nécessaire.",
        "The client did not complete the registration or refused the link: check with them; a "
        "new registration may be needed.",
    ),
    "PARTICULIER_BLOQUE": E(
        "Client bloqué",
        "Client blocked",
        "Le compte du client est bloqué (par exemple après un impayé) : facturez-le hors avance "
        "immédiate.",
        "The client's account is blocked (for example after an unpaid debit): invoice them "
        "outside the immediate advance.",
    ),
    "MANDAT_ECHU": E(
        "Mandat SEPA échu",
        "SEPA mandate expired",
        "Le client doit renouveler son mandat de prélèvement dans son espace "
        "particulier.urssaf.fr avant toute nouvelle demande.",
        "The client must renew their direct debit mandate in their particulier.urssaf.fr space "
        "before any new request.",
    ),
}
