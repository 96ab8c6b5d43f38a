from . import l10n_fr_urssaf_client
from . import res_company
from . import res_config_settings
from . import res_partner
