"""Sample registration data shared by the pure suites (imported as a plain module: the tests
folder is on ``sys.path``, see conftest)."""

from __future__ import annotations

import dataclasses
from datetime import date

from urssaf_api.registration import RegistrationData

#: A valid French IBAN (bank code 30006, whose BIC schwifty derives: AGRIFRPPXXX).
IBAN_FR = "FR7630006000011234567890189"


def valid_registration(**changes) -> RegistrationData:
    """A valid French-born client (born in Melun, living in Melun); ``changes`` override fields."""
    data = RegistrationData(
        civility="2",
        birth_name="Martin",
        usage_name=None,
        first_names="Jeanne Marie",
        birth_date=date(1980, 3, 29),
        birth_country_code="99100",
        birth_department="077",
        birth_commune_code="77288",
        birth_commune_label="Melun",
        mobile="06 12 34 56 78",
        email="jeanne.martin@example.fr",
        street_number="12",
        street_letter=None,
        street_type_code="R",
        street_label="de la Paix",
        address_complement=None,
        lieu_dit=None,
        commune_code="77288",
        commune_label="Melun",
        zip_code="77000",
        country_code="99100",
        iban="FR76 3000 6000 0112 3456 7890 189",
        bic=None,
        account_holder="Mme Jeanne Martin",
    )
    return dataclasses.replace(data, **changes)
