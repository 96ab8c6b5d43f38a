# Demo of the follow-up to the money, loaded by scripts/demo after demo_billing.py through
# `odoo-bin shell` (the variable `env` is Odoo's). Idempotent; run at each start (each start has
# a new sandbox): an invoice of the active demo client that the client contested, sent with the
# sandbox clock set back two days, then read by the synchronisation: its activity is waiting.
# ruff: noqa: F821
# (demo_story.py, fed before this file, holds the imports, the sandbox and the story helpers)


def remember(xmlid, record):
    env["ir.model.data"].create(
        {
            "module": MODULE,
            "name": xmlid,
            "model": record._name,
            "res_id": record.id,
            "noupdate": True,
        }
    )


company = env.ref("base.main_company")
claire = env.ref(f"{MODULE}.client_dubois")
menage = env.ref(f"{MODULE}.product_menage")
# The sandbox's scenario goes by the invoice number (REFUS…: the client contests, 40,
# CONTEST_ERR_FACT): the invoice has a sales journal of its own, coded REFUS, so that the
# customer invoices journal keeps its own numbering (INV/…) for the invoices made in the demo.
journal = env.ref(f"{MODULE}.journal_contested", raise_if_not_found=False)
if not journal:
    journal = env["account.journal"].create(
        {
            "name": "Démo : factures contestées par le client",
            "code": "REFUS",
            "type": "sale",
            "sequence": 99,
            "company_id": company.id,
        }
    )
    remember("journal_contested", journal)
# billed 3 days ago (the sandbox's clock is set back 2 days for the sending: nothing may be in
# its future)
day = date.today() - timedelta(days=3)
contested = env.ref(f"{MODULE}.sync_invoice_contested", raise_if_not_found=False)
# this sandbox does not know the requests of an earlier start: they go, with their story and
# what their going tells (the invoice's URSSAF status emptied, the invoice re-dated)
Request = env["l10n_fr_urssaf.payment.request"].sudo()
since = last_message_id()
if contested:
    old = Request.search([("move_id", "=", contested.id)])
    old.move_id.activity_ids.unlink()
    old.activity_ids.unlink()
    old._sync_unlink()
    if contested.journal_id != journal:
        # an earlier demo numbered it REFUS/… in the customer invoices journal, whose invoices
        # then went on with REFUS/…: it goes, and is made again in its own journal
        contested.button_draft()
        contested.with_context(force_delete=True).unlink()
        env["ir.model.data"].search(
            [("module", "=", MODULE), ("name", "=", "sync_invoice_contested")]
        ).unlink()
        contested = None
    elif contested.invoice_date != day:
        contested.button_draft()
        contested.write(
            {
                "invoice_date": day,
                "l10n_fr_urssaf_service_start": day,
                "l10n_fr_urssaf_service_end": day,
            }
        )
        contested.action_post()
    if contested:
        drop_messages(contested, since)
forget_story("contested")
since = last_message_id()
if not contested:
    contested = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "journal_id": journal.id,
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
    remember("sync_invoice_contested", contested)
    # its making is not the story told again at each start
    env.cr.precommit.run()
    since = last_message_id()
sandbox_now(datetime.now(UTC) - timedelta(days=2))
for _move, outcome, message in Request._send_invoices(contested):
    print("demo contested invoice:", outcome, message)
sandbox_now(datetime.now(UTC))
env.cr.commit()
# what the synchronisation reads; "Refresh URSSAF status" reads it at once
contested.action_l10n_fr_urssaf_refresh()
remember_story("contested", contested, since)
env.cr.commit()
print("demo follow-up data loaded:", contested.name, contested.l10n_fr_urssaf_state)
