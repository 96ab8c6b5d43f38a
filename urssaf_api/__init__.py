"""Plain-Python access to URSSAF's "API Tiers de Prestation" (Avance immédiate).

Imports nothing from Odoo and only relative imports inside, so it works both as ``urssaf_api``
and as ``odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api``. The Odoo layer imports from
this package's top only.

Modules: :mod:`.environments` (hosts, paths), :mod:`.contract` (the contract's regexes and
limits), :mod:`.catalogue` (bilingual codes), :mod:`.errors` (typed exceptions);
:mod:`.client` (HTTP client, E1–E4) with :mod:`.transport` (retries, replay safety, typed
errors), :mod:`.tokens` (token cache) and :mod:`.results` (answers and their parsers);
:mod:`.registration` (E1 payload builder and validators) with its concerns :mod:`.person`,
:mod:`.birthplace`, :mod:`.address`, :mod:`.bank`, :mod:`.normalize` (normalisers) and
:mod:`.validation` (problems and their collector); :mod:`.billing` (payment requests, E3:
invoice data -> problems or the checked payload, amounts, recovery, the invoice's mention).
"""

from . import billing, catalogue, communes, contract, environments, outcomes, states
from .address import STREET_TYPES, StreetParts, parse_lieu_dit, parse_street
from .bank import derive_bic
from .catalogue import (
    CLIENT_STATUSES,
    ERRORS,
    NATURE_CODES,
    PAYMENT_STATUSES,
    REJECT_REASONS,
    Entry,
    Explanation,
    Nature,
    explain_error,
)
from .client import UrssafClient
from .environments import (
    API_PATH,
    PRODUCTION_URL,
    SCOPE,
    TOKEN_PATH,
    URSSAF_SANDBOX_URL,
    base_url,
)
from .errors import (
    ErrorItem,
    UrssafBusinessError,
    UrssafConfigurationError,
    UrssafError,
    UrssafTemporaryError,
)
from .normalize import contract_mobile, identity_key, normalize_mobile
from .redaction import mask_iban, redact
from .registration import (
    FIELD_LABELS,
    REGISTRATION_FIELDS,
    RegistrationData,
    build_registration_payload,
    check_registration,
    validate_registration,
)
from .results import ClientStatus, PaymentRequestInfo, SearchResult, SubmitResult
from .texts import Day, Money, Text, render
from .tokens import clear_token_cache
from .validation import InvalidData, Problem, ProblemCollector

__all__ = [
    "billing",
    "catalogue",
    "API_PATH",
    "CLIENT_STATUSES",
    "ERRORS",
    "FIELD_LABELS",
    "NATURE_CODES",
    "PAYMENT_STATUSES",
    "PRODUCTION_URL",
    "REGISTRATION_FIELDS",
    "REJECT_REASONS",
    "SCOPE",
    "STREET_TYPES",
    "TOKEN_PATH",
    "URSSAF_SANDBOX_URL",
    "ClientStatus",
    "Day",
    "Entry",
    "ErrorItem",
    "Explanation",
    "InvalidData",
    "Money",
    "Nature",
    "PaymentRequestInfo",
    "Problem",
    "ProblemCollector",
    "RegistrationData",
    "SearchResult",
    "StreetParts",
    "SubmitResult",
    "Text",
    "UrssafBusinessError",
    "UrssafClient",
    "UrssafConfigurationError",
    "UrssafError",
    "UrssafTemporaryError",
    "base_url",
    "build_registration_payload",
    "check_registration",
    "clear_token_cache",
    "communes",
    "contract",
    "contract_mobile",
    "derive_bic",
    "environments",
    "explain_error",
    "mask_iban",
    "identity_key",
    "normalize_mobile",
    "outcomes",
    "parse_lieu_dit",
    "parse_street",
    "redact",
    "render",
    "states",
    "validate_registration",
]
