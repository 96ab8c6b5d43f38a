"""Local URSSAF sandbox: the "API Tiers de Prestation" (avance immédiate) on 127.0.0.1.

A real HTTP server (standard library only, no Odoo import, relative imports only, so it works
as ``urssaf_sandbox`` and as ``odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_sandbox``)
that answers at URSSAF's paths with URSSAF's shapes, never more leniently than the contract
(``docs/urssaf-api.md``), plus a control API to move its clock and inject faults.

Modules: ``server`` (HTTP layer, OAuth2, control API, ``SandboxServer``), ``rules`` (shared
readers and the E1 rules of contract §3), ``payment_rules`` (E3 §4 and E4), ``payments``
(payment-request lifecycle and scenarios), ``state`` (clock, tokens, clients, payment requests,
scenario triggers, lifecycle), ``faults`` (fault injection), ``cli`` (``python -m urssaf_sandbox``).

Run it::

    python -m urssaf_sandbox serve --host 127.0.0.1 --port 8765
    python -m urssaf_sandbox advance --url http://127.0.0.1:8765 --days 2 [--hours N]
    python -m urssaf_sandbox status --url http://127.0.0.1:8765
    python -m urssaf_sandbox fault --url http://127.0.0.1:8765 --kind status --status 503 --count 1

In a test::

    with SandboxServer() as srv:          # 127.0.0.1, free port; srv.url, srv.state
        srv.advance(days=1); srv.inject_fault("status", status=503); srv.stats(); srv.reset()

URSSAF paths: ``POST /api/oauth/v1/token`` (form: grant_type=client_credentials,
scope=homeplus.tiersprestations; client_id/client_secret in the form or HTTP Basic) and, under
``/atp/v1/tiersPrestations``: ``POST /particulier`` (E1), ``GET /particulier?idClient=`` (E2),
``POST /demandePaiement`` (E3), ``POST /demandePaiement/rechercher`` (E4).
Credentials: ``demo-client-id``/``demo-client-secret``; ``noaccess-client-id``/
``noaccess-client-secret`` get a token but 403 on every call; anything else 401 invalid_client.

Control API (JSON, no auth): ``GET /_sandbox/state``, ``GET /_sandbox/stats``,
``POST /_sandbox/reset``, ``GET /_sandbox/clock``, ``POST /_sandbox/clock/advance
{"days", "hours", "minutes"}``, ``POST /_sandbox/clock/set {"now": ISO}``,
``POST /_sandbox/config {"expires_in": s, "deposits_allowed": bool}``,
``POST|GET|DELETE /_sandbox/faults`` (kinds
``status``, ``empty_400``, ``malformed_json``, ``latency``, ``expire_token`` and
``drop_response``: the call is processed, then the connection is closed without an answer).

Clock: real UTC time plus an offset (it keeps flowing); calendar days ("today", activation
date, "not in the future") are Europe/Paris days. Tokens expire on the sandbox clock.

Registration scenarios (prefix of the e-mail's local part, case-insensitive): ``existant``
(link request, accepted 1 day later), ``inconnu`` (ERR_DGFIP_R2P_INCONNU), ``impot``
(ERR_DGFIP_IMPOTPART_INCONNU), ``bloque`` (PARTICULIER_BLOQUE 1 day after activation),
``refus`` (APPAREILLAGE_NF / KO 1 day later), ``rompu`` (E2 400 ERR_RECHERCHE_PARTICULIER
3 days after registration), ``mandat`` (MANDAT_ECHU 3 days after registration), ``jamais``
(never activated), ``compteexiste`` (ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE). Anyone else:
APPAREILLAGE_EC / KO "En cours" until 1 day after registration, then APPAREILLAGE_VALIDE / OK
with description = activation day ``dd/mm/yyyy``.

Payment requests (``payments``): 10 -> 20 (+1 h) -> 30 (+48 h) -> 50 (+2 days,
infoVirement.dateVirement announced) -> 70 (+4 days, infoVirement.mntVirement = mntFactureTTC).
Scenario triggers on the invoice number's prefix (the longest wins): ``REFUS`` (40, contested),
``IMPAYE`` (70 then 60), ``RECOUVRE`` (70, 60, 120), ``ANNUL`` (110), ``ANNULIMPAYE`` (111),
``ANNULRECOUVRE`` (112), ``ANNULTECH`` (113); see :mod:`.payments`. Deposits (``mntAcompte``)
are refused with ERR_ACOMPTE_BLOQUE until ``POST /_sandbox/config {"deposits_allowed": true}``.
The E3 rules (``payment_rules``) are strict where the contract is silent: no tolerance on
quantity x unit price beyond the rounding to the cent, no zero amount, the invoice date on or
after the end of service, line dates inside the request's period.

Tip for dated invoices: to get a client activated *yesterday*, set the clock two days back,
register, then set it back to now (``clock/set``).
"""

from .server import SandboxServer
from .state import SandboxClock, SandboxState

__all__ = ["SandboxClock", "SandboxServer", "SandboxState"]
