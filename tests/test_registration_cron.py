from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import CRON_XMLID, E1_PATH, UrssafRegistrationCommon


@tagged("post_install", "-at_install")
class TestRegistrationCron(UrssafRegistrationCommon):
    def _triggers(self):
        return self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.env.ref(CRON_XMLID).id)]
        )

    def test_cron_is_active_and_daily(self):
        cron = self.env.ref(CRON_XMLID)
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))

    def test_cron_activates_the_waiting_clients(self):
        partner = self._partner("jeanne")
        self._register(partner)
        link = self._link(partner)
        self.sandbox.advance(days=1, minutes=1)
        self.env.ref(CRON_XMLID).method_direct_trigger()
        self.assertEqual(link.state, "active")
        self.assertTrue(link.last_check_date)

    def test_cron_works_in_batches_oldest_first_and_triggers_itself(self):
        partners = [self._partner("jeanne") for _i in range(3)]
        for partner in partners:
            self._register(partner)
        links = [self._link(p) for p in partners]
        now = fields.Datetime.now() + timedelta(days=1)
        # the one checked longest ago goes first
        links[2]._sync_write({"last_check_date": now - timedelta(days=3)})
        links[1]._sync_write({"last_check_date": now - timedelta(days=2)})
        self.sandbox.advance(days=1, minutes=1)
        Client = self.env["l10n_fr_urssaf.client"]
        triggers = self._triggers()
        self.assertEqual(Client._cron_refresh_status(batch_size=2, now=now), (2, 1))
        self.assertEqual(links[0].state, "active")  # never checked
        self.assertEqual(links[2].state, "active")
        self.assertEqual(links[1].state, "pending")
        self.assertEqual(self._triggers(), triggers + 1)
        self.assertEqual(Client._cron_refresh_status(batch_size=2, now=now), (1, 0))
        self.assertEqual(links[1].state, "active")
        self.assertEqual(self._triggers(), triggers + 1)
        # checked today: nothing more to do until tomorrow
        self.assertEqual(Client._cron_refresh_status(batch_size=2, now=now), (0, 0))

    def test_one_client_error_does_not_stop_the_others(self):
        partners = [self._partner("jeanne") for _i in range(2)]
        for partner in partners:
            self._register(partner)
        first, second = (self._link(p) for p in partners)
        self.sandbox.advance(days=1, minutes=1)
        # URSSAF answers the first status request with an empty 400
        self.sandbox.inject_fault("empty_400", path=E1_PATH, count=1)
        done, remaining = self.env["l10n_fr_urssaf.client"]._cron_refresh_status(
            now=fields.Datetime.now() + timedelta(days=1)
        )
        self.assertEqual((done, remaining), (2, 0))
        states = {first.state, second.state}
        self.assertEqual(states, {"pending", "active"})
        failed = first if first.state == "pending" else second
        self.assertIn("EMPTY_400", failed.last_error)
        self.assertTrue(failed.last_check_date)

    def test_cron_records_a_missing_configuration(self):
        partner = self._partner("jeanne")
        self._register(partner)
        link = self._link(partner)
        self.company.sudo().l10n_fr_urssaf_api_client_secret = False
        done, remaining = self.env["l10n_fr_urssaf.client"]._cron_refresh_status(
            now=fields.Datetime.now() + timedelta(days=1)
        )
        self.assertEqual((done, remaining), (1, 0))
        self.assertEqual(link.state, "pending")
        self.assertIn("not configured", link.last_error)

    def _register_many(self, names, company=None):
        links = self.env["l10n_fr_urssaf.client"]
        for name in names:
            partner = self._partner(name)
            self._register(partner)
            links |= self._link(partner, company)
        return links.sorted("id")

    def test_an_outage_leaves_the_company_for_the_next_run(self):
        links = self._register_many(["jeanne", "paul", "lucie", "marc"])
        path = "/atp/v1/tiersPrestations/particulier"
        self.sandbox.inject_fault("status", path=path, status=503, count=100)
        calls = self.sandbox.stats()["api_calls"].get(path, 0)
        tomorrow = fields.Datetime.now() + timedelta(days=1)
        done, remaining = self.env["l10n_fr_urssaf.client"]._cron_refresh_status(now=tomorrow)
        # three clients in a row could not be refreshed (each with its retries): URSSAF is down,
        # the fourth waits for the next run, untouched
        self.assertEqual((done, remaining), (3, 0))
        self.assertEqual(self.sandbox.stats()["api_calls"].get(path, 0) - calls, 3 * 3)
        for link in links[:3]:
            self.assertEqual(link.last_check_date, tomorrow)
            self.assertIn("maintenance", link.last_error)
        self.assertFalse(links[3].last_check_date)
        self.assertFalse(links[3].last_error)
        self.assertEqual(set(links.mapped("state")), {"pending"})
        # URSSAF is back: the next day's run refreshes all of them, the one left waiting first
        self.sandbox.clear_faults()
        self.sandbox.advance(days=1, minutes=1)
        done, remaining = self.env["l10n_fr_urssaf.client"]._cron_refresh_status(
            now=tomorrow + timedelta(days=1), batch_size=1
        )
        self.assertEqual((done, remaining), (1, 3))
        self.assertEqual(links[3].state, "active")

    def test_a_client_urssaf_cannot_answer_does_not_hold_up_the_others(self):
        links = self._register_many(["jeanne", "paul", "lucie"])
        self.sandbox.advance(days=1, minutes=1)
        # URSSAF fails on the first client only (its three attempts)
        self.sandbox.inject_fault("status", path=E1_PATH, status=500, count=3)
        tomorrow = fields.Datetime.now() + timedelta(days=1)
        done, remaining = self.env["l10n_fr_urssaf.client"]._cron_refresh_status(now=tomorrow)
        self.assertEqual((done, remaining), (3, 0))
        self.assertEqual(links.mapped("state"), ["pending", "active", "active"])
        self.assertTrue(links[0].last_error)
        # checked (with its error): it goes after the others next time
        self.assertEqual(links[0].last_check_date, tomorrow)

    def test_a_company_without_configuration_does_not_block_another(self):
        company_b = self.env["res.company"].create(
            {"name": "SAP Services B", "country_id": self.france.id}
        )
        self._configure(company_b)
        self.user.write({"company_ids": [(4, company_b.id)]})
        links_a = self._register_many(["jeanne", "paul"])
        self.env.user.write({"company_ids": [(4, company_b.id)]})
        partner_b = self._partner("lucie")
        wizard = self.env["l10n_fr_urssaf.registration.wizard"].create(
            {"partner_id": partner_b.id, "company_id": company_b.id}
        )
        wizard.with_company(company_b).action_send()
        link_b = self._link(partner_b, company_b)
        self.assertEqual(link_b.state, "pending")
        self.company.sudo().l10n_fr_urssaf_api_client_secret = False
        self.sandbox.advance(days=1, minutes=1)
        tomorrow = fields.Datetime.now() + timedelta(days=1)
        done, remaining = self.env["l10n_fr_urssaf.client"]._cron_refresh_status(now=tomorrow)
        self.assertEqual((done, remaining), (2, 0))
        self.assertEqual(link_b.state, "active")
        self.assertEqual(set(links_a.mapped("state")), {"pending"})
        self.assertIn("not configured", links_a[0].last_error)
