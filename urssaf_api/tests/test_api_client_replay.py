"""Retries of non-idempotent calls (E1 registration, E3 payment requests) over real HTTP.

E1 and E3 are retried only when URSSAF certainly did not process the request (the connection
could not be opened, 429, 503). After a read timeout, a connection cut after sending, a 500, 502
or 504 or an unreadable answer, URSSAF may have processed it: the client raises an ``uncertain``
temporary error instead of replaying it. Idempotent calls (token, E2, E4) keep every retry.
"""

from __future__ import annotations

import contextlib
import socket

import pytest
from urssaf_api_stub import CLIENT_ID, CLIENT_SECRET, Reply, StubServer

from urssaf_api.client import UrssafClient
from urssaf_api.environments import TOKEN_PATH
from urssaf_api.errors import UrssafTemporaryError

E1 = "/particulier"
E3 = "/demandePaiement"
E4 = "/demandePaiement/rechercher"

ACTIVE = {
    "idClient": "c-1",
    "statut": {"code": "APPAREILLAGE_VALIDE", "description": "15/03/2024", "etat": "OK"},
}
SEARCH_OK = {"infoDemandePaiements": [{"idDemandePaiement": "dp-1", "statut": {"code": "10"}}]}
TECHNICAL = [{"code": "ERREUR_TECHNIQUE", "message": "Erreur technique", "description": ""}]


def _payment_request() -> dict:
    day = "2024-04-30T00:00:00Z"
    return {
        "idTiersFacturation": "menage.fr",
        "idClient": "c-1",
        "dateNaissanceClient": "1980-03-29T00:00:00Z",
        "numFactureTiers": "F1",
        "dateFacture": day,
        "dateDebutEmploi": day,
        "dateFinEmploi": day,
        "mntFactureTTC": 26,
        "mntFactureHT": 26,
        "inputPrestations": [],
    }


class Call:
    """One non-idempotent call: how to make it, a good answer, how to check the result, and
    what its "may have been processed" message must tell."""

    def __init__(self, name, path, run, ok_reply, check, advice_fr, advice_en):
        self.name, self.path, self.run, self.ok_reply, self.check = name, path, run, ok_reply, check
        self.advice_fr, self.advice_en = advice_fr, advice_en

    def __repr__(self) -> str:
        return self.name


REGISTER = Call(
    "E1",
    E1,
    lambda client: client.register_client({"civilite": "1"}),
    lambda: Reply(200, {"idClient": "c-9"}),
    lambda result: result == "c-9",
    ("peut-être reçu", "ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE", "statut URSSAF"),
    ("may have received", "ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE", "URSSAF status"),
)
SUBMIT = Call(
    "E3",
    E3,
    lambda client: client.submit_payment_requests([_payment_request()]),
    lambda: Reply(200, [{"idClient": "c-1", "idDemandePaiement": "dp-1", "statut": "10"}]),
    lambda result: [r.id_payment_request for r in result] == ["dp-1"],
    ("peut-être reçu", "par numéro de facture", "ERR_FACTURE_DOUBLON"),
    ("may have received", "by invoice number", "ERR_FACTURE_DOUBLON"),
)
CALLS = [REGISTER, SUBMIT]


def assert_uncertain(exc: UrssafTemporaryError, call: Call, cause_fr: str, cause_en: str):
    assert exc.uncertain is True
    assert exc.maintenance is False
    for fragment in (*call.advice_fr, cause_fr):
        assert fragment in exc.message_fr, exc.message_fr
    for fragment in (*call.advice_en, cause_en):
        assert fragment in exc.message_en, exc.message_en
    assert "réessayez plus tard" not in exc.message_fr  # no blind "try again" advice


# ------------------------------------------------------------------------------ the flag


def test_temporary_errors_are_certain_unless_said_otherwise():
    assert UrssafTemporaryError.uncertain is False
    assert UrssafTemporaryError("fr", "en").uncertain is False
    assert UrssafTemporaryError("fr", "en", uncertain=True).uncertain is True


# ------------------------------------------------------------------------------ not replayed


@pytest.mark.parametrize("call", CALLS, ids=repr)
@pytest.mark.parametrize("status", [500, 502, 504])
def test_5xx_that_may_follow_processing_is_not_replayed(stub, make_client, call, status):
    stub.script("POST", call.path, Reply(status, TECHNICAL), call.ok_reply())
    with pytest.raises(UrssafTemporaryError) as caught:
        call.run(make_client())
    assert_uncertain(caught.value, call, f"HTTP {status}", f"HTTP {status}")
    assert caught.value.status == status
    assert [e.code for e in caught.value.errors] == ["ERREUR_TECHNIQUE"]
    assert len(stub.calls(call.path, "POST")) == 1


@pytest.mark.parametrize("call", CALLS, ids=repr)
def test_read_timeout_is_not_replayed(stub, make_client, call):
    slow = call.ok_reply()
    slow.delay = 1.0
    stub.script("POST", call.path, slow, call.ok_reply())
    with pytest.raises(UrssafTemporaryError) as caught:
        call.run(make_client(timeout=(1.0, 0.15)))
    assert_uncertain(caught.value, call, "pas répondu à temps", "did not answer in time")
    assert caught.value.status is None
    assert len(stub.calls(call.path, "POST")) == 1


@pytest.mark.parametrize("call", CALLS, ids=repr)
def test_connection_cut_after_sending_is_not_replayed(stub, make_client, call):
    stub.script("POST", call.path, Reply(drop=True), call.ok_reply())
    with pytest.raises(UrssafTemporaryError) as caught:
        call.run(make_client())
    assert_uncertain(caught.value, call, "connexion a été coupée", "connection was cut")
    assert len(stub.calls(call.path, "POST")) == 1


@pytest.mark.parametrize("call", CALLS, ids=repr)
@pytest.mark.parametrize("body", [None, '{"idClient": "c-9", ', "[1, 2"])
def test_unreadable_answer_is_uncertain(stub, make_client, call, body):
    stub.script("POST", call.path, Reply(200, body), call.ok_reply())
    with pytest.raises(UrssafTemporaryError) as caught:
        call.run(make_client())
    assert_uncertain(caught.value, call, "réponse inattendue (HTTP 200)", "unexpected answer")
    assert caught.value.status == 200
    assert len(stub.calls(call.path, "POST")) == 1


def test_registration_answer_without_id_is_uncertain(stub, make_client):
    stub.script("POST", E1, Reply(200, {"statut": "ok"}))
    with pytest.raises(UrssafTemporaryError) as caught:
        REGISTER.run(make_client())
    assert_uncertain(caught.value, REGISTER, "idClient absent", "no idClient")


def test_e3_answer_of_unexpected_shape_is_uncertain(stub, make_client):
    stub.script("POST", E3, Reply(200, {"resultat": "?"}))
    with pytest.raises(UrssafTemporaryError) as caught:
        SUBMIT.run(make_client())
    assert_uncertain(caught.value, SUBMIT, "réponse inattendue", "unexpected answer")


# ------------------------------------------------------------------------------ still retried


@pytest.mark.parametrize("call", CALLS, ids=repr)
@pytest.mark.parametrize("status", [429, 503])
def test_rate_limit_and_maintenance_are_retried(stub, make_client, call, status):
    stub.script("POST", call.path, Reply(status, None), call.ok_reply())
    assert call.check(call.run(make_client()))
    assert len(stub.calls(call.path, "POST")) == 2


@pytest.mark.parametrize("call", CALLS, ids=repr)
def test_maintenance_until_the_end_is_a_certain_temporary_error(stub, make_client, call):
    stub.script("POST", call.path, *[Reply(503, None) for _ in range(3)])
    with pytest.raises(UrssafTemporaryError) as caught:
        call.run(make_client(max_retries=2))
    assert caught.value.maintenance is True
    assert caught.value.uncertain is False
    assert len(stub.calls(call.path, "POST")) == 3


@pytest.mark.parametrize("call", CALLS, ids=repr)
def test_401_is_renewed_and_sent_again(stub, make_client, call):
    stub.script("POST", call.path, call.ok_reply())
    client = make_client()
    client.fetch_token()
    stub.revoke_tokens()  # the first call answers 401: URSSAF did not process it
    assert call.check(call.run(client))
    assert len(stub.calls(call.path, "POST")) == 2
    assert stub.token_requests == 2


class BlackHole:
    """A listening socket whose accept queue is full: a new connection to it is never
    established (the kernel drops the SYN), so connecting times out. Nothing is ever sent."""

    def __init__(self, port: int) -> None:
        self.socket = socket.socket()
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", port))
        self.socket.listen(0)
        self.fillers: list[socket.socket] = []
        for _ in range(16):
            filler = socket.socket()
            filler.settimeout(0.2)
            try:
                filler.connect(("127.0.0.1", port))
            except TimeoutError:
                filler.close()
                return  # the queue is full
            self.fillers.append(filler)
        raise AssertionError("could not fill the accept queue")  # pragma: no cover

    def close(self) -> None:
        for sock in (*self.fillers, self.socket):
            with contextlib.suppress(OSError):
                sock.close()


@pytest.mark.parametrize("call", CALLS, ids=repr)
@pytest.mark.parametrize("failure", ["refused", "connect_timeout"])
def test_connection_not_opened_is_retried(stub, call, failure):
    """Nothing was sent: retrying is safe. The first attempt fails to connect; during the
    backoff URSSAF comes back on the same port and the second attempt succeeds."""
    port = stub.httpd.server_address[1]
    holes: list[BlackHole] = []
    back: list[StubServer] = []

    def come_back(_delay: float) -> None:
        for hole in holes:
            hole.close()
        if not back:
            server = StubServer(port=port).start()
            server.adopt_tokens(stub)
            server.script("POST", call.path, call.ok_reply())
            back.append(server)

    client = UrssafClient(
        stub.url, CLIENT_ID, CLIENT_SECRET, timeout=(0.3, 5.0), max_retries=2, sleep=come_back
    )
    client.fetch_token()  # cached process-wide: the call below goes straight to the API
    stub.stop()
    if failure == "connect_timeout":
        holes.append(BlackHole(port))
    try:
        assert call.check(call.run(client))
    finally:
        for hole in holes:
            hole.close()
        for server in back:
            server.stop()
    (server,) = back
    assert len(server.calls(call.path, "POST")) == 1


@pytest.mark.parametrize("call", CALLS, ids=repr)
@pytest.mark.parametrize("failure", ["refused", "connect_timeout"])
def test_connection_never_opened_is_a_certain_error(stub, call, failure):
    port = stub.httpd.server_address[1]
    sleeps: list[float] = []
    client = UrssafClient(
        stub.url, CLIENT_ID, CLIENT_SECRET, timeout=(0.2, 5.0), max_retries=2, sleep=sleeps.append
    )
    client.fetch_token()
    stub.stop()
    hole = BlackHole(port) if failure == "connect_timeout" else None
    try:
        with pytest.raises(UrssafTemporaryError) as caught:
            call.run(client)
    finally:
        if hole is not None:
            hole.close()
    assert caught.value.uncertain is False
    assert len(sleeps) == 2  # retried max_retries times


# ------------------------------------------------------------------------------ idempotent calls


def _status(client):
    return client.get_client_status("c-1").active


def _search(client):
    return [i.id_payment_request for i in client.search_payment_requests(ids=["dp-1"]).items]


IDEMPOTENT = [
    ("GET", E1, _status, lambda: Reply(200, ACTIVE), True),
    ("POST", E4, _search, lambda: Reply(200, SEARCH_OK), ["dp-1"]),
]


@pytest.mark.parametrize(("method", "path", "run", "ok_reply", "expected"), IDEMPOTENT)
@pytest.mark.parametrize("failure", ["429", "500", "502", "503", "504", "drop", "read_timeout"])
def test_idempotent_calls_keep_every_retry(
    stub, make_client, method, path, run, ok_reply, expected, failure
):
    if failure == "drop":
        first = Reply(drop=True)
    elif failure == "read_timeout":
        first = ok_reply()
        first.delay = 1.0
    else:
        first = Reply(int(failure), TECHNICAL)
    stub.script(method, path, first, ok_reply())
    assert run(make_client(timeout=(1.0, 0.15))) == expected
    assert len(stub.calls(path, method)) == 2


def test_token_request_keeps_every_retry(stub, make_client):
    stub.script("POST", TOKEN_PATH, Reply(drop=True), Reply(502, None))
    assert make_client().fetch_token()
    assert stub.token_requests == 3


def test_idempotent_failure_is_never_uncertain(stub, make_client):
    stub.script("GET", E1, *[Reply(drop=True) for _ in range(2)])
    with pytest.raises(UrssafTemporaryError) as caught:
        make_client(max_retries=1).get_client_status("c-1")
    assert caught.value.uncertain is False
    assert "réseau" in caught.value.message_fr
