# Demo of the follow-up to the money, loaded by scripts/demo after demo_billing.py through
# `odoo-bin shell` (the variable `env` is Odoo's). Idempotent; run at each start (each start has
# a new sandbox): an invoice of the active demo client that the client contested, sent with the
# sandbox clock set back two days, then read by the synchronisation: its activity is waiting.
# ruff: noqa: F821
import os
from datetime import UTC, date, datetime, timedelta

import requests

SANDBOX_URL = os.environ.get("SANDBOX_URL", "http://127.0.0.1:8765")
MODULE = "__urssaf_demo__"
# the demo speaks French: what it writes in the chatter too
env = env(context=dict(env.context, lang="fr_FR", tz="Europe/Paris"))


def sandbox_now(moment):
    requests.post(
        f"{SANDBOX_URL}/_sandbox/clock/set", json={"now": moment.isoformat()}, timeout=10
    ).raise_for_status()


claire = env.ref(f"{MODULE}.client_dubois")
menage = env.ref(f"{MODULE}.product_menage")
# billed 3 days ago (the sandbox's clock is set back 2 days for the sending: nothing may be in
# its future)
day = date.today() - timedelta(days=3)
contested = env.ref(f"{MODULE}.sync_invoice_contested", raise_if_not_found=False)
# this sandbox does not know the requests of an earlier start
Request = env["l10n_fr_urssaf.payment.request"].sudo()
if contested:
    old = Request.search([("move_id", "=", contested.id)])
    old.move_id.activity_ids.unlink()
    old.activity_ids.unlink()
    old.unlink()
    if contested.invoice_date != day:
        contested.button_draft()
        contested.write(
            {
                "invoice_date": day,
                "l10n_fr_urssaf_service_start": day,
                "l10n_fr_urssaf_service_end": day,
            }
        )
        contested.action_post()
else:
    contested = env["account.move"].create(
        {
            "move_type": "out_invoice",
            # the sandbox's scenario: the client contests (40, CONTEST_ERR_FACT)
            "name": f"REFUS/{day.year}/00001",
            "partner_id": claire.id,
            "invoice_date": day,
            "l10n_fr_urssaf_service_start": day,
            "l10n_fr_urssaf_service_end": day,
            "invoice_line_ids": [
                (0, 0, {"product_id": menage.id, "quantity": 4, "price_unit": 25.0}),
            ],
        }
    )
    contested.action_post()
    env["ir.model.data"].create(
        {
            "module": MODULE,
            "name": "sync_invoice_contested",
            "model": "account.move",
            "res_id": contested.id,
            "noupdate": True,
        }
    )
sandbox_now(datetime.now(UTC) - timedelta(days=2))
for _move, outcome, message in Request._send_invoices(contested):
    print("demo contested invoice:", outcome, message)
sandbox_now(datetime.now(UTC))
env.cr.commit()
# what the synchronisation reads; "Refresh URSSAF status" reads it at once
contested.action_l10n_fr_urssaf_refresh()
env.cr.commit()
print("demo follow-up data loaded:", contested.l10n_fr_urssaf_state)
