"""In-memory state of the sandbox: clock, tokens, clients, payment requests, statistics.

Everything is guarded by one re-entrant lock, so the threaded HTTP server can call it from any
thread. Nothing moves in the background: client and payment-request statuses are computed from
the sandbox clock each time they are read.
"""

from __future__ import annotations

import itertools
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from . import payment_rules, rules
from .faults import FaultRegistry
from .payments import PaymentRequest, french_day, iso_z
from .rules import error

SCOPE = "homeplus.tiersprestations"
# client_id -> (client_secret, has API access)
CREDENTIALS = {
    "demo-client-id": ("demo-client-secret", True),
    "noaccess-client-id": ("noaccess-client-secret", False),
}

# Scenario triggers: case-insensitive prefix of the e-mail's local part (order matters not:
# no prefix is a prefix of another).
SCENARIOS = (
    "compteexiste",
    "existant",
    "inconnu",
    "impot",
    "bloque",
    "refus",
    "rompu",
    "mandat",
    "jamais",
)
REGISTRATION_REFUSALS = {
    "inconnu": "ERR_DGFIP_R2P_INCONNU",
    "impot": "ERR_DGFIP_IMPOTPART_INCONNU",
    "compteexiste": "ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE",
}
ACTIVATION_DELAY = timedelta(days=1)
BLOCK_DELAY = timedelta(days=1)  # after activation
BREAK_DELAY = timedelta(days=3)  # rompu / mandat: after registration


def mask_iban(iban: str) -> str:
    return f"{iban[:4]} **** **** {iban[-4:]}" if len(iban) > 8 else "****"


class SandboxClock:
    """Real UTC time plus an offset that the control API moves (time keeps flowing)."""

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return datetime.now(UTC) + self._offset

    def today(self) -> date:
        return french_day(self.now())

    def advance(self, *, days: float = 0, hours: float = 0, minutes: float = 0) -> datetime:
        with self._lock:
            self._offset += timedelta(days=days, hours=hours, minutes=minutes)
        return self.now()

    def set(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        with self._lock:
            self._offset = moment - datetime.now(UTC)
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self._offset = timedelta(0)


# ---------------------------------------------------------------------------------------------
# Clients


@dataclass(frozen=True)
class ClientStatus:
    code: str | None  # None: the link is broken (E2 answers ERR_RECHERCHE_PARTICULIER)
    etat: str = "KO"
    description: str = ""
    active_since: date | None = None  # the activation day, once activated

    def to_dict(self) -> dict:
        return {"code": self.code, "description": self.description, "etat": self.etat}


@dataclass
class Client:
    id_client: str
    provider: str
    scenario: str
    registered_at: datetime
    payload: dict
    birth_date: date

    @property
    def email_key(self) -> str:
        return self.payload["adresseMail"].lower()

    @property
    def phone_key(self) -> str:
        return rules.normalize_phone(self.payload["numeroTelephonePortable"])

    @property
    def identity_key(self) -> tuple:
        return (self.payload["nomNaissance"].casefold(), self.birth_date)

    def status_at(self, now: datetime) -> ClientStatus:
        waiting = "Mise en relation en attente" if self.scenario == "existant" else "En cours"
        pending = ClientStatus("APPAREILLAGE_EC", "KO", waiting)
        activation = self.registered_at + ACTIVATION_DELAY
        if self.scenario == "jamais" or now < activation:
            return pending
        if self.scenario == "refus":
            return ClientStatus("APPAREILLAGE_NF", "KO", "Mise en relation refusée")
        since = french_day(activation)
        if self.scenario == "bloque" and now >= activation + BLOCK_DELAY:
            return ClientStatus("PARTICULIER_BLOQUE", "KO", "Compte bloqué", since)
        if self.scenario == "rompu" and now >= self.registered_at + BREAK_DELAY:
            return ClientStatus(None, "KO", "Association rompue", since)
        if self.scenario == "mandat" and now >= self.registered_at + BREAK_DELAY:
            return ClientStatus("MANDAT_ECHU", "KO", "Mandat échu", since)
        return ClientStatus("APPAREILLAGE_VALIDE", "OK", since.strftime("%d/%m/%Y"), since)

    def summary(self, now: datetime) -> dict:
        status = self.status_at(now)
        return {
            "idClient": self.id_client,
            "provider": self.provider,
            "scenario": self.scenario,
            "registeredAt": iso_z(self.registered_at),
            "nomNaissance": self.payload["nomNaissance"],
            "prenoms": self.payload["prenoms"],
            "adresseMail": self.payload["adresseMail"],
            "iban": mask_iban(self.payload["coordonneeBancaire"]["iban"]),
            "statut": status.to_dict() if status.code else "association rompue",
        }


# ---------------------------------------------------------------------------------------------
# Payment requests


# Payment-request ids are never reused, even across resets (the addon keeps them unique).
_DP_IDS = itertools.count(secrets.randbelow(10**12) * 10)


@dataclass
class Stats:
    token_requests: int = 0
    api_calls: dict[str, int] = field(default_factory=dict)
    api_calls_by_method: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "token_requests": self.token_requests,
            "api_calls": dict(self.api_calls),
            "api_calls_by_method": dict(self.api_calls_by_method),
        }


@dataclass
class Token:
    provider: str
    expires_at: datetime


class SandboxState:
    """The whole sandbox. Business methods return ``(http_status, json_body)``."""

    def __init__(self, expires_in: int = 3600) -> None:
        self.lock = threading.RLock()
        self.clock = SandboxClock()
        self.faults = FaultRegistry()
        self.default_expires_in = expires_in
        self.reset()

    def reset(self) -> None:
        """Back to an empty sandbox at real time: clients, requests, tokens, faults, stats."""
        with self.lock:
            self.clock.reset()
            self.faults.clear()
            self.expires_in = self.default_expires_in
            # URSSAF authorises deposits (mntAcompte) per provider; not by default.
            self.deposits_allowed = False
            self.tokens: dict[str, Token] = {}
            self.clients: dict[str, Client] = {}
            self.payment_requests: dict[str, PaymentRequest] = {}
            self.stats = Stats()
            # calls a late_record fault delayed: (action, provider, payload), recorded later
            self.late: list[tuple[str, str, object]] = []

    # -- clock and delayed processing -------------------------------------------------------------

    def advance_clock(self, **amounts: float) -> datetime:
        """Move the clock; the delayed calls are recorded at the new time."""
        moment = self.clock.advance(**amounts)
        self.record_late()
        return moment

    def set_clock(self, moment: datetime) -> datetime:
        moment = self.clock.set(moment)
        self.record_late()
        return moment

    def record_later(self, action: str, provider: str, payload: object) -> None:
        with self.lock:
            self.late.append((action, provider, payload))

    def record_late(self) -> int:
        """Process the delayed calls now, as URSSAF would have (nobody reads the answers); returns
        how many were processed."""
        with self.lock:
            late, self.late = self.late, []
            for action, provider, payload in late:
                getattr(self, action)(provider, payload)
            return len(late)

    # -- statistics ---------------------------------------------------------------------------

    def count_token_request(self) -> None:
        with self.lock:
            self.stats.token_requests += 1

    def count_api_call(self, method: str, path: str) -> None:
        with self.lock:
            self.stats.api_calls[path] = self.stats.api_calls.get(path, 0) + 1
            key = f"{method} {path}"
            self.stats.api_calls_by_method[key] = self.stats.api_calls_by_method.get(key, 0) + 1

    # -- tokens -------------------------------------------------------------------------------

    @staticmethod
    def authenticate(client_id: str, client_secret: str) -> bool:
        expected = CREDENTIALS.get(client_id)
        return expected is not None and secrets.compare_digest(expected[0], client_secret)

    @staticmethod
    def has_access(client_id: str) -> bool:
        return CREDENTIALS.get(client_id, ("", False))[1]

    def issue_token(self, client_id: str) -> dict:
        with self.lock:
            now = self.clock.now()
            self.tokens = {k: t for k, t in self.tokens.items() if t.expires_at > now}
            token = secrets.token_urlsafe(32)
            expires_in = self.expires_in
            self.tokens[token] = Token(client_id, now + timedelta(seconds=expires_in))
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": expires_in,
            "scope": SCOPE,
        }

    def check_token(self, token: str) -> tuple[str | None, str]:
        """(provider, "") for a live token, else (None, reason)."""
        with self.lock:
            found = self.tokens.get(token)
            if found is None:
                return None, "Jeton inconnu"
            if found.expires_at <= self.clock.now():
                return None, "Jeton expiré"
            return found.provider, ""

    def expire_token(self, token: str) -> None:
        with self.lock:
            if token in self.tokens:
                self.tokens[token].expires_at = self.clock.now()

    # -- E1 / E2 --------------------------------------------------------------------------------

    def register(self, provider: str, payload) -> tuple[int, object]:
        with self.lock:
            now = self.clock.now()
            errors = rules.validate_registration(payload, french_day(now))
            if errors:
                return 400, errors
            local_part = payload["adresseMail"].split("@", 1)[0].lower()
            scenario = next((s for s in SCENARIOS if local_part.startswith(s)), "nouveau")
            if scenario in REGISTRATION_REFUSALS:
                return 400, [error(REGISTRATION_REFUSALS[scenario], "Scénario du bac à sable")]
            client = Client(
                id_client=str(uuid.uuid4()),
                provider=provider,
                scenario=scenario,
                registered_at=now,
                payload=payload,
                birth_date=rules.parse_iso_z(payload["dateNaissance"]),
            )
            for other in self.clients.values():
                if (
                    other.provider != provider
                    or other.email_key != client.email_key
                    or other.phone_key != client.phone_key
                ):
                    continue
                status = other.status_at(now)
                if status.code is None or status.code == "APPAREILLAGE_NF":
                    continue  # refused or broken link: a new registration is allowed
                if other.identity_key == client.identity_key:
                    code = "ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE"
                    return 400, [error(code, f"Particulier déjà inscrit ({other.id_client})")]
                code = "ERREUR_REFERENCE_PARTICULIER_EXISTANTE_TYPE"
                return 400, [error(code, "adresseMail + numeroTelephonePortable déjà utilisés")]
            self.clients[client.id_client] = client
            return 200, {"idClient": client.id_client}

    def client_status(self, provider: str, query: dict[str, list[str]]) -> tuple[int, object]:
        ids = query.get("idClient", [])
        unknown = sorted(set(query) - {"idClient"})
        if unknown:
            return 400, [error("ERREUR_VALIDATION", f"Paramètre inconnu : {', '.join(unknown)}")]
        if len(ids) != 1 or not ids[0].strip():
            return 400, [error("ERREUR_VALIDATION", "Paramètre idClient obligatoire (une valeur)")]
        with self.lock:
            client = self.clients.get(ids[0])
            if client is None or client.provider != provider:
                return 400, [error("ERR_RECHERCHE_PARTICULIER", "idClient inconnu")]
            status = client.status_at(self.clock.now())
            if status.code is None:
                return 400, [error("ERR_RECHERCHE_PARTICULIER", "Le particulier a rompu le lien")]
            body = {
                "idClient": client.id_client,
                "nomNaissance": client.payload["nomNaissance"],
                "prenoms": client.payload["prenoms"],
                "statut": status.to_dict(),
            }
            if "nomUsage" in client.payload:
                body["nomUsage"] = client.payload["nomUsage"]
            return 200, body

    # -- E3 -------------------------------------------------------------------------------------

    def submit(self, provider: str, body) -> tuple[int, object]:
        if not isinstance(body, list) or not body:
            return 400, [error("ERREUR_VALIDATION", "Tableau de demandes de paiement attendu")]
        if len(body) > payment_rules.MAX_PAYMENT_REQUESTS:
            return 400, [error("ERR_NBRE_PREST_MAX", "10 demandes de paiement maximum par appel")]
        if not all(isinstance(item, dict) for item in body):
            return 400, [error("ERREUR_VALIDATION", "Chaque demande doit être un objet JSON")]
        with self.lock:
            now = self.clock.now()
            used = {
                dp.invoice_number
                for dp in self.payment_requests.values()
                if dp.provider == provider
            }
            results = []
            for item in body:
                errors, facts = payment_rules.validate_payment_request(item, french_day(now))
                errors += self._client_errors(provider, facts, now)
                if facts.invoice_number is not None and facts.invoice_number in used:
                    errors.append(error("ERR_FACTURE_DOUBLON", facts.invoice_number))
                if facts.has_deposit and not self.deposits_allowed:
                    errors.append(error("ERR_ACOMPTE_BLOQUE", "Acompte non autorisé"))
                result = {}
                if isinstance(item.get("idClient"), str):
                    result["idClient"] = item["idClient"]
                if errors:
                    if isinstance(item.get("numFactureTiers"), str):
                        result["numFactureTiers"] = item["numFactureTiers"]
                    result["errors"] = errors
                else:
                    dp = PaymentRequest(
                        id=str(next(_DP_IDS) % 10**13 + 10**13),
                        provider=provider,
                        id_client=facts.id_client,
                        invoice_number=facts.invoice_number,
                        invoice_date=facts.invoice_date,
                        amount_ttc=facts.amount_ttc,
                        created_at=now,
                        payload=item,
                    )
                    self.payment_requests[dp.id] = dp
                    used.add(dp.invoice_number)
                    result.update(
                        idDemandePaiement=dp.id,
                        numFactureTiers=dp.invoice_number,
                        statut="10",
                        errors=[],
                    )
                results.append(result)
            return 200, results

    def _client_errors(
        self, provider: str, facts: payment_rules.PaymentFacts, now: datetime
    ) -> list[dict]:
        if facts.id_client is None:
            return []
        client = self.clients.get(facts.id_client)
        if client is None or client.provider != provider:
            return [error("ERR_PARTICULIER_INCONNU", "idClient inconnu")]
        if facts.birth_date is not None and facts.birth_date != client.birth_date:
            return [error("ERR_PARTICULIER_INCONNU", "dateNaissanceClient ne correspond pas")]
        status = client.status_at(now)
        if status.code is None or status.code in ("APPAREILLAGE_EC", "APPAREILLAGE_NF"):
            return [error("ERR_LIEN_PARTICULIER_PRESTATAIRE", "Aucun lien actif avec ce client")]
        if status.code == "PARTICULIER_BLOQUE":
            return [error("ERR_CMPT_BLOQUE", "Compte du particulier bloqué")]
        if status.code == "MANDAT_ECHU":
            return [error("ERR_MANDAT_ECHU", "Mandat SEPA du particulier échu")]
        if any(day < status.active_since for day in facts.start_dates):
            since = status.active_since.strftime("%d/%m/%Y")
            return [error("ERR_LIEN_PARTICULIER_PRESTATAIRE", f"Prestation antérieure au {since}")]
        return []

    # -- E4 -------------------------------------------------------------------------------------

    def search(self, provider: str, body) -> tuple[int, object]:
        errors, criteria = payment_rules.validate_search(body)
        if errors:
            return 400, errors
        with self.lock:
            now = self.clock.now()
            missing = []
            if criteria.mode == "ids":
                # the requests are kept by id: a search costs the same whatever their number
                known = {i: self.payment_requests.get(i) for i in criteria.ids}
                by_id = {i: dp for i, dp in known.items() if dp and dp.provider == provider}
                found = [by_id[i] for i in criteria.ids if i in by_id]
                missing = [i for i in criteria.ids if i not in by_id]
            elif criteria.mode == "numbers":
                mine = [dp for dp in self.payment_requests.values() if dp.provider == provider]
                by_number = {dp.invoice_number: dp for dp in mine}
                found = [by_number[n] for n in criteria.invoice_numbers if n in by_number]
                missing = [n for n in criteria.invoice_numbers if n not in by_number]
            else:
                mine = [dp for dp in self.payment_requests.values() if dp.provider == provider]
                found = sorted(
                    (
                        dp
                        for dp in mine
                        if criteria.date_from <= dp.invoice_date <= criteria.date_to
                    ),
                    key=lambda dp: (dp.invoice_date, dp.created_at),
                )
                if len(found) > payment_rules.MAX_SEARCH_CRITERIA:
                    return 400, [
                        error("ERR_NBRE_MAX_RESULTAT", f"{len(found)} résultats, 10 maximum")
                    ]
            if not found:
                return 400, [error("ERR_RECHERCHE_VIDE", "Aucune demande de paiement trouvée")]
            answer = {"infoDemandePaiements": [dp.info_at(now) for dp in found]}
            if missing:
                answer["errors"] = [error("ERR_RECHERCHE_VIDE", value) for value in missing]
            return 200, answer

    # -- debugging ------------------------------------------------------------------------------

    def snapshot(self) -> dict:
        with self.lock:
            now = self.clock.now()
            return {
                "now": iso_z(now),
                "today": french_day(now).isoformat(),
                "expires_in": self.expires_in,
                "deposits_allowed": self.deposits_allowed,
                "clients": [client.summary(now) for client in self.clients.values()],
                "payment_requests": [dp.summary(now) for dp in self.payment_requests.values()],
                "faults": self.faults.pending(),
                "stats": self.stats.to_dict(),
            }
