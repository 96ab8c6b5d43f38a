"""*Send to URSSAF* in Odoo's Send & Print dialog, as the e-invoicing modules add their option.

* An extra EDI (a checkbox), ticked by default for the posted invoices of active clients that
  URSSAF does not hold yet, offered only to URSSAF users.
* The dialog's alerts list every problem of every invoice to send (the pure checks' messages):
  blocking for one invoice (untick the box to send it without URSSAF), a warning in a batch (the
  invoice is then reported in error, the others are sent).
* The sending is the one path to E3, ``l10n_fr_urssaf.payment.request._send_invoices`` (calls of
  10, locks, in-flight markers, never twice): one call per batch of the dialog, before the PDF is
  rendered so that it carries the URSSAF block. What is not accepted becomes the invoice's
  error in the dialog (or in Odoo's background sending); the story stays the request's.
"""

from collections import defaultdict

from odoo import api, models

from ..urssaf_api import outcomes

EDI_KEY = "l10n_fr_urssaf_send"
#: outcomes the request's own story already tells in the invoice's chatter
TOLD_OUTCOMES = (outcomes.REJECTED, outcomes.UNCERTAIN)


class AccountMoveSend(models.AbstractModel):
    _inherit = "account.move.send"

    # ---------------------------------------------------------------- defaults

    @api.model
    def _get_all_extra_edis(self) -> dict:
        # EXTENDS 'account'
        res = super()._get_all_extra_edis()
        res[EDI_KEY] = {
            "label": self.env._("Send to URSSAF"),
            "is_applicable": self._l10n_fr_urssaf_is_applicable,
            "help": self.env._(
                "Send the payment request to URSSAF (immediate advance): URSSAF pays half of "
                "the invoice and debits the client's share after the client validates it."
            ),
        }
        return res

    @api.model
    def _l10n_fr_urssaf_is_applicable(self, move):
        """A posted customer invoice of an active client that URSSAF does not hold yet, for an
        URSSAF user (``l10n_fr_urssaf_can_send``, in this environment's user)."""
        return bool(move.with_env(self.env).l10n_fr_urssaf_can_send)

    @api.model
    def _get_default_mail_template_id(self, move):
        # EXTENDS 'account': an invoice paid through the immediate advance (sent to URSSAF now,
        # or held by URSSAF) gets the e-mail that says so, and asks for no transfer
        if move.l10n_fr_urssaf_held or self._l10n_fr_urssaf_is_applicable(move):
            template = self.env.ref(
                "l10n_fr_urssaf_avance_immediate.mail_template_urssaf_invoice",
                raise_if_not_found=False,
            )
            if template:
                return template
        return super()._get_default_mail_template_id(move)

    @api.model
    def _get_default_sending_settings(self, move, from_cron=False, **custom_settings):
        # EXTENDS 'account': the author decides (in the background, Odoo runs as its bot), and an
        # invoice URSSAF holds meanwhile (a second click) is not sent again
        vals = super()._get_default_sending_settings(move, from_cron=from_cron, **custom_settings)
        if EDI_KEY in (vals.get("extra_edis") or ()):
            author = self.env["res.users"].browse(vals["author_user_id"])
            if not move.with_user(author).l10n_fr_urssaf_can_send:
                vals["extra_edis"] = [key for key in vals["extra_edis"] if key != EDI_KEY]
        return vals

    # ---------------------------------------------------------------- alerts

    @api.model
    def _get_alerts(self, moves, moves_data):
        # EXTENDS 'account'
        alerts = super()._get_alerts(moves, moves_data)
        # an invoice URSSAF holds meanwhile (a second click) is left out, as when sending
        to_send = moves.filtered(
            lambda m: EDI_KEY in (moves_data[m].get("extra_edis") or ())
            and self._l10n_fr_urssaf_is_applicable(m)
        )
        batch = len(moves) > 1
        for move in to_send:
            alert = self._l10n_fr_urssaf_alert(move, batch)
            if alert:
                alerts[f"l10n_fr_urssaf_{move.id}"] = alert
        # the guarantee rule, once per company, not blocking: URSSAF decides
        for company in to_send.company_id:
            texts = company._l10n_fr_urssaf_guarantee_warnings(to_send)
            if texts:
                alerts[f"l10n_fr_urssaf_guarantee_{company.id}"] = {
                    "level": "warning",
                    "message": "\n".join(texts),
                }
        return alerts

    @api.model
    def _l10n_fr_urssaf_alert(self, move, batch):
        """The alert of one invoice to send: every problem, or the warnings, or None."""
        _ = self.env._
        refusal = move._l10n_fr_urssaf_send_refusal()
        prepared = None if refusal else move._l10n_fr_urssaf_prepare()
        problems = [] if refusal else move._l10n_fr_urssaf_problem_texts(prepared.problems)
        if refusal or problems:
            level = "warning" if batch else "danger"
            head = refusal or _("%(move)s cannot be sent to URSSAF:", move=move.display_name)
            items = problems
            if batch:
                foot = _("It will be reported in error; the other invoices are sent.")
            else:
                foot = _(
                    "Correct it, or untick Send to URSSAF to send it without the immediate "
                    "advance."
                )
        else:
            items = move._l10n_fr_urssaf_problem_texts(prepared.warnings)
            if not items:
                return None
            level, foot = "warning", None
            head = _("%(move)s: check before sending it to URSSAF:", move=move.display_name)
        lines = [head, *(f"• {item}" for item in items)]
        message = "\n".join(lines + [foot] if foot else lines)
        return {
            "level": level,
            "message": message,
            "action_text": _("View invoice"),
            "action": move._get_records_action(name=_("Invoice to correct")),
        }

    # ---------------------------------------------------------------- sending

    @api.model
    def _call_web_service_before_invoice_pdf_render(self, invoices_data):
        # EXTENDS 'account': sent before the PDF is rendered, so that it shows the URSSAF block
        res = super()._call_web_service_before_invoice_pdf_render(invoices_data)
        by_author = defaultdict(list)
        for move, move_data in invoices_data.items():
            if EDI_KEY in (move_data.get("extra_edis") or ()) and not move_data.get("error"):
                by_author[move_data["author_user_id"]].append(move)
        for author_id, moves in by_author.items():
            self._l10n_fr_urssaf_send(moves, author_id, invoices_data)
        return res

    @api.model
    def _l10n_fr_urssaf_send(self, moves, author_id, invoices_data):
        """One call of the sending path for all these invoices (it makes the calls of 10), as
        the user who clicked Send; what is not accepted becomes the invoice's error."""
        author = self.env["res.users"].browse(author_id)
        requests = (
            self.env["l10n_fr_urssaf.payment.request"]
            .with_user(author)
            .with_context(lang=self.env.context.get("lang") or author.lang)
        )
        _ = requests.env._
        records = self.env["account.move"].union(*moves).with_env(requests.env)
        for move, outcome, message in requests._send_invoices(records):
            if outcome == outcomes.SUCCESS:
                continue
            if outcome == outcomes.REJECTED:
                title = _("URSSAF refused %(move)s:", move=move.display_name)
            elif outcome == outcomes.UNCERTAIN:
                title = _("%(move)s: URSSAF's answer was lost.", move=move.display_name)
            else:
                title = _("%(move)s was not sent to URSSAF:", move=move.display_name)
            invoices_data[move]["error"] = {
                "error_title": title,
                # one item per line, without the bullets of the message's own list
                "errors": [
                    line.strip().lstrip("-•").strip()
                    for line in (message or "").splitlines()
                    if line.strip().lstrip("-•").strip()
                ],
                "l10n_fr_urssaf_told": outcome in TOLD_OUTCOMES,
            }

    @api.model
    def _hook_if_errors(self, moves_data, allow_raising=True):
        # EXTENDS 'account': in the background, an outcome the request already told in the
        # invoice's chatter is not posted a second time
        if not allow_raising:
            moves_data = {
                move: move_data
                for move, move_data in moves_data.items()
                if not (
                    isinstance(move_data["error"], dict)
                    and move_data["error"].get("l10n_fr_urssaf_told")
                )
            }
        return super()._hook_if_errors(moves_data, allow_raising=allow_raising)
