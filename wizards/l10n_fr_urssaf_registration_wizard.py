import json

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.l10n_fr_urssaf_client import HAS_ACCOUNT
from ..models.res_company import render_text
from ..models.res_partner import REGISTRATION_FIELDS
from ..urssaf_api import (
    STREET_TYPES,
    InvalidData,
    build_registration_payload,
    check_registration,
    mask_iban,
    outcomes,
)


class L10nFrUrssafRegistrationWizard(models.TransientModel):
    _name = "l10n_fr_urssaf.registration.wizard"
    _description = "Register a client with URSSAF"

    partner_id = fields.Many2one("res.partner", string="Client", required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    has_urssaf_account = fields.Selection(
        HAS_ACCOUNT,
        string="Does the client already have an URSSAF account?",
        default="unknown",
        required=True,
        help="URSSAF does not tell: a client new to URSSAF receives an activation e-mail, a "
        "client who already has a particulier.urssaf.fr account receives a link request.",
    )
    summary_html = fields.Html(
        string="Data to send", compute="_compute_check", sanitize=False, readonly=True
    )
    problems_html = fields.Html(
        string="Problems", compute="_compute_check", sanitize=False, readonly=True
    )
    problem_count = fields.Integer(string="Number of problems", compute="_compute_check")
    warnings_html = fields.Html(
        string="Warnings", compute="_compute_check", sanitize=False, readonly=True
    )
    warning_count = fields.Integer(string="Number of warnings", compute="_compute_check")
    payload_preview = fields.Text(
        string="Request to URSSAF", compute="_compute_check", readonly=True
    )
    step = fields.Selection(
        [("check", "Check"), ("done", "Done")],
        string="Step",
        default="check",
        required=True,
        readonly=True,
    )
    result = fields.Selection(
        [
            (outcomes.SUCCESS, "Registered"),
            (outcomes.REJECTED, "Rejected"),
            (outcomes.UNCERTAIN, "Answer lost"),
            (outcomes.RETRY, "Not sent"),
        ],
        string="Outcome",
        readonly=True,
    )
    result_message = fields.Text(string="Outcome details", readonly=True)
    link_id = fields.Many2one("l10n_fr_urssaf.client", string="URSSAF link", readonly=True)
    registration_lost_at = fields.Datetime(
        string="Earlier registration's answer lost on",
        compute="_compute_registration_lost_at",
        help="A registration of this client was sent on this date and URSSAF's answer was lost.",
    )
    resend_lost = fields.Boolean(
        string="The client received nothing from URSSAF: send the registration again",
        help="Tick only after checking with the client that no e-mail nor SMS from URSSAF "
        "arrived. If the client did receive one, the registration went through: type the client "
        "id URSSAF support gives in the URSSAF client id of the link instead.",
    )

    @api.depends("partner_id", "company_id", "step", "result")
    def _compute_registration_lost_at(self):
        Client = self.env["l10n_fr_urssaf.client"]
        for wizard in self:
            link = Client._find_link(wizard.partner_id, wizard.company_id)
            wizard.registration_lost_at = link.registration_lost_at

    @api.depends("partner_id", "company_id", "step")
    def _compute_check(self):
        for wizard in self:
            partner = wizard.partner_id
            if not partner:
                wizard.summary_html = wizard.problems_html = wizard.payload_preview = False
                wizard.warnings_html = False
                wizard.problem_count = wizard.warning_count = 0
                continue
            data = partner._l10n_fr_urssaf_registration_data()
            problems = partner._l10n_fr_urssaf_registration_problems(data)
            problems += wizard._link_problems()
            warnings = wizard._registration_warnings(data)
            wizard.summary_html = wizard._summary_html(partner, data)
            wizard.payload_preview = False if problems else wizard._payload_preview(data)
            wizard.problem_count = len(problems)
            wizard.problems_html = self._html_list([text for _field, text in problems])
            wizard.warning_count = len(warnings)
            wizard.warnings_html = self._html_list(warnings)

    @api.model
    def _html_list(self, texts):
        if not texts:
            return False
        return Markup("<ul>%s</ul>") % Markup().join(Markup("<li>%s</li>") % t for t in texts)

    def _registration_warnings(self, data):
        """What the user should check with the client before sending (the data can be sent as
        they are), in the user's language."""
        _problems, warnings = check_registration(data, today=fields.Date.context_today(self))
        return [render_text(self.env, w.text) for w in warnings]

    def _payload_preview(self, data):
        """The registration request exactly as it will be sent, the IBAN masked."""
        try:
            payload = build_registration_payload(data, today=fields.Date.context_today(self))
        except InvalidData:
            return False
        bank = payload.get("coordonneeBancaire") or {}
        if bank.get("iban"):
            payload = dict(payload, coordonneeBancaire=dict(bank, iban=mask_iban(bank["iban"])))
        return json.dumps(payload, indent=2, ensure_ascii=False)

    def _check_user_company(self):
        if self.company_id not in self.env.companies:
            raise UserError(
                self.env._(
                    "You can register clients only for your own companies (%(company)s is not "
                    "one of them).",
                    company=self.company_id.name,
                )
            )

    def _link_problems(self):
        """A link that is not to be registered again (waiting or active) is a problem; so is a
        contact of another company (the contact's own data problems are listed apart)."""
        if self.step != "check" or self.partner_id.is_company:
            return []
        Client = self.env["l10n_fr_urssaf.client"]
        link = Client._find_link(self.partner_id, self.company_id)
        refusal = link._registration_refusal(self.partner_id, self.company_id)
        return [("partner", refusal)] if refusal else []

    def _summary_html(self, partner, data):
        """The data to send as a table; the IBAN masked."""
        labels = {
            attribute: partner._fields[name]._description_string(self.env)
            for attribute, name in REGISTRATION_FIELDS.items()
        }
        values = partner._l10n_fr_urssaf_effective_values()
        shown = {}
        for attribute, name in REGISTRATION_FIELDS.items():
            value = values[name]
            field = partner._fields[name]
            if field.type == "many2one":
                value = value.display_name if value else ""
            elif field.type == "selection":
                value = dict(field._description_selection(self.env)).get(value, "") if value else ""
            elif field.type == "date":
                value = value.strftime("%d/%m/%Y") if value else ""
            shown[attribute] = value or ""
        if data.birth_country_code:
            shown["birth_country_code"] += f" ({data.birth_country_code})"
        if data.street_type_code:
            shown["street_type_code"] = (
                f"{STREET_TYPES.get(data.street_type_code, '')} ({data.street_type_code})"
            )
        shown["iban"] = mask_iban(data.iban)
        rows = Markup().join(
            Markup("<tr><th class='pe-3'>%s</th><td>%s</td></tr>") % (labels[a], shown[a])
            for a in REGISTRATION_FIELDS
            if shown[a]
        )
        return Markup("<table class='table table-sm o_l10n_fr_urssaf_summary'>%s</table>") % rows

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Register with URSSAF"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_send(self):
        """Send the registration (E1) when the data have no problem; show the outcome."""
        self.ensure_one()
        self._check_user_company()
        partner = self.partner_id
        if partner.is_company:
            raise UserError(partner._l10n_fr_urssaf_company_refusal())
        data = partner._l10n_fr_urssaf_registration_data()
        problems = partner._l10n_fr_urssaf_registration_problems(data) + self._link_problems()
        if problems:
            raise UserError(
                "\n".join(
                    [
                        self.env._(
                            "Nothing was sent. Correct these problems in the URSSAF tab of the "
                            "contact, then try again:"
                        )
                    ]
                    + [f"- {text}" for _field, text in problems]
                )
            )
        # keep on the contact the values taken from its standard fields, as they are sent
        missing = partner._l10n_fr_urssaf_missing_prefill()
        if missing:
            partner.write(missing)
        link, result, message = self.env["l10n_fr_urssaf.client"]._register_partner(
            partner,
            self.company_id,
            data,
            self.has_urssaf_account,
            resend_lost=self.resend_lost,
        )
        self.write(
            {
                "step": "done",
                "result": result,
                "result_message": message,
                "link_id": link,
                "resend_lost": False,
            }
        )
        return self._reopen()
