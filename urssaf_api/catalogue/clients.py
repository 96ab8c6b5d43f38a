"""Client link statuses (E2 ``statut.code``), bilingual."""

from ..texts import Text, _lt
from .entries import E, Entry

# --------------------------------------------------------------------------------------------
# Client link statuses (E2 ``statut.code``)
# --------------------------------------------------------------------------------------------

CLIENT_STATUSES: dict[str, Entry] = {
    "APPAREILLAGE_EC": E(
        Text(_lt("Registration pending")),
        Text(
            _lt(
                "The client must activate their account (link received by e-mail, valid 7 days) or "
                "accept the link request in their particulier.urssaf.fr space."
            )
        ),
    ),
    "APPAREILLAGE_VALIDE": E(
        Text(_lt("Account active")),
        Text(
            _lt("You can send payment requests for services performed from the activation date on.")
        ),
    ),
    "APPAREILLAGE_NF": E(
        Text(_lt("Registration not completed")),
        Text(
            _lt(
                "The client did not complete the registration or refused the link: check with "
                "them; a new registration may be needed."
            )
        ),
    ),
    "PARTICULIER_BLOQUE": E(
        Text(_lt("Client blocked")),
        Text(
            _lt(
                "The client's account is blocked (for example after an unpaid debit): invoice them "
                "outside the immediate advance."
            )
        ),
    ),
    "MANDAT_ECHU": E(
        Text(_lt("SEPA mandate expired")),
        Text(
            _lt(
                "The client must renew their direct debit mandate in their particulier.urssaf.fr "
                "space before any new request."
            )
        ),
    ),
}
