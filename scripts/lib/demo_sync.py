# Demo of the follow-up to the money, loaded by scripts/demo after demo_billing.py through
# `odoo-bin shell` (the variable `env` is Odoo's). Idempotent; run at each start (each start has
# a new sandbox): an invoice of the active demo client that the client contested, sent with the
# sandbox clock set back two days, then read by the synchronisation: its activity is waiting;
# and an invoice URSSAF paid whose client's debit was then refused: a take-back to book in one
# click (Prepare the entry on the payment request).
# ruff: noqa: F821
# (demo_story.py, fed before this file, holds the imports, the sandbox and the story helpers)
from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import clear_token_cache


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

# A take-back to book in one click: an invoice that URSSAF paid (its transfer booked as a payment
# in the URSSAF journal), whose client's debit was then refused (60 after 70, the sandbox's
# IMPAYE scenario: 70 eight days after the sending, 60 five days later). The accountant's
# activity points to "Prepare the entry" on the payment request. A journal of its own (code
# IMPAY) numbers it IMPAYE/…, the scenario's prefix; the sending is the day after the client's
# activation, the sandbox's clock then moved to the paid status, then past the refused debit.
# the bank statement lines of URSSAF's transfer and of its take-back, to match in one action
BANK_LINES = ("bank_line_urssaf_transfer", "bank_line_urssaf_take_back")
unpaid_journal = ensure(
    "journal_unpaid",
    "account.journal",
    {
        "name": "Démo : factures impayées après le virement de l'URSSAF",
        "code": "IMPAY",
        "type": "sale",
        "sequence": 98,
        "company_id": company.id,
    },
)
link = env["l10n_fr_urssaf.client"].search(
    [("partner_id", "=", claire.id), ("company_id", "=", company.id)], limit=1
)
unpaid_day = (link.activation_date or date.today() - timedelta(days=9)) + timedelta(days=1)
unpaid = env.ref(f"{MODULE}.sync_invoice_unpaid", raise_if_not_found=False)
since = last_message_id()
if unpaid:
    # this sandbox does not know the request of an earlier start: it goes, with the payment of
    # its transfer and the take-back entry a user may have prepared or posted
    old = Request.search([("move_id", "=", unpaid.id)])
    old.move_id.activity_ids.unlink()
    old.activity_ids.unlink()
    # the bank lines of its money, which a user may have matched
    bank_data = env["ir.model.data"].search(
        [("module", "=", MODULE), ("name", "in", list(BANK_LINES))]
    )
    bank_lines = env["account.bank.statement.line"].browse(bank_data.mapped("res_id")).exists()
    bank_lines.move_id.line_ids.remove_move_reconcile()
    bank_lines.unlink()
    bank_data.unlink()
    entries = old.take_back_move_id
    entries.filtered(lambda entry: entry.state != "draft").button_draft()
    entries.with_context(force_delete=True).unlink()
    payments = env["account.payment"].sudo().search([("l10n_fr_urssaf_request_id", "in", old.ids)])
    payments.action_draft()  # the shell's superuser is an accounting manager
    payments.unlink()
    old.activity_ids.unlink()
    old._sync_unlink()
    if unpaid.invoice_date != unpaid_day:
        unpaid.button_draft()
        unpaid.write(
            {
                "invoice_date": unpaid_day,
                "l10n_fr_urssaf_service_start": unpaid_day,
                "l10n_fr_urssaf_service_end": unpaid_day,
            }
        )
        unpaid.action_post()
    drop_messages(unpaid, since)
forget_story("unpaid")
since = last_message_id()
if not unpaid:
    unpaid = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "journal_id": unpaid_journal.id,
            "name": f"IMPAYE/{unpaid_day.year}/00001",
            "partner_id": claire.id,
            "invoice_date": unpaid_day,
            "l10n_fr_urssaf_service_start": unpaid_day,
            "l10n_fr_urssaf_service_end": unpaid_day,
            "invoice_line_ids": [
                (0, 0, {"product_id": menage.id, "quantity": 6, "price_unit": 25.0}),
            ],
        }
    )
    unpaid.action_post()
    remember("sync_invoice_unpaid", unpaid)
    env.cr.precommit.run()
    since = last_message_id()
sent_at = datetime.combine(unpaid_day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=11)
sandbox_now(sent_at)
for _move, outcome, message in Request._send_invoices(unpaid):
    print("demo unpaid invoice:", outcome, message)
env.cr.commit()
# paid (70, a day after the transfer): the synchronisation books the transfer
sandbox_now(sent_at + timedelta(days=8, hours=2))
clear_token_cache()
unpaid.action_l10n_fr_urssaf_refresh()
env.cr.commit()
# then the client's debit refused (60): the accountant's activity, Prepare the entry
sandbox_now(sent_at + timedelta(days=13, hours=2))
clear_token_cache()
unpaid.action_l10n_fr_urssaf_refresh()
sandbox_now(datetime.now(UTC))
clear_token_cache()
remember_story("unpaid", unpaid, since)
# what the bank shows: URSSAF's transfer (matched with the booked payment by Match URSSAF
# transfers), then its take-back (matched once the accountant has posted the prepared entry)
request = unpaid.l10n_fr_urssaf_payment_request_id
taken_back = request._take_back()
bank = env["account.journal"].search(
    [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
)
if request.transfer_amount and taken_back:
    for xmlid, values in (
        (
            BANK_LINES[0],
            {
                "date": request.transfer_date,
                "payment_ref": f"VIR SEPA URSSAF AVANCE IMMEDIATE {request.urssaf_id}",
                "amount": request.transfer_amount,
            },
        ),
        (
            BANK_LINES[1],
            {
                "date": (sent_at + timedelta(days=14)).date(),
                "payment_ref": f"PRLV SEPA URSSAF REPRISE {unpaid.name}",
                "amount": -float(taken_back.amount),
            },
        ),
    ):
        remember(xmlid, env["account.bank.statement.line"].create(dict(values, journal_id=bank.id)))
env.cr.commit()
print("demo take-back to book:", unpaid.name, unpaid.l10n_fr_urssaf_state)
