from . import (
    test_communes,
    test_communes_partner,
    test_i18n,
    test_registration_cron,
    test_registration_data,
    test_registration_flow,
    test_registration_security,
    test_settings,
)
