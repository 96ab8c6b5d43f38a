"""Tests that need what two users' requests see: data committed by its own transaction, read
and locked through separate database connections. Everything committed is removed afterwards.

The committed data belong to a company of their own: the test's own transaction has written the
main company (a row it keeps locked until the end of the class)."""

from contextlib import contextmanager

from odoo import SUPERUSER_ID, api

from .common import UrssafRegistrationCommon


class CommittedDataCase(UrssafRegistrationCommon):
    """A company configured for the sandbox and contacts committed for real; separate
    connections (``self._connection()``) stand for concurrent requests."""

    def setUp(self):
        super().setUp()
        self._committed_partner_ids = []
        with self._connection(commit=True) as env:
            company = env["res.company"].create(
                {
                    "name": "SAP Services (committed)",
                    "country_id": env.ref("base.fr").id,
                    "l10n_fr_urssaf_environment": "local",
                    "l10n_fr_urssaf_local_url": self.sandbox.url,
                    "l10n_fr_urssaf_api_client_id": "demo-client-id",
                    "l10n_fr_urssaf_api_client_secret": "demo-client-secret",
                    "l10n_fr_urssaf_provider_identifier": "SAP123456789",
                }
            )
            self.committed_company_id = company.id
        self.addCleanup(self._remove_committed)

    @contextmanager
    def _connection(self, commit=False):
        """A new database connection (a request of its own) as superuser in the committed
        company; rolled back at the end unless ``commit``."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company_id = getattr(self, "committed_company_id", None)
            if company_id:
                env = env(context={"allowed_company_ids": [company_id]})
            try:
                yield env
            finally:
                if not commit:
                    cr.rollback()

    def _committed_partner(self, local_part="jeanne"):
        values = self._partner_values(local_part)
        with self._connection(commit=True) as env:
            partner = env["res.partner"].create(values)
            self._committed_partner_ids.append(partner.id)
            return partner.id

    def _committed_registered_links(self, *local_parts):
        """Contacts registered with the sandbox, committed; returns their links' ids."""
        ids = []
        for local_part in local_parts:
            partner_id = self._committed_partner(local_part)
            with self._connection(commit=True) as env:
                partner = env["res.partner"].browse(partner_id)
                link, outcome, message = env["l10n_fr_urssaf.client"]._register_partner(
                    partner, env.company, partner._l10n_fr_urssaf_registration_data()
                )
                self.assertEqual(outcome, "success", message)
                ids.append(link.id)
        return ids

    def _remove_committed(self):
        with self._connection(commit=True) as env:
            partners = env["res.partner"].browse(self._committed_partner_ids).exists()
            env["l10n_fr_urssaf.client"].search(
                [("company_id", "=", self.committed_company_id)]
            )._sync_unlink()
            partners.unlink()
            company = env["res.company"].browse(self.committed_company_id)
            try:
                with env.cr.savepoint():
                    company.unlink()
            except Exception:  # noqa: BLE001 - a company Odoo keeps is archived instead
                company.active = False
