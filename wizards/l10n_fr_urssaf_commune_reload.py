import base64

from odoo import fields, models


class L10nFrUrssafCommuneReload(models.TransientModel):
    """Reload the list of French communes from a newer file (built by
    ``scripts/build_communes.py``) or from the file shipped with the addon. Contacts keep their
    links: entries are updated in place and those gone from the file are archived."""

    _name = "l10n_fr_urssaf.commune.reload"
    _description = "Reload the list of French communes"

    current_source = fields.Char(
        string="List loaded", readonly=True, default=lambda self: self._default_current_source()
    )
    file = fields.Binary(
        string="Newer list",
        help="A file built by scripts/build_communes.py (.csv.gz or .csv). Leave empty to reload "
        "the list shipped with the addon.",
    )
    filename = fields.Char()

    def _default_current_source(self):
        return self.env["l10n_fr_urssaf.commune"]._source()

    def action_reload(self):
        self.ensure_one()
        content = base64.b64decode(self.file) if self.file else None
        counts = self.env["l10n_fr_urssaf.commune"]._load_communes(content)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("French communes reloaded"),
                "message": self.env._(
                    "%(list)s: %(total)s entries, %(created)s new, %(updated)s updated, "
                    "%(archived)s archived, in %(seconds)s s.",
                    list=self.env["l10n_fr_urssaf.commune"]._source(),
                    **counts,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
