from . import (
    base_partner_merge,
    l10n_fr_urssaf_cancellation_wizard,
    l10n_fr_urssaf_commune_reload,
    l10n_fr_urssaf_nova_export,
    l10n_fr_urssaf_payment_wizard,
    l10n_fr_urssaf_registration_wizard,
)
