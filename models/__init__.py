from . import (
    l10n_fr_urssaf_client,
    l10n_fr_urssaf_client_registration,
    l10n_fr_urssaf_commune,
    l10n_fr_urssaf_synced_mixin,
    res_company,
    res_config_settings,
    res_partner,
)
