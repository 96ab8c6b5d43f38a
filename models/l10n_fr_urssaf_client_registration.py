"""Registration of a client with URSSAF (E1): one request per client, never sent twice.

The link is locked and marked "call in flight" (committed) before URSSAF is called, and the
outcome is committed right after (see ``l10n_fr_urssaf.synced.mixin``). A registration whose
answer was lost, or whose outcome was never recorded (a worker that died, a transaction that
Odoo rolled back after URSSAF answered), keeps its link and its marker, with the date of the
lost answer (``registration_lost_at``): no E1 is sent again until it is settled. URSSAF offers no
way to look a registration up without the idClient it was to answer (E2 needs it), so the user
settles it: the client received URSSAF's e-mail or SMS, and the id URSSAF support gives is typed
on the link (it becomes "awaiting activation or link acceptance", read at URSSAF from then on);
or the client received nothing, and the user confirms sending the registration again (URSSAF
refuses a second registration of a client already linked, ERR_LIEN_TIERS_PRESTATION_PARTICULIER_
EXISTE, so a wrong guess registers nobody twice).
"""

import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..urssaf_api import (
    InvalidData,
    UrssafBusinessError,
    UrssafConfigurationError,
    UrssafTemporaryError,
    build_registration_payload,
    mask_iban,
    outcomes,
    states,
)
from .res_company import explain_urssaf_error, render_text

_logger = logging.getLogger(__name__)


class L10nFrUrssafClientRegistration(models.Model):
    _inherit = "l10n_fr_urssaf.client"

    registration_lost_at = fields.Datetime(
        string="Registration answer lost on",
        copy=False,
        readonly=True,
        help="A registration was sent on this date and URSSAF's answer was lost: URSSAF may have "
        "registered the client. Nothing is sent again until it is settled: type the client id "
        "URSSAF support gives, or confirm sending the registration again.",
    )

    def write(self, vals):
        # the id of a registration whose answer was lost, as URSSAF support gives it: settles it
        if vals.get("urssaf_id") and not self._is_sync_write():
            lost = self.filtered(lambda link: link.registration_lost_at and not link.urssaf_id)
            for link in lost:
                link._settle_lost_registration_by_id(vals["urssaf_id"])
            if lost:
                rest = dict(vals)
                del rest["urssaf_id"]
                if rest:
                    super(L10nFrUrssafClientRegistration, lost).write(rest)
                others = self - lost
                return super(L10nFrUrssafClientRegistration, others).write(vals) if others else True
        return super().write(vals)

    def _settle_lost_registration_by_id(self, urssaf_id):
        """The registration whose answer was lost went through: record the id URSSAF gave (as
        typed), waiting for the client; the status is read at URSSAF from now on."""
        self._l10n_fr_urssaf_lock(self.partner_id)
        self._set_state(
            "pending",
            {
                "urssaf_id": (urssaf_id or "").strip(),
                "registration_date": self.registration_lost_at,
                "registration_lost_at": False,
                "call_started_at": False,
                "last_error": False,
            },
            details=self.env._(
                "URSSAF client id %(id)s typed by %(user)s for the registration sent on %(date)s "
                "whose answer was lost: the registration went through.",
                id=(urssaf_id or "").strip(),
                user=self.env.user.name,
                date=self._format_datetime(self.registration_lost_at),
            ),
        )

    def _instructions_text(self):
        if self.registration_lost_at and not self.urssaf_id:
            return self._lost_registration_text()
        return super()._instructions_text()

    def _apply_status(self, status, now):
        if self.registration_lost_at:
            # URSSAF knows the client: a registration whose answer was lost is settled
            self._sync_write({"registration_lost_at": False})
        return super()._apply_status(status, now)

    def action_reset_to_draft(self):
        res = super().action_reset_to_draft()
        self.filtered("registration_lost_at")._sync_write({"registration_lost_at": False})
        return res

    @api.model
    def _find_link(self, partner, company):
        return self.search([("partner_id", "=", partner.id), ("company_id", "=", company.id)])

    def _registration_refusal(self, partner, company):
        """Why ``partner`` cannot be registered for ``company`` now (``self`` is its link, maybe
        empty), or ``None``. The one place of these rules: the wizard lists them, the sending
        refuses them."""
        _ = self.env._
        if partner.is_company:
            return partner._l10n_fr_urssaf_company_refusal()
        if partner.company_id and partner.company_id != company:
            return _(
                "%(partner)s belongs to %(other)s: register the client from that company.",
                partner=partner.display_name,
                other=partner.company_id.name,
            )
        if self and self.state not in STATES_REGISTRABLE:
            return _(
                "%(partner)s is already registered with URSSAF for %(company)s (status: "
                "%(state)s): use Refresh URSSAF status instead.",
                partner=partner.display_name,
                company=company.name,
                state=self._state_label(),
            )
        return None

    @api.model
    def _registration_payload(self, data):
        try:
            return build_registration_payload(data, today=fields.Date.context_today(self))
        except InvalidData as exc:
            raise UserError(
                "\n".join(render_text(self.env, p.text) for p in exc.problems)
            ) from None

    @api.model
    def _create_link(self, partner, company):
        return self._sync_create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "registered_by_id": self.env.user.id,
            }
        )

    @api.model
    def _register_partner(
        self, partner, company, data, has_urssaf_account="unknown", now=None, resend_lost=False
    ):
        """Send the registration (E1) of ``partner`` for ``company`` and record the outcome.

        :param data: the ``RegistrationData`` (already checked by the wizard)
        :param resend_lost: the user checked with the client that an earlier registration whose
            answer was lost did not arrive (no e-mail nor SMS from URSSAF): send it again
        :return: ``(link, outcome, message)``: ``outcome`` is ``outcomes.SUCCESS``,
            ``REJECTED`` (recorded on the link, a new attempt is allowed), ``UNCERTAIN`` (the
            answer was lost, now or earlier: URSSAF may have registered the client; the link
            keeps its marker and nothing is sent again until it is settled) or ``RETRY``
            (nothing changed: temporary or configuration error); ``link`` may be empty when
            nothing was recorded.
        """
        now = now or fields.Datetime.now()
        # first of all: two users registering the same contact exclude each other
        self.browse()._l10n_fr_urssaf_lock(partner)
        link = self._find_link(partner, company)
        refusal = link._registration_refusal(partner, company)
        if refusal:
            raise UserError(refusal)
        if link.registration_lost_at:
            if not resend_lost:
                return link, outcomes.UNCERTAIN, link._lost_registration_text()
            # the user checked: nothing arrived; the earlier call is over (its answer lost)
            link._sync_write({"registration_lost_at": False, "call_started_at": False})
        payload = self._registration_payload(data)
        api_client = company._l10n_fr_urssaf_get_client()
        created = not link
        link = link or self._create_link(partner, company)
        if link._l10n_fr_urssaf_begin_call(partner, now=now):
            return link._settle_lost_registration(company)
        try:
            id_client = api_client.register_client(payload)
        except UrssafBusinessError as exc:
            result = link._record_rejection(exc, has_urssaf_account)
        except (UrssafTemporaryError, UrssafConfigurationError) as exc:
            result = link._record_not_registered(exc, partner, company, now)
        else:
            result = link._record_registration(id_client, payload, has_urssaf_account, now)
        if result[1] == outcomes.UNCERTAIN:
            # the marker stays, with the date of the lost answer: settled before any new E1
            link._l10n_fr_urssaf_commit()
            return result
        link._l10n_fr_urssaf_end_call()
        if created and result[1] == outcomes.RETRY:
            # certainly not sent: no link is kept for a registration that did not happen
            link.sudo()._sync_unlink()
            link._l10n_fr_urssaf_commit()
            result = (self.browse(), *result[1:])
        return result

    def _record_registration(self, id_client, payload, has_urssaf_account, now):
        _ = self.env._
        # logged first: should recording fail, the id URSSAF gave is not lost
        _logger.info(
            "URSSAF registered contact %s for company %s: idClient %s",
            self.partner_id.id,
            self.company_id.id,
            id_client,
        )
        self.has_urssaf_account = has_urssaf_account
        iban = mask_iban(payload["coordonneeBancaire"]["iban"])
        if has_urssaf_account == "yes":
            details = _(
                "URSSAF client id: %(id)s. URSSAF sends the link request to the client's "
                "particulier.urssaf.fr space (e-mail or SMS). Bank account: %(iban)s.",
                id=id_client,
                iban=iban,
            )
        else:
            details = _(
                "URSSAF client id: %(id)s. URSSAF sends its e-mail to %(email)s. Bank account: "
                "%(iban)s.",
                id=id_client,
                email=payload["adresseMail"],
                iban=iban,
            )
        self._set_state(
            states.state_after_registration(has_urssaf_account),
            {
                "urssaf_id": id_client,
                "registration_date": now,
                "registered_by_id": self.env.user.id,
                "activation_date": False,
                "status_code": False,
                "status_description": False,
                "last_error": False,
            },
            details=details,
        )
        return self, outcomes.SUCCESS, self._instructions_text()

    def _record_rejection(self, exc, has_urssaf_account):
        message = explain_urssaf_error(self.env, exc)
        self.has_urssaf_account = has_urssaf_account
        self._set_state(
            "rejected",
            {"last_error": message, "status_code": ", ".join(exc.codes)[:200]},
            details=self.env._("Nothing was registered; the data are kept on the contact."),
        )
        return self, outcomes.REJECTED, message

    def _lost_answer_advice(self):
        return self.env._(
            "Nothing is sent again until you settle it. Ask the client whether they received an "
            "e-mail or an SMS from URSSAF: if so, the registration went through: ask URSSAF "
            "support for the client's id and type it in the URSSAF client id of the link; if "
            "not, register the client again, confirming that nothing arrived."
        )

    def _lost_registration_text(self):
        return self.env._(
            "A registration of this client was sent to URSSAF on %(time)s and its answer was "
            "lost: URSSAF may have registered the client. Nothing was sent again. %(advice)s",
            time=self._format_datetime(self.registration_lost_at),
            advice=self._lost_answer_advice(),
        )

    def _tell_lost_answer(self, company, advice):
        _logger.warning(
            "URSSAF registration of contact %s for company %s: the answer was lost, URSSAF may "
            "have registered the client",
            self.partner_id.id,
            company.id,
        )
        # every user of the contact must know: a second registration would be refused
        self.partner_id.sudo().message_post(
            body=self.env._(
                "URSSAF registration sent for %(company)s by %(user)s, but the answer was lost: "
                "URSSAF may have registered the client. %(advice)s",
                company=company.name,
                user=self.env.user.name,
                advice=advice,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _record_not_registered(self, exc, partner, company, now=None):
        """A temporary or configuration error: nothing changes; an answer lost after sending is
        recorded on the link (its date) and told on the contact."""
        _ = self.env._
        if isinstance(exc, UrssafConfigurationError):
            advice = _(
                "Nothing was sent: an administrator must check the URSSAF settings (Settings > "
                "Invoicing > URSSAF)."
            )
            return self, outcomes.RETRY, "\n".join([explain_urssaf_error(self.env, exc), advice])
        if exc.uncertain:
            advice = self._lost_answer_advice()
            self._sync_write(
                {
                    "registration_lost_at": now or self.call_started_at or fields.Datetime.now(),
                    "last_error": explain_urssaf_error(self.env, exc),
                }
            )
            self._tell_lost_answer(company, advice)
            message = "\n".join([explain_urssaf_error(self.env, exc), advice])
            return self, outcomes.UNCERTAIN, message
        advice = _(
            "Nothing was recorded: try again in a few minutes. If URSSAF then answers that the "
            "client is already registered with you, the first attempt went through: ask URSSAF "
            "support for the client's id and type it on the URSSAF link."
        )
        return self, outcomes.RETRY, "\n".join([explain_urssaf_error(self.env, exc), advice])

    def _settle_lost_registration(self, company):
        """An earlier registration was sent and its outcome never recorded: recorded as a lost
        answer (the marker stays) and told (on the contact too), without sending; a new E1 only
        once the user settles it."""
        started = self._format_datetime(self.call_started_at)
        advice = self._lost_answer_advice()
        self._tell_lost_answer(company, advice)
        self._sync_write({"registration_lost_at": self.call_started_at})
        self._l10n_fr_urssaf_commit()
        message = self.env._(
            "A registration of this client was sent to URSSAF on %(time)s and its outcome was "
            "never recorded (interrupted): URSSAF may have registered the client. Nothing was "
            "sent again. %(advice)s",
            time=started,
            advice=advice,
        )
        return self, outcomes.UNCERTAIN, message


STATES_REGISTRABLE = states.CLIENT_LINK.values(registrable=True)
