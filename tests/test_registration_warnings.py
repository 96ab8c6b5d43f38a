"""Warnings in the registration wizard: shown apart from the problems, they do not block."""

import html

from odoo.tests import tagged

from .common import IBAN, UrssafRegistrationCommon

LONG_FIRST_NAMES = (
    "Marie-Christine Jeanne Antoinette Bernadette Genevieve Francoise Josephine Eulalie"
)
SENT_FIRST_NAMES = "Marie-Christine Jeanne Antoinette Bernadette Genevieve Francoise Josephine"


@tagged("post_install", "-at_install")
class TestRegistrationWarnings(UrssafRegistrationCommon):
    def _warned_partner(self):
        """A contact whose data only have warnings: an 07 number phonenumbers does not know as
        allocated, more first names than fit in 80 characters, another person's bank account."""
        return self._partner(
            mobile="07 00 12 34 56",
            l10n_fr_urssaf_first_names=LONG_FIRST_NAMES,
            bank_ids=[(0, 0, {"acc_number": IBAN, "acc_holder_name": "M. Paul Durand"})],
        )

    def test_wizard_shows_the_warnings_and_still_sends(self):
        partner = self._warned_partner()
        form = self._open_wizard(partner)
        self.assertEqual(form.problem_count, 0)
        self.assertEqual(form.warning_count, 3)
        self.assertFalse(form.problems_html)
        warnings = html.unescape(str(form.warnings_html))
        self.assertIn("Mobile phone: 0700123456", warnings)
        self.assertIn("check this number with the client", warnings)
        self.assertIn(f'"{SENT_FIRST_NAMES}"', warnings)
        self.assertIn("edit the first names in the contact's URSSAF tab", warnings)
        self.assertIn('Account holder: "M. Paul Durand"', warnings)
        self.assertIn("paid by a third party", warnings)
        # the request shown is the one sent: the leading first names that fit
        self.assertIn(SENT_FIRST_NAMES + '"', form.payload_preview)
        self.assertNotIn("Eulalie", form.payload_preview)
        form.has_urssaf_account = "no"
        wizard = form.save()
        wizard.action_send()
        self.assertEqual((wizard.step, wizard.result), ("done", "success"))
        link = self._link(partner)
        self.assertTrue(link.urssaf_id)
        received = self.sandbox.state.clients[link.urssaf_id].payload
        self.assertEqual(received["prenoms"], SENT_FIRST_NAMES)
        self.assertEqual(received["numeroTelephonePortable"], "0700123456")
        self.assertEqual(received["coordonneeBancaire"]["titulaire"], "M. Paul Durand")
        # the contact keeps every first name typed: the user may choose others
        self.assertEqual(partner.l10n_fr_urssaf_first_names, LONG_FIRST_NAMES)

    def test_warnings_are_in_french_for_a_french_user(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.user.lang = "fr_FR"
        form = self._open_wizard(self._warned_partner())
        warnings = html.unescape(str(form.warnings_html))
        self.assertIn("vérifiez ce numéro avec le client", warnings)
        self.assertIn("onglet URSSAF", warnings)
        self.assertIn("payés par un tiers", warnings)
        self.assertNotIn("check this number", warnings)

    def test_no_warning_block_for_clean_data_and_warnings_beside_problems(self):
        form = self._open_wizard(self._partner())
        self.assertEqual((form.problem_count, form.warning_count), (0, 0))
        self.assertFalse(form.warnings_html)
        # a landline stays a problem; the other warnings are still shown beside it
        partner = self._partner(
            mobile="01 23 45 67 89", l10n_fr_urssaf_first_names=LONG_FIRST_NAMES
        )
        form = self._open_wizard(partner)
        self.assertEqual((form.problem_count, form.warning_count), (1, 1))
        self.assertIn("Mobile phone", html.unescape(str(form.problems_html)))
        self.assertIn("First names", html.unescape(str(form.warnings_html)))
