# Demo of the payment requests, loaded by scripts/demo after demo_data.py through `odoo-bin shell`
# (the variable `env` is Odoo's). Idempotent; run at each start, since each start has a new
# sandbox: an active client (registered with the sandbox clock set back 10 days), a valid invoice
# to send and a faulty one whose problems the wizard lists.
# ruff: noqa: F821
# (demo_story.py, fed before this file, holds the imports, the sandbox and the story helpers)


france = env.ref("base.fr")
company = env.ref("base.main_company")

# Products: the nature of each service and its unit.
menage = env.ref(f"{MODULE}.product_menage")
menage.write({"l10n_fr_urssaf_nature": "60", "l10n_fr_urssaf_unit": "HEURE"})
jardin = ensure(
    "product_jardinage",
    "product.product",
    {
        "name": "Petits travaux de jardinage (heure)",
        "type": "service",
        "list_price": 30.0,
        "taxes_id": [(6, 0, [])],
        "l10n_fr_urssaf_nature": "70",
        "l10n_fr_urssaf_unit": "HEURE",
    },
)
autre = ensure(
    "product_autre",
    "product.product",
    {
        "name": "Déplacement (forfait)",
        "type": "service",
        "list_price": 10.0,
        "taxes_id": [(6, 0, [])],
        "l10n_fr_urssaf_nature": "270",
        "l10n_fr_urssaf_unit": "FORFAIT",
    },
)

# An active client: registered with the sandbox 10 days ago (on the sandbox clock).
claire = ensure(
    "client_dubois",
    "res.partner",
    {
        "name": "Claire Dubois",
        "street": "3 rue de la Paix",
        "zip": "77300",
        "city": "Fontainebleau",
        "country_id": france.id,
        "company_type": "person",
        "lang": "fr_FR",
        "email": "claire.dubois@example.fr",
        "mobile": "06 98 76 54 32",
        "title": env.ref("base.res_partner_title_madam").id,
        "l10n_fr_urssaf_birth_date": date(1975, 6, 12),
        "l10n_fr_urssaf_birth_country_id": france.id,
        "l10n_fr_urssaf_birth_department_id": env["res.country.department"]
        .search([("code", "=", "77"), ("country_id", "=", france.id)], limit=1)
        .id,
        "l10n_fr_urssaf_birth_commune_code": "77186",
        "l10n_fr_urssaf_birth_commune_label": "Fontainebleau",
        "l10n_fr_urssaf_commune_code": "77186",
    },
)
if not claire.bank_ids:
    env["res.partner.bank"].create(
        {"partner_id": claire.id, "acc_number": "FR7630006000011234567890189"}
    )
claire.action_l10n_fr_urssaf_prefill()
Client = env["l10n_fr_urssaf.client"]
# the demo forgets the client of an earlier start (the module's own deletion, past its guard)
# and the story it told in her chatter: registered again with this start's sandbox, she shows
# one registration story
Client.sudo().search(
    [("partner_id", "=", claire.id), ("company_id", "=", company.id)]
)._sync_unlink()
forget_story("registration")
since = last_message_id()
sandbox_now(datetime.now(UTC) - timedelta(days=10))
link, outcome, message = Client._register_partner(
    claire, company, claire._l10n_fr_urssaf_registration_data(), "no"
)
sandbox_now(datetime.now(UTC))
if outcome != "success":
    raise SystemExit(f"the demo client could not be registered: {message}")
link._refresh_status()
remember_story("registration", claire, since)

# Two invoices: one to send, one with problems. This sandbox does not know the requests of an
# earlier start: they are forgotten, so that the invoices can be sent again.
today = date.today()
start = max(link.activation_date or today, today.replace(day=1))
invoices = {
    "billing_invoice_ok": {
        "l10n_fr_urssaf_service_start": start,
        "l10n_fr_urssaf_service_end": today,
        "invoice_line_ids": [
            (0, 0, {"product_id": menage.id, "quantity": 8, "price_unit": 25.0}),
            (0, 0, {"product_id": jardin.id, "quantity": 2.5, "price_unit": 30.0}),
        ],
    },
    "billing_invoice_faulty": {
        # two calendar months, before the activation, an ineligible service, a negative line
        "l10n_fr_urssaf_service_start": today.replace(day=1) - timedelta(days=12),
        "l10n_fr_urssaf_service_end": today,
        "invoice_line_ids": [
            (0, 0, {"product_id": menage.id, "quantity": 3, "price_unit": 25.0}),
            (0, 0, {"product_id": autre.id, "quantity": 1, "price_unit": 10.0}),
            (0, 0, {"name": "Remise fidélité", "quantity": 1, "price_unit": -5.0}),
        ],
    },
}
for xmlid, values in invoices.items():
    move = ensure(
        xmlid,
        "account.move",
        dict(values, move_type="out_invoice", partner_id=claire.id, invoice_date=today),
    )
    # this sandbox does not know the requests of an earlier start: they go, with the payments
    # of URSSAF's transfers booked from them (a demo run to the money before)
    old = env["l10n_fr_urssaf.payment.request"].sudo().search([("move_id", "=", move.id)])
    payments = env["account.payment"].sudo().search([("l10n_fr_urssaf_request_id", "in", old.ids)])
    since = last_message_id()
    payments.action_draft()  # the shell's superuser is an accounting manager
    payments.unlink()
    old._sync_unlink()
    # what their going tells (the invoice's URSSAF status emptied) is not a story to keep
    drop_messages(move, since)
    if move.state == "draft":
        move.action_post()
env.cr.commit()
print("demo billing data loaded")
