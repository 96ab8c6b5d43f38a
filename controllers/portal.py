"""The client's URSSAF page in Odoo's portal: ``/my/urssaf`` and its downloads.

Every route reads only the logged-in client's own records: the contact is the user's, the
invoices and certificates are searched with the contact in the domain (an id of someone else's is
not found: 404). The checks and the saving are the contact's methods (``res_partner_portal``); the
forms carry Odoo's CSRF token.
"""

import re

from odoo.http import content_disposition, request, route

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.res_partner_portal import INPUTS, PORTAL_URL

#: At most this many towns in the town search's list.
COMMUNE_SEARCH_LIMIT = 8
DEFAULT_TZ = "Europe/Paris"


class UrssafPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "l10n_fr_urssaf_count" in counters:
            partner = self._l10n_fr_urssaf_partner()
            values["l10n_fr_urssaf_count"] = int(bool(partner))
        return values

    def _l10n_fr_urssaf_partner(self):
        """The client whose page this is: a portal user's own contact (empty for anyone else)."""
        user = request.env.user
        partner = user.partner_id
        if not user.share or user._is_public() or not partner._l10n_fr_urssaf_portal_allowed():
            return request.env["res.partner"]
        return partner

    def _l10n_fr_urssaf_tz(self):
        return request.env.user.tz or DEFAULT_TZ

    @route(PORTAL_URL, type="http", auth="user", website=True, methods=["GET", "POST"])
    def l10n_fr_urssaf_page(self, **post):
        partner = self._l10n_fr_urssaf_partner()
        if not partner:
            return request.redirect("/my")
        # the form's values are strings (a file part of the same name is not one of them)
        post = {name: value for name, value in post.items() if isinstance(value, str)}
        partner = partner.with_context(tz=self._l10n_fr_urssaf_tz())
        result = None
        if request.httprequest.method == "POST":
            result = partner._l10n_fr_urssaf_portal_submit(post)
            if not result.problems:
                return request.redirect(
                    f"{PORTAL_URL}?{'confirmed' if result.confirmed else 'saved'}=1"
                )
        form = partner._l10n_fr_urssaf_portal_form()
        if result:
            # what the client typed stays on the page to be corrected (the IBAN typed is theirs,
            # in this answer only: it was not saved when it had a problem)
            # (the inputs a browser does not post, the disabled identity after registration,
            # keep what is recorded)
            typed = (
                *INPUTS,
                "birth_commune_id",
                "birth_commune_name",
                "commune_id",
                "commune_name",
            )
            form.update({name: post[name] for name in typed if name in post})
            if not (result.problems.get("iban") or result.problems.get("bic")):
                form["iban"] = ""  # saved, or kept: shown masked
        values = self._prepare_portal_layout_values()
        values.update(partner._l10n_fr_urssaf_portal_page(self._l10n_fr_urssaf_tz()))
        values.update(
            {
                "page_name": "l10n_fr_urssaf",
                "form": form,
                "problems": result.problems if result else {},
                "problem_list": [
                    text for texts in (result.problems if result else {}).values() for text in texts
                ],
                "consent_refused": bool(result and result.consent_refused),
                "consent_checked": bool(post.get("consent")),
                "saved": bool(request.params.get("saved")),
                "confirmed": bool(request.params.get("confirmed")),
            }
        )
        return request.render("l10n_fr_urssaf_avance_immediate.portal_my_urssaf", values)

    @route(f"{PORTAL_URL}/communes", type="json", auth="user", methods=["POST"])
    def l10n_fr_urssaf_communes(self, term="", kind="birth", zip_code=""):
        """The town search of the form: the towns whose name (accents ignored, former towns
        included for a birthplace) or postal code starts with what was typed."""
        if not self._l10n_fr_urssaf_partner() or not isinstance(term, str):
            return []
        if not isinstance(zip_code, str):
            zip_code = ""
        Commune = request.env["l10n_fr_urssaf.commune"].sudo()
        term = term.strip()[:64]
        if len(term) < 2:
            return []
        if kind == "address":
            domain = Commune._address_domain(
                zip_code if re.fullmatch(r"\d{5}", zip_code or "") else None
            )
            if re.fullmatch(r"\d{2,5}", term):
                found = Commune.search(
                    [*domain, ("postal_codes", "ilike", term)], limit=COMMUNE_SEARCH_LIMIT
                )
                results = [(c.id, c.display_name) for c in found]
            else:
                results = Commune.name_search(term, domain, limit=COMMUNE_SEARCH_LIMIT)
        else:
            results = Commune.with_context(active_test=False).name_search(
                term, limit=COMMUNE_SEARCH_LIMIT
            )
        communes = Commune.browse([commune_id for commune_id, _name in results])
        return [
            {
                "id": commune.id,
                "label": label,
                "name": commune.name,
                "postal_codes": commune.postal_codes or "",
            }
            for commune, (_id, label) in zip(communes, results, strict=True)
        ]

    @route(f"{PORTAL_URL}/invoice/<int:invoice_id>", type="http", auth="user", methods=["GET"])
    def l10n_fr_urssaf_invoice(self, invoice_id, **kw):
        partner = self._l10n_fr_urssaf_partner()
        invoice = partner and partner._l10n_fr_urssaf_portal_invoices().filtered(
            lambda move: move.id == invoice_id
        )
        if not invoice:
            return request.not_found()
        # the PDF sent to the client, else the one Odoo's portal gives (as account's route)
        document = invoice._get_invoice_legal_documents("pdf", allow_fallback=True)
        return self._l10n_fr_urssaf_pdf(document["content"], document["filename"])

    @route(
        f"{PORTAL_URL}/certificate/<int:certificate_id>", type="http", auth="user", methods=["GET"]
    )
    def l10n_fr_urssaf_certificate(self, certificate_id, **kw):
        partner = self._l10n_fr_urssaf_partner()
        certificate = partner and partner._l10n_fr_urssaf_portal_certificates().filtered(
            lambda cert: cert.id == certificate_id
        )
        if not certificate:
            return request.not_found()
        return self._l10n_fr_urssaf_pdf(
            certificate.attachment_id.raw, certificate.attachment_id.name
        )

    def _l10n_fr_urssaf_pdf(self, content, filename):
        """A PDF to download."""
        return request.make_response(
            content,
            [
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
