/** @odoo-module **/
// A client fills their URSSAF data in the portal as they would: the town of birth chosen by
// name (typed without accents), an IBAN refused, corrected, then the consent. Run by
// tests/test_portal_tour.py on a contact the provider prefilled (name, e-mail, address).

import { registry } from "@web/core/registry";

function setValue(value) {
    return function () {
        this.anchor.value = value;
        this.anchor.dispatchEvent(new Event("input", { bubbles: true }));
        this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
    };
}

function checkTownChosen() {
    const id = this.anchor.parentElement.querySelector(".o_urssaf_commune_id").value;
    if (!id || !this.anchor.value.includes("Annecy-le-Vieux")) {
        throw new Error(`The town of birth is not chosen: "${this.anchor.value}" (id "${id}")`);
    }
}

registry.category("web_tour.tours").add("l10n_fr_urssaf_portal_tour", {
    url: "/my/urssaf",
    steps: () => [
        {
            content: "The provider's prefill is shown",
            trigger: "input[name=birth_name]:value(MARTIN)",
        },
        { content: "Title", trigger: "select[name=civility]", run: "select 2" },
        {
            content: "All the first names, as on the tax notice",
            trigger: "input[name=first_names]",
            run: "edit Jeanne Marie Louise",
        },
        {
            content: "Date of birth",
            trigger: "input[name=birth_date]",
            run: setValue("1950-03-14"),
        },
        {
            content: "Born in France: the town of birth is asked",
            trigger: "select[name=birth_country_id]",
            run: "selectByLabel France",
        },
        {
            content: "The town of birth, typed without accents",
            trigger: ".o_urssaf_birth_town:not(.d-none) input[name=birth_commune_name]",
            run: "edit annecy le vieux",
        },
        {
            content: "Chosen in the list by its name",
            trigger: ".o_urssaf_commune_choice[data-name='Annecy-le-Vieux']:contains(74)",
            run: "click",
        },
        {
            content: "The town chosen carries its id",
            trigger: "input[name=birth_commune_name]",
            run: checkTownChosen,
        },
        { content: "Mobile", trigger: "input[name=mobile]", run: "edit 06 12 34 56 78" },
        {
            content: "An IBAN with a wrong check digit",
            trigger: "input[name=iban]",
            run: "edit FR76 3000 6000 0112 3456 7890 188",
        },
        { content: "Consent", trigger: "input[name=consent]", run: "check" },
        { content: "Save", trigger: "button.o_urssaf_save", run: "click" },
        {
            content: "The IBAN is refused, naming the field",
            trigger: "#o_urssaf_problem_iban:contains(IBAN)",
        },
        {
            content: "The consent waits for the correction",
            trigger: "#o_urssaf_problems .o_urssaf_consent_refused",
        },
        {
            content: "The town chosen was kept",
            trigger: "input[name=birth_commune_name]",
            run: checkTownChosen,
        },
        {
            content: "The right IBAN",
            trigger: "input[name=iban]",
            run: "edit FR76 3000 6000 0112 3456 7890 189",
        },
        { content: "Consent again", trigger: "input[name=consent]", run: "check" },
        { content: "Save again", trigger: "button.o_urssaf_save", run: "click" },
        {
            content: "Confirmed",
            trigger: ".alert-success.o_urssaf_confirmed",
        },
        {
            content: "The IBAN is shown masked, never in full",
            trigger: ".o_urssaf_iban_masked:contains(0189)",
        },
    ],
});
