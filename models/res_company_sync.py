"""Per-company settings of the synchronisation: where URSSAF's transfers are booked, who checks
the entries URSSAF's take-backs need, and the activation reminder."""

from odoo import fields, models

from .l10n_fr_urssaf_synced_mixin import USER_GROUP_XMLID


class ResCompany(models.Model):
    _inherit = "res.company"

    l10n_fr_urssaf_transfer_journal_id = fields.Many2one(
        "account.journal",
        string="URSSAF transfers journal",
        domain="[('type', '=', 'bank'), ('company_id', '=', id)]",
        help="The bank journal of the account where URSSAF pays you. When a payment request is "
        "paid, a payment of the transferred amount is registered on the invoice in this "
        "journal, at the transfer date. Empty: nothing is booked.",
    )
    l10n_fr_urssaf_accountant_id = fields.Many2one(
        "res.users",
        string="URSSAF accountant",
        domain=lambda self: [
            ("groups_id", "in", self.env.ref(USER_GROUP_XMLID).id),
            ("share", "=", False),
        ],
        help="Who gets the activities when URSSAF takes money back or cancels a paid request "
        "(with the figures); an URSSAF user, so that they can open the request. Empty: the user "
        "who follows the invoice.",
    )
    l10n_fr_urssaf_activation_reminder = fields.Boolean(
        string="Remind clients to activate their URSSAF account",
        help="One e-mail to the client, in French, before the 7-day activation link of URSSAF "
        "expires, when the client has not activated the account yet.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    l10n_fr_urssaf_transfer_journal_id = fields.Many2one(
        related="company_id.l10n_fr_urssaf_transfer_journal_id", readonly=False
    )
    l10n_fr_urssaf_accountant_id = fields.Many2one(
        related="company_id.l10n_fr_urssaf_accountant_id", readonly=False
    )
    l10n_fr_urssaf_activation_reminder = fields.Boolean(
        related="company_id.l10n_fr_urssaf_activation_reminder", readonly=False
    )
