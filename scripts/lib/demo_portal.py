# The client's portal in the demo, after demo_story.py: Camille Roux, a new client the provider
# knows only from a phone call (name, e-mail, mobile, address), invited to fill in her URSSAF data
# in the portal. Each start puts her back to "invited, nothing filled": her portal login is
# camille.roux@example.fr / camille-demo (scripts/demo prints it).
# ruff: noqa: F821
from odoo.addons.l10n_fr_urssaf_avance_immediate.models.res_partner import REGISTRATION_FIELDS
from odoo.addons.l10n_fr_urssaf_avance_immediate.models.res_partner_portal import (
    _PORTAL,
    PORTAL_RECORD_FIELDS,
)

PORTAL_LOGIN = "camille.roux@example.fr"
PORTAL_PASSWORD = "camille-demo"

france = env.ref("base.fr")
admin = env.ref("base.user_admin")
partner = ensure(
    "client_portal_roux",
    "res.partner",
    {
        "name": "Camille ROUX",
        "company_type": "person",
        "street": "7 rue des Écoles",
        "zip": "77300",
        "city": "Fontainebleau",
        "country_id": france.id,
        "email": PORTAL_LOGIN,
        "mobile": "06 45 67 89 01",
        "lang": "fr_FR",
        "user_id": admin.id,
    },
)
# afresh: her link (a new sandbox knows nothing), her URSSAF tab, what the portal recorded and
# the provider's activities
env["l10n_fr_urssaf.client"].sudo().search([("partner_id", "=", partner.id)])._sync_unlink()
blank = dict.fromkeys(
    [
        *REGISTRATION_FIELDS.values(),
        "l10n_fr_urssaf_bank_account_id",
        "l10n_fr_urssaf_birth_commune_id",
        "l10n_fr_urssaf_commune_id",
    ],
    False,
)
partner.write(blank)
partner.sudo().with_context(l10n_fr_urssaf_portal=_PORTAL).write(
    dict.fromkeys(PORTAL_RECORD_FIELDS, False)
)
partner.activity_ids.unlink()
partner.bank_ids.unlink()
since = last_message_id()
forget_story("portal")
# the invitation, as the provider's user sends it (no mail server in the demo: the e-mail waits
# in Paramètres > Technique > E-mails)
partner.with_user(admin).with_context(lang="fr_FR").action_l10n_fr_urssaf_portal_invite()
user = partner.with_context(active_test=False).user_ids[:1]
user.sudo().write({"password": PORTAL_PASSWORD, "lang": "fr_FR", "tz": "Europe/Paris"})
remember_story("portal", partner, since)
env.cr.commit()
print(f"demo portal loaded: {partner.name} invited, portal login {user.login}")
