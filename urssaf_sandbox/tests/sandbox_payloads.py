"""Valid base payloads, a mutation helper and a small HTTP client for the sandbox tests."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import requests

API = "/atp/v1/tiersPrestations"
TOKEN = "/api/oauth/v1/token"
SCOPE = "homeplus.tiersprestations"
DEMO = ("demo-client-id", "demo-client-secret")
NOACCESS = ("noaccess-client-id", "noaccess-client-secret")

REGISTERED_AT = datetime(2024, 2, 10, 10, 0, tzinfo=UTC)
NOW = datetime(2024, 3, 20, 10, 0, tzinfo=UTC)  # "today" for payment requests: 20/03/2024
ACTIVATION_DAY = "11/02/2024"

DELETE = object()  # mutation value: remove the field


def registration(**top) -> dict:
    payload = {
        "civilite": "2",
        "nomNaissance": "Martin",
        "nomUsage": "Lefèvre-N'Diaye",
        "prenoms": "Jeanne Marie",
        "dateNaissance": "1980-03-29T00:00:00.000Z",
        "lieuNaissance": {
            "codePaysNaissance": "99100",
            "departementNaissance": "077",
            "communeNaissance": {"codeCommune": "288", "libelleCommune": "Meaux"},
        },
        "numeroTelephonePortable": "0612345678",
        "adresseMail": "jeanne.martin@example.fr",
        "adressePostale": {
            "numeroVoie": "12",
            "lettreVoie": "B",
            "codeTypeVoie": "AV",
            "libelleVoie": "des Lilas",
            "complement": "Bâtiment A",
            "libelleCommune": "Meaux",
            "codeCommune": "77284",
            "codePostal": "77100",
            "codePays": "99100",
        },
        "coordonneeBancaire": {
            "bic": "BNAPFRPPXXX",
            "iban": "FR7630006000011234567890189",
            "titulaire": "Mme Jeanne Martin",
        },
    }
    payload.update(top)
    return payload


def person(local_part: str, phone: str = "0612345678", **top) -> dict:
    """A registration whose e-mail starts with ``local_part`` (scenario triggers)."""
    return registration(
        adresseMail=f"{local_part}@example.fr", numeroTelephonePortable=phone, **top
    )


def payment_request(id_client: str, number: str = "FA2024-0001", **top) -> dict:
    """Two lines: 10 h of cleaning at 25 € and a 30 € meal package; 280 € TTC."""
    item = {
        "idTiersFacturation": "menage.fr",
        "idClient": id_client,
        "dateNaissanceClient": "1980-03-29T00:00:00Z",
        "numFactureTiers": number,
        "dateFacture": "2024-03-16T00:00:00Z",
        "dateDebutEmploi": "2024-03-05T00:00:00Z",
        "dateFinEmploi": "2024-03-15T00:00:00Z",
        "mntFactureTTC": 280,
        "mntFactureHT": 254.54,
        "inputPrestations": [
            {
                "codeNature": "60",
                "quantite": 10,
                "unite": "HEURE",
                "mntUnitaireTTC": 25,
                "mntPrestationTTC": 250,
                "mntPrestationHT": 227.27,
                "mntPrestationTVA": 22.73,
                "complement2": "SAP123456789",
            },
            {
                "codeNature": "120",
                "quantite": 1,
                "unite": "FORFAIT",
                "mntUnitaireTTC": 30,
                "mntPrestationTTC": 30,
                "mntPrestationHT": 27.27,
                "mntPrestationTVA": 2.73,
                "complement1": "Repas de midi",
                "complement2": "SIR12345678901234",
            },
        ],
    }
    item.update(top)
    return item


def mutate(payload: dict, changes: dict) -> dict:
    """Copy of ``payload`` with ``{"a.b.0.c": value}`` applied (``DELETE`` removes the field)."""
    result = copy.deepcopy(payload)
    for path, value in changes.items():
        *parents, last = path.split(".")
        target = result
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            last = int(last)
        if value is DELETE:
            del target[last]
        else:
            target[last] = value
    return result


def codes(response: requests.Response) -> list[str]:
    return [item["code"] for item in response.json()]


class Api:
    """Just enough of a client: token cached, renewed once on 401."""

    def __init__(self, url: str, credentials: tuple[str, str] = DEMO) -> None:
        self.url = url
        self.credentials = credentials
        self.session = requests.Session()
        self._token: str | None = None

    def close(self) -> None:
        self.session.close()

    def request_token(self, **form) -> requests.Response:
        data = {
            "grant_type": "client_credentials",
            "scope": SCOPE,
            "client_id": self.credentials[0],
            "client_secret": self.credentials[1],
        }
        data.update(form)
        data = {key: value for key, value in data.items() if value is not None}
        return self.session.post(self.url + TOKEN, data=data, timeout=10)

    def token(self) -> str:
        if self._token is None:
            answer = self.request_token()
            assert answer.status_code == 200, answer.text
            self._token = answer.json()["access_token"]
        return self._token

    def call(self, method: str, path: str, **kwargs) -> requests.Response:
        for attempt in range(2):
            headers = {"Authorization": f"Bearer {self.token()}", **kwargs.pop("headers", {})}
            answer = self.session.request(
                method, self.url + API + path, headers=headers, timeout=10, **kwargs
            )
            if answer.status_code != 401 or attempt:
                return answer
            self._token = None
        return answer

    def register(self, payload) -> requests.Response:
        return self.call("POST", "/particulier", json=payload)

    def client_status(self, id_client: str) -> requests.Response:
        return self.call("GET", "/particulier", params={"idClient": id_client})

    def submit(self, items) -> requests.Response:
        return self.call("POST", "/demandePaiement", json=items)

    def search(self, body) -> requests.Response:
        return self.call("POST", "/demandePaiement/rechercher", json=body)

    def control(self, method: str, path: str, payload=None) -> requests.Response:
        return self.session.request(method, self.url + "/_sandbox" + path, json=payload, timeout=10)
