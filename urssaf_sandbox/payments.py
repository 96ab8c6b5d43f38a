"""Payment requests of the sandbox: their lifecycle on the sandbox clock and the scenarios.

Nothing moves in the background: a request's status is computed from the clock each time it is
read (:meth:`PaymentRequest.status_at`).

The normal life (contract §5, timings of the help pages):
10 Intégrée → 20 En attente de validation (+1 h) → 30 Validée (+48 h, the client's silence) →
50 Prélevée (+2 days; ``infoVirement.dateVirement`` announced, no amount yet) → 70 Payée (+4 days;
``infoVirement.mntVirement`` = ``mntFactureTTC``).

Scenario triggers, by the invoice number's prefix (case-insensitive, the longest prefix wins):

=================  ============================================================================
``REFUS…``         20 → 40 Refusée 24 h later, ``infoRejet`` CONTEST_ERR_FACT with a comment
``IMPAYE…``        paid (70), then 60 En refus de prélèvement 5 days later
``RECOUVRE…``      paid (70), 60 five days later, then 120 Recouvrée 10 days after that
``ANNUL…``         20 → 110 Annulée 24 h later, ``infoRejet`` ANNUL_ERR_MNT
``ANNULIMPAYE…``   paid (70), 60, then 111 Annulée après impayé 10 days later, ANNUL_AUTRE
``ANNULRECOUVRE…`` paid (70), 60, 120, then 112 Annulée après recouvrement, ANNUL_AUTRE
``ANNULTECH…``     20 → 113 Annulée 24 h later, ``infoRejet`` ANNUL_ERR_TECH
``VIRDIFFERE…``    the normal life, but at 70 only the transfer date shows; the amount a day
                   later (the transfer is only scheduled at first, CAERP 11/2023)
=================  ============================================================================

Once paid, ``infoVirement`` (date and amount) stays in every later status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

try:  # calendar days are French days
    from zoneinfo import ZoneInfo

    PARIS = ZoneInfo("Europe/Paris")
except Exception:  # pragma: no cover - no tz database: fall back to UTC
    PARIS = UTC

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
#: The normal life: (delay after the previous step, status).
NORMAL = ((HOUR, "20"), (48 * HOUR, "30"), (2 * DAY, "50"), (4 * DAY, "70"))
_NOTIFIED = NORMAL[:1]
_UNPAID = (*NORMAL, (5 * DAY, "60"))

STATUS_LABELS = {
    "10": "Intégrée",
    "20": "En attente de validation",
    "30": "Validée",
    "40": "Refusée",
    "50": "Prélevée",
    "60": "En refus de prélèvement",
    "70": "Payée",
    "110": "Annulée",
    "111": "Annulée après impayé",
    "112": "Annulée après recouvrement",
    "113": "Annulée",
    "120": "Recouvrée",
}


@dataclass(frozen=True)
class Scenario:
    steps: tuple[tuple[timedelta, str], ...]
    reject: dict | None = None  # infoRejet, shown from the last step on
    #: how long after status 70 the transfer amount shows (the date shows from status 50)
    amount_delay: timedelta = timedelta(0)


def _reject(code: str, comment: str) -> dict:
    return {"code": code, "commentaire": comment}


SCENARIOS: dict[str, Scenario] = {
    "": Scenario(NORMAL),
    "REFUS": Scenario(
        (*_NOTIFIED, (24 * HOUR, "40")),
        _reject(
            "CONTEST_ERR_FACT",
            "Le montant facturé ne correspond pas aux prestations réalisées.",
        ),
    ),
    "IMPAYE": Scenario(_UNPAID),
    "RECOUVRE": Scenario((*_UNPAID, (10 * DAY, "120"))),
    "ANNUL": Scenario(
        (*_NOTIFIED, (24 * HOUR, "110")),
        _reject("ANNUL_ERR_MNT", "Annulation demandée par le prestataire : montant erroné."),
    ),
    "ANNULIMPAYE": Scenario(
        (*_UNPAID, (10 * DAY, "111")), _reject("ANNUL_AUTRE", "Annulée après impayé.")
    ),
    "ANNULRECOUVRE": Scenario(
        (*_UNPAID, (10 * DAY, "120"), (2 * DAY, "112")),
        _reject("ANNUL_AUTRE", "Annulée après recouvrement."),
    ),
    "ANNULTECH": Scenario(
        (*_NOTIFIED, (24 * HOUR, "113")), _reject("ANNUL_ERR_TECH", "Erreur technique.")
    ),
    "VIRDIFFERE": Scenario(NORMAL, amount_delay=DAY),
}
_PREFIXES = sorted((p for p in SCENARIOS if p), key=len, reverse=True)


def scenario_of(invoice_number: str) -> str:
    """The scenario prefix of an invoice number ("" for the normal life)."""
    upper = invoice_number.upper()
    return next((prefix for prefix in _PREFIXES if upper.startswith(prefix)), "")


def iso_z(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def day_z(day: date) -> str:
    return day.strftime("%Y-%m-%dT00:00:00Z")


def french_day(moment: datetime) -> date:
    return moment.astimezone(PARIS).date()


def to_json_numbers(value):
    """Decimals (exact parsing of the request) back to JSON numbers for the echo."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [to_json_numbers(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json_numbers(item) for key, item in value.items()}
    return value


@dataclass
class PaymentRequest:
    id: str
    provider: str
    id_client: str
    invoice_number: str
    invoice_date: date
    amount_ttc: Decimal
    created_at: datetime
    payload: dict

    @property
    def scenario(self) -> Scenario:
        return SCENARIOS[scenario_of(self.invoice_number)]

    def timeline(self) -> list[tuple[datetime, str]]:
        steps = [(self.created_at, "10")]
        moment = self.created_at
        for delay, status in self.scenario.steps:
            moment += delay
            steps.append((moment, status))
        return steps

    def _reached(self, now: datetime) -> list[tuple[datetime, str]]:
        return [(moment, status) for moment, status in self.timeline() if moment <= now]

    def status_at(self, now: datetime) -> str:
        return self._reached(now)[-1][1]

    def info_at(self, now: datetime) -> dict:
        reached = self._reached(now)
        status = reached[-1][1]
        info = {
            "idDemandePaiement": self.id,
            "demandePaiement": to_json_numbers(self.payload),
            "statut": {"code": status, "libelle": STATUS_LABELS[status]},
        }
        scenario = self.scenario
        if scenario.reject and len(reached) == len(scenario.steps) + 1:
            info["infoRejet"] = dict(scenario.reject)
        passed = {s for _moment, s in reached}
        paid = [moment for moment, s in self.timeline() if s == "70"]
        if paid and "50" in passed:
            # the transfer date shows once debited, the amount once paid (CAERP, 11/2023)
            info["infoVirement"] = {"dateVirement": day_z(french_day(paid[0]))}
            if "70" in passed and now >= paid[0] + scenario.amount_delay:
                info["infoVirement"] = {
                    "mntVirement": to_json_numbers(self.amount_ttc),
                    **info["infoVirement"],
                }
        return info

    def summary(self, now: datetime) -> dict:
        status = self.status_at(now)
        return {
            "idDemandePaiement": self.id,
            "provider": self.provider,
            "idClient": self.id_client,
            "numFactureTiers": self.invoice_number,
            "dateFacture": self.invoice_date.isoformat(),
            "mntFactureTTC": to_json_numbers(self.amount_ttc),
            "createdAt": iso_z(self.created_at),
            "statut": {"code": status, "libelle": STATUS_LABELS[status]},
            "timeline": [{"at": iso_z(m), "statut": s} for m, s in self.timeline()],
        }
