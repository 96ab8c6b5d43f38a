"""Odoo's contact merge must never delete an URSSAF link with its client id, nor move it to
another person; the safe merges still go through."""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import UrssafRegistrationCommon


@tagged("post_install", "-at_install")
class TestPartnerMerge(UrssafRegistrationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {"name": "SAP Services B", "country_id": cls.france.id}
        )
        cls._configure(cls.company_b)

    def _merge(self, partners, dst):
        wizard = self.env["base.partner.merge.automatic.wizard"]
        wizard._merge(partners.ids, dst)

    def _registered(self, local_part="jeanne"):
        partner = self._partner(local_part)
        self._register(partner)
        link = self._link(partner)
        self.assertTrue(link.urssaf_id)
        return partner, link

    def test_a_registered_link_is_not_moved_to_another_contact(self):
        partner, link = self._registered()
        other = self._partner("doublon")
        with self.assertRaises(UserError) as caught:
            self._merge(partner | other, other)
        message = str(caught.exception)
        self.assertIn(partner.display_name, message)
        self.assertIn(link.urssaf_id, message)
        self.assertIn("merge the other contacts into it", message)
        # nothing changed
        self.assertTrue(partner.exists())
        self.assertEqual(link.partner_id, partner)

    def test_two_registered_links_of_one_company_are_not_merged(self):
        partner, link = self._registered("jeanne")
        twin, twin_link = self._registered("jeanne")
        with self.assertRaises(UserError) as caught:
            self._merge(partner | twin, twin)
        self.assertIn("both registered", str(caught.exception))
        self.assertIn(link.urssaf_id, str(caught.exception))
        self.assertIn(twin_link.urssaf_id, str(caught.exception))
        self.assertTrue(link.exists() and twin_link.exists())
        self.assertEqual(link.partner_id, partner)

    def test_merging_into_the_registered_contact_keeps_its_link(self):
        partner, link = self._registered()
        duplicate = self._partner("doublon")
        self._merge(partner | duplicate, partner)
        self.assertFalse(duplicate.exists())
        self.assertEqual(link.partner_id, partner)
        self.assertEqual(link.state, "pending")

    def test_a_draft_link_of_the_merged_contact_does_not_block(self):
        partner, link = self._registered()
        duplicate = self._partner("doublon")
        draft_a = self.env["l10n_fr_urssaf.client"]._create_link(duplicate, self.company)
        draft_b = self.env["l10n_fr_urssaf.client"]._create_link(duplicate, self.company_b)
        self._merge(partner | duplicate, partner)
        self.assertFalse(duplicate.exists())
        # the registered link is untouched; the drafts held nothing URSSAF knows
        self.assertEqual(link.partner_id, partner)
        self.assertTrue(link.urssaf_id)
        links = self.env["l10n_fr_urssaf.client"].search([("partner_id", "=", partner.id)])
        self.assertIn(link, links)
        self.assertNotIn(draft_a, links.exists())
        self.assertEqual(len(links.filtered(lambda rec: rec.company_id == self.company)), 1)
        # a draft of another company stays with the same (kept) person, or is dropped
        self.assertLessEqual(len(links.filtered(lambda rec: rec.company_id == self.company_b)), 1)
        self.assertTrue(not draft_b.exists() or draft_b.partner_id == partner)

    def test_the_same_person_keeps_its_links_of_two_companies(self):
        """Links in different companies that stay with the same person: the merge goes through,
        and the kept contact holds both."""
        partner, link = self._registered()
        twin = self._partner("jeanne")
        self.env.user.write({"company_ids": [(4, self.company_b.id)]})
        wizard = self.env["l10n_fr_urssaf.registration.wizard"].create(
            {"partner_id": twin.id, "company_id": self.company_b.id}
        )
        wizard.with_company(self.company_b).action_send()
        twin_link = self._link(twin, self.company_b)
        self.assertEqual(twin_link.state, "pending")
        self._merge(partner | twin, partner)
        self.assertFalse(twin.exists())
        self.assertEqual(link.partner_id, partner)
        self.assertEqual(twin_link.partner_id, partner)
        self.assertTrue(twin_link.urssaf_id)

    def test_a_link_moves_only_to_a_contact_of_the_same_identity(self):
        partner, link = self._registered()
        namesake = self._partner(
            "doublon",
            l10n_fr_urssaf_birth_name="Martin",
            l10n_fr_urssaf_first_names="JEANNE",
        )
        self._merge(partner | namesake, namesake)
        self.assertFalse(partner.exists())
        self.assertEqual(link.partner_id, namesake)
        other = self._partner(
            "autre",
            l10n_fr_urssaf_birth_name="Martin",
            l10n_fr_urssaf_first_names="Jeanne",
            l10n_fr_urssaf_birth_date=date(1981, 3, 29),
        )
        with self.assertRaises(UserError) as caught:
            self._merge(namesake | other, other)
        self.assertIn("differ or are missing", str(caught.exception))

    def test_contacts_without_links_merge(self):
        first = self._partner("jeanne")
        second = self._partner("jeanne")
        self._merge(first | second, first)
        self.assertFalse(second.exists())
