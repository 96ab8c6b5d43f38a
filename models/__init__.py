from . import (
    account_move,
    account_move_line,
    l10n_fr_urssaf_client,
    l10n_fr_urssaf_client_registration,
    l10n_fr_urssaf_payment_request,
    l10n_fr_urssaf_payment_request_send,
    l10n_fr_urssaf_synced_mixin,
    product_template,
    res_company,
    res_company_billing,
    res_config_settings,
    res_partner,
)
