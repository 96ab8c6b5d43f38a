/** @odoo-module **/
// The client's URSSAF form (/my/urssaf): the town of birth shown for a birth in France, and the
// towns chosen by name in the official list (the same search as the back office: accents
// ignored, former towns found). Without JavaScript the form still works: the server finds the
// town from the name typed, or says which one to choose.

import publicWidget from "@web/legacy/js/public/public_widget";
import { rpc } from "@web/core/network/rpc";
import { debounce } from "@web/core/utils/timing";

publicWidget.registry.L10nFrUrssafPortalForm = publicWidget.Widget.extend({
    selector: ".o_l10n_fr_urssaf_portal_form",
    events: {
        "change .o_urssaf_birth_country": "_onCountryChange",
        "input .o_urssaf_commune_input": "_onCommuneInput",
        "keydown .o_urssaf_commune_input": "_onCommuneKeydown",
        "click .o_urssaf_commune_choice": "_onCommuneChoice",
        "focusout .o_urssaf_commune_input": "_onCommuneFocusOut",
    },

    start() {
        this._search = debounce(this._search.bind(this), 250);
        this._onCountryChange();
        return this._super(...arguments);
    },

    _onCountryChange() {
        const select = this.el.querySelector(".o_urssaf_birth_country");
        const town = this.el.querySelector(".o_urssaf_birth_town");
        if (!select || !town) {
            return;
        }
        const option = select.options[select.selectedIndex];
        town.classList.toggle("d-none", !(option && option.dataset.french));
    },

    _onCommuneInput(ev) {
        const input = ev.currentTarget;
        // the name typed no longer names the town chosen
        input.parentElement.querySelector(".o_urssaf_commune_id").value = "";
        this._search(input);
    },

    _onCommuneKeydown(ev) {
        const menu = ev.currentTarget.parentElement.querySelector(".o_urssaf_commune_menu");
        if (!menu) {
            return;
        }
        const items = [...menu.querySelectorAll(".o_urssaf_commune_choice")];
        const current = items.indexOf(document.activeElement);
        if (ev.key === "ArrowDown" && items.length) {
            ev.preventDefault();
            items[Math.min(current + 1, items.length - 1)].focus();
        } else if (ev.key === "Escape") {
            menu.remove();
        }
    },

    _onCommuneFocusOut(ev) {
        const wrapper = ev.currentTarget.parentElement;
        setTimeout(() => {
            if (!wrapper.contains(document.activeElement)) {
                wrapper.querySelector(".o_urssaf_commune_menu")?.remove();
            }
        }, 200);
    },

    async _search(input) {
        const term = input.value.trim();
        const wrapper = input.parentElement;
        wrapper.querySelector(".o_urssaf_commune_menu")?.remove();
        if (term.length < 2) {
            return;
        }
        const zip = this.el.querySelector(".o_urssaf_zip");
        const results = await rpc("/my/urssaf/communes", {
            term,
            kind: input.dataset.urssafCommune,
            zip_code: zip ? zip.value.trim() : "",
        });
        if (input.value.trim() !== term) {
            return; // typed further meanwhile
        }
        const menu = document.createElement("div");
        menu.className = "dropdown-menu show o_urssaf_commune_menu";
        // under the input, as wide as it (the column's padding aside), on a phone too
        Object.assign(menu.style, {
            left: `${input.offsetLeft}px`,
            top: `${input.offsetTop + input.offsetHeight}px`,
            width: `${input.offsetWidth}px`,
        });
        if (!results.length) {
            const empty = document.createElement("span");
            empty.className = "dropdown-item-text text-muted";
            empty.textContent =
                this.el.querySelector(".o_urssaf_no_result")?.textContent || "—";
            menu.appendChild(empty);
        }
        for (const commune of results) {
            const item = document.createElement("button");
            item.type = "button";
            item.className = "dropdown-item text-wrap o_urssaf_commune_choice";
            item.dataset.id = commune.id;
            item.dataset.name = commune.name;
            item.dataset.postalCodes = commune.postal_codes;
            item.textContent = commune.label;
            menu.appendChild(item);
        }
        wrapper.appendChild(menu);
    },

    _onCommuneChoice(ev) {
        const item = ev.currentTarget;
        const wrapper = item.closest(".position-relative");
        const input = wrapper.querySelector(".o_urssaf_commune_input");
        wrapper.querySelector(".o_urssaf_commune_id").value = item.dataset.id;
        input.value = input.dataset.urssafCommune === "address" ? item.dataset.name : item.textContent;
        input.classList.remove("is-invalid");
        const zip = this.el.querySelector(".o_urssaf_zip");
        const codes = (item.dataset.postalCodes || "").split(" ").filter(Boolean);
        if (input.dataset.urssafCommune === "address" && zip && !zip.value && codes.length === 1) {
            zip.value = codes[0];
        }
        wrapper.querySelector(".o_urssaf_commune_menu")?.remove();
        input.focus();
    },
});

export default publicWidget.registry.L10nFrUrssafPortalForm;
