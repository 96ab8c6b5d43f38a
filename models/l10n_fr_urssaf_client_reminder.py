"""The client's activation: one e-mail to the client, in French, before URSSAF's 7-day
activation link expires (per-company opt-in), logged in the contact's chatter, sent once."""

import logging

from odoo import api, fields, models

from ..urssaf_api import states, sync
from .l10n_fr_urssaf_client import L10nFrUrssafClient

_logger = logging.getLogger(__name__)

TEMPLATE_XMLID = "l10n_fr_urssaf_avance_immediate.mail_template_urssaf_activation_reminder"
REMINDER_BATCH = 200


class L10nFrUrssafClientReminder(models.Model):
    _inherit = "l10n_fr_urssaf.client"
    _l10n_fr_urssaf_synced_fields = L10nFrUrssafClient._l10n_fr_urssaf_synced_fields | {
        "activation_reminder_sent_at"
    }

    activation_reminder_sent_at = fields.Datetime(
        string="Activation reminder sent on",
        copy=False,
        readonly=True,
        help="The e-mail reminding the client to activate the URSSAF account before the "
        "activation link expires (sent once).",
    )

    def _reminder_domain(self, now):
        expiry_from = now - states.ACTIVATION_LINK_VALIDITY
        due_from = expiry_from + sync.REMINDER_BEFORE
        return [
            ("company_id.l10n_fr_urssaf_activation_reminder", "=", True),
            ("state", "in", states.EXPIRING_STATES),
            ("activation_reminder_sent_at", "=", False),
            ("partner_id.email", "!=", False),
            ("registration_date", ">", expiry_from),
            ("registration_date", "<=", due_from),
        ]

    @api.model
    def _cron_send_activation_reminders(self, now=None):
        """Send the due reminders (each once, committed one by one). Returns the links reminded."""
        now = now or fields.Datetime.now()
        template = self.env.ref(TEMPLATE_XMLID)
        links = self.search(self._reminder_domain(now), limit=REMINDER_BATCH, order="id")
        sent = self.browse()
        for link in links:
            if not sync.activation_reminder_due(link.registration_date, now):
                continue
            link._send_activation_reminder(template, now)
            sent |= link
            link._l10n_fr_urssaf_commit()
        return sent

    def _send_activation_reminder(self, template, now):
        self.ensure_one()
        template.send_mail(self.id)
        self._sync_write({"activation_reminder_sent_at": now})
        self._story_record().sudo().message_post(
            body=self.env._(
                "URSSAF activation reminder e-mailed to %(email)s: the activation link received "
                "from URSSAF expires on %(date)s.",
                email=self.partner_id.email,
                date=self._format_datetime(self.link_expiry_date),
            ),
            subtype_xmlid="mail.mt_note",
        )
        _logger.info("URSSAF activation reminder sent for client link %s", self.id)
