# The demo's shared prelude: scripts/demo feeds it to `odoo-bin shell` before demo_billing.py,
# demo_sync.py and demo_history.py (the variable `env` is Odoo's): the sandbox, the demo's
# xmlid module and its records found again, the French environment and the chatter story told
# once per start.
# ruff: noqa: F401, F821
import os
from datetime import UTC, date, datetime, timedelta

import requests

SANDBOX_URL = os.environ.get("SANDBOX_URL", "http://127.0.0.1:8765")
MODULE = "__urssaf_demo__"
# the demo speaks French: what it writes in the chatter too
env = env(context=dict(env.context, lang="fr_FR", tz="Europe/Paris"))


def drop_messages(records, since):
    """Delete what was told on ``records`` after message ``since`` (Odoo tells its tracked
    changes when the transaction commits: they are told first)."""
    env.cr.precommit.run()
    env["mail.message"].sudo().search(
        [("id", ">", since), ("model", "=", records._name), ("res_id", "in", records.ids)]
    ).unlink()


def sandbox_now(moment):
    requests.post(
        f"{SANDBOX_URL}/_sandbox/clock/set", json={"now": moment.isoformat()}, timeout=10
    ).raise_for_status()


def forget_story(key):
    """Delete the chatter messages that an earlier start told for ``key``: each start tells the
    story again to its new sandbox, the chatter shows it once."""
    data = env["ir.model.data"].search(
        [
            ("module", "=", MODULE),
            ("model", "=", "mail.message"),
            ("name", "=like", f"story_{key}_%"),
        ]
    )
    env["mail.message"].sudo().browse(data.mapped("res_id")).exists().unlink()
    data.unlink()


def last_message_id():
    return env["mail.message"].sudo().search([], order="id desc", limit=1).id


def remember_story(key, records, since):
    """Mark the messages told on ``records`` after message ``since`` as the story of ``key``."""
    messages = (
        env["mail.message"]
        .sudo()
        .search([("id", ">", since), ("model", "=", records._name), ("res_id", "in", records.ids)])
    )
    env["ir.model.data"].create(
        [
            {
                "module": MODULE,
                "name": f"story_{key}_{message.id}",
                "model": "mail.message",
                "res_id": message.id,
                "noupdate": True,
            }
            for message in messages
        ]
    )


def ensure(xmlid, model, values):
    """The demo's record ``xmlid``: created the first time, found again afterwards."""
    record = env.ref(f"{MODULE}.{xmlid}", raise_if_not_found=False)
    if record:
        return record
    record = env[model].create(values)
    env["ir.model.data"].create(
        {"module": MODULE, "name": xmlid, "model": model, "res_id": record.id, "noupdate": True}
    )
    return record
