"""What the client's portal page (``/my/urssaf``) tells of the URSSAF link and of the payment
requests: in plain words, addressed to the client, with what to do. Read with sudo by the
controller, after it has checked whose they are."""

from odoo import models
from odoo.tools.misc import format_datetime

from ..urssaf_api import states

#: The payment request states the client sees: URSSAF holds the request and shows it in the
#: client's particulier.urssaf.fr space (not those being sent, refused by URSSAF or never
#: received, which are the provider's business).
CLIENT_VISIBLE_STATES = tuple(
    state
    for state in states.PAYMENT_REQUEST.values()
    if state not in ("sending", "uncertain", "rejected", "lost")
)


class L10nFrUrssafClientPortal(models.Model):
    _inherit = "l10n_fr_urssaf.client"

    def _portal_text(self):
        """What the link's state means for the client and what they must do, addressed to
        them."""
        self.ensure_one()
        _ = self.env._
        company = self.company_id.name
        expiry = self.link_expiry_date and self._format_datetime(self.link_expiry_date) or "-"
        activate = _(
            "URSSAF sent you an e-mail with a link to activate your account on "
            "particulier.urssaf.fr, valid for 7 days (until %(date)s). Activate your account and "
            "accept URSSAF's SEPA direct debit mandate: your invoices can then be paid through "
            "the immediate advance.",
            date=expiry,
        )
        accept = _(
            "You already have a particulier.urssaf.fr account: accept the link request of "
            "%(company)s in your space (URSSAF told you by e-mail or SMS).",
            company=company,
        )
        texts = {
            "draft": _("%(company)s has not registered you with URSSAF yet.", company=company),
            "pending": _(
                "%(activate)s If you already have a particulier.urssaf.fr account, accept instead "
                "the link request of %(company)s in your space (URSSAF told you by e-mail or SMS).",
                activate=activate,
                company=company,
            ),
            "pending_activation": activate,
            "pending_link": accept,
            "activation_expired": _(
                "Your activation link expired on %(date)s. On particulier.urssaf.fr, ask for a "
                "new activation e-mail (“Recevoir un nouveau mail”), then activate your account "
                "within 7 days. If you already had an account, accept the link request of "
                "%(company)s in your space.",
                date=expiry,
                company=company,
            ),
            "link_refused": _(
                "The link with %(company)s was refused or not completed on "
                "particulier.urssaf.fr. If you want the immediate advance, tell %(company)s: "
                "they will register you again. Meanwhile, your invoices are paid in full to "
                "%(company)s.",
                company=company,
            ),
            "link_broken": _(
                "URSSAF no longer finds your link with %(company)s. If you want to keep the "
                "immediate advance, tell %(company)s: they will register you again.",
                company=company,
            ),
            "blocked": _(
                "URSSAF blocked your account (for example after a direct debit that could not be "
                "made). Contact URSSAF from particulier.urssaf.fr to settle it. Meanwhile, your "
                "invoices are paid in full to %(company)s.",
                company=company,
            ),
            "mandate_expired": _(
                "Your SEPA direct debit mandate has expired: renew it in your "
                "particulier.urssaf.fr space. Until then, no invoice can go through the "
                "immediate advance."
            ),
            "rejected": _(
                "URSSAF refused the registration. Check your data below: %(company)s will "
                "register you again.",
                company=company,
            ),
        }
        if self.state == "active":
            if self.activation_date:
                return _(
                    "Your immediate advance is active since %(date)s: for each invoice, URSSAF "
                    "asks you to validate it in your particulier.urssaf.fr space, then debits "
                    "only your share; URSSAF pays %(company)s.",
                    date=self._format_date(self.activation_date),
                    company=company,
                )
            return _(
                "Your immediate advance is active: for each invoice, URSSAF asks you to validate "
                "it, then debits only your share."
            )
        return texts.get(self.state, self._state_label())

    def _portal_action_needed(self):
        """Whether the client has something to do at URSSAF now."""
        self.ensure_one()
        return self.state in (
            "pending",
            "pending_activation",
            "pending_link",
            "activation_expired",
            "blocked",
            "mandate_expired",
        )


class L10nFrUrssafPaymentRequestPortal(models.Model):
    _inherit = "l10n_fr_urssaf.payment.request"

    def _portal_text(self):
        """What the request's state means for the client, addressed to them."""
        self.ensure_one()
        _ = self.env._
        company = self.company_id.name
        texts = {
            "integrated": _("Received by URSSAF: URSSAF will ask you to validate it."),
            "awaiting_client": _(
                "To validate: validate or contest it in your particulier.urssaf.fr space. "
                "Without an answer, it is validated when the deadline has passed."
            ),
            "validated": _("Validated: URSSAF will debit your share."),
            "contested": _(
                "You contested this invoice: %(company)s will contact you to correct it.",
                company=company,
            ),
            "debited": _("Your share has been debited: URSSAF pays %(company)s.", company=company),
            "debit_refused": _(
                "URSSAF could not debit your share. %(company)s will contact you: the invoice is "
                "to be paid to them directly.",
                company=company,
            ),
            "paid": _("Paid: URSSAF paid %(company)s; nothing more to pay.", company=company),
            states.CANCEL_REQUESTED: _(
                "%(company)s asked URSSAF to cancel this request.", company=company
            ),
            "cancelled": _(
                "Cancelled at URSSAF: this invoice does not go through the immediate advance; "
                "%(company)s will tell you how to pay it.",
                company=company,
            ),
            "recovered": _(
                "URSSAF took the advance back: the invoice is to be paid to %(company)s "
                "directly.",
                company=company,
            ),
        }
        # URSSAF's status codes are the provider's business: never shown to the client
        return texts.get(self.state, _("Being processed by URSSAF."))

    def _portal_deadline(self, tz):
        """The validation deadline, written for the client (empty when there is none)."""
        self.ensure_one()
        if not self.validation_deadline or self.state not in ("integrated", "awaiting_client"):
            return ""  # validated, contested or past: nothing left to validate
        return format_datetime(self.env, self.validation_deadline, tz=tz, dt_format="short")
