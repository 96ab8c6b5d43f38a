# Demo of the yearly and quarterly duties, loaded by scripts/demo after demo_sync.py through
# `odoo-bin shell` (the variable `env` is Odoo's). Idempotent (each invoice found again by its
# external id). Three households who pay the provider directly, one of them partly in prepaid
# CESU, billed each month since January of last year: last year's tax certificates have
# something to certify, and the last quarter's NOVA statistics have figures.
# ruff: noqa: F821
# (demo_story.py, fed before this file, holds the imports and `ensure`)

france = env.ref("base.fr")
company = env.ref("base.main_company")
menage = env.ref(f"{MODULE}.product_menage")
jardin = env.ref(f"{MODULE}.product_jardinage")
bank = env["account.journal"].search(
    [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
)
cesu = ensure(
    "payment_method_cesu",
    "account.payment.method.line",
    {
        "name": "CESU préfinancé",
        "payment_method_id": env.ref("account.account_payment_method_manual_in").id,
        "journal_id": bank.id,
        "l10n_fr_urssaf_is_cesu": True,
    },
)
HOUSEHOLDS = [
    # xmlid, name, street, zip, city, hours of cleaning and of gardening a month, CESU share
    ("history_garnier", "Monique Garnier", "14 rue Grande", "77300", "Fontainebleau", 10, 0, 0.0),
    ("history_lefevre", "Henri Lefèvre", "2 allée des Tilleuls", "77210", "Avon", 6, 3, 0.5),
    ("history_moreau", "Sophie Moreau", "9 place d'Armes", "77300", "Fontainebleau", 4, 2, 0.0),
]
today = date.today()
first = date(today.year - 1, 1, 1)
months = []
month = first
while month < today.replace(day=1):
    months.append(month)
    month = (month + timedelta(days=32)).replace(day=1)
created = 0
for xmlid, name, street, zip_code, city, hours, garden, cesu_share in HOUSEHOLDS:
    partner = ensure(
        xmlid,
        "res.partner",
        {
            "name": name,
            "street": street,
            "zip": zip_code,
            "city": city,
            "country_id": france.id,
            "company_type": "person",
            "lang": "fr_FR",
            "email": f"{xmlid.split('_')[1]}@example.fr",
        },
    )
    for month in months:
        key = f"{xmlid}_{month:%Y_%m}"
        if env.ref(f"{MODULE}.{key}", raise_if_not_found=False):
            continue
        end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        lines = [(0, 0, {"product_id": menage.id, "quantity": hours, "price_unit": 25.0})]
        if garden:
            lines.append((0, 0, {"product_id": jardin.id, "quantity": garden, "price_unit": 30.0}))
        invoice = ensure(
            key,
            "account.move",
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": end,
                "l10n_fr_urssaf_service_start": month,
                "l10n_fr_urssaf_service_end": end,
                "invoice_line_ids": lines,
            },
        )
        invoice.action_post()
        # paid ten days after the end of the month: December's invoice is paid in January
        paid_on = end + timedelta(days=10)
        total = invoice.amount_total
        parts = [(round(total * cesu_share, 2), cesu), (total - round(total * cesu_share, 2), None)]
        for amount, method in parts:
            if not amount or paid_on > today:
                continue
            values = {"payment_date": paid_on, "amount": amount, "journal_id": bank.id}
            if method:
                values["payment_method_line_id"] = method.id
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create(values)._create_payments()
        created += 1
env.cr.commit()
print(f"demo history loaded: {created} invoices added")
