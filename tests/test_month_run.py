"""Billing a month for every client in one action, against the local sandbox: the pre-check of
ready, faulty, inactive, already-sent and unbilled clients with its totals; the confirmation that
posts the drafts and sends through the one send path (calls of 10, never twice); URSSAF's
refusal with its reasons; a rerun that takes only what is left; the background run batch by
batch; the rights."""

from datetime import UTC, datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.l10n_fr_urssaf_avance_immediate.models import (
    l10n_fr_urssaf_month_run as run_module,
)

from .common import USER_GROUPS
from .payment_common import UrssafPaymentCommon

MANAGER_GROUPS = USER_GROUPS + ",l10n_fr_urssaf_avance_immediate.group_urssaf_manager"
CRON_XMLID = "l10n_fr_urssaf_avance_immediate.ir_cron_l10n_fr_urssaf_month_run"


@tagged("post_install", "-at_install")
class TestMonthRun(UrssafPaymentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls._company_user("urssaf_month_manager", cls.company, groups=MANAGER_GROUPS)
        cls.Run = cls.env["l10n_fr_urssaf.month.run"]

    # ---------------------------------------------------------------- helpers

    def _client(self, name, local_part="client", activate=True):
        """A contact registered with the sandbox 10 days ago (sandbox time), active unless
        ``activate`` is False (a client who never activates: ``jamais``)."""
        partner = self._partner(local_part if activate else "jamais", name=name)
        self.sandbox.set_now(datetime.now(UTC) - timedelta(days=10))
        link, outcome, message = self.env["l10n_fr_urssaf.client"]._register_partner(
            partner, self.company, partner._l10n_fr_urssaf_registration_data(), "no"
        )
        self.assertEqual(outcome, "success", message)
        self.sandbox.set_now(datetime.now(UTC))
        link._refresh_status()
        self.assertEqual(link.state == "active", activate, link.state)
        return partner

    def _run(self, user=None):
        user = user or self.manager
        run = self.Run.with_user(user).with_context(lang=user.lang)
        return run.create({"year": self.today.year, "month": str(self.today.month)})

    def _line(self, run, partner):
        (line,) = run.line_ids.filtered(lambda line: line.partner_id == partner)
        return line

    # ---------------------------------------------------------------- tests

    def test_a_month_checked_then_billed_in_one_action_then_what_is_left(self):
        jeanne = self.client_partner  # a posted invoice, not sent: ready
        posted = self._invoice()
        paul = self._client("Paul DURAND")  # a draft: ready, posted at the confirmation
        draft = self._invoice(partner=paul, post=False)
        marie = self._client("Marie PETIT")  # a draft with a service that is no home service
        faulty = self._invoice(
            partner=marie, post=False, lines=[(self.cleaning, 2, 25.0), (self.other, 1, 10.0)]
        )
        luc = self._client("Luc ROUX", activate=False)  # registered, never activated
        inactive = self._invoice(partner=luc, post=False)
        anne = self._client("Anne BLANC")  # already sent this month
        self._send(self._invoice(partner=anne))
        self._client("Bob NOIR")  # nothing billed this month
        claire = self._client("Claire VERT")  # a deposit URSSAF refuses (not authorised)
        deposit = self._invoice(
            partner=claire,
            l10n_fr_urssaf_deposit_amount=50.0,
            l10n_fr_urssaf_deposit_date=self.period_start,
        )
        calls = self._e3_calls()

        run = self._run()
        run.action_check()
        self.assertEqual(run.state, "checked")
        statuses = {line.partner_id.name: line.status for line in run.line_ids}
        self.assertEqual(
            statuses,
            {
                "Jeanne MARTIN": "ready",
                "Paul DURAND": "ready",
                "Marie PETIT": "to_fix",
                "Luc ROUX": "inactive",
                "Anne BLANC": "sent",
                "Bob NOIR": "nothing",
                "Claire VERT": "ready",
            },
        )
        # every problem names its invoice, the line and the fix
        problems = self._line(run, marie).problems
        self.assertIn(faulty.display_name, problems)
        self.assertIn("Line 2 (Autre service)", problems)
        self.assertIn("270", problems)
        # the link's state and what to do
        self.assertIn("activation", self._line(run, luc).problems)
        self.assertIn("URSSAF status:", self._line(run, luc).problems)
        self.assertEqual(self._line(run, luc).move_ids, inactive)
        self.assertIn("ERR_ACOMPTE_BLOQUE", self._line(run, claire).warnings)
        # the totals of the ready clients: 3 invoices of 305 €, half advanced by URSSAF
        self.assertEqual(
            (run.ready_count, run.to_fix_count, run.inactive_count),
            (3, 1, 1),
        )
        self.assertEqual((run.sent_before_count, run.nothing_count), (1, 1))
        self.assertEqual(run.ready_invoice_count, 3)
        self.assertEqual(run.amount_total, 915.0)
        self.assertEqual(run.amount_advance, 457.5)
        self.assertEqual(run.amount_share, 457.5)
        # nothing was posted nor sent by the check
        self.assertEqual(draft.state, "draft")
        self.assertEqual(self._e3_calls(), calls)

        run.action_confirm()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.progress, 100.0)
        # the three ready invoices in one call of the send path
        self.assertEqual(self._e3_calls(), calls + 1)
        self.assertEqual(draft.state, "posted")
        self.assertEqual(posted.l10n_fr_urssaf_state, "integrated")
        self.assertEqual(draft.l10n_fr_urssaf_state, "integrated")
        self.assertEqual(draft.l10n_fr_urssaf_payment_request_id.sent_by_id, self.manager)
        self.assertEqual(self._line(run, jeanne).outcome, "accepted")
        self.assertEqual(self._line(run, paul).outcome, "accepted")
        refused = self._line(run, claire)
        self.assertEqual(refused.outcome, "refused")
        self.assertIn("ERR_ACOMPTE_BLOQUE", refused.outcome_message)
        self.assertEqual(deposit.l10n_fr_urssaf_state, "rejected")
        # the faulty and inactive clients' drafts are left as they were
        self.assertEqual((faulty.state, inactive.state), ("draft", "draft"))
        self.assertFalse(self._line(run, marie).outcome)
        self.assertEqual(
            (run.sent_invoice_count, run.accepted_count, run.refused_count, run.left_to_fix_count),
            (3, 2, 1, 1),
        )
        self.assertIn("clients accepted 2", run.summary)
        # the run stays as the record of what was sent
        with self.assertRaises(UserError):
            run.with_user(self.manager).unlink()
        with self.assertRaises(UserError):
            run.with_user(self.manager).action_confirm()

        # the faulty invoice corrected, and the deposit taken out: a rerun takes only what is
        # left (Jeanne and Paul are held by URSSAF now)
        faulty.invoice_line_ids.filtered(lambda line: line.product_id == self.other).unlink()
        deposit.l10n_fr_urssaf_deposit_amount = 0.0
        action = run.with_user(self.manager).action_rerun()
        rerun = self.Run.browse(action["res_id"])
        self.assertNotEqual(rerun, run)
        self.assertEqual(rerun.state, "checked")
        statuses = {line.partner_id.name: line.status for line in rerun.line_ids}
        self.assertEqual(statuses["Jeanne MARTIN"], "sent")
        self.assertEqual(statuses["Paul DURAND"], "sent")
        self.assertEqual(statuses["Marie PETIT"], "ready")
        self.assertEqual(statuses["Claire VERT"], "ready")  # refused, corrected: sent again
        self.assertEqual(statuses["Luc ROUX"], "inactive")
        self.assertEqual(rerun.ready_invoice_count, 2)
        self.assertEqual(rerun.amount_total, 55.0 + 305.0)  # 2 h of cleaning left
        rerun.action_confirm()
        self.assertEqual(self._e3_calls(), calls + 2)
        self.assertEqual(faulty.l10n_fr_urssaf_state, "integrated")
        self.assertEqual(deposit.l10n_fr_urssaf_state, "integrated")
        self.assertEqual(rerun.accepted_count, 2)
        # never twice: URSSAF holds one request per invoice
        numbers = [request["numFactureTiers"] for request in self._sandbox_requests()]
        self.assertEqual(len(numbers), len(set(numbers)))

    def test_a_draft_is_checked_as_it_will_be_posted(self):
        """A draft without a date is dated at posting; a draft without a service period dated in
        the month is gathered and told what to fill."""
        undated = self._invoice(post=False, invoice_date=False)
        no_period = self._invoice(
            post=False,
            l10n_fr_urssaf_service_start=False,
            l10n_fr_urssaf_service_end=False,
        )
        run = self._run()
        run.action_check()
        line = self._line(run, self.client_partner)
        self.assertEqual(line.status, "to_fix")
        self.assertEqual(line.move_ids, undated | no_period)
        problems = line.problems.splitlines()
        self.assertTrue(problems)
        self.assertTrue(all(no_period.display_name in problem for problem in problems), problems)
        self.assertIn("First day of service", line.problems)
        # the period filled: both ready, the undated one dated today at posting
        no_period.write(
            {
                "l10n_fr_urssaf_service_start": self.period_start,
                "l10n_fr_urssaf_service_end": self.today,
            }
        )
        run.action_check()
        line = self._line(run, self.client_partner)
        self.assertEqual(line.status, "ready", line.problems)
        run.action_confirm()
        self.assertEqual(undated.invoice_date, self.today)
        self.assertEqual(set((undated | no_period).mapped("l10n_fr_urssaf_state")), {"integrated"})
        self.assertEqual(line.outcome, "accepted")

    def test_a_large_month_is_sent_in_the_background_in_calls_of_10(self):
        self.patch(run_module, "SYNC_LIMIT", 5)
        partners = self.client_partner
        for n in range(11):
            partners |= self._client(f"Client {chr(65 + n)}")
        moves = self.env["account.move"].union(*(self._invoice(partner=p) for p in partners))
        run = self._run()
        run.action_check()
        self.assertEqual(run.ready_count, 12)
        cron = self.env.ref(CRON_XMLID)
        Trigger = self.env["ir.cron.trigger"]
        triggers = Trigger.search_count([("cron_id", "=", cron.id)])
        calls = self._e3_calls()
        run.action_confirm()
        # more than SYNC_LIMIT invoices: nothing sent in the request, the scheduled action is
        # triggered
        self.assertEqual(run.state, "running")
        self.assertEqual(self._e3_calls(), calls)
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 1)
        # one batch per run of the scheduled action: 10 invoices in one call, triggered again
        self.Run._cron_send(max_batches=1)
        self.assertEqual(self._e3_calls(), calls + 1)
        self.assertEqual(run.state, "running")
        self.assertAlmostEqual(run.progress, 100.0 * 10 / 12, places=2)
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 2)
        self.Run._cron_send(max_batches=1)
        self.assertEqual(self._e3_calls(), calls + 2)
        self.Run._cron_send(max_batches=1)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.accepted_count, 12)
        self.assertEqual(set(moves.mapped("l10n_fr_urssaf_state")), {"integrated"})
        # sent in the name of the manager who confirmed
        self.assertEqual(moves.l10n_fr_urssaf_payment_request_id.sent_by_id, self.manager)
        self.assertEqual(self._e3_calls(), calls + 2)

    def test_a_draft_changed_after_the_check_is_not_posted(self):
        draft = self._invoice(post=False)
        run = self._run()
        run.action_check()
        self.assertEqual(run.ready_count, 1)
        # meanwhile a line that is no home service is added
        draft.write({"invoice_line_ids": [(0, 0, {"product_id": self.other.id, "price_unit": 10})]})
        run.action_confirm()
        self.assertEqual(draft.state, "draft")
        line = self._line(run, self.client_partner)
        self.assertEqual(line.outcome, "to_fix")
        self.assertIn("270", line.outcome_message)
        self.assertEqual((run.left_to_fix_count, run.sent_invoice_count), (1, 0))
        self.assertEqual(self._e3_calls(), 0)

    def test_a_month_is_not_sent_by_two_runs_at_once(self):
        self.patch(run_module, "SYNC_LIMIT", 0)
        self._invoice()
        first, second = self._run(), self._run()
        first.action_check()
        second.action_check()
        first.action_confirm()
        self.assertEqual(first.state, "running")
        with self.assertRaises(UserError):
            second.action_confirm()
        self.assertEqual(second.state, "checked")
        self.Run._cron_send()
        self.assertEqual(first.state, "done")
        self.assertEqual(self._e3_calls(), 1)

    def test_an_urssaf_user_reads_the_runs_but_only_a_manager_bills(self):
        self._invoice()
        run = self._run()
        run.action_check()
        as_user = run.with_user(self.user)
        self.assertEqual(as_user.ready_count, 1)
        self.assertEqual(as_user.line_ids.mapped("status"), ["ready"])
        for action in ("action_check", "action_confirm", "action_rerun"):
            with self.assertRaises(AccessError):
                getattr(as_user, action)()
        with self.assertRaises(AccessError):
            self.Run.with_user(self.user).create({"year": 2026, "month": "1"})
        # what the actions set cannot be written, by a manager either (JSON-RPC included)
        with self.assertRaises(AccessError):
            run.with_user(self.manager).write({"state": "done"})
        with self.assertRaises(AccessError):
            run.line_ids.with_user(self.manager).write({"status": "ready"})
        self.assertEqual(run.state, "checked")
        self.assertEqual(self._e3_calls(), 0)

    def test_another_company_s_runs_are_not_visible(self):
        other = self.env["res.company"].create({"name": "Autre SAP"})
        run = self.Run.create({"year": 2026, "month": "1", "company_id": other.id})
        self.assertFalse(self.Run.with_user(self.manager).search([("id", "=", run.id)]))
        with self.assertRaises(AccessError):
            run.with_user(self.manager).action_check()

    def test_a_changed_month_forgets_the_check(self):
        self._invoice()
        run = self._run()
        run.action_check()
        self.assertTrue(run.line_ids)
        run.month = str((self.today.replace(day=1) - timedelta(days=1)).month)
        self.assertEqual(run.state, "draft")
        self.assertFalse(run.line_ids)

    def test_a_french_user_reads_the_problems_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.manager.lang = "fr_FR"
        self._invoice(post=False, lines=[(self.other, 1, 10.0)])
        run = self._run()
        run.with_context(lang="fr_FR").action_check()
        line = self._line(run, self.client_partner)
        self.assertIn("ouvre pas droit à l", line.with_context(lang="fr_FR").problems)
