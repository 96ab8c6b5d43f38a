from odoo import fields, models

from .res_company import make_client


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    l10n_fr_urssaf_environment = fields.Selection(
        related="company_id.l10n_fr_urssaf_environment", readonly=False
    )
    l10n_fr_urssaf_local_url = fields.Char(
        related="company_id.l10n_fr_urssaf_local_url", readonly=False
    )
    l10n_fr_urssaf_api_client_id = fields.Char(
        related="company_id.l10n_fr_urssaf_api_client_id",
        readonly=False,
        groups="base.group_system",
    )
    l10n_fr_urssaf_api_client_secret = fields.Char(
        related="company_id.l10n_fr_urssaf_api_client_secret",
        readonly=False,
        groups="base.group_system",
    )
    l10n_fr_urssaf_provider_identifier = fields.Char(
        related="company_id.l10n_fr_urssaf_provider_identifier", readonly=False
    )

    def action_l10n_fr_urssaf_test_connection(self):
        """Test the values on screen (saved or not): token, then a harmless search."""
        self.ensure_one()
        missing = [
            label
            for label, value in (
                (self.env._("API client id"), self.l10n_fr_urssaf_api_client_id),
                (self.env._("API client secret"), self.l10n_fr_urssaf_api_client_secret),
            )
            if not value
        ]
        if missing:
            ok = False
            message = self.env._(
                "Fill %(fields)s in the URSSAF section before testing the connection.",
                fields=", ".join(missing),
            )
        else:
            try:
                client = make_client(
                    self.l10n_fr_urssaf_environment,
                    self.l10n_fr_urssaf_local_url,
                    self.l10n_fr_urssaf_api_client_id,
                    self.l10n_fr_urssaf_api_client_secret,
                )
            except ValueError:
                ok = False
                message = self.env._(
                    "Local sandbox URL: '%(value)s' is not accepted. Type the address of the "
                    "local sandbox, e.g. http://127.0.0.1:8765: plain http is allowed only on "
                    "this machine (127.0.0.1, localhost); use https for any other host.",
                    value=self.l10n_fr_urssaf_local_url or "",
                )
            else:
                ok, message = self.env["res.company"]._l10n_fr_urssaf_connection_report(client)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("URSSAF connection"),
                "message": message,
                "type": "success" if ok else "danger",
                "sticky": not ok,
            },
        }
