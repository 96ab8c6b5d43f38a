"""Odoo's contact merge rewrites foreign keys in SQL: it would delete an URSSAF link with its
URSSAF client id, or move it to another person, behind the protections of the link. A merge that
would lose or move a record that URSSAF knows is refused, saying why and what to do."""

from odoo import models
from odoo.exceptions import UserError

SYNCED_MIXIN = "l10n_fr_urssaf.synced.mixin"


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _l10n_fr_urssaf_merge_problems(self, src_partners, dst_partner):
        problems = []
        for model_name in sorted(self.env.registry.descendants([SYNCED_MIXIN], "_inherit")):
            model = self.env[model_name].sudo()
            if not model._abstract:
                problems += model._l10n_fr_urssaf_merge_problems(src_partners, dst_partner)
        return problems

    def _update_foreign_keys(self, src_partners, dst_partner):
        problems = self._l10n_fr_urssaf_merge_problems(src_partners, dst_partner)
        if problems:
            raise UserError(
                "\n".join(
                    [self.env._("These contacts cannot be merged, nothing was changed:")]
                    + [f"- {problem}" for problem in problems]
                )
            )
        return super()._update_foreign_keys(src_partners, dst_partner)
