"""The client's own space in Odoo's portal (``/my/urssaf``), the contact's side.

A provider user invites the contact (portal access and an e-mail with the link); the client sees
what the provider prefilled, fills or corrects it, and confirms the data with their consent to the
registration. Everything is checked by the registration's own rules (the wizard's), every problem
at once; a value with a problem is not saved, so that nothing already recorded is lost. Nothing is
sent to URSSAF from the portal: the provider is told (activity) and registers from the back
office. Once URSSAF knows the client, the identity is fixed (shown, not editable) and a change of
the address, mobile, e-mail or bank account is recorded for the provider and sent nowhere.

The controller (``controllers/portal.py``) only reads the request: the checks are here, for every
caller.
"""

from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, email_normalize

from odoo.addons.base.models.res_bank import sanitize_account_number

from ..urssaf_api import communes as urssaf_communes
from ..urssaf_api import contract_mobile, derive_bic, mask_iban, normalize_mobile
from .l10n_fr_urssaf_portal_follow_up import CLIENT_VISIBLE_STATES
from .l10n_fr_urssaf_synced_mixin import USER_GROUP_XMLID as URSSAF_GROUP
from .res_partner import FRENCH_COUNTRY_CODES, REGISTRATION_FIELDS

#: Marks the portal's own writes of its records (invitation, consent); an object, so that no RPC
#: context forges it.
_PORTAL = object()
#: What the portal records: written only by this module's code.
PORTAL_RECORD_FIELDS = frozenset(
    {
        "l10n_fr_urssaf_portal_invited_at",
        "l10n_fr_urssaf_portal_invited_by_id",
        "l10n_fr_urssaf_portal_company_id",
        "l10n_fr_urssaf_portal_consent_at",
        "l10n_fr_urssaf_portal_consent_text",
        "l10n_fr_urssaf_portal_updated_at",
    }
)
PORTAL_URL = "/my/urssaf"
PARTICULIER_URL = "https://www.particulier.urssaf.fr"

#: The form's inputs -> the contact's field they fill (the towns are chosen in the list: an id,
#: and the name typed, ``<input>_name``).
TEXT_INPUTS = {
    "birth_name": "l10n_fr_urssaf_birth_name",
    "usage_name": "l10n_fr_urssaf_usage_name",
    "first_names": "l10n_fr_urssaf_first_names",
    "street_number": "l10n_fr_urssaf_street_number",
    "street_label": "l10n_fr_urssaf_street_label",
    "address_complement": "l10n_fr_urssaf_address_complement",
    "lieu_dit": "l10n_fr_urssaf_lieu_dit",
    "zip": "l10n_fr_urssaf_zip",
    "mobile": "l10n_fr_urssaf_mobile",
    "email": "l10n_fr_urssaf_email",
    "account_holder": "l10n_fr_urssaf_account_holder",
}
SELECTION_INPUTS = {
    "civility": "l10n_fr_urssaf_civility",
    "street_letter": "l10n_fr_urssaf_street_letter",
    "street_type": "l10n_fr_urssaf_street_type",
}
#: Every input of the form, in the page's order.
INPUTS = (
    "civility",
    "birth_name",
    "usage_name",
    "first_names",
    "birth_date",
    "birth_country_id",
    "birth_commune",
    "street_number",
    "street_letter",
    "street_type",
    "street_label",
    "address_complement",
    "lieu_dit",
    "zip",
    "commune",
    "mobile",
    "email",
    "iban",
    "bic",
    "account_holder",
)
#: The identity URSSAF registered: shown, not editable, once URSSAF knows the client.
IDENTITY_INPUTS = frozenset(
    {
        "civility",
        "birth_name",
        "usage_name",
        "first_names",
        "birth_date",
        "birth_country_id",
        "birth_commune",
    }
)
#: The contact's fields an input writes (a town writes its code, label, department…).
INPUT_FIELDS = {
    **TEXT_INPUTS,
    **SELECTION_INPUTS,
    "birth_date": "l10n_fr_urssaf_birth_date",
    "birth_country_id": "l10n_fr_urssaf_birth_country_id",
}
BIRTHPLACE_FIELDS = (
    "l10n_fr_urssaf_birth_country_id",
    "l10n_fr_urssaf_birth_commune_id",
    "l10n_fr_urssaf_birth_commune_code",
    "l10n_fr_urssaf_birth_commune_label",
    "l10n_fr_urssaf_birth_department_id",
)
TOWN_FIELDS = (
    "l10n_fr_urssaf_commune_id",
    "l10n_fr_urssaf_commune_code",
    "l10n_fr_urssaf_commune_label",
    "l10n_fr_urssaf_zip",
    "l10n_fr_urssaf_country_id",
)
BANK_FIELDS = (
    "l10n_fr_urssaf_iban",
    "l10n_fr_urssaf_bic",
    "l10n_fr_urssaf_bank_account_id",
)
#: A registration problem's field (``RegistrationData`` attribute) -> the input that fixes it.
INPUT_OF_PROBLEM = {
    "civility": "civility",
    "birth_name": "birth_name",
    "usage_name": "usage_name",
    "first_names": "first_names",
    "birth_date": "birth_date",
    "birth_country_code": "birth_country_id",
    "birth_department": "birth_commune",
    "birth_commune_code": "birth_commune",
    "birth_commune_label": "birth_commune",
    "mobile": "mobile",
    "email": "email",
    "street_number": "street_number",
    "street_letter": "street_letter",
    "street_type_code": "street_type",
    "street_label": "street_label",
    "address_complement": "address_complement",
    "lieu_dit": "lieu_dit",
    "commune_code": "commune",
    "commune_label": "commune",
    "zip_code": "zip",
    "country_code": "commune",
    "iban": "iban",
    "bic": "bic",
    "account_holder": "account_holder",
    "partner": "partner",
}
assert set(INPUT_OF_PROBLEM) - {"partner"} == set(REGISTRATION_FIELDS)
#: The contact's fields not saved when an input has a problem: a town, a birthplace or a bank
#: account is saved whole or not at all.
FIELDS_OF_INPUT = {
    **{name: (field_name,) for name, field_name in INPUT_FIELDS.items()},
    "birth_country_id": BIRTHPLACE_FIELDS,
    "birth_commune": BIRTHPLACE_FIELDS,
    "zip": TOWN_FIELDS,
    "commune": TOWN_FIELDS,
    "iban": BANK_FIELDS,
    "bic": BANK_FIELDS,
}


@dataclass
class PortalResult:
    """What a submission of the form did: the problems by input (texts in the client's
    language), whether anything was saved, whether the consent was recorded."""

    problems: dict = field(default_factory=dict)
    saved: list = field(default_factory=list)
    confirmed: bool = False
    consent_refused: bool = False

    def add(self, name, text):
        texts = self.problems.setdefault(name, [])
        if text not in texts:
            texts.append(text)


class ResPartnerUrssafPortal(models.Model):
    _inherit = "res.partner"

    l10n_fr_urssaf_portal_invited_at = fields.Datetime(
        string="Invited to the URSSAF portal on", groups=URSSAF_GROUP, copy=False, readonly=True
    )
    l10n_fr_urssaf_portal_invited_by_id = fields.Many2one(
        "res.users", string="Invited by", groups=URSSAF_GROUP, copy=False, readonly=True
    )
    l10n_fr_urssaf_portal_company_id = fields.Many2one(
        "res.company",
        string="Invited for",
        groups=URSSAF_GROUP,
        copy=False,
        readonly=True,
        help="The company whose URSSAF users are told of what the client does in the portal.",
    )
    l10n_fr_urssaf_portal_consent_at = fields.Datetime(
        string="Registration consented on",
        groups=URSSAF_GROUP,
        copy=False,
        readonly=True,
        help="When the client confirmed their data in the portal and agreed to be registered "
        "with URSSAF.",
    )
    l10n_fr_urssaf_portal_consent_text = fields.Text(
        string="Consent given",
        groups=URSSAF_GROUP,
        copy=False,
        readonly=True,
        help="The text the client agreed to, as the portal showed it.",
    )
    l10n_fr_urssaf_portal_updated_at = fields.Datetime(
        string="Data last changed by the client on",
        groups=URSSAF_GROUP,
        copy=False,
        readonly=True,
    )

    # ---------------------------------------------------------------- guard

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if PORTAL_RECORD_FIELDS.intersection(vals) and not self._l10n_fr_urssaf_portal_own():
                self._l10n_fr_urssaf_portal_refuse()
        return super().create(vals_list)

    def write(self, vals):
        if PORTAL_RECORD_FIELDS.intersection(vals) and not self._l10n_fr_urssaf_portal_own():
            self._l10n_fr_urssaf_portal_refuse()
        return super().write(vals)

    def _l10n_fr_urssaf_portal_own(self):
        return self.env.context.get("l10n_fr_urssaf_portal") is _PORTAL

    def _l10n_fr_urssaf_portal_refuse(self):
        raise UserError(
            self.env._(
                "The invitation and the client's consent are recorded by the portal itself: "
                "they cannot be written by hand. Invite the client from the URSSAF tab; the "
                "client confirms in the portal."
            )
        )

    def _l10n_fr_urssaf_portal_record(self, values):
        return self.sudo().with_context(l10n_fr_urssaf_portal=_PORTAL).write(values)

    # ---------------------------------------------------------------- invitation

    def action_l10n_fr_urssaf_portal_invite(self):
        """Give the contact a portal access (when they have none) and e-mail them the link to
        fill in their URSSAF data, in their language."""
        self.ensure_one()
        # it grants a portal access: URSSAF users only, whatever door they come through
        if not self.env.user.has_group(URSSAF_GROUP):
            raise AccessError(
                self.env._(
                    "Only the users of the URSSAF immediate advance can invite a client to the "
                    "portal: ask your administrator for the group."
                )
            )
        self.check_access("write")
        if self.is_company:
            raise UserError(self._l10n_fr_urssaf_company_refusal())
        email = email_normalize(self.email or "")
        if not email:
            raise UserError(
                self.env._(
                    "E-mail: %(partner)s has no valid e-mail address. Type it on the contact "
                    "(the invitation and the portal login use it), then invite again.",
                    partner=self.display_name,
                )
            )
        users = self.sudo().with_context(active_test=False).user_ids
        if users.filtered(lambda user: not user.share):
            raise UserError(
                self.env._(
                    "%(partner)s is a user of this database: the URSSAF portal is for clients. "
                    "Fill the URSSAF tab of the contact instead.",
                    partner=self.display_name,
                )
            )
        user = users[:1]
        if not user:
            user = self._l10n_fr_urssaf_portal_create_user(email)
        group_portal = self.env.ref("base.group_portal")
        if not user.active or group_portal not in user.groups_id:
            user.sudo().write(
                {
                    "active": True,
                    "groups_id": [
                        (4, group_portal.id),
                        (3, self.env.ref("base.group_public").id),
                    ],
                }
            )
        self._l10n_fr_urssaf_portal_send_invitation(user)
        self._l10n_fr_urssaf_portal_record(
            {
                "l10n_fr_urssaf_portal_invited_at": fields.Datetime.now(),
                "l10n_fr_urssaf_portal_invited_by_id": self.env.user.id,
                "l10n_fr_urssaf_portal_company_id": self.env.company.id,
            }
        )
        self.message_post(
            body=self.env._(
                "Invited by e-mail (%(email)s) to fill in their URSSAF data in the portal.",
                email=email,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Invitation sent to %(email)s: the client fills in their URSSAF data in the "
                    "portal; you are told when they confirm.",
                    email=email,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _l10n_fr_urssaf_portal_create_user(self, email):
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        if Users.search_count([("login", "=ilike", email)]):
            raise UserError(
                self.env._(
                    "E-mail: another user already logs in with %(email)s. Give this contact "
                    "their own e-mail address, then invite again.",
                    email=email,
                )
            )
        company = self.env.company
        return Users.with_context(no_reset_password=True)._create_user_from_template(
            {
                "email": email,
                "login": email,
                "partner_id": self.id,
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
            }
        )

    def _l10n_fr_urssaf_portal_lang_prefix(self):
        """``/fr`` for a client in French: Odoo's portal takes its language from the address
        before the user's (a visitor's language cookie would show the page in the database's
        default language); empty when the contact's language is not installed."""
        lang = self.env["res.lang"]._get_data(code=self.sudo().lang or "")
        return f"/{lang.url_code}" if lang and lang.active else ""

    def _l10n_fr_urssaf_portal_send_invitation(self, user):
        partner = self.sudo()
        prefix = partner._l10n_fr_urssaf_portal_lang_prefix()
        base_url = partner.get_base_url()
        if user.sudo().login_date:
            # the client already chose a password: the login page, then the URSSAF page
            url = f"{base_url}/web/login?redirect={prefix}{PORTAL_URL}"
        else:
            partner.signup_prepare()
            url = partner._get_signup_url_for_action(url=prefix + PORTAL_URL)[partner.id]
            # the sign-up page is a portal page: shown in the client's language too
            if prefix and url.startswith(f"{base_url}/web/signup"):
                url = f"{base_url}{prefix}{url[len(base_url) :]}"
        template = self.env.ref(
            "l10n_fr_urssaf_avance_immediate.mail_template_l10n_fr_urssaf_portal_invitation"
        )
        template.sudo().with_context(
            l10n_fr_urssaf_portal_url=url, company=self.env.company
        ).send_mail(self.id, force_send=True, email_layout_xmlid="mail.mail_notification_light")

    # ---------------------------------------------------------------- the page's data

    def _l10n_fr_urssaf_portal_locked(self):
        """Whether URSSAF knows the client: the identity is then fixed."""
        self.ensure_one()
        return bool(self._l10n_fr_urssaf_registered_links())

    def _l10n_fr_urssaf_portal_form(self):
        """The form's values as the page shows them: what is recorded, else what the contact's
        standard fields suggest (the provider's prefill); the IBAN masked."""
        self.ensure_one()
        partner = self.sudo()
        values = partner._l10n_fr_urssaf_effective_values()
        form = {name: values[field_name] or "" for name, field_name in TEXT_INPUTS.items()}
        form.update(
            {name: values[field_name] or "" for name, field_name in SELECTION_INPUTS.items()}
        )
        birth_date = values["l10n_fr_urssaf_birth_date"]
        form["birth_date"] = fields.Date.to_string(birth_date) if birth_date else ""
        form["birth_country_id"] = values["l10n_fr_urssaf_birth_country_id"].id or ""
        birth_commune = partner.l10n_fr_urssaf_birth_commune_id
        form["birth_commune_id"] = birth_commune.id or ""
        form["birth_commune_name"] = (
            birth_commune.display_name or values["l10n_fr_urssaf_birth_commune_label"] or ""
        )
        commune = partner.l10n_fr_urssaf_commune_id or partner.env[
            "l10n_fr_urssaf.commune"
        ]._find_for_address(values["l10n_fr_urssaf_zip"], values["l10n_fr_urssaf_commune_label"])
        form["commune_id"] = commune.id or ""
        form["commune_name"] = commune.name or values["l10n_fr_urssaf_commune_label"] or ""
        form["iban"] = ""
        form["iban_masked"] = mask_iban(values["l10n_fr_urssaf_iban"] or "")
        form["bic"] = values["l10n_fr_urssaf_bic"] or ""
        return form

    def _l10n_fr_urssaf_portal_choices(self):
        """The lists of the form: titles, countries (France first), street types and suffixes."""
        countries = self.env["res.country"].sudo().search([])
        france = self.env.ref("base.fr")
        return {
            "civilities": self._l10n_fr_urssaf_portal_selection("l10n_fr_urssaf_civility"),
            "countries": france + (countries - france).sorted("name"),
            "french_countries": countries.filtered(lambda c: c.code in FRENCH_COUNTRY_CODES).ids,
            "street_types": sorted(
                self._l10n_fr_urssaf_portal_selection("l10n_fr_urssaf_street_type"),
                key=lambda item: item[1],
            ),
            "street_letters": self._l10n_fr_urssaf_portal_selection("l10n_fr_urssaf_street_letter"),
        }

    def _l10n_fr_urssaf_portal_selection(self, field_name):
        """A selection field's ``(value, label)`` list, labels in the client's language."""
        return self._fields[field_name]._description_selection(self.env)

    def _l10n_fr_urssaf_portal_allowed(self):
        """Whether this contact has a page: a person (URSSAF registers private persons) the
        provider invited or registered; not any portal user (a supplier's contact, a visitor who
        signed up) who could otherwise send the provider consents and activities."""
        self.ensure_one()
        partner = self.sudo()
        return not partner.is_company and bool(
            partner.l10n_fr_urssaf_portal_invited_at or partner.l10n_fr_urssaf_client_ids
        )

    def _l10n_fr_urssaf_portal_invoices(self):
        """The client's invoices whose URSSAF payment request the client sees, newest first."""
        self.ensure_one()
        return (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", self.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("l10n_fr_urssaf_payment_request_ids.state", "in", CLIENT_VISIBLE_STATES),
                ],
                order="invoice_date desc, id desc",
            )
            .filtered(
                lambda move: move.l10n_fr_urssaf_payment_request_id.state in CLIENT_VISIBLE_STATES
            )
        )

    def _l10n_fr_urssaf_portal_certificates(self):
        """The client's annual tax certificates issued with a PDF, newest year first."""
        self.ensure_one()
        return (
            self.env["l10n_fr_urssaf.tax.certificate"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", self.id),
                    ("state", "=", "issued"),
                    ("attachment_id", "!=", False),
                ],
                order="year desc, version desc",
            )
        )

    def _l10n_fr_urssaf_portal_page(self, tz):
        """What the page shows besides the form: the URSSAF links in plain words, the payment
        requests with their amounts, the certificates."""
        self.ensure_one()
        partner = self.sudo()
        links = partner.l10n_fr_urssaf_client_ids.filtered(lambda link: link.state != "draft")
        registered = partner._l10n_fr_urssaf_registered_links()
        company = partner._l10n_fr_urssaf_portal_company(registered)
        invoices = partner._l10n_fr_urssaf_portal_invoices()
        requests = [
            {
                "invoice": move,
                "request": move.l10n_fr_urssaf_payment_request_id,
                "text": move.l10n_fr_urssaf_payment_request_id._portal_text(),
                "deadline": move.l10n_fr_urssaf_payment_request_id._portal_deadline(tz),
            }
            for move in invoices
        ]
        return {
            "partner": partner,
            "links": [{"link": link, "text": link._portal_text()} for link in links],
            "requests": requests,
            "to_validate": any(row["deadline"] for row in requests),
            "certificates": partner._l10n_fr_urssaf_portal_certificates(),
            "locked": bool(registered),
            "consent_at": partner.l10n_fr_urssaf_portal_consent_at,
            "company": company,
            "consent_wording": partner._l10n_fr_urssaf_portal_consent_wording(company),
            "particulier_url": PARTICULIER_URL,
            **partner._l10n_fr_urssaf_portal_choices(),
        }

    def _l10n_fr_urssaf_portal_consent_wording(self, company=None):
        """The consent the client gives, in the client's language; kept as shown."""
        company = company or self._l10n_fr_urssaf_portal_company()
        return self.env._(
            "I confirm that these data are mine and accurate, and I agree that %(company)s "
            "registers me with URSSAF for the immediate advance of the tax credit for home "
            "services (avance immédiate de crédit d'impôt): URSSAF will e-mail me to activate my "
            "account on particulier.urssaf.fr, where I will validate each invoice before URSSAF "
            "debits my share.",
            company=company.name,
        )

    # ---------------------------------------------------------------- the form, submitted

    def _l10n_fr_urssaf_portal_submit(self, post):
        """Check and save what the client submitted (``post``: the form's strings).

        Every problem is returned at once, by input; the values without a problem are saved, the
        others keep what was recorded. The consent is recorded only when nothing is left to fix.
        """
        self.ensure_one()
        partner = self.sudo()
        # one submission at a time (a double click, two tabs, the provider registering): the
        # contact's row is held until the end of the request; a submission that read it before
        # another one committed fails to serialize, and Odoo replays it on what was committed
        self.env.cr.execute(
            SQL("SELECT id FROM res_partner WHERE id = %s FOR NO KEY UPDATE", partner.id)
        )
        result = PortalResult()
        locked = partner._l10n_fr_urssaf_portal_locked()
        inputs = [name for name in INPUTS if not (locked and name in IDENTITY_INPUTS)]
        values = partner._l10n_fr_urssaf_portal_parse(post, inputs, result)
        # what the form showed included the prefill: an input left empty is empty
        candidate = partner.with_context(l10n_fr_urssaf_typed_fields=frozenset(values)).new(
            values, origin=partner
        )
        unreadable = set(result.problems)
        for problem_field, text in candidate._l10n_fr_urssaf_registration_problems(portal=True):
            name = INPUT_OF_PROBLEM.get(problem_field, "partner")
            if locked and name in IDENTITY_INPUTS:
                continue  # fixed with URSSAF: the client cannot change it here
            if name in unreadable:
                continue  # what was typed could not be read: said once, in the portal's words
            result.add(name, text)
        blocked = {f for name in result.problems for f in FIELDS_OF_INPUT.get(name, ())}
        to_write = {}
        for field_name, value in values.items():
            if field_name in blocked:
                continue
            field_def = partner._fields[field_name]
            if field_def.convert_to_cache(value, partner) != field_def.convert_to_cache(
                partner[field_name], partner
            ):
                to_write[field_name] = value
        if to_write:
            partner.write(to_write)
            partner._l10n_fr_urssaf_portal_record(
                {"l10n_fr_urssaf_portal_updated_at": fields.Datetime.now()}
            )
            result.saved = sorted(to_write)
            if locked:
                partner._l10n_fr_urssaf_portal_tell_changes(to_write)
        if post.get("consent") and not locked:
            if result.problems:
                result.consent_refused = True
            else:
                # the same consent to the same data is not told twice
                if (
                    to_write
                    or not partner.l10n_fr_urssaf_portal_consent_at
                    or partner.l10n_fr_urssaf_portal_consent_text
                    != partner._l10n_fr_urssaf_portal_consent_wording()
                ):
                    partner._l10n_fr_urssaf_portal_consent()
                result.confirmed = True
        return result

    def _l10n_fr_urssaf_portal_parse(self, post, inputs, result):
        """The contact's field values from the form's strings; what cannot be read is a problem
        of its input (the rule set's own checks come after, on the values)."""
        _ = self.env._
        values = {}
        text = {name: (post.get(name) or "").strip() for name in (*INPUTS, "birth_commune_name")}
        for name, field_name in TEXT_INPUTS.items():
            if name in inputs:
                values[field_name] = text[name] or False
        for name, field_name in SELECTION_INPUTS.items():
            if name not in inputs:
                continue
            allowed = dict(self._l10n_fr_urssaf_portal_selection(field_name))
            if text[name] and text[name] not in allowed:
                result.add(
                    name,
                    _(
                        "%(field)s: choose a value in the list.",
                        field=self._l10n_fr_urssaf_portal_label(name),
                    ),
                )
                continue
            values[field_name] = text[name] or False
        if "mobile" in inputs and text["mobile"]:
            values["l10n_fr_urssaf_mobile"] = (
                normalize_mobile(text["mobile"])
                or contract_mobile(text["mobile"])
                or text["mobile"]
            )
        if "email" in inputs and text["email"]:
            values["l10n_fr_urssaf_email"] = email_normalize(text["email"]) or text["email"]
        if "birth_date" in inputs:
            values["l10n_fr_urssaf_birth_date"] = False
            if text["birth_date"]:
                birth_date = _parse_date(text["birth_date"])
                values["l10n_fr_urssaf_birth_date"] = birth_date or False
                if not birth_date:
                    result.add(
                        "birth_date",
                        _("Date of birth: type a date such as 31/12/1950 (day, month, year)."),
                    )
        if "birth_country_id" in inputs:
            values.update(self._l10n_fr_urssaf_portal_birthplace(post, text, result))
        values.update(self._l10n_fr_urssaf_portal_town(post, text, result))
        values.update(self._l10n_fr_urssaf_portal_bank(text))
        return values

    def _l10n_fr_urssaf_portal_label(self, name):
        labels = {
            "civility": self.env._("Title"),
            "street_letter": self.env._("Street number suffix (bis, ter…)"),
            "street_type": self.env._("Street type"),
        }
        return labels.get(name, name)

    def _l10n_fr_urssaf_portal_birthplace(self, post, text, result):
        _ = self.env._
        country = self.env["res.country"].sudo().browse(_int(text["birth_country_id"])).exists()
        if text["birth_country_id"] and not country:
            result.add("birth_country_id", _("Country of birth: choose a country in the list."))
            return {}
        values = dict.fromkeys(BIRTHPLACE_FIELDS, False)
        values["l10n_fr_urssaf_birth_country_id"] = country.id
        if not country or country.code not in FRENCH_COUNTRY_CODES:
            return values
        partner = self.sudo()
        if (
            not _int(post.get("birth_commune_id"))
            and country == partner.l10n_fr_urssaf_birth_country_id
            and partner.l10n_fr_urssaf_birth_commune_code
            and not partner.l10n_fr_urssaf_birth_commune_id
            and urssaf_communes.search_key(text["birth_commune_name"])
            == urssaf_communes.search_key(partner.l10n_fr_urssaf_birth_commune_label or "")
        ):
            # a town the provider typed by its code (not in the list): kept as it is
            return {"l10n_fr_urssaf_birth_country_id": country.id}
        commune = self._l10n_fr_urssaf_portal_commune(
            post.get("birth_commune_id"), text["birth_commune_name"]
        )
        if len(commune) == 1:
            values.update(self._l10n_fr_urssaf_birth_commune_values(commune))
            values["l10n_fr_urssaf_birth_country_id"] = country.id
        elif commune:
            result.add(
                "birth_commune",
                _(
                    "Town of birth: several towns are named “%(name)s”; choose yours in the "
                    "list (its department is shown in brackets).",
                    name=text["birth_commune_name"],
                ),
            )
        elif text["birth_commune_name"]:
            result.add(
                "birth_commune",
                _(
                    "Town of birth: “%(name)s” is not in the list of French towns; type the "
                    "beginning of its name and choose it in the list (a town that has merged "
                    "since your birth is there under its own name).",
                    name=text["birth_commune_name"],
                ),
            )
        else:
            result.add(
                "birth_commune",
                _("Town of birth: type the beginning of its name and choose it in the list."),
            )
        return values

    def _l10n_fr_urssaf_portal_town(self, post, text, result):
        _ = self.env._
        values = {"l10n_fr_urssaf_zip": text["zip"] or False}
        if not self.sudo().l10n_fr_urssaf_country_id:
            values["l10n_fr_urssaf_country_id"] = self.env.ref("base.fr").id
        name = (post.get("commune_name") or "").strip()
        Commune = self.env["l10n_fr_urssaf.commune"].sudo()
        commune = Commune.search(
            [("id", "=", _int(post.get("commune_id"))), *Commune._address_domain()]
        )
        if commune and urssaf_communes.search_key(name) not in ("", commune.search_name):
            commune = Commune  # another town typed after choosing, or not an address's town
        if not commune and name:
            commune = Commune._find_for_address(text["zip"], name)
        if commune:
            town = self._l10n_fr_urssaf_commune_values(commune)
            town.pop("l10n_fr_urssaf_zip", None)  # the one typed, completed below
            values.update(town)
        else:
            values.update(
                {
                    "l10n_fr_urssaf_commune_id": False,
                    "l10n_fr_urssaf_commune_code": False,
                    "l10n_fr_urssaf_commune_label": name or False,
                }
            )
        if commune and not text["zip"] and len(commune._postal_codes()) == 1:
            values["l10n_fr_urssaf_zip"] = commune._postal_codes()[0]
        if not commune:
            result.add(
                "commune",
                _(
                    "Town: type your postal code, then the beginning of your town's name, and "
                    "choose it in the list."
                ),
            )
        elif text["zip"] and text["zip"] not in commune._postal_codes():
            result.add(
                "zip",
                _(
                    "Postal code: %(zip)s is not a postal code of %(town)s (%(codes)s).",
                    zip=text["zip"],
                    town=commune.name,
                    codes=", ".join(commune._postal_codes()) or "-",
                ),
            )
        return values

    def _l10n_fr_urssaf_portal_bank(self, text):
        """A new IBAN replaces the recorded one (and its BIC); left empty, the recorded one is
        kept: the page never shows it in full."""
        partner = self.sudo()
        iban = sanitize_account_number(text["iban"])
        bic = text["bic"].replace(" ", "").upper()
        if not iban or iban == sanitize_account_number(partner.l10n_fr_urssaf_iban):
            return {"l10n_fr_urssaf_bic": bic or partner.l10n_fr_urssaf_bic}
        # the BIC the page showed is the old bank's: a new IBAN takes its own bank's, else the
        # client is asked for it
        shown = partner._l10n_fr_urssaf_effective_values()["l10n_fr_urssaf_bic"] or ""
        if bic == shown.upper():
            bic = ""
        return {
            "l10n_fr_urssaf_iban": iban,
            "l10n_fr_urssaf_bic": bic or derive_bic(iban) or False,
            "l10n_fr_urssaf_bank_account_id": False,
        }

    def _l10n_fr_urssaf_portal_commune(self, commune_id, name):
        """The town the client chose (its id, still matching the name shown), else the towns
        whose name is the one typed (accents, case and punctuation ignored) or whose INSEE code
        it is."""
        Commune = self.env["l10n_fr_urssaf.commune"].sudo().with_context(active_test=False)
        key = urssaf_communes.search_key(name)
        chosen = Commune.browse(_int(commune_id)).exists()
        if chosen and (
            not key
            or key == chosen.search_name
            # its label in the list: "Annecy-le-Vieux (74, now Annecy)", in any language
            or key.startswith(
                f"{chosen.search_name} {urssaf_communes.search_key(chosen.department_code)}"
            )
        ):
            return chosen
        if not key:
            return Commune
        if name.strip()[:1].isdigit():
            return Commune._find_by_code(name)
        return Commune.search([("search_name", "=", key)])

    # ---------------------------------------------------------------- the provider is told

    def _l10n_fr_urssaf_portal_company(self, registered=None):
        """The company the page speaks of: the one URSSAF knows the client through (the
        ``registered`` links, read here when not given), else the one that invited them."""
        partner = self.sudo()
        if registered is None:
            registered = partner._l10n_fr_urssaf_registered_links()
        return (
            registered[:1].company_id
            or partner.l10n_fr_urssaf_portal_company_id
            or partner.company_id
            or self.env.ref("base.main_company")
        )

    def _l10n_fr_urssaf_portal_consent(self):
        partner = self.sudo()
        wording = partner._l10n_fr_urssaf_portal_consent_wording()
        now = fields.Datetime.now()
        partner._l10n_fr_urssaf_portal_record(
            {"l10n_fr_urssaf_portal_consent_at": now, "l10n_fr_urssaf_portal_consent_text": wording}
        )
        partner.message_post(
            body=Markup("%s<br/><em>%s</em>")
            % (
                self.env._(
                    "The client confirmed their URSSAF data in the portal and agreed to the "
                    "registration:"
                ),
                wording,
            ),
            subtype_xmlid="mail.mt_note",
        )
        partner._l10n_fr_urssaf_portal_activity(
            self.env._("URSSAF: register the client (data confirmed in the portal)"),
            self.env._(
                "%(partner)s confirmed their URSSAF data in the portal and agreed to the "
                "registration. Check the URSSAF tab, then click Register with URSSAF.",
                partner=partner.display_name,
            ),
        )

    def _l10n_fr_urssaf_portal_tell_changes(self, written):
        partner = self.sudo()
        labels = []
        for field_name in written:
            if field_name == "l10n_fr_urssaf_bank_account_id":
                continue
            label = partner._fields[field_name]._description_string(self.env)
            if field_name == "l10n_fr_urssaf_iban":
                label = f"{label} ({mask_iban(written[field_name])})"
            labels.append(label)
        text = self.env._(
            "The client changed in the portal: %(fields)s. URSSAF already knows the client: "
            "nothing was sent to URSSAF; the client keeps these data up to date in their "
            "particulier.urssaf.fr space.",
            fields=", ".join(sorted(labels)),
        )
        partner.message_post(body=text, subtype_xmlid="mail.mt_note")
        partner._l10n_fr_urssaf_portal_activity(
            self.env._("URSSAF: the client changed their data in the portal"), text
        )

    def _l10n_fr_urssaf_portal_activity(self, summary, note):
        """An activity for who acts on URSSAF records in each company that registered the client
        (else the company that invited them); an open one of the portal is updated rather than
        doubled. ``note`` is plain text (the client's own name may hold anything)."""
        partner = self.sudo()
        registered = partner._l10n_fr_urssaf_registered_links()
        companies = registered.company_id or partner._l10n_fr_urssaf_portal_company(registered)
        activity_type = self.env.ref(
            "l10n_fr_urssaf_avance_immediate.mail_activity_type_urssaf_portal"
        )
        suggested = partner.user_id | partner.l10n_fr_urssaf_portal_invited_by_id
        users = self.env["res.users"]
        for company in companies:
            users |= company._l10n_fr_urssaf_responsible(suggested)
        open_ones = partner.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        for user in users:
            values = {"summary": summary, "note": Markup("<p>%s</p>") % note, "user_id": user.id}
            existing = open_ones.filtered(lambda a, user=user: a.user_id == user)[:1]
            if existing:
                existing.write(values)
            else:
                partner.activity_schedule(
                    act_type_xmlid="l10n_fr_urssaf_avance_immediate.mail_activity_type_urssaf_portal",
                    **values,
                )


def _parse_date(text):
    """A date as the browser's date field sends it (2026-12-31) or as typed where there is none
    (31/12/2026, 31.12.2026, 31-12-2026); ``None`` when it is not one."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _int(value):
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0
