from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..urssaf_api import (
    UrssafBusinessError,
    UrssafClient,
    UrssafConfigurationError,
    UrssafError,
    UrssafTemporaryError,
    contract,
    environments,
    redact,
    render,
)

# One number, not a (connect, read) pair: Odoo's test harness compares the timeout of every
# outgoing request with a number. With the retries, a call that gets no answer gives up after
# about 50 s, well within Odoo's request time limit (120 s by default).
HTTP_TIMEOUT = 15.0
HTTP_MAX_RETRIES = 2

ENVIRONMENTS = [
    ("urssaf_sandbox", "URSSAF sandbox (api-edi.urssaf.fr)"),
    ("production", "Production (api.urssaf.fr)"),
    ("local", "Local sandbox (URL below)"),
]


def make_client(environment, local_url, client_id, client_secret):
    """The URSSAF API client for these settings (the only place the addon builds one)."""
    return UrssafClient(
        environments.base_url(environment, local_url),
        client_id,
        client_secret,
        timeout=HTTP_TIMEOUT,
        max_retries=HTTP_MAX_RETRIES,
    )


def render_text(env, text):
    """A text of the URSSAF package (:class:`~..urssaf_api.texts.Text`, or a plain value) in the
    user's language: its English templates are translated by this addon's ``i18n/<lang>.po``
    (code terms, like any ``_()`` of the addon), amounts and dates written for the language."""

    def translate(template):
        return env._(template)  # this module is the addon's: its .po files translate

    return render(text, translate, env.lang or "en_US")


def explain_urssaf_error(env, exc):
    """The text a user reads for an error of the URSSAF client, in the user's language. URSSAF's
    own words may echo what was sent: IBANs are masked, so the text may go to the chatter."""
    if isinstance(exc, UrssafBusinessError):
        lines = [render_text(env, item.explanation) for item in (exc.errors or [])]
        head = env._("URSSAF refused the request:")
        text = "\n".join([head] + [f"- {line}" for line in lines]) if lines else head
    elif isinstance(exc, UrssafError):
        text = render_text(env, exc.text)
    else:
        text = str(exc)
    return redact(text)


USER_GROUP_XMLID = "l10n_fr_urssaf_avance_immediate.group_urssaf_user"
MANAGER_GROUP_XMLID = "l10n_fr_urssaf_avance_immediate.group_urssaf_manager"


class ResCompany(models.Model):
    _inherit = "res.company"

    l10n_fr_urssaf_environment = fields.Selection(
        ENVIRONMENTS,
        string="URSSAF environment",
        default="urssaf_sandbox",
        required=True,
        help="Production sends real registrations and payment requests. URSSAF's sandbox is "
        "for the qualification tests. The local sandbox is the one shipped with this module "
        "(demo and tests).",
    )
    l10n_fr_urssaf_local_url = fields.Char(
        string="Local sandbox URL",
        default="http://127.0.0.1:8765",
        help="Base URL of the local URSSAF sandbox (python -m urssaf_sandbox serve).",
    )
    l10n_fr_urssaf_api_client_id = fields.Char(
        string="URSSAF API client id",
        groups="base.group_system",
        copy=False,
    )
    l10n_fr_urssaf_api_client_secret = fields.Char(
        string="URSSAF API client secret",
        groups="base.group_system",
        copy=False,
    )
    l10n_fr_urssaf_provider_identifier = fields.Char(
        string="Provider identifier (NOVA or SIRET)",
        copy=False,
        help="Sent in complement2 of every payment request line: SAP followed by the 9 digits of "
        "the NOVA declaration number (e.g. SAP852330992), or SIR followed by the 14 digits of "
        "the SIRET.",
    )

    @api.constrains("l10n_fr_urssaf_provider_identifier")
    def _check_l10n_fr_urssaf_provider_identifier(self):
        for company in self:
            value = company.l10n_fr_urssaf_provider_identifier
            if value and not contract.COMPLEMENT2_RE.fullmatch(value):
                raise ValidationError(
                    self.env._(
                        "Provider identifier (NOVA or SIRET) of %(company)s: '%(value)s' is not "
                        "valid. Type SAP followed by the 9 digits of your NOVA number (e.g. "
                        "SAP852330992), or SIR followed by the 14 digits of your SIRET.",
                        company=company.name,
                        value=value,
                    )
                )

    @api.constrains("l10n_fr_urssaf_environment", "l10n_fr_urssaf_local_url")
    def _check_l10n_fr_urssaf_local_url(self):
        for company in self:
            if company.l10n_fr_urssaf_environment != "local":
                continue
            url = company.l10n_fr_urssaf_local_url or ""
            try:
                environments.base_url("local", url)
            except ValueError:
                raise ValidationError(
                    self.env._(
                        "Local sandbox URL of %(company)s: '%(value)s' is not accepted. Type the "
                        "address of the local sandbox, e.g. http://127.0.0.1:8765: plain http is "
                        "allowed only on this machine (127.0.0.1, localhost), so that a client's "
                        "identity and bank account never travel in clear; use https for any "
                        "other host.",
                        company=company.name,
                        value=url,
                    )
                ) from None

    def _l10n_fr_urssaf_get_client(self):
        """The URSSAF API client of this company. Reads the credentials as superuser: URSSAF
        users call the API without being able to read the secret themselves."""
        self.ensure_one()
        company = self.sudo()
        if not company.l10n_fr_urssaf_api_client_id or not company.l10n_fr_urssaf_api_client_secret:
            raise UserError(
                self.env._(
                    "URSSAF is not configured for %(company)s: an administrator must fill the "
                    "API client id and the API client secret in Settings > Invoicing > URSSAF.",
                    company=self.name,
                )
            )
        return make_client(
            company.l10n_fr_urssaf_environment,
            company.l10n_fr_urssaf_local_url,
            company.l10n_fr_urssaf_api_client_id,
            company.l10n_fr_urssaf_api_client_secret,
        )

    @api.model
    def _l10n_fr_urssaf_connection_report(self, client):
        """Token plus a harmless search. Returns (ok, message) without raising."""
        try:
            client.test_connection()
        except UrssafConfigurationError as exc:
            reason = getattr(exc, "reason", None)
            if reason == "access_denied":
                hint = self.env._(
                    "Access is not granted: the credentials are valid but URSSAF refuses the API "
                    "calls. Check that your habilitation (DataPass) covers the API Tiers de "
                    "Prestation for this environment."
                )
            elif reason == "url":
                hint = self.env._(
                    "The address does not answer as URSSAF's API: check the environment and, "
                    "for the local sandbox, its URL."
                )
            else:
                hint = self.env._(
                    "The credentials are refused: check the API client id and the API client "
                    "secret, and that they belong to the chosen environment."
                )
            return False, hint + "\n" + explain_urssaf_error(self.env, exc)
        except UrssafTemporaryError as exc:
            if getattr(exc, "maintenance", False):
                hint = self.env._("URSSAF is under maintenance: try again later.")
            elif exc.status:
                hint = self.env._(
                    "URSSAF answered with a technical error or an unreadable answer "
                    "(HTTP %(status)s): try again later.",
                    status=exc.status,
                )
            else:
                hint = self.env._(
                    "URSSAF could not be reached: check the network and the environment's URL, "
                    "then try again later."
                )
            return False, hint + "\n" + explain_urssaf_error(self.env, exc)
        except UrssafBusinessError as exc:
            if exc.status == 404:
                return False, self.env._(
                    "The address does not answer as URSSAF's API: check the environment and, "
                    "for the local sandbox, its URL."
                ) + "\n" + explain_urssaf_error(self.env, exc)
            return False, explain_urssaf_error(self.env, exc)
        except UrssafError as exc:
            return False, explain_urssaf_error(self.env, exc)
        return True, self.env._("Connection to URSSAF succeeded (%(url)s).", url=client.base_url)

    # ---------------------------------------------------------------- who acts for the company

    def _l10n_fr_urssaf_can_act(self, user):
        """Whether ``user`` can act on the company's URSSAF records: active, internal, URSSAF
        user, allowed in the company."""
        self.ensure_one()
        return bool(
            user
            and user.active
            and not user.share
            and self in user.company_ids
            and user.has_group(USER_GROUP_XMLID)
        )

    def _l10n_fr_urssaf_responsible(self, candidates):
        """The first of ``candidates``, else of the company's URSSAF managers, who can act on
        its URSSAF records (an empty recordset when nobody can)."""
        self.ensure_one()
        managers = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref(MANAGER_GROUP_XMLID).id),
                    ("company_ids", "in", self.id),
                    ("share", "=", False),
                ],
                order="id",
            )
        )
        for user in candidates | managers:
            if self._l10n_fr_urssaf_can_act(user):
                return user
        return self.env["res.users"]
