# Copyright 2026 The l10n_fr_urssaf_avance_immediate authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "France - URSSAF Avance immédiate (API Tiers de Prestation)",
    "summary": "Register home-service clients with URSSAF and use the Avance immédiate "
    "de crédit d'impôt (API Tiers de Prestation)",
    "version": "18.0.1.1.0",
    "category": "Accounting/Localizations",
    "website": "https://github.com/l10n-fr-urssaf/l10n_fr_urssaf_avance_immediate",
    "author": "l10n_fr_urssaf_avance_immediate authors",
    "license": "AGPL-3",
    "countries": ["fr"],
    "depends": [
        "account",
        "l10n_fr_account",
        "l10n_fr_cog",
        "l10n_fr_department_oversea",
    ],
    "external_dependencies": {
        "python": ["requests", "phonenumbers", "schwifty"],
    },
    "data": [
        "security/urssaf_security.xml",
        "security/ir.model.access.csv",
        "security/urssaf_rules.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "data/l10n_fr_urssaf_commune_data.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "views/l10n_fr_urssaf_client_views.xml",
        "wizards/l10n_fr_urssaf_registration_wizard_views.xml",
        "views/l10n_fr_urssaf_commune_views.xml",
        "wizards/l10n_fr_urssaf_commune_reload_views.xml",
    ],
    "demo": [],
    "installable": True,
    "application": False,
}
