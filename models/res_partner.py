from odoo import api, fields, models
from odoo.tools import email_normalize

from odoo.addons.base.models.res_bank import sanitize_account_number

from ..urssaf_api import REGISTRATION_FIELDS as REGISTRATION_ATTRIBUTES
from ..urssaf_api import (
    STREET_TYPES,
    RegistrationData,
    contract,
    derive_bic,
    normalize_mobile,
    parse_lieu_dit,
    parse_street,
    validate_registration,
)
from .l10n_fr_urssaf_synced_mixin import USER_GROUP_XMLID as URSSAF_GROUP
from .res_company import render_text

#: Countries whose births are French births for URSSAF (INSEE 99100 + a department): France and
#: its overseas departments and collectivities (l10n_fr_cog gives them no INSEE country code).
FRENCH_COUNTRY_CODES = (
    "FR",
    "GP",
    "MQ",
    "GF",
    "RE",
    "YT",
    "PM",
    "BL",
    "MF",
    "WF",
    "PF",
    "NC",
)

#: The res.partner fields whose name is not ``l10n_fr_urssaf_`` + the RegistrationData attribute.
_FIELD_OF_ATTRIBUTE = {
    "birth_country_code": "l10n_fr_urssaf_birth_country_id",
    "birth_department": "l10n_fr_urssaf_birth_department_id",
    "street_type_code": "l10n_fr_urssaf_street_type",
    "zip_code": "l10n_fr_urssaf_zip",
    "country_code": "l10n_fr_urssaf_country_id",
}
#: RegistrationData attribute -> res.partner field holding it.
REGISTRATION_FIELDS = {
    attribute: _FIELD_OF_ATTRIBUTE.get(attribute, f"l10n_fr_urssaf_{attribute}")
    for attribute in REGISTRATION_ATTRIBUTES
}

CIVILITY_ABBREVIATIONS = {"1": "M.", "2": "Mme"}


def insee_country_code(country):
    """The INSEE code (5 digits) of a res.country: 99100 for France and its overseas territories,
    l10n_fr_cog's code otherwise; None when unknown."""
    if not country:
        return None
    if country.code in FRENCH_COUNTRY_CODES:
        return contract.FRANCE_COUNTRY_CODE
    return f"{country.fr_cog:05d}" if country.fr_cog else None


def split_person_name(name):
    """(first names, last name) from a one-line name: the words in capitals are the last name
    ("MARTIN Jeanne Marie", "Jeanne MARTIN"), otherwise the last word is ("Jeanne Martin")."""
    words = (name or "").split()
    if not words:
        return None, None
    upper = [w for w in words if len(w) > 1 and w.isupper()]
    if upper and len(upper) < len(words):
        return " ".join(w for w in words if w not in upper), " ".join(upper)
    if len(words) == 1:
        return None, words[0]
    return " ".join(words[:-1]), words[-1]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ---------------------------------------------------------------- registration data
    l10n_fr_urssaf_civility = fields.Selection(
        [("1", "Mister"), ("2", "Madam")],
        string="Civility (URSSAF)",
        groups=URSSAF_GROUP,
        copy=False,
    )
    l10n_fr_urssaf_birth_name = fields.Char(string="Birth name", groups=URSSAF_GROUP, copy=False)
    l10n_fr_urssaf_usage_name = fields.Char(
        string="Usage name",
        groups=URSSAF_GROUP,
        copy=False,
        help="Married name or other name in use, when it differs from the birth name.",
    )
    l10n_fr_urssaf_first_names = fields.Char(
        string="First names",
        groups=URSSAF_GROUP,
        copy=False,
        help="The first names the tax office knows, separated by spaces.",
    )
    l10n_fr_urssaf_birth_date = fields.Date(string="Date of birth", groups=URSSAF_GROUP, copy=False)
    l10n_fr_urssaf_birth_country_id = fields.Many2one(
        "res.country",
        string="Country of birth",
        groups=URSSAF_GROUP,
        copy=False,
        help="France (INSEE code 99100) includes the overseas departments.",
    )
    l10n_fr_urssaf_birth_country_code = fields.Char(
        string="INSEE code of the country of birth",
        compute="_compute_l10n_fr_urssaf_birth_country_code",
        groups=URSSAF_GROUP,
    )
    l10n_fr_urssaf_born_in_france = fields.Boolean(
        string="Born in France (URSSAF)",
        compute="_compute_l10n_fr_urssaf_birth_country_code",
        groups=URSSAF_GROUP,
    )
    l10n_fr_urssaf_birth_department_id = fields.Many2one(
        "res.country.department",
        string="Department of birth",
        groups=URSSAF_GROUP,
        copy=False,
        domain=[("country_id.code", "in", FRENCH_COUNTRY_CODES)],
    )
    l10n_fr_urssaf_birth_commune_code = fields.Char(
        string="INSEE code of birth town",
        size=5,
        groups=URSSAF_GROUP,
        copy=False,
        help="The 5-character INSEE code of the town of birth (e.g. 77288, 2A004, 97411), not "
        "its postal code.",
    )
    l10n_fr_urssaf_birth_commune_label = fields.Char(
        string="Town of birth", groups=URSSAF_GROUP, copy=False
    )
    l10n_fr_urssaf_birth_commune_id = fields.Many2one(
        "l10n_fr_urssaf.commune",
        string="Town of birth (list)",
        groups=URSSAF_GROUP,
        copy=False,
        help="Type the name of the town of birth (accents do not matter), or its INSEE code, "
        "current or former: it fills the department, the INSEE code and the town. A town that "
        "has merged into another since the birth is in the list under its own name. When the "
        "town is not in the list, type its INSEE code and name below.",
    )
    l10n_fr_urssaf_birth_department_code = fields.Char(
        related="l10n_fr_urssaf_birth_department_id.code", groups=URSSAF_GROUP
    )
    l10n_fr_urssaf_mobile = fields.Char(
        string="Mobile phone (URSSAF)",
        groups=URSSAF_GROUP,
        copy=False,
        help="A French mobile number (06 or 07); URSSAF needs it to register the client.",
    )
    l10n_fr_urssaf_email = fields.Char(
        string="E-mail address (URSSAF)",
        groups=URSSAF_GROUP,
        copy=False,
        help="URSSAF sends the activation link to this address.",
    )
    l10n_fr_urssaf_street_number = fields.Char(
        string="Street number", groups=URSSAF_GROUP, copy=False
    )
    l10n_fr_urssaf_street_letter = fields.Selection(
        [(code, word) for code, word in contract.STREET_LETTERS.items()],
        string="Street number suffix",
        groups=URSSAF_GROUP,
        copy=False,
    )
    l10n_fr_urssaf_street_type = fields.Selection(
        list(STREET_TYPES.items()),
        string="Street type",
        groups=URSSAF_GROUP,
        copy=False,
        help="Leave empty when the street type is not in the list, and write the street in the "
        "address complement.",
    )
    l10n_fr_urssaf_street_label = fields.Char(
        string="Street name",
        groups=URSSAF_GROUP,
        copy=False,
        help="At most 28 characters, without the street type.",
    )
    l10n_fr_urssaf_address_complement = fields.Char(
        string="Address complement",
        groups=URSSAF_GROUP,
        copy=False,
        help="At most 38 characters.",
    )
    l10n_fr_urssaf_lieu_dit = fields.Char(
        string="Locality (lieu-dit)",
        groups=URSSAF_GROUP,
        copy=False,
        help="At most 38 characters.",
    )
    l10n_fr_urssaf_commune_code = fields.Char(
        string="INSEE code of the town",
        groups=URSSAF_GROUP,
        copy=False,
        help="The 5-character INSEE code of the town (e.g. 69101 for Lyon 1st district), not its "
        "postal code.",
    )
    l10n_fr_urssaf_commune_label = fields.Char(
        string="Town (URSSAF)", groups=URSSAF_GROUP, copy=False
    )
    l10n_fr_urssaf_commune_id = fields.Many2one(
        "l10n_fr_urssaf.commune",
        string="Town (list)",
        groups=URSSAF_GROUP,
        copy=False,
        help="Found from the postal code and the town's name; when several towns share the "
        "postal code, choose one here. It fills the INSEE code and the town.",
    )
    l10n_fr_urssaf_zip = fields.Char(string="Postal code (URSSAF)", groups=URSSAF_GROUP, copy=False)
    l10n_fr_urssaf_country_id = fields.Many2one(
        "res.country", string="Country (URSSAF)", groups=URSSAF_GROUP, copy=False
    )
    l10n_fr_urssaf_bank_account_id = fields.Many2one(
        "res.partner.bank",
        string="Bank account (URSSAF)",
        groups=URSSAF_GROUP,
        copy=False,
        domain="[('partner_id', '=', id)]",
        help="Choose one of the contact's bank accounts to fill the IBAN, the BIC and the "
        "account holder, or type them.",
    )
    l10n_fr_urssaf_iban = fields.Char(string="IBAN (URSSAF)", groups=URSSAF_GROUP, copy=False)
    l10n_fr_urssaf_bic = fields.Char(
        string="BIC (URSSAF)",
        groups=URSSAF_GROUP,
        copy=False,
        help="Derived from the IBAN when the bank is known; otherwise copy it from the client's "
        "bank details.",
    )
    l10n_fr_urssaf_account_holder = fields.Char(
        string="Account holder",
        groups=URSSAF_GROUP,
        copy=False,
        help='Title, first name and last name, e.g. "Mme Jeanne Martin".',
    )

    # ---------------------------------------------------------------- computes

    @api.depends("l10n_fr_urssaf_birth_country_id")
    def _compute_l10n_fr_urssaf_birth_country_code(self):
        for partner in self:
            country = partner.l10n_fr_urssaf_birth_country_id
            partner.l10n_fr_urssaf_birth_country_code = insee_country_code(country) or False
            partner.l10n_fr_urssaf_born_in_france = bool(
                country and country.code in FRENCH_COUNTRY_CODES
            )

    # ---------------------------------------------------------------- on-change helpers

    @api.onchange("l10n_fr_urssaf_birth_country_id")
    def _onchange_l10n_fr_urssaf_birth_country_id(self):
        if not self.l10n_fr_urssaf_born_in_france:
            self.l10n_fr_urssaf_birth_commune_id = False
            self.l10n_fr_urssaf_birth_department_id = False
            self.l10n_fr_urssaf_birth_commune_code = False

    @api.onchange("l10n_fr_urssaf_bank_account_id")
    def _onchange_l10n_fr_urssaf_bank_account_id(self):
        bank = self.l10n_fr_urssaf_bank_account_id
        if bank:
            self.update(self._l10n_fr_urssaf_bank_values(bank))

    @api.onchange("l10n_fr_urssaf_iban")
    def _onchange_l10n_fr_urssaf_iban(self):
        bic = derive_bic(self.l10n_fr_urssaf_iban)
        if bic:
            self.l10n_fr_urssaf_bic = bic

    # ---------------------------------------------------------------- prefill

    def _l10n_fr_urssaf_bank_values(self, bank):
        iban = bank.sanitized_acc_number or ""
        return {
            "l10n_fr_urssaf_bank_account_id": bank.id,
            "l10n_fr_urssaf_iban": iban or False,
            "l10n_fr_urssaf_bic": bank.bank_bic or derive_bic(iban) or False,
            "l10n_fr_urssaf_account_holder": bank.acc_holder_name or False,
        }

    def _l10n_fr_urssaf_prefill_values(self):
        """The registration data this contact's standard fields suggest, by partner field."""
        self.ensure_one()
        values = {}
        title = self.title
        refs = {
            "1": ("base.res_partner_title_mister",),
            "2": ("base.res_partner_title_madam", "base.res_partner_title_miss"),
        }
        for code, xmlids in refs.items():
            if title and any(title == self.env.ref(x, raise_if_not_found=False) for x in xmlids):
                values["l10n_fr_urssaf_civility"] = code
        first_names, last_name = split_person_name(self.name)
        values["l10n_fr_urssaf_first_names"] = first_names
        values["l10n_fr_urssaf_birth_name"] = last_name
        values["l10n_fr_urssaf_mobile"] = (
            normalize_mobile(self.mobile) or normalize_mobile(self.phone) or self.mobile
        )
        values["l10n_fr_urssaf_email"] = (
            email_normalize(self.email or "", strict=False) or self.email
        )
        street = parse_street(self.street)
        values.update(
            {
                "l10n_fr_urssaf_street_number": street.number,
                "l10n_fr_urssaf_street_letter": street.letter,
                "l10n_fr_urssaf_street_type": street.type_code,
                "l10n_fr_urssaf_street_label": street.label if street.type_code else None,
            }
        )
        # what cannot be split into a street type and name goes to the lieu-dit when it is one,
        # else to the complement
        lieu_dit = None if street.type_code else parse_lieu_dit(street.label)
        complements = [] if street.type_code or lieu_dit else [street.label]
        complements.append(self.street2)
        values["l10n_fr_urssaf_lieu_dit"] = lieu_dit
        values["l10n_fr_urssaf_address_complement"] = " ".join(c for c in complements if c) or None
        values["l10n_fr_urssaf_zip"] = self.zip
        values["l10n_fr_urssaf_commune_label"] = self.city
        commune = self.env["l10n_fr_urssaf.commune"]._find_for_address(
            self.l10n_fr_urssaf_zip or self.zip,
            self.l10n_fr_urssaf_commune_label or self.city,
        )
        if commune and not (
            self.l10n_fr_urssaf_commune_code and self.l10n_fr_urssaf_commune_code != commune.code
        ):
            values.update(self._l10n_fr_urssaf_commune_values(commune))
        values["l10n_fr_urssaf_country_id"] = self.country_id.id
        bank = self.bank_ids.filtered(lambda b: b.acc_type == "iban")[:1] or self.bank_ids[:1]
        typed_iban = sanitize_account_number(self.l10n_fr_urssaf_iban)
        # a BIC or a holder never comes from another account than the IBAN typed
        if bank and (not typed_iban or typed_iban == bank.sanitized_acc_number):
            values.update(self._l10n_fr_urssaf_bank_values(bank))
        if not values.get("l10n_fr_urssaf_account_holder") and last_name:
            civility = CIVILITY_ABBREVIATIONS.get(
                self.l10n_fr_urssaf_civility or values.get("l10n_fr_urssaf_civility")
            )
            names = self.l10n_fr_urssaf_first_names or first_names
            last = self.l10n_fr_urssaf_birth_name or last_name
            values["l10n_fr_urssaf_account_holder"] = " ".join(
                p for p in (civility, names, self.l10n_fr_urssaf_usage_name or last) if p
            )
        return {name: value for name, value in values.items() if value}

    def _l10n_fr_urssaf_missing_prefill(self):
        """The prefill values of the fields still empty (what the user typed is never replaced).

        Context ``l10n_fr_urssaf_typed_fields``: fields whose value was typed in a form that
        showed the prefill (the client's portal): left empty there, they stay empty."""
        self.ensure_one()
        typed = self.env.context.get("l10n_fr_urssaf_typed_fields") or ()
        return {
            name: value
            for name, value in self._l10n_fr_urssaf_prefill_values().items()
            if not self[name] and name not in typed
        }

    def action_l10n_fr_urssaf_prefill(self):
        """Fill the empty URSSAF fields from the contact's name, address, phone, e-mail and bank
        account. Values already entered are kept."""
        for partner in self:
            missing = partner._l10n_fr_urssaf_missing_prefill()
            if missing:
                partner.write(missing)
        return True

    # ---------------------------------------------------------------- registration data

    def _l10n_fr_urssaf_effective_values(self):
        """The registration value of each partner field: what is recorded, else the prefill."""
        self.ensure_one()
        values = {name: self[name] for name in REGISTRATION_FIELDS.values()}
        for name, value in self._l10n_fr_urssaf_missing_prefill().items():
            if name in values:
                field = self._fields[name]
                values[name] = field.convert_to_record(field.convert_to_cache(value, self), self)
        if not values["l10n_fr_urssaf_bic"] and values["l10n_fr_urssaf_iban"]:
            values["l10n_fr_urssaf_bic"] = derive_bic(values["l10n_fr_urssaf_iban"]) or False
        return values

    def _l10n_fr_urssaf_registration_data(self):
        """The :class:`urssaf_api.registration.RegistrationData` of this contact: the URSSAF tab,
        its empty fields taken from the contact's standard fields."""
        self.ensure_one()
        values = self._l10n_fr_urssaf_effective_values()
        data = {}
        for attribute, name in REGISTRATION_FIELDS.items():
            value = values[name]
            if name == "l10n_fr_urssaf_birth_country_id":
                # no INSEE code known: reported by _l10n_fr_urssaf_registration_problems()
                value = insee_country_code(value) if value else None
            elif name == "l10n_fr_urssaf_country_id":
                value = insee_country_code(value) if value else contract.FRANCE_COUNTRY_CODE
                if values[name] and not value:
                    value = values[name].code
            elif name == "l10n_fr_urssaf_birth_department_id":
                value = value.code if value else None
            data[attribute] = value if value not in (False, "") else None
        return RegistrationData(**data)

    def _l10n_fr_urssaf_registration_problems(self, data=None, portal=False):
        """Every problem of this contact's registration data, as a list of ``(field, text)``:
        ``field`` is the ``RegistrationData`` attribute (or ``"partner"``), ``text`` names the
        field and the fix in the user's language (French from the validators, English else).
        ``portal``: for the client's own form, which shows every value, the contact's included
        (no hint about the back office's tabs)."""
        self.ensure_one()
        data = data or self._l10n_fr_urssaf_registration_data()
        problems = []
        if self.is_company:
            problems.append(("partner", self._l10n_fr_urssaf_company_refusal()))
        country = self.l10n_fr_urssaf_birth_country_id
        no_insee_code = bool(country) and not insee_country_code(country)
        if no_insee_code:
            problems.append(
                (
                    "birth_country_code",
                    self.env._(
                        "Country of birth: no INSEE code is known for %(country)s; choose the "
                        "country as it existed at the date of birth.",
                        country=country.name,
                    ),
                )
            )
        today = fields.Date.context_today(self)
        # a value the URSSAF tab does not hold yet came from the contact's standard fields
        from_contact = {
            name
            for name, value in self._l10n_fr_urssaf_missing_prefill().items()
            if value not in (None, False, "")
        }
        for problem in validate_registration(data, today=today):
            if no_insee_code and problem.field == "birth_country_code":
                continue
            text = render_text(self.env, problem.text)
            if not portal and REGISTRATION_FIELDS.get(problem.field) in from_contact:
                text = self.env._(
                    "%(problem)s (value taken from the contact: correct it there, or type the "
                    "right value in the URSSAF tab)",
                    problem=text,
                )
            problems.append((problem.field, text))
        return problems

    def _l10n_fr_urssaf_company_refusal(self):
        return self.env._(
            "%(partner)s is a company: only the private person who receives the services can be "
            "registered with URSSAF. Register the beneficiary's own contact.",
            partner=self.display_name,
        )
