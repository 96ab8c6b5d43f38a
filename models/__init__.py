from . import (
    l10n_fr_urssaf_client,
    l10n_fr_urssaf_commune,
    res_company,
    res_config_settings,
    res_partner,
)
