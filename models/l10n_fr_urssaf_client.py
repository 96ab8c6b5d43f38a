"""The URSSAF link of a contact for a provider company (registration E1, status E2).

How the states follow URSSAF (contract §2 E1/E2, §7 and the URSSAF FAQ):

* ``draft``: not registered.
* E1 succeeds: URSSAF answers only an ``idClient``; it does not say whether the client is new to
  URSSAF (activation e-mail, link valid 7 days) or already has a particulier.urssaf.fr account
  (link request to accept), and E2 answers ``APPAREILLAGE_EC`` in both cases. So the state after
  E1 comes from what the user tells in the wizard: ``pending_activation`` (new to URSSAF),
  ``pending_link`` (already has an account) or, by default, ``pending`` (not known: both
  instructions are shown).
* ``pending`` / ``pending_activation`` still ``APPAREILLAGE_EC`` 7 days after the registration:
  ``activation_expired`` (the expiry is computed here; URSSAF has no code for it). No expiry is
  documented for a link request: ``pending_link`` stays as it is.
* E2 ``APPAREILLAGE_VALIDE``: ``active`` from ``activation_date`` (E2's description date);
  ``APPAREILLAGE_NF``: ``link_refused``; ``PARTICULIER_BLOQUE``: ``blocked``; ``MANDAT_ECHU``:
  ``mandate_expired``; E2 400 ``ERR_RECHERCHE_PARTICULIER``: ``link_broken``. An unknown code keeps
  the state and is shown.
* E1 refused: ``rejected`` with URSSAF's explanation; the data stay on the contact for a new
  attempt. ``ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE`` (already linked to this provider)
  comes without the ``idClient``: a user can type the known URSSAF client id on the link and
  refresh its status.
* Temporary errors (network, 5xx, maintenance) and configuration errors change nothing.
"""

import logging
from datetime import datetime, time, timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models, modules
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date, format_datetime

from ..urssaf_api import (
    InvalidData,
    UrssafBusinessError,
    UrssafConfigurationError,
    UrssafError,
    UrssafTemporaryError,
    build_registration_payload,
    mask_iban,
    redact,
)
from .res_company import explain_urssaf_error, is_french

_logger = logging.getLogger(__name__)

STATES = [
    ("draft", "Not registered"),
    ("pending", "Awaiting activation or link acceptance"),
    ("pending_activation", "Awaiting activation"),
    ("pending_link", "Awaiting link acceptance"),
    ("activation_expired", "Activation link expired"),
    ("active", "Active"),
    ("link_refused", "Link refused"),
    ("link_broken", "Link broken"),
    ("blocked", "Account blocked"),
    ("mandate_expired", "SEPA mandate expired"),
    ("rejected", "Rejected by URSSAF"),
]
HAS_ACCOUNT = [
    ("unknown", "I don't know"),
    ("no", "No, the client is new to URSSAF"),
    ("yes", "Yes, the client already has a particulier.urssaf.fr account"),
]
STATE_AFTER_REGISTRATION = {
    "unknown": "pending",
    "no": "pending_activation",
    "yes": "pending_link",
}
PENDING_STATES = ("pending", "pending_activation", "pending_link")
#: Waiting for the activation e-mail's link, which is valid 7 days.
EXPIRING_STATES = ("pending", "pending_activation")
#: Refreshed by the scheduled action: still waiting, or active (which may change).
REFRESH_STATES = (*PENDING_STATES, "activation_expired", "active", "blocked", "mandate_expired")
#: A (new) registration may be sent.
REGISTRABLE_STATES = ("draft", "rejected", "link_refused", "link_broken")
#: An activity is scheduled for the responsible user.
FOLLOW_UP_STATES = (
    "activation_expired",
    "link_refused",
    "link_broken",
    "blocked",
    "mandate_expired",
)
#: E2 ``statut.code`` -> state (``APPAREILLAGE_EC`` is handled apart).
STATUS_STATES = {
    "APPAREILLAGE_VALIDE": "active",
    "APPAREILLAGE_NF": "link_refused",
    "PARTICULIER_BLOQUE": "blocked",
    "MANDAT_ECHU": "mandate_expired",
}
BROKEN_LINK_CODE = "ERR_RECHERCHE_PARTICULIER"
ALREADY_LINKED_CODE = "ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE"
ACTIVATION_LINK_VALIDITY = timedelta(days=7)
CRON_BATCH_SIZE = 50
USER_GROUP_XMLID = "l10n_fr_urssaf_avance_immediate.group_urssaf_user"
MANAGER_GROUP_XMLID = "l10n_fr_urssaf_avance_immediate.group_urssaf_manager"
#: What URSSAF tells, written by this module only (see write()): a user cannot mark a client
#: active, nor change its activation date, by hand or through the API.
SYNCED_FIELDS = frozenset(
    {
        "state",
        "registration_date",
        "link_expiry_date",
        "activation_date",
        "status_code",
        "status_description",
        "last_check_date",
        "last_error",
        "registered_by_id",
    }
)
#: Who and for which company: fixed once the client is registered.
OWNER_FIELDS = frozenset({"partner_id", "company_id"})
#: Successive temporary errors of one company in a run before its other clients wait for the
#: next run (URSSAF is down for it).
OUTAGE_STRIKES = 3
#: Marks the module's own writes of SYNCED_FIELDS; an object, so that no RPC context can forge it.
_SYNC = object()
CRON_XMLID = "l10n_fr_urssaf_avance_immediate.ir_cron_l10n_fr_urssaf_refresh_clients"
ACTIVITY_XMLID = "l10n_fr_urssaf_avance_immediate.mail_activity_type_urssaf_follow_up"


class L10nFrUrssafClient(models.Model):
    _name = "l10n_fr_urssaf.client"
    _description = "URSSAF client"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _rec_names_search = ["partner_id.name", "urssaf_id"]

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    urssaf_id = fields.Char(
        string="URSSAF client id",
        copy=False,
        index=True,
        tracking=True,
        help="The idClient URSSAF gave at the registration; every payment request quotes it.",
    )
    state = fields.Selection(
        STATES,
        string="URSSAF status",
        default="draft",
        required=True,
        index=True,
        copy=False,
        tracking=True,
    )
    has_urssaf_account = fields.Selection(
        HAS_ACCOUNT,
        string="Already has an URSSAF account",
        default="unknown",
        required=True,
        help="URSSAF does not say whether the client is new (activation e-mail) or already has "
        "an account on particulier.urssaf.fr (link request to accept): ask the client.",
    )
    registration_date = fields.Datetime(string="Registration date", copy=False, readonly=True)
    link_expiry_date = fields.Datetime(
        string="Activation link expires on",
        compute="_compute_link_expiry_date",
        store=True,
        help="The activation e-mail's link is valid 7 days after the registration.",
    )
    activation_date = fields.Date(
        string="Activation date",
        copy=False,
        tracking=True,
        help="The date URSSAF gives for the activation or the acceptance of the link: services "
        "performed before it cannot be billed through the immediate advance.",
    )
    status_code = fields.Char(string="Last URSSAF status code", copy=False, readonly=True)
    status_description = fields.Char(
        string="Last URSSAF status description", copy=False, readonly=True
    )
    last_check_date = fields.Datetime(string="Last status check", copy=False, readonly=True)
    last_error = fields.Text(string="Last error", copy=False, readonly=True)
    registered_by_id = fields.Many2one(
        "res.users", string="Registered by", copy=False, readonly=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        compute="_compute_user_id",
        store=True,
        help="The contact's salesperson, otherwise the user who registered the client. Receives "
        "the follow-up activities when they can open the URSSAF clients (otherwise the user who "
        "registered the client, or a URSSAF manager).",
    )
    instructions = fields.Html(string="What to do", compute="_compute_instructions", sanitize=False)
    partner_email = fields.Char(related="partner_id.email", string="E-mail")
    partner_mobile = fields.Char(related="partner_id.mobile", string="Mobile")

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique (partner_id, company_id)",
            "A contact has one URSSAF link per company.",
        ),
        (
            "urssaf_id_company_uniq",
            "unique (urssaf_id, company_id)",
            "This URSSAF client id is already used by another contact of this company.",
        ),
    ]

    # ---------------------------------------------------------------- computes

    @api.depends("partner_id")
    def _compute_display_name(self):
        for link in self:
            link.display_name = link.partner_id.display_name or ""

    @api.depends("registration_date")
    def _compute_link_expiry_date(self):
        for link in self:
            link.link_expiry_date = (
                link.registration_date + ACTIVATION_LINK_VALIDITY
                if link.registration_date
                else False
            )

    @api.depends("partner_id.user_id", "registered_by_id")
    def _compute_user_id(self):
        for link in self:
            link.user_id = link.partner_id.user_id or link.registered_by_id

    @api.depends("state", "link_expiry_date", "activation_date", "last_error", "status_code")
    def _compute_instructions(self):
        for link in self:
            link.instructions = Markup("<p>%s</p>") % link._instructions_text()

    def _changed_fields(self, vals, names):
        """The fields of ``names`` that ``vals`` really changes on some record of ``self``
        (an import of unchanged values is not a change)."""
        changed = set()
        for name in names.intersection(vals):
            field = self._fields[name]
            for link in self:
                if field.convert_to_cache(vals[name], link) != field.convert_to_cache(
                    link[name], link
                ):
                    changed.add(name)
                    break
        return changed

    def _forged_error(self, names):
        return AccessError(
            self.env._(
                "The URSSAF status, its dates and codes come from URSSAF: use Register with "
                "URSSAF or Refresh URSSAF status (fields: %(fields)s).",
                fields=", ".join(sorted(names)),
            )
        )

    def write(self, vals):
        if not self.env.su and self.env.context.get("l10n_fr_urssaf_sync") is not _SYNC:
            forged = self._changed_fields(vals, SYNCED_FIELDS)
            if forged:
                raise self._forged_error(forged)
            registered = self.filtered(lambda link: link.state not in ("draft", "rejected"))
            if registered and registered._changed_fields(vals, OWNER_FIELDS | {"urssaf_id"}):
                raise AccessError(
                    self.env._(
                        "The contact, the company and the URSSAF client id of a registered "
                        "client cannot be changed: a manager can reset the client to not "
                        "registered first."
                    )
                )
        res = super().write(vals)
        if "has_urssaf_account" in vals and "state" not in vals:
            # the user learnt whether the client had an account: the waiting state follows
            for link in self.filtered(
                lambda rec: rec.state in (*PENDING_STATES, "activation_expired")
            ):
                state = STATE_AFTER_REGISTRATION[link.has_urssaf_account]
                if link.state == "activation_expired" and state != "pending_link":
                    continue
                link._set_state(state)
        return res

    # ---------------------------------------------------------------- texts

    def _format_datetime(self, value):
        tz = self.env.context.get("tz") or self.env.user.tz
        return format_datetime(self.env, value, tz=tz, dt_format="short")

    def _format_date(self, value):
        return format_date(self.env, value)

    def _state_label(self, state=None):
        return dict(self._fields["state"]._description_selection(self.env))[state or self.state]

    def _instructions_text(self):
        """What the user must do (or tell the client), in the user's language."""
        self.ensure_one()
        _ = self.env._
        expiry = self.link_expiry_date and self._format_datetime(self.link_expiry_date) or "-"
        if self.state == "draft":
            return _(
                "Fill the URSSAF tab of the contact, then click Register with URSSAF. Register "
                "the person who receives the services: services paid by a third party are not "
                "eligible."
            )
        if self.state == "pending":
            return _(
                "URSSAF registered the client; payment requests can be sent once the account is "
                "active. If the client is new to URSSAF, they received an e-mail with an "
                "activation link valid 7 days (until %(date)s): they must activate their account "
                "on particulier.urssaf.fr, accepting URSSAF's SEPA direct debit mandate. If they "
                "already have a particulier.urssaf.fr account, they must accept the link request "
                "with your organisation in their space (notified by e-mail or SMS).",
                date=expiry,
            )
        if self.state == "pending_activation":
            return _(
                "The client received an e-mail with an activation link valid 7 days (until "
                "%(date)s): they must activate their account on particulier.urssaf.fr, accepting "
                "URSSAF's SEPA direct debit mandate. Payment requests can be sent once the "
                "account is active.",
                date=expiry,
            )
        if self.state == "pending_link":
            return _(
                "The client already has a particulier.urssaf.fr account: they must accept the "
                "link request with your organisation in their space (notified by e-mail or SMS). "
                "Payment requests can be sent once the link is accepted."
            )
        if self.state == "activation_expired":
            return _(
                "The client did not activate the account in time: the activation link expired "
                "on %(date)s. Ask the client to request a new activation e-mail on "
                "particulier.urssaf.fr (“Recevoir un nouveau mail”), then to activate the "
                "account within 7 days. If they already had an URSSAF account, remind them to "
                "accept your link request in their space. The status is still checked every "
                "day.",
                date=expiry,
            )
        if self.state == "active":
            if self.activation_date:
                return _(
                    "Active since %(date)s: you can send payment requests for the services "
                    "performed from that date.",
                    date=self._format_date(self.activation_date),
                )
            return _("Active: you can send payment requests.")
        if self.state == "link_refused":
            return _(
                "The client refused the link with your organisation or did not complete the "
                "registration. Check with the client: a new registration is needed to use the "
                "immediate advance. Meanwhile, invoice outside the immediate advance."
            )
        if self.state == "link_broken":
            return _(
                "URSSAF no longer finds the link with this client: the client broke the "
                "association (or the URSSAF client id is wrong). Check with the client and "
                "register them again if they want to keep the immediate advance. Meanwhile, "
                "invoice outside the immediate advance."
            )
        if self.state == "blocked":
            return _(
                "URSSAF blocked the client's account (for example after an unpaid direct "
                "debit). Invoice the client outside the immediate advance until URSSAF unblocks "
                "it; the client must contact URSSAF."
            )
        if self.state == "mandate_expired":
            return _(
                "The client's SEPA direct debit mandate has expired: ask the client to renew it "
                "in their particulier.urssaf.fr space. No payment request can be sent until "
                "then."
            )
        if self.state == "rejected" and ALREADY_LINKED_CODE in (self.status_code or ""):
            return _(
                "URSSAF says this client is already registered with you (for instance after a "
                "registration whose answer was lost). Ask URSSAF support for the client's id, "
                "type it in the URSSAF client id of this link, then refresh the status."
            )
        if self.state == "rejected":
            return _(
                "URSSAF rejected the registration: %(error)s Correct the URSSAF tab of the "
                "contact, then register again.",
                error=self.last_error or "-",
            )
        return ""

    # ---------------------------------------------------------------- state changes

    def _set_state(self, state, values=None, details=None):
        """Write ``state`` and ``values``; when the state changes, tell the story in the
        contact's chatter and replace the follow-up activity."""
        self.ensure_one()
        previous = self.state
        self._sync_write(dict(values or {}, state=state))
        if state == previous and not details:
            return
        self._post_story(details)
        if state != previous:
            self.activity_unlink([ACTIVITY_XMLID])
            if state in FOLLOW_UP_STATES:
                self._schedule_follow_up()

    def _sync_write(self, values):
        """Write what URSSAF told (the only way to write SYNCED_FIELDS)."""
        return self.with_context(l10n_fr_urssaf_sync=_SYNC).write(values)

    def _post_story(self, details=None):
        _ = self.env._
        title = _("URSSAF: %(state)s", state=self._state_label())
        if self.env["res.company"].sudo().search_count([], limit=2) > 1:
            title = f"{title} ({self.company_id.name})"
        body = Markup("<p><strong>%s</strong></p><p>%s</p>") % (title, self._instructions_text())
        if details:
            body += Markup("<p>%s</p>") % details
        # a note on the contact, even for a user who may not edit contacts
        self.partner_id.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")

    def _follow_up_user(self):
        """Who gets the follow-up activity: the responsible user, else the user who registered
        the client, else the current user, else a URSSAF manager of the company: the first one
        that can open the link (active, URSSAF user, allowed in the link's company)."""
        self.ensure_one()
        candidates = self.user_id | self.registered_by_id | self.env.user
        candidates |= (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref(MANAGER_GROUP_XMLID).id),
                    ("company_ids", "in", self.company_id.id),
                    ("share", "=", False),
                ],
                order="id",
            )
        )
        for user in candidates:
            if (
                user.active
                and not user.share
                and self.company_id in user.company_ids
                and user.has_group(USER_GROUP_XMLID)
            ):
                return user
        return self.env["res.users"]

    def _schedule_follow_up(self):
        user = self._follow_up_user()
        if not user:
            _logger.warning("URSSAF client link %s: nobody can follow it up", self.id)
            return
        self.activity_schedule(
            ACTIVITY_XMLID,
            summary=self._state_label(),
            note=escape(self._instructions_text()),
            user_id=user.id,
        )

    # ---------------------------------------------------------------- registration (E1)

    @api.model
    def _register_partner(self, partner, company, data, has_urssaf_account="unknown", now=None):
        """Send the registration (E1) of ``partner`` for ``company`` and record the outcome.

        :param data: the ``RegistrationData`` (already checked by the wizard)
        :return: ``(link, kind, message)``: ``kind`` is ``"success"``, ``"rejected"`` (recorded
            on the link, a new attempt is allowed), ``"uncertain"`` (the answer was lost: URSSAF
            may have registered the client; told on the contact) or ``"retry"`` (nothing
            changed: temporary or configuration error); ``link`` may be empty when nothing was
            recorded.
        """
        _ = self.env._
        link = self.search([("partner_id", "=", partner.id), ("company_id", "=", company.id)])
        if link and link.state not in REGISTRABLE_STATES:
            raise UserError(
                _(
                    "%(partner)s is already registered with URSSAF for %(company)s (status: "
                    "%(state)s). Use Refresh URSSAF status instead.",
                    partner=partner.display_name,
                    company=company.name,
                    state=link._state_label(),
                )
            )
        try:
            payload = build_registration_payload(data, today=fields.Date.context_today(self))
        except InvalidData as exc:
            french = is_french(self.env)
            raise UserError(
                "\n".join(p.message_fr if french else p.message_en for p in exc.problems)
            ) from None
        if partner.company_id and partner.company_id != company:
            raise UserError(
                _(
                    "%(partner)s belongs to %(other)s: register the client from that company.",
                    partner=partner.display_name,
                    other=partner.company_id.name,
                )
            )
        api_client = company._l10n_fr_urssaf_get_client()
        now = now or fields.Datetime.now()
        try:
            id_client = api_client.register_client(payload)
        except UrssafBusinessError as exc:
            message = explain_urssaf_error(self.env, exc)
            link = link or self._create_link(partner, company)
            link.has_urssaf_account = has_urssaf_account
            link._set_state(
                "rejected",
                {"last_error": message, "status_code": ", ".join(exc.codes)[:200]},
                details=_("Nothing was registered; the data are kept on the contact."),
            )
            return link, "rejected", message
        except UrssafTemporaryError as exc:
            if exc.uncertain:
                _logger.warning(
                    "URSSAF registration of contact %s for company %s: the answer was lost, "
                    "URSSAF may have registered it",
                    partner.id,
                    company.id,
                )
                advice = _(
                    "Nothing was recorded here. Ask the client whether they received an e-mail "
                    "or an SMS from URSSAF: if so, the registration went through: ask URSSAF "
                    "support for the client's id and type it on the URSSAF link; if not, "
                    "register the client again."
                )
                # every user of the contact must know: a second registration would be refused
                partner.sudo().message_post(
                    body=_(
                        "URSSAF registration sent for %(company)s by %(user)s, but the answer was "
                        "lost: URSSAF may have registered the client. %(advice)s",
                        company=company.name,
                        user=self.env.user.name,
                        advice=advice,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                return link, "uncertain", "\n".join([explain_urssaf_error(self.env, exc), advice])
            message = "\n".join(
                [
                    explain_urssaf_error(self.env, exc),
                    _(
                        "Nothing was recorded: try again in a few minutes. If URSSAF then answers "
                        "that the client is already registered with you, the first attempt went "
                        "through: ask URSSAF support for the client's id and type it on the "
                        "URSSAF link."
                    ),
                ]
            )
            return link, "retry", message
        except UrssafConfigurationError as exc:
            message = "\n".join(
                [
                    explain_urssaf_error(self.env, exc),
                    _(
                        "Nothing was sent: an administrator must check the URSSAF settings "
                        "(Settings > Invoicing > URSSAF)."
                    ),
                ]
            )
            return link, "retry", message
        # logged first: should recording fail, the id URSSAF gave is not lost
        _logger.info(
            "URSSAF registered contact %s for company %s: idClient %s",
            partner.id,
            company.id,
            id_client,
        )
        link = link or self._create_link(partner, company)
        link.has_urssaf_account = has_urssaf_account
        bank = payload["coordonneeBancaire"]
        link._set_state(
            STATE_AFTER_REGISTRATION.get(has_urssaf_account, "pending"),
            {
                "urssaf_id": id_client,
                "registration_date": now,
                "registered_by_id": self.env.user.id,
                "activation_date": False,
                "status_code": False,
                "status_description": False,
                "last_error": False,
            },
            details=(
                _(
                    "URSSAF client id: %(id)s. URSSAF sends the link request to the client's "
                    "particulier.urssaf.fr space (e-mail or SMS). Bank account: %(iban)s.",
                    id=id_client,
                    iban=mask_iban(bank["iban"]),
                )
                if has_urssaf_account == "yes"
                else _(
                    "URSSAF client id: %(id)s. URSSAF sends its e-mail to %(email)s. Bank "
                    "account: %(iban)s.",
                    id=id_client,
                    email=payload["adresseMail"],
                    iban=mask_iban(bank["iban"]),
                )
            ),
        )
        return link, "success", link._instructions_text()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and self.env.context.get("l10n_fr_urssaf_sync") is not _SYNC:
            for vals in vals_list:
                # a new link starts not registered: empty values and "draft" are what it has
                forged = {
                    name
                    for name in SYNCED_FIELDS.intersection(vals)
                    if vals[name]
                    and not (name == "state" and vals[name] == "draft")
                    and not (name == "registered_by_id" and vals[name] == self.env.uid)
                }
                if forged:
                    raise self._forged_error(forged)
        return super().create(vals_list)

    @api.model
    def _create_link(self, partner, company):
        return self.with_context(l10n_fr_urssaf_sync=_SYNC).create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "registered_by_id": self.env.user.id,
            }
        )

    # ---------------------------------------------------------------- status (E2)

    def _refresh_status(self, api_client=None, now=None):
        """Read the client's status (E2) and apply it. Raises ``UrssafError`` when URSSAF could
        not answer (temporary or configuration error, unexpected refusal): nothing changes."""
        self.ensure_one()
        if not self.urssaf_id:
            raise UserError(
                self.env._(
                    "%(partner)s has no URSSAF client id: register the client first.",
                    partner=self.partner_id.display_name,
                )
            )
        now = now or fields.Datetime.now()
        api_client = api_client or self.company_id._l10n_fr_urssaf_get_client()
        try:
            status = api_client.get_client_status(self.urssaf_id)
        except UrssafBusinessError as exc:
            if BROKEN_LINK_CODE not in exc.codes:
                raise
            self._set_state(
                "link_broken",
                {
                    "status_code": BROKEN_LINK_CODE,
                    "status_description": False,
                    "last_check_date": now,
                    "last_error": explain_urssaf_error(self.env, exc),
                },
            )
            return
        self._apply_status(status, now)

    def _apply_status(self, status, now):
        values = {
            "status_code": status.code or False,
            "status_description": (status.description or "")[:200] or False,
            "last_check_date": now,
            "last_error": False,
        }
        state = STATUS_STATES.get(status.code)
        if status.code == "APPAREILLAGE_VALIDE":
            # the date URSSAF gives; when unreadable, a later date is the safe side: no service
            # before it is billed
            values["activation_date"] = (
                status.accepted_on or self.activation_date or fields.Date.to_date(now)
            )
        elif status.code == "APPAREILLAGE_EC":
            if (
                self.state in EXPIRING_STATES
                and self.link_expiry_date
                and now >= self.link_expiry_date
            ):
                state = "activation_expired"
            elif self.state in (*PENDING_STATES, "activation_expired"):
                state = self.state
            else:
                state = "pending"
        if state is None:
            # unknown code: keep the state, say it once
            changed = status.code != self.status_code
            self._sync_write(values)
            if changed:
                self.message_post(
                    body=self.env._(
                        "URSSAF answered an unknown status %(code)s (%(description)s): the "
                        "status is kept. If it lasts, contact URSSAF support quoting it.",
                        code=status.code or "-",
                        description=status.description or "-",
                    )
                )
            return
        self._set_state(state, values)

    def action_refresh_status(self):
        """Button: read the status at URSSAF now."""
        for link in self:
            try:
                link._refresh_status()
            except UrssafTemporaryError as exc:
                raise UserError(
                    "\n".join(
                        [
                            explain_urssaf_error(self.env, exc),
                            self.env._("The status was not changed: try again in a few minutes."),
                        ]
                    )
                ) from None
            except UrssafError as exc:
                raise UserError(explain_urssaf_error(self.env, exc)) from None
        if len(self) != 1:
            return True
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("URSSAF status: %(state)s", state=self._state_label()),
                "message": self._instructions_text(),
                "type": "success" if self.state in ("active", *PENDING_STATES) else "warning",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_reset_to_draft(self):
        """Managers: forget the registration (e.g. a wrong e-mail address), to register again."""
        if not self.env.user.has_group(MANAGER_GROUP_XMLID):
            raise AccessError(
                self.env._("Only URSSAF managers can reset a client to not registered.")
            )
        for link in self:
            link._set_state(
                "draft",
                {
                    "urssaf_id": False,
                    "registration_date": False,
                    "activation_date": False,
                    "status_code": False,
                    "status_description": False,
                    "last_error": False,
                    "has_urssaf_account": "unknown",
                },
                details=self.env._("Reset by %(user)s.", user=self.env.user.name),
            )
        return True

    # ---------------------------------------------------------------- scheduled action

    def _cron_due_domain(self, now):
        day_start = datetime.combine(fields.Date.to_date(now), time.min)
        return [
            ("state", "in", REFRESH_STATES),
            ("urssaf_id", "!=", False),
            "|",
            ("last_check_date", "=", False),
            ("last_check_date", "<", day_start),
        ]

    @api.model
    def _cron_refresh_status(self, batch_size=CRON_BATCH_SIZE, now=None):
        """Refresh the clients still waiting or active not checked today, the oldest checked
        first, ``batch_size`` per run; commits after each client and never stops on one client's
        error. Under the scheduler, Odoo's progress API runs it again while clients remain;
        called otherwise (e.g. by hand), it triggers the scheduled action itself.

        A company whose configuration URSSAF refuses (or that has none), or that meets
        ``OUTAGE_STRIKES`` temporary errors in a row (URSSAF down), is left for the next run:
        its other clients are neither called one by one nor marked as checked. A client whose
        refresh fails is marked checked with the error, so it does not hold up the others."""
        now = now or fields.Datetime.now()
        Company = self.env["res.company"]
        due = self._cron_due_domain(now)
        api_clients = {}
        failed_companies = Company
        strikes = {}
        done = 0
        while done < batch_size:
            links = self.search(
                due + [("company_id", "not in", failed_companies.ids)],
                order="last_check_date asc nulls first, id",
                limit=batch_size - done,
            )
            if not links:
                break
            for link in links:
                company = link.company_id
                if company in failed_companies:
                    continue
                done += 1
                outcome = link._cron_refresh_one(api_clients, now)
                if outcome == "company_failed":
                    failed_companies |= company
                elif outcome == "temporary":
                    strikes[company] = strikes.get(company, 0) + 1
                    if strikes[company] >= OUTAGE_STRIKES:
                        failed_companies |= company
                else:
                    strikes[company] = 0
                if not modules.module.current_test:
                    # each client's outcome is kept even if a later one fails or the run stops
                    self.env.cr.commit()  # pylint: disable=invalid-commit
        if failed_companies:
            _logger.warning(
                "URSSAF statuses of companies %s left for the next run (see the clients' errors)",
                failed_companies.ids,
            )
        remaining = self.search_count(due + [("company_id", "not in", failed_companies.ids)])
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        if remaining and done and not self.env.context.get("ir_cron_progress_id"):
            self.env.ref(CRON_XMLID)._trigger()
        return done, remaining

    def _cron_refresh_one(self, api_clients, now):
        """Refresh one client for the scheduled action; returns ``"ok"``, ``"error"`` (this
        client), ``"temporary"`` (URSSAF could not answer) or ``"company_failed"``."""
        self.ensure_one()
        user = self._follow_up_user() or self.env.user
        link = self.with_context(
            lang=user.lang or self.company_id.partner_id.lang or "en_US",
            tz=user.tz or "Europe/Paris",
        )
        company = link.company_id
        try:
            if company not in api_clients:
                api_clients[company] = company._l10n_fr_urssaf_get_client()
            with self.env.cr.savepoint():
                link._refresh_status(api_client=api_clients[company], now=now)
            return "ok"
        except (UserError, UrssafConfigurationError) as exc:
            if isinstance(exc, UserError) and company in api_clients:
                # not the configuration: this client's own problem
                link._cron_record_error(exc, now)
                return "error"
            # the company's configuration: not the client's fault, nothing marked checked
            link._sync_write({"last_error": explain_urssaf_error(link.env, exc)})
            return "company_failed"
        except UrssafTemporaryError as exc:
            link._cron_record_error(exc, now)
            return "temporary"
        except Exception as exc:  # noqa: BLE001 - one client's error must not stop the others
            link._cron_record_error(exc, now)
            return "error"

    def _cron_record_error(self, exc, now):
        message = explain_urssaf_error(self.env, exc)
        _logger.warning(
            "URSSAF status of client link %s could not be refreshed: %s", self.id, redact(message)
        )
        self._sync_write({"last_check_date": now, "last_error": message})
