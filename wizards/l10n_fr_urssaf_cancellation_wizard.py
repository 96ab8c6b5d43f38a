"""Ask URSSAF to cancel a payment request: the reason, then the e-mail to URSSAF's
immediate-advance address (the company's template, in French), editable before it is sent."""

from odoo import api, fields, models

from ..urssaf_api import cancellation


class L10nFrUrssafCancellationWizard(models.TransientModel):
    _name = "l10n_fr_urssaf.cancellation.wizard"
    _description = "Ask URSSAF to cancel a payment request"

    request_id = fields.Many2one(
        "l10n_fr_urssaf.payment.request",
        string="Payment request",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="request_id.company_id")
    move_id = fields.Many2one(related="request_id.move_id")
    urssaf_id = fields.Char(related="request_id.urssaf_id")
    reason = fields.Selection(
        cancellation.selection(),
        string="Reason",
        required=True,
        help="Why URSSAF should cancel the request; it is written in French in the e-mail.",
    )
    reason_details = fields.Text(
        string="Details of the reason",
        help="Required for 'Other reason'; added to the reason in the e-mail (in the words you "
        "type: write them in French).",
    )
    email_to = fields.Char(
        string="To",
        compute="_compute_email_to",
        store=True,
        readonly=False,
        required=True,
        help="URSSAF's immediate-advance address, from the company's settings.",
    )
    subject = fields.Char(
        string="Subject", compute="_compute_mail", store=True, readonly=False, required=True
    )
    body = fields.Html(
        string="E-mail",
        compute="_compute_mail",
        store=True,
        readonly=False,
        help="The company's template with this request's data and the reason; edit it if needed "
        "(choosing another reason writes it again).",
    )

    @api.depends("request_id")
    def _compute_email_to(self):
        for wizard in self:
            wizard.email_to = wizard.request_id.company_id._l10n_fr_urssaf_cancel_address()

    @api.depends("request_id", "reason", "reason_details")
    def _compute_mail(self):
        for wizard in self:
            request = wizard.request_id._origin
            if not request:
                wizard.subject = wizard.body = False
                continue
            wizard.subject, wizard.body = request._l10n_fr_urssaf_cancel_render(
                wizard.reason, wizard.reason_details
            )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        # the same refusals as the button, for whoever opens the wizard
        self._check_request(values.get("request_id"))
        return values

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_request(vals.get("request_id"))
        return super().create(vals_list)

    @api.model
    def _check_request(self, request_id):
        request = self.env["l10n_fr_urssaf.payment.request"].browse(request_id)
        if request:
            request._l10n_fr_urssaf_check_cancel_manager()
            request._l10n_fr_urssaf_check_cancellable()

    def action_send(self):
        self.ensure_one()
        self.request_id._l10n_fr_urssaf_send_cancel_mail(
            self.email_to, self.subject, self.body, self.reason, self.reason_details
        )
        return {"type": "ir.actions.act_window_close"}
