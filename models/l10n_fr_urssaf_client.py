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
from datetime import datetime, time

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..urssaf_api import (
    UrssafBusinessError,
    UrssafError,
    UrssafTemporaryError,
    identity_key,
    states,
)
from .l10n_fr_urssaf_synced_mixin import CRON_OK, MANAGER_GROUP_XMLID
from .res_company import explain_urssaf_error

_logger = logging.getLogger(__name__)

STATES = states.CLIENT_LINK
HAS_ACCOUNT = [
    ("unknown", "I don't know"),
    ("no", "No, the client is new to URSSAF"),
    ("yes", "Yes, the client already has a particulier.urssaf.fr account"),
]
CRON_BATCH_SIZE = 50


def _same_person(partner, other):
    """Whether two contacts carry the same URSSAF identity (both complete and equal)."""
    keys = [
        identity_key(
            p.l10n_fr_urssaf_birth_date, p.l10n_fr_urssaf_birth_name, p.l10n_fr_urssaf_first_names
        )
        for p in (partner.sudo(), other.sudo())
    ]
    return keys[0] is not None and keys[0] == keys[1]


CRON_XMLID = "l10n_fr_urssaf_avance_immediate.ir_cron_l10n_fr_urssaf_refresh_clients"
#: Who and for which company: fixed once the client is registered.
OWNER_FIELDS = frozenset({"partner_id", "company_id", "urssaf_id"})


class L10nFrUrssafClient(models.Model):
    _name = "l10n_fr_urssaf.client"
    _description = "URSSAF client"
    _inherit = ["l10n_fr_urssaf.synced.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _rec_names_search = ["partner_id.name", "urssaf_id"]
    _l10n_fr_urssaf_states = STATES
    #: What URSSAF tells: a user cannot mark a client active, nor change its activation date,
    #: by hand or through the API.
    _l10n_fr_urssaf_synced_fields = frozenset(
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
            "call_started_at",
            "registration_lost_at",
        }
    )
    _l10n_fr_urssaf_cron_xmlid = CRON_XMLID

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    urssaf_id = fields.Char(
        string="URSSAF client id",
        copy=False,
        index=True,
        tracking=True,
        help="The idClient URSSAF gave at the registration; every payment request quotes it.",
    )
    state = fields.Selection(
        STATES.selection(),
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
    link_expiry_shown = fields.Boolean(
        string="Activation link expiry shown", compute="_compute_link_expiry_shown"
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
            link.link_expiry_date = states.activation_link_expiry(link.registration_date) or False

    @api.depends("state", "link_expiry_date")
    def _compute_link_expiry_shown(self):
        for link in self:
            link.link_expiry_shown = bool(link.link_expiry_date) and link.state in (
                *states.EXPIRING_STATES,
                "activation_expired",
            )

    @api.depends("partner_id.user_id", "registered_by_id")
    def _compute_user_id(self):
        for link in self:
            link.user_id = link.partner_id.user_id or link.registered_by_id

    @api.depends("state", "link_expiry_date", "activation_date", "last_error", "status_code")
    def _compute_instructions(self):
        for link in self:
            link.instructions = Markup("<p>%s</p>") % link._instructions_text()

    # ---------------------------------------------------------------- protected fields

    def _l10n_fr_urssaf_allowed_on_create(self, name, value):
        # the user creating a link is the one who registers it
        return super()._l10n_fr_urssaf_allowed_on_create(name, value) or (
            name == "registered_by_id" and value == self.env.uid
        )

    def write(self, vals):
        if not self._is_sync_write():
            registered = self.filtered(lambda link: link._is_known_to_urssaf())
            if registered and registered._changed_fields(vals, OWNER_FIELDS):
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
            for link in self:
                state = states.link_state_after_account_answer(link.state, link.has_urssaf_account)
                if state:
                    link._set_state(state)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_known_to_urssaf(self):
        """A link URSSAF knows holds the client id URSSAF gave (or a registration in flight):
        it is not deleted, not even by a manager, before it is reset to not registered."""
        if self._is_sync_write():
            return
        known = self.filtered(lambda link: link._is_known_to_urssaf())
        if known:
            raise UserError(
                self.env._(
                    "%(clients)s: URSSAF knows these clients (status: %(states)s, client ids "
                    "%(ids)s) or a registration is being sent; deleting the link would lose "
                    "what URSSAF registered. A URSSAF manager resets the client to not "
                    "registered first (the client id stays in the contact's history).",
                    clients=", ".join(known.mapped("display_name")),
                    states=", ".join(sorted({link._state_label() for link in known})),
                    ids=", ".join(known.mapped(lambda link: link.urssaf_id or "-")),
                )
            )

    # ---------------------------------------------------------------- story

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
        if self.state == "rejected" and states.ALREADY_LINKED_CODE in (self.status_code or ""):
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

    def _story_record(self):
        # the contact's chatter: every user of the contact sees the client's URSSAF story
        return self.partner_id

    def _follow_up_candidates(self):
        return self.user_id | self.registered_by_id | self.env.user

    # ---------------------------------------------------------------- contact merge

    def _is_known_to_urssaf(self):
        """Registered (waiting, active or after), or registering right now: the link then
        belongs to its contact and company."""
        return self.state_group != states.GROUP_NOT_REGISTERED or bool(self.call_started_at)

    @api.model
    def _l10n_fr_urssaf_merge_problems(self, src_partners, dst_partner):
        """A link that URSSAF knows stays with its person: it may move to the kept contact only
        when both contacts carry the same identity (birth date, birth name, first names) and the
        kept contact has no registered link of its own in that company."""
        problems = []
        links = self.search([("partner_id", "in", (src_partners | dst_partner).ids)])
        kept = links.filtered(lambda link: link.partner_id == dst_partner)
        for link in (links - kept).filtered(lambda link: link._is_known_to_urssaf()):
            twin = kept.filtered(lambda other, link=link: other.company_id == link.company_id)
            if twin and twin._is_known_to_urssaf():
                problems.append(link._merge_twin_problem(twin))
            elif not _same_person(link.partner_id, dst_partner):
                problems.append(link._merge_move_problem(dst_partner))
        return problems

    def _merge_values(self, dst_partner):
        # another company's URSSAF data are not shown to a user outside it
        visible = self.company_id in self.env.user.company_ids
        return {
            "partner": self.partner_id.display_name,
            "other": dst_partner.display_name,
            "company": self.company_id.name,
            "state": self._state_label(),
            "id": (self.urssaf_id or "-") if visible else "***",
        }

    def _merge_twin_problem(self, twin):
        return self.env._(
            "%(partner)s and %(other)s are both registered with URSSAF for %(company)s (client "
            "ids %(id)s and %(other_id)s): one of the links would be deleted. If they are the same "
            "person, ask URSSAF support which client id is right; a URSSAF manager resets the "
            "wrong link to not registered, then merge.",
            other_id=twin._merge_values(self.partner_id)["id"],
            **self._merge_values(twin.partner_id),
        )

    def _merge_move_problem(self, dst_partner):
        return self.env._(
            "%(partner)s is registered with URSSAF for %(company)s (status: %(state)s, client id "
            "%(id)s): merging it into %(other)s would move the link to another person (their "
            "birth date, birth name and first names differ or are missing). Keep %(partner)s "
            "instead: merge the other contacts into it.",
            **self._merge_values(dst_partner),
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
            if states.BROKEN_LINK_CODE not in exc.codes:
                raise
            self._set_state(
                "link_broken",
                {
                    "status_code": states.BROKEN_LINK_CODE,
                    "status_description": False,
                    "last_check_date": now,
                    "last_error": explain_urssaf_error(self.env, exc),
                    "call_started_at": False,
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
            # URSSAF knows the client: a registration whose answer was lost is settled
            "call_started_at": False,
        }
        if status.code == states.ACTIVE_CODE:
            # the date URSSAF gives; when unreadable, a later date is the safe side: no service
            # before it is billed
            values["activation_date"] = (
                status.accepted_on or self.activation_date or fields.Date.to_date(now)
            )
        state = states.link_state_from_status(status.code, self.state, self.registration_date, now)
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
        """Button: read the status at URSSAF now (not while the scheduled action reads it)."""
        self._l10n_fr_urssaf_lock(self.partner_id)
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
        ok = self.state_colour in ("success", "info")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("URSSAF status: %(state)s", state=self._state_label()),
                "message": self._instructions_text(),
                "type": "success" if ok else "warning",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_reset_to_draft(self):
        """Managers: forget the registration (e.g. a wrong e-mail address), to register again."""
        if not self.env.user.has_group(MANAGER_GROUP_XMLID):
            raise AccessError(
                self.env._("Only URSSAF managers can reset a client to not registered.")
            )
        self._l10n_fr_urssaf_lock(self.partner_id)
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
                    "call_started_at": False,
                    "has_urssaf_account": "unknown",
                },
                details=self.env._(
                    "Reset by %(user)s (URSSAF client id was %(id)s, status %(state)s).",
                    user=self.env.user.name,
                    id=link.urssaf_id or "-",
                    state=link._state_label(),
                ),
            )
        return True

    # ---------------------------------------------------------------- scheduled action

    def _cron_domain(self, now):
        day_start = datetime.combine(fields.Date.to_date(now), time.min)
        return [
            ("state", "in", STATES.values(followed=True)),
            ("urssaf_id", "!=", False),
            "|",
            ("last_check_date", "=", False),
            ("last_check_date", "<", day_start),
        ]

    def _cron_process(self, api_client, now):
        self.ensure_one()
        self._refresh_status(api_client=api_client, now=now)
        return CRON_OK

    @api.model
    def _cron_refresh_status(self, batch_size=CRON_BATCH_SIZE, now=None):
        """Refresh the clients still waiting or active not checked today, the oldest checked
        first, one client per call (E2 reads one client), ``batch_size`` per run (see
        ``_cron_run``). Returns ``(done, remaining)``."""
        return self._cron_run(batch_size=batch_size, chunk_size=1, now=now)
