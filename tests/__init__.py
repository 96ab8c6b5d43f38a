from . import test_i18n
from . import test_registration_cron
from . import test_registration_data
from . import test_registration_flow
from . import test_registration_security
from . import test_settings
