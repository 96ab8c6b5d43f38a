"""Plain-Python access to URSSAF's "API Tiers de Prestation" (Avance immédiate).

Imports nothing from Odoo and only relative imports inside, so it works both as ``urssaf_api``
and as ``odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api``.

Modules: :mod:`.environments` (hosts, paths), :mod:`.contract` (the contract's regexes and
limits), :mod:`.catalogue` (bilingual codes), :mod:`.errors` (typed exceptions),
:mod:`.client` (HTTP client, E1–E4), :mod:`.registration` (E1 payload builder and validators).
"""

from . import contract, environments, outcomes, states
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
from .client import (
    ClientStatus,
    PaymentRequestInfo,
    SearchResult,
    SubmitResult,
    UrssafClient,
    clear_token_cache,
)
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
from .redaction import mask_iban, redact
from .registration import (
    REGISTRATION_FIELDS,
    STREET_TYPES,
    InvalidData,
    Problem,
    RegistrationData,
    StreetParts,
    build_registration_payload,
    derive_bic,
    normalize_mobile,
    parse_lieu_dit,
    parse_street,
    validate_registration,
)

__all__ = [
    "API_PATH",
    "CLIENT_STATUSES",
    "ERRORS",
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
    "Entry",
    "ErrorItem",
    "Explanation",
    "InvalidData",
    "Nature",
    "PaymentRequestInfo",
    "Problem",
    "RegistrationData",
    "SearchResult",
    "StreetParts",
    "SubmitResult",
    "UrssafBusinessError",
    "UrssafClient",
    "UrssafConfigurationError",
    "UrssafError",
    "UrssafTemporaryError",
    "base_url",
    "build_registration_payload",
    "clear_token_cache",
    "contract",
    "derive_bic",
    "environments",
    "explain_error",
    "mask_iban",
    "normalize_mobile",
    "outcomes",
    "parse_lieu_dit",
    "parse_street",
    "redact",
    "states",
    "validate_registration",
]
