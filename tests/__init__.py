from . import (
    test_communes,
    test_communes_partner,
    test_i18n,
    test_partner_merge,
    test_registration_cron,
    test_registration_data,
    test_registration_flow,
    test_registration_security,
    test_registration_warnings,
    test_send_once,
    test_settings,
)
