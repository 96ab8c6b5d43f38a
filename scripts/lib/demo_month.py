# Demo of "Bill a month" (Facturation > URSSAF > Facturer un mois), loaded by scripts/demo after
# demo_history.py through `odoo-bin shell` (the variable `env` is Odoo's). Idempotent; run at
# each start, since each start has a new sandbox: five households registered with the sandbox
# (the clock set back 10 days), of whom three active with a draft invoice of the month (one of
# them with a service that is no home service), one who never activated her account (a draft
# too) and one active with nothing billed yet. A user then bills the month for every client in
# one action: check the month, then post and send the ready clients.
# ruff: noqa: F821
# (demo_story.py, fed before this file, holds the imports, the sandbox and the story helpers)

france = env.ref("base.fr")
company = env.ref("base.main_company")
menage = env.ref(f"{MODULE}.product_menage")
jardin = env.ref(f"{MODULE}.product_jardinage")
autre = env.ref(f"{MODULE}.product_autre")
department = env["res.country.department"].search(
    [("code", "=", "77"), ("country_id", "=", france.id)], limit=1
)
HOUSEHOLDS = [
    # xmlid, name, e-mail (its local part is the sandbox's scenario), birth date, lines
    ("month_lambert", "Martine Lambert", "martine.lambert", date(1948, 2, 3), [(menage, 12)]),
    (
        "month_bernard",
        "Jacques Bernard",
        "jacques.bernard",
        date(1952, 9, 21),
        [(menage, 6), (jardin, 2)],
    ),
    ("month_petit", "Nicole Petit", "nicole.petit", date(1960, 11, 8), [(menage, 4), (autre, 1)]),
    # "jamais": the sandbox never activates her account
    ("month_girard", "Louise Girard", "jamais.girard", date(1971, 4, 30), [(menage, 5)]),
    ("month_fournier", "Odile Fournier", "odile.fournier", date(1944, 7, 14), []),
]
Client = env["l10n_fr_urssaf.client"]
Request = env["l10n_fr_urssaf.payment.request"].sudo()
today = date.today()
forget_story("month_registration")
since = last_message_id()
partners = env["res.partner"]
sandbox_now(datetime.now(UTC) - timedelta(days=10))
links = Client
for n, (xmlid, name, local_part, born, _lines) in enumerate(HOUSEHOLDS):
    title = "mister" if xmlid == "month_bernard" else "madam"
    partner = ensure(
        xmlid,
        "res.partner",
        {
            "name": name,
            "street": f"{n + 5} rue des Sablons",
            "zip": "77300",
            "city": "Fontainebleau",
            "country_id": france.id,
            "company_type": "person",
            "lang": "fr_FR",
            "email": f"{local_part}@example.fr",
            "mobile": f"06 11 22 33 {40 + n:02d}",
            "title": env.ref(f"base.res_partner_title_{title}").id,
            "l10n_fr_urssaf_birth_date": born,
            "l10n_fr_urssaf_birth_country_id": france.id,
            "l10n_fr_urssaf_birth_department_id": department.id,
            "l10n_fr_urssaf_birth_commune_code": "77186",
            "l10n_fr_urssaf_birth_commune_label": "Fontainebleau",
            "l10n_fr_urssaf_commune_code": "77186",
            "bank_ids": [(0, 0, {"acc_number": "FR7630006000011234567890189"})],
        },
    )
    partner.action_l10n_fr_urssaf_prefill()
    partners |= partner
    # this sandbox knows neither the requests nor the client of an earlier start: they go, and
    # the month's invoice is a draft again, to bill
    moves = env["account.move"].search(
        [("partner_id", "=", partner.id), ("move_type", "=", "out_invoice")]
    )
    Request.search([("move_id", "in", moves.ids)])._sync_unlink()
    Client.sudo().search(
        [("partner_id", "=", partner.id), ("company_id", "=", company.id)]
    )._sync_unlink()
    link, outcome, message = Client._register_partner(
        partner, company, partner._l10n_fr_urssaf_registration_data(), "no"
    )
    if outcome != "success":
        raise SystemExit(f"the demo household {name} could not be registered: {message}")
    links |= link
sandbox_now(datetime.now(UTC))
for link in links:
    link._refresh_status()
remember_story("month_registration", partners, since)
start = max([today.replace(day=1), *filter(None, links.mapped("activation_date"))])
for xmlid, _name, _local_part, _born, lines in HOUSEHOLDS:
    if not lines:
        continue
    partner = env.ref(f"{MODULE}.{xmlid}")
    move = ensure(
        f"{xmlid}_invoice",
        "account.move",
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_line_ids": [
                (0, 0, {"product_id": product.id, "quantity": quantity})
                for product, quantity in lines
            ],
        },
    )
    if move.state != "draft":
        move.button_draft()
    # the month of this start
    move.write(
        {
            "invoice_date": today,
            "l10n_fr_urssaf_service_start": start,
            "l10n_fr_urssaf_service_end": today,
        }
    )
env.cr.commit()
print(f"demo month loaded: {len(HOUSEHOLDS)} households, {links.mapped('state')}")
