"""Speed and memory of the URSSAF client against the local sandbox, over real HTTP.

    python benchmarks/bench_client.py [--calls 500]        (from the repository root)

Targets (checked here, printed as OK/MISSED; the script exits 1 when one is missed):
- one token request for all the calls (the token is cached);
- at least 100 client-status reads per second on loopback (one core);
- validating a client's registration data in under 1 ms on average;
- less than 5 MiB of Python memory held by 500 calls (tracemalloc peak).
"""

import argparse
import os
import sys
import time
import tracemalloc
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from urssaf_api.client import UrssafClient  # noqa: E402
from urssaf_api.registration import (  # noqa: E402
    RegistrationData,
    build_registration_payload,
    validate_registration,
)
from urssaf_sandbox import SandboxServer  # noqa: E402

SAMPLE = {
    "civility": "2",
    "birth_name": "Dupont",
    "usage_name": "Martin",
    "first_names": "Jeanne Marie",
    "birth_date": date(1958, 3, 29),
    "birth_country_code": "99100",
    "birth_department": "077",
    "birth_commune_code": "77186",
    "birth_commune_label": "Fontainebleau",
    "mobile": "0612345678",
    "email": "jeanne.martin@example.fr",
    "street_number": "12",
    "street_letter": "B",
    "street_type_code": "AV",
    "street_label": "des Lilas",
    "address_complement": None,
    "lieu_dit": None,
    "commune_code": "77186",
    "commune_label": "Fontainebleau",
    "zip_code": "77300",
    "country_code": "99100",
    "iban": "FR7630006000000000123456723",
    "bic": None,
    "account_holder": "Mme Jeanne Martin",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=500)
    args = parser.parse_args()
    results = []
    with SandboxServer(host="127.0.0.1", port=0) as sandbox:
        client = UrssafClient(sandbox.url, "demo-client-id", "demo-client-secret")
        id_client = client.register_client(build_registration_payload(RegistrationData(**SAMPLE)))
        tracemalloc.start()
        start = time.perf_counter()
        for _ in range(args.calls):
            client.get_client_status(id_client)
        elapsed = time.perf_counter() - start
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        tokens = sandbox.stats()["token_requests"]
    rate = args.calls / elapsed
    results.append(("token requests for %d calls" % (args.calls + 1), tokens, tokens == 1))
    results.append(("client-status reads per second", round(rate, 1), rate >= 100))
    results.append(("tracemalloc peak (MiB)", round(peak / 2**20, 2), peak < 5 * 2**20))

    data = RegistrationData(**SAMPLE)
    runs = 2000
    start = time.perf_counter()
    for _ in range(runs):
        validate_registration(data)
    per_call_ms = (time.perf_counter() - start) / runs * 1000
    results.append(("validate_registration (ms per call)", round(per_call_ms, 3), per_call_ms < 1))

    missed = 0
    for label, value, ok in results:
        missed += not ok
        print(f"{'OK    ' if ok else 'MISSED'} {label}: {value}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
