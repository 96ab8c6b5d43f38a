"""Payment-request statuses (§5) and reject reasons (``infoRejet``), bilingual."""

from ..texts import Text, _lt
from .entries import E, Entry

# --------------------------------------------------------------------------------------------
# Payment-request statuses (contract §5)
# --------------------------------------------------------------------------------------------

PAYMENT_STATUSES: dict[str, Entry] = {
    "10": E(
        Text(_lt("Integrated")),
        Text(_lt("URSSAF received the request; the client will be asked to validate it.")),
    ),
    "15": E(
        Text(_lt("Aid computed")),
        Text(_lt("URSSAF computed the aid; nothing to do.")),
    ),
    "20": E(
        Text(_lt("Awaiting validation")),
        Text(
            _lt(
                "The client has 48 hours to validate or contest the request in their space; "
                "without an answer it is validated automatically."
            )
        ),
    ),
    "30": E(
        Text(_lt("Validated")),
        Text(
            _lt(
                "The client validated the request (or the 48-hour delay is over): the debit is "
                "under way."
            )
        ),
    ),
    "40": E(
        Text(_lt("Refused")),
        Text(
            _lt(
                "The client refused or contested the request (see the reason): settle it directly "
                "with them; a new request needs a new invoice number."
            )
        ),
    ),
    "50": E(
        Text(_lt("Debited")),
        Text(_lt("The client is being debited; the transfer to your account will follow.")),
    ),
    "60": E(
        Text(_lt("Debit refused")),
        Text(
            _lt(
                "The client's debit was rejected: URSSAF will take back the client's share from "
                "your account; collect it directly from the client."
            )
        ),
    ),
    "70": E(
        Text(_lt("Paid")),
        Text(
            _lt(
                "URSSAF made the transfer to your account, or scheduled it while only its date is "
                "known (not its amount yet)."
            )
        ),
    ),
    "80": E(
        Text(_lt("Awaiting exchanges")),
        Text(
            _lt(
                "URSSAF is waiting for further exchanges (a status its documentation names without "
                "saying more): check the request in your URSSAF space."
            )
        ),
    ),
    "90": E(
        Text(_lt("Closed")),
        Text(
            _lt(
                "The request is closed (a status URSSAF's documentation names without saying "
                "more): check in your URSSAF space whether it was paid."
            )
        ),
    ),
    "100": E(
        Text(_lt("Deleted")),
        Text(
            _lt(
                "URSSAF deleted the request (a status its documentation names without saying "
                "more): check the invoice and contact URSSAF if needed."
            )
        ),
    ),
    "110": E(
        Text(_lt("Cancelled")),
        Text(_lt("The request was cancelled at the provider's reasoned request.")),
    ),
    "111": E(
        Text(_lt("Cancelled after an unpaid debit")),
        Text(
            _lt(
                "The request was cancelled after an unpaid debit: collect the amount due directly "
                "from the client."
            )
        ),
    ),
    "112": E(
        Text(_lt("Cancelled after recovery")),
        Text(
            _lt(
                "The request was cancelled after recovery; check the payment booked for this "
                "invoice."
            )
        ),
    ),
    "113": E(
        Text(_lt("Cancelled (specific reason)")),
        Text(_lt("The request was cancelled for a specific reason: contact URSSAF to know why.")),
    ),
    "120": E(
        Text(_lt("Recovered")),
        Text(_lt("The unpaid amount was recovered; check the payment booked for this invoice.")),
    ),
    "260": E(
        Text(_lt("Provider unpaid")),
        Text(
            _lt(
                "An unpaid amount is recorded on the provider's side: check your adjustment "
                "account and contact URSSAF if needed."
            )
        ),
    ),
    "270": E(
        Text(_lt("Provider adjusted")),
        Text(_lt("The situation was adjusted on the provider's side; nothing to do.")),
    ),
}

# --------------------------------------------------------------------------------------------
# Reject reasons (``infoRejet.code``)
# --------------------------------------------------------------------------------------------

REJECT_REASONS: dict[str, Entry] = {
    "REGUL_MNT_FACT": E(
        Text(_lt("Adjustment: invoiced amount")),
        Text(
            _lt(
                "The client reports a wrong amount: if needed, issue a corrected invoice under a "
                "new number."
            )
        ),
    ),
    "REGUL_NB_QTE_FACT": E(
        Text(_lt("Adjustment: invoiced quantity")),
        Text(
            _lt(
                "The client reports a wrong quantity (number of hours): if needed, issue a "
                "corrected invoice under a new number."
            )
        ),
    ),
    "REGUL_PRESTA_FACT": E(
        Text(_lt("Adjustment: invoiced service")),
        Text(
            _lt(
                "The client reports a wrong service: if needed, issue a corrected invoice under "
                "a new number."
            )
        ),
    ),
    "REGUL_AUTRE": E(
        Text(_lt("Adjustment: other reason")),
        Text(
            _lt(
                "Read the client's comment and check with them; if needed, issue a corrected "
                "invoice under a new number."
            )
        ),
    ),
    "CONTEST_ERR_FACT": E(
        Text(_lt("Contested: invoicing error")),
        Text(
            _lt(
                "The client contests the invoice: read their comment, then if needed, issue a "
                "corrected invoice under a new number."
            )
        ),
    ),
    "CONTEST_FACT_REGLEE": E(
        Text(_lt("Contested: invoice already paid")),
        Text(_lt("The client says this invoice is already paid: check your receipts.")),
    ),
    "CONTEST_AUTRE": E(
        Text(_lt("Contested: other reason")),
        Text(_lt("Read the client's comment and settle it directly with them.")),
    ),
    "ANNUL_DBL": E(
        Text(_lt("Cancelled: duplicate")),
        Text(_lt("The request duplicated another one: check that only one is kept.")),
    ),
    "ANNUL_ERR_MNT": E(
        Text(_lt("Cancelled: wrong amount")),
        Text(
            _lt(
                "The request was cancelled for a wrong amount: if needed, issue a corrected "
                "invoice under a new number."
            )
        ),
    ),
    "ANNUL_ERR_TECH": E(
        Text(_lt("Cancelled: technical error")),
        Text(
            _lt(
                "The request was cancelled for a technical error: send it again under a new "
                "invoice number if the service is still due."
            )
        ),
    ),
    "ANNUL_AUTRE": E(
        Text(_lt("Cancelled: other reason")),
        Text(_lt("Contact URSSAF or the client to know why the request was cancelled.")),
    ),
    "PREST_ABS": E(
        Text(_lt("Service not performed (old code)")),
        Text(_lt("The client says the service did not take place: check with them.")),
    ),
}
