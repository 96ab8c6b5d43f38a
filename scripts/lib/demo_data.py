# Demo data, loaded by scripts/demo through `odoo-bin shell` (the variable `env` is Odoo's).
# Idempotent: records are found again through their external ids (module __urssaf_demo__).
# ruff: noqa: F821
import os
from datetime import date

from odoo.addons.l10n_fr_urssaf_avance_immediate.models.res_partner import REGISTRATION_FIELDS

SANDBOX_URL = os.environ.get("SANDBOX_URL", "http://127.0.0.1:8765")
MODULE = "__urssaf_demo__"
# the demo speaks French: what it writes in the chatter too
env = env(context=dict(env.context, lang="fr_FR", tz="Europe/Paris"))


def ensure(xmlid, model, values, refresh=True):
    """Create the record the first time, find it again (and refresh it) afterwards."""
    record = env.ref(f"{MODULE}.{xmlid}", raise_if_not_found=False)
    if record:
        if refresh:
            record.write(values)
        return record
    record = env[model].create(values)
    env["ir.model.data"].create(
        {"module": MODULE, "name": xmlid, "model": model, "res_id": record.id, "noupdate": True}
    )
    return record


def available(model, values):
    """Keep only the fields the model has (the demo outlives field renames)."""
    fields = env[model]._fields
    return {key: value for key, value in values.items() if key in fields}


france = env.ref("base.fr")
company = env.ref("base.main_company")

# A French provider works in French: the demo's users and contacts speak French (every user can
# switch to English in their preferences).
if not env["res.lang"].search([("code", "=", "fr_FR")]):
    env["res.lang"]._activate_lang("fr_FR")
    env["ir.module.module"].search([("state", "=", "installed")])._update_translations(["fr_FR"])
env.ref("base.user_admin").write({"lang": "fr_FR", "tz": "Europe/Paris"})
# the accountant reviews the journal items of the take-back entries: Odoo Community shows them to
# the users with the full accounting features only
env.ref("base.user_admin").groups_id |= env.ref("account.group_account_user")
company.partner_id.lang = "fr_FR"
company.write(
    {
        "name": "Aide à Domicile Démo",
        "country_id": france.id,
        "street": "5 rue des Acacias",
        "zip": "77300",
        "city": "Fontainebleau",
        "email": "contact@aide-domicile-demo.fr",
        "l10n_fr_urssaf_environment": "local",
        "l10n_fr_urssaf_local_url": SANDBOX_URL,
        "l10n_fr_urssaf_api_client_id": "demo-client-id",
        "l10n_fr_urssaf_api_client_secret": "demo-client-secret",
        "l10n_fr_urssaf_provider_identifier": "SAP852330992",
    }
)
# the SAP declaration printed on the annual tax certificates (its date is the demo's own)
if not company.l10n_fr_urssaf_sap_date:
    company.write(
        {"l10n_fr_urssaf_sap_number": "SAP852330992", "l10n_fr_urssaf_sap_date": "2019-03-15"}
    )

# scripts/demo starts a new local sandbox each time, and the sandbox keeps its state in memory:
# links made with an earlier sandbox are unknown to this one. Start the demo clients afresh
# (only them: contacts added by hand keep their links). A link URSSAF knows is deleted only by
# the module (its own deletion, past the guard that keeps it from users).
demo_partners = (
    env["ir.model.data"]
    .search([("module", "=", MODULE), ("model", "=", "res.partner")])
    .mapped("res_id")
)
env["l10n_fr_urssaf.client"].sudo().search(
    [("company_id", "=", company.id), ("partner_id", "in", demo_partners)]
)._sync_unlink()

CLIENTS = [
    {
        "xmlid": "client_martin",
        "partner": {
            "name": "Jeanne Martin",
            "street": "12 bis avenue des Lilas",
            "zip": "77300",
            "city": "Fontainebleau",
            "email": "jeanne.martin@example.fr",
            "mobile": "06 12 34 56 78",
        },
        "urssaf": {
            "l10n_fr_urssaf_civility": "2",
            "l10n_fr_urssaf_birth_name": "Dupont",
            "l10n_fr_urssaf_usage_name": "Martin",
            "l10n_fr_urssaf_first_names": "Jeanne Marie",
            "l10n_fr_urssaf_birth_date": date(1958, 3, 29),
            "birth_department": "77",
            "l10n_fr_urssaf_birth_commune_code": "77186",
            "l10n_fr_urssaf_birth_commune_label": "Fontainebleau",
            "l10n_fr_urssaf_commune_code": "77186",
            "l10n_fr_urssaf_commune_label": "Fontainebleau",
        },
        "iban": "FR7630006000000000123456723",
    },
    {
        "xmlid": "client_leroy",
        "partner": {
            "name": "Paul Leroy",
            "street": "3 rue de la Paix",
            "zip": "75002",
            "city": "Paris",
            "email": "existant.paul.leroy@example.fr",
            "mobile": "+33 7 56 12 34 56",
        },
        "urssaf": {
            "l10n_fr_urssaf_civility": "1",
            "l10n_fr_urssaf_mobile": "+33 7 56 12 34 56",
            "l10n_fr_urssaf_birth_name": "Leroy",
            "l10n_fr_urssaf_first_names": "Paul",
            "l10n_fr_urssaf_birth_date": date(1947, 11, 2),
            "birth_department": "2A",
            "l10n_fr_urssaf_birth_commune_code": "2A004",
            "l10n_fr_urssaf_birth_commune_label": "Ajaccio",
            "l10n_fr_urssaf_commune_code": "75102",
            "l10n_fr_urssaf_commune_label": "Paris 2e Arrondissement",
        },
        "iban": "FR7620041000000100505050076",
    },
    {
        "xmlid": "client_haddad",
        "partner": {
            "name": "Amina Haddad",
            "street": "8 chemin des Vignes",
            "zip": "77300",
            "city": "Fontainebleau",
            "email": "amina.haddad@example.fr",
            "mobile": "0698765432",
        },
        "urssaf": {
            "l10n_fr_urssaf_civility": "2",
            "l10n_fr_urssaf_birth_name": "Haddad",
            "l10n_fr_urssaf_first_names": "Amina",
            "l10n_fr_urssaf_birth_date": date(1975, 6, 14),
            "birth_country_code": 99350,
            "l10n_fr_urssaf_commune_code": "77186",
            "l10n_fr_urssaf_commune_label": "Fontainebleau",
        },
        "iban": "FR7610278000000002012345672",
    },
    {
        "xmlid": "client_incomplete",
        "partner": {
            "name": "Lucas Petit",
            "street": "Lieu-dit Les Granges",
            "zip": "77300",
            "city": "Fontainebleau",
            "email": "lucas+petit@example.fr",
            "mobile": "01 23 45 67 89",
        },
        "urssaf": {},
        "iban": None,
    },
]

for client in CLIENTS:
    values = dict(client["partner"], country_id=france.id, company_type="person", lang="fr_FR")
    partner = ensure(client["xmlid"], "res.partner", values)
    if client["iban"] and not partner.bank_ids:
        env["res.partner.bank"].create({"partner_id": partner.id, "acc_number": client["iban"]})
    urssaf = dict(client["urssaf"])
    department = urssaf.pop("birth_department", None)
    country_code = urssaf.pop("birth_country_code", None)
    if department:
        urssaf["l10n_fr_urssaf_birth_country_id"] = france.id
        urssaf["l10n_fr_urssaf_birth_department_id"] = (
            env["res.country.department"]
            .search([("code", "=", department), ("country_id", "=", france.id)], limit=1)
            .id
        )
    if country_code:
        urssaf["l10n_fr_urssaf_birth_country_id"] = (
            env["res.country"].search([("fr_cog", "=", country_code)], limit=1).id
        )
    # the URSSAF tab as the demo defines it, the rest prefilled from the contact (every run)
    blank = dict.fromkeys([*REGISTRATION_FIELDS.values(), "l10n_fr_urssaf_bank_account_id"], False)
    partner.write(available("res.partner", {**blank, **urssaf}))
    partner.action_l10n_fr_urssaf_prefill()

# Invoices: household services, hours billed at the end of the month.
service = ensure(
    "product_menage",
    "product.product",
    {
        "name": "Ménage et repassage à domicile (heure)",
        "type": "service",
        "list_price": 25.0,
        "taxes_id": [(6, 0, [])],
    },
)
for index, (xmlid, hours) in enumerate((("client_martin", 8), ("client_leroy", 6.5))):
    partner = env.ref(f"{MODULE}.{xmlid}")
    ensure(
        f"invoice_{index}",
        "account.move",
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": date.today().replace(day=1),
            "invoice_line_ids": [
                (0, 0, {"product_id": service.id, "quantity": hours, "price_unit": 25.0}),
            ],
        },
        refresh=False,
    )
# URSSAF's transfers are booked as payments in the bank journal; clients get the activation
# reminder e-mail
if not company.l10n_fr_urssaf_transfer_journal_id:
    company.l10n_fr_urssaf_transfer_journal_id = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
company.l10n_fr_urssaf_activation_reminder = True
env.cr.commit()
print("demo data loaded")
