"""The contact's URSSAF link for the current company, as the contact shows it, and the actions of
the contact's URSSAF tab."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..urssaf_api import states as urssaf_states
from .l10n_fr_urssaf_client import STATES
from .l10n_fr_urssaf_synced_mixin import USER_GROUP_XMLID as URSSAF_GROUP

#: The person URSSAF registered (E1's identity): fixed while URSSAF knows the client. The birth
#: date is also sent, and checked by URSSAF, with every payment request. The address, e-mail,
#: mobile and bank account stay editable: after the registration the client keeps them in their
#: own particulier.urssaf.fr space, and nothing sent later carries them.
REGISTERED_IDENTITY_FIELDS = frozenset(
    {
        "l10n_fr_urssaf_birth_name",
        "l10n_fr_urssaf_first_names",
        "l10n_fr_urssaf_birth_date",
        "l10n_fr_urssaf_birth_country_id",
        "l10n_fr_urssaf_birth_department_id",
        "l10n_fr_urssaf_birth_commune_code",
        "l10n_fr_urssaf_birth_commune_label",
    }
)


class ResPartnerUrssafLink(models.Model):
    _inherit = "res.partner"

    # ---------------------------------------------------------------- URSSAF link (current company)
    l10n_fr_urssaf_client_ids = fields.One2many(
        "l10n_fr_urssaf.client", "partner_id", string="URSSAF links", groups=URSSAF_GROUP
    )
    l10n_fr_urssaf_client_id = fields.Many2one(
        "l10n_fr_urssaf.client",
        string="URSSAF link",
        compute="_compute_l10n_fr_urssaf_client_id",
        groups=URSSAF_GROUP,
        help="The URSSAF link of this contact for the current company.",
    )
    l10n_fr_urssaf_state = fields.Selection(
        selection=STATES.selection(),
        string="URSSAF status",
        compute="_compute_l10n_fr_urssaf_client_id",
        search="_search_l10n_fr_urssaf_state",
        groups=URSSAF_GROUP,
    )
    l10n_fr_urssaf_can_register = fields.Boolean(
        string="Can be registered with URSSAF",
        compute="_compute_l10n_fr_urssaf_client_id",
        groups=URSSAF_GROUP,
    )
    l10n_fr_urssaf_state_colour = fields.Char(
        string="URSSAF status colour",
        compute="_compute_l10n_fr_urssaf_client_id",
        groups=URSSAF_GROUP,
    )
    l10n_fr_urssaf_state_group = fields.Selection(
        selection=urssaf_states.GROUPS,
        string="URSSAF status group",
        compute="_compute_l10n_fr_urssaf_client_id",
        search="_search_l10n_fr_urssaf_state_group",
        groups=URSSAF_GROUP,
    )

    l10n_fr_urssaf_client_urssaf_id = fields.Char(
        string="URSSAF client id",
        compute="_compute_l10n_fr_urssaf_client_id",
        groups=URSSAF_GROUP,
    )
    l10n_fr_urssaf_client_registration_date = fields.Datetime(
        string="URSSAF registration date",
        compute="_compute_l10n_fr_urssaf_client_id",
        groups=URSSAF_GROUP,
    )
    l10n_fr_urssaf_client_link_expiry_date = fields.Datetime(
        string="Activation link expires on",
        compute="_compute_l10n_fr_urssaf_client_id",
        groups=URSSAF_GROUP,
    )
    l10n_fr_urssaf_client_activation_date = fields.Date(
        string="URSSAF activation date",
        compute="_compute_l10n_fr_urssaf_client_id",
        groups=URSSAF_GROUP,
    )
    l10n_fr_urssaf_client_instructions = fields.Html(
        string="What to do",
        compute="_compute_l10n_fr_urssaf_client_id",
        groups=URSSAF_GROUP,
        sanitize=False,
    )

    @api.depends(
        "l10n_fr_urssaf_client_ids.company_id",
        "l10n_fr_urssaf_client_ids.state",
        "l10n_fr_urssaf_client_ids.urssaf_id",
        "l10n_fr_urssaf_client_ids.registration_date",
        "l10n_fr_urssaf_client_ids.activation_date",
        "l10n_fr_urssaf_client_ids.last_error",
        "is_company",
    )
    @api.depends_context("company", "lang")
    def _compute_l10n_fr_urssaf_client_id(self):
        company = self.env.company
        links = self.env["l10n_fr_urssaf.client"].search(
            [("partner_id", "in", self.ids), ("company_id", "=", company.id)]
        )
        by_partner = {link.partner_id.id: link for link in links}
        for partner in self:
            link = by_partner.get(partner.id) or self.env["l10n_fr_urssaf.client"]
            partner.l10n_fr_urssaf_client_id = link
            partner.l10n_fr_urssaf_state = state = link.state or "draft"
            partner.l10n_fr_urssaf_state_colour = STATES.colour(state)
            partner.l10n_fr_urssaf_state_group = STATES.group(state)
            partner.l10n_fr_urssaf_client_urssaf_id = link.urssaf_id
            partner.l10n_fr_urssaf_client_registration_date = link.registration_date
            partner.l10n_fr_urssaf_client_link_expiry_date = (
                link.link_expiry_shown and link.link_expiry_date
            )
            partner.l10n_fr_urssaf_can_register = not partner.is_company and (
                STATES[state].registrable
            )
            partner.l10n_fr_urssaf_client_activation_date = link.activation_date
            partner.l10n_fr_urssaf_client_instructions = link.instructions

    def _search_l10n_fr_urssaf_state_group(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on the URSSAF status."))
        groups = {value} if operator in ("=", "!=") else set(value)
        wanted = [state.value for state in STATES.states if state.group in groups]
        return self._search_l10n_fr_urssaf_state(
            "in" if operator in ("=", "in") else "not in", wanted
        )

    def _search_l10n_fr_urssaf_state(self, operator, value):
        if operator in ("=", "!="):
            states = {value or "draft"}
        elif operator in ("in", "not in"):
            states = {v or "draft" for v in value}
        else:
            raise UserError(self.env._("Unsupported search on the URSSAF status."))
        company_id = self.env.company.id
        domain = [
            (
                "l10n_fr_urssaf_client_ids",
                "any",
                [("company_id", "=", company_id), ("state", "in", list(states))],
            )
        ]
        if "draft" in states:
            domain = [
                "|",
                *domain,
                ("l10n_fr_urssaf_client_ids", "not any", [("company_id", "=", company_id)]),
            ]
        if operator in ("!=", "not in"):
            domain = ["!", *domain]
        return domain

    # ---------------------------------------------------------------- write once

    def write(self, vals):
        names = REGISTERED_IDENTITY_FIELDS.intersection(vals)
        if names:
            self._l10n_fr_urssaf_check_identity_write(vals, names)
        return super().write(vals)

    def _l10n_fr_urssaf_registered_links(self):
        """The links (any company, sudo) through which URSSAF knows these contacts: their
        registered identity is fixed. A link from which a new registration may be sent takes
        corrected data (a call in flight is settled before anything is sent again)."""
        return (
            self.env["l10n_fr_urssaf.client"]
            .sudo()
            .search([("partner_id", "in", self.ids)])
            .filtered(lambda link: link.state_group != urssaf_states.GROUP_NOT_REGISTERED)
            .filtered(lambda link: not STATES[link.state].registrable)
        )

    def _l10n_fr_urssaf_check_identity_write(self, vals, names):
        for link in self._l10n_fr_urssaf_registered_links():
            partner = link.partner_id.with_env(self.env).sudo()
            changed = [
                name
                for name in names
                if partner._fields[name].convert_to_cache(vals[name], partner)
                != partner._fields[name].convert_to_cache(partner[name], partner)
            ]
            if changed:
                raise UserError(
                    self.env._(
                        "%(partner)s is registered with URSSAF (%(company)s, status: "
                        "%(state)s): %(fields)s are the identity URSSAF registered, and the "
                        "birth date is checked with every payment request; they cannot be "
                        "changed. If they are wrong, a URSSAF manager resets the client to not "
                        "registered (URSSAF link), then the client is registered again.",
                        partner=partner.display_name,
                        company=link.company_id.name,
                        state=link._state_label(),
                        fields=", ".join(
                            sorted(
                                partner._fields[name]._description_string(self.env)
                                for name in changed
                            )
                        ),
                    )
                )

    # ---------------------------------------------------------------- actions

    def action_l10n_fr_urssaf_register(self):
        """Open the registration wizard; one contact at a time, as URSSAF requires."""
        if len(self) != 1:
            raise UserError(
                self.env._(
                    "Select one contact: URSSAF registers clients one by one (“Les inscriptions "
                    "doivent être réalisées client par client”), so a registration is sent for "
                    "one client per request."
                )
            )
        if self.is_company:
            raise UserError(self._l10n_fr_urssaf_company_refusal())
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Register with URSSAF"),
            "res_model": "l10n_fr_urssaf.registration.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_l10n_fr_urssaf_refresh(self):
        self.ensure_one()
        link = self.l10n_fr_urssaf_client_id
        if not link:
            raise UserError(
                self.env._(
                    "%(partner)s is not registered with URSSAF for %(company)s yet.",
                    partner=self.display_name,
                    company=self.env.company.name,
                )
            )
        return link.action_refresh_status()

    def action_l10n_fr_urssaf_open_client(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "l10n_fr_urssaf.client",
            "res_id": self.l10n_fr_urssaf_client_id.id,
            "view_mode": "form",
        }
