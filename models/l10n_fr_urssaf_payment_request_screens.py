"""How the payment requests are shown: the kanban's pipeline and the graph's colours.

* **Kanban**: one column per state of the catalogue, in its order, even when no request is in
  it (``group_expand``); an empty column of a state off the normal pipeline (a refusal, a
  cancellation, an answer lost…) is folded, so that the pipeline (the states URSSAF advances:
  received, awaiting the client, validated, debited, paid) reads at a glance.
* **Graph**: Odoo colours a graph's series by their rank, not by their value. The graph stacks
  the requests by ``outcome``, a stored field that is the state's colour in the catalogue, and
  the read of the graph (``web_read_group`` ungrouped-lazily, as the graph asks) returns every
  outcome for every bar in the selection's order: the series always come in the same order,
  hence always in the same colour of Odoo's palette (blue for in progress, red for refused,
  green-teal for paid, orange for to check, purple for not received).
"""

from odoo import api, fields, models

from ..urssaf_api import states
from .l10n_fr_urssaf_payment_request_sync import L10nFrUrssafPaymentRequestSync

STATES = states.PAYMENT_REQUEST
#: The pipeline: the states in which URSSAF advances the request towards the payment. Their
#: columns are always open; the others are folded when empty.
PIPELINE_STATES = STATES.values(advanced=True)
#: The outcome of a request is its state's colour in the catalogue. The order is the order of the
#: series in the graph, hence their colour in Odoo's palette of up to six series (blue, red,
#: teal, orange, purple, yellow): keep it in step with OUTCOME_PALETTE.
OUTCOMES = (
    ("info", "in_progress", "In progress"),
    ("danger", "refused", "Refused"),
    ("success", "paid", "Paid"),
    ("warning", "to_check", "To check"),
    ("muted", "not_received", "Not received"),
)
#: The colour Odoo's graph gives each series, in the order above (web's COLORS_SM).
OUTCOME_PALETTE = ("blue", "red", "teal", "orange", "purple")
OUTCOME_OF_COLOUR = {colour: value for colour, value, _label in OUTCOMES}


class L10nFrUrssafPaymentRequestScreens(models.Model):
    _inherit = "l10n_fr_urssaf.payment.request"
    _l10n_fr_urssaf_synced_fields = L10nFrUrssafPaymentRequestSync._l10n_fr_urssaf_synced_fields | {
        "outcome"
    }

    state = fields.Selection(group_expand="_read_group_expand_states")
    outcome = fields.Selection(
        [(value, label) for _colour, value, label in OUTCOMES],
        string="Outcome",
        compute="_compute_outcome",
        store=True,
        index=True,
        help="The status's colour, as a group: in progress, refused, paid, to check, not "
        "received (the graph's series).",
    )

    @api.depends("state")
    def _compute_outcome(self):
        for request in self:
            request.outcome = OUTCOME_OF_COLOUR.get(STATES.colour(request.state), False)

    @api.model
    def _read_group_expand_states(self, values, domain):
        """Every state of the catalogue, in its order: the kanban shows the whole pipeline."""
        return [value for value, _label in STATES.selection()]

    @api.model
    def _web_read_group(
        self, domain, fields, groupby, limit=None, offset=0, orderby=False, lazy=True
    ):
        groups = super()._web_read_group(
            domain, fields, groupby, limit=limit, offset=offset, orderby=orderby, lazy=lazy
        )
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        if lazy and groupby and groupby[0] == "state":
            for group in groups:
                group["__fold"] = (
                    not group.get("state_count") and group["state"] not in PIPELINE_STATES
                )
        elif not lazy and "outcome" in groupby and not limit and not offset:
            groups = self._every_outcome(groups, groupby, fields)
        return groups

    @api.model
    def _every_outcome(self, groups, groupby, fields):
        """``groups`` (read ungrouped-lazily by ``groupby``, which holds ``outcome``) with every
        outcome, in the selection's order, under each value of the other groupings: a missing
        one is an empty group (no request, sums 0)."""
        others = [spec for spec in groupby if spec != "outcome"]
        measures = {spec.split(":")[0] for spec in fields or []} | {"__count"}
        blocks = {}
        for group in groups:
            key = tuple(repr(group.get(spec)) for spec in others)
            blocks.setdefault(key, {})[group["outcome"]] = group
        filled = []
        for block in blocks.values():
            sample = next(iter(block.values()))
            for _colour, value, _label in OUTCOMES:
                filled.append(
                    block.get(value) or self._empty_outcome_group(sample, value, measures)
                )
            # a request without outcome (none today: every state has a colour) stays shown
            filled.extend(group for outcome, group in block.items() if not outcome)
        return filled

    @api.model
    def _empty_outcome_group(self, sample, outcome, measures):
        group = dict(sample, outcome=outcome)
        for name in measures:
            if name in group:
                group[name] = 0
        # the sample's own group leaf, with the other outcome (the domain's shape is kept)
        old_leaf = ("outcome", "=", sample["outcome"])
        group["__domain"] = [
            ("outcome", "=", outcome)
            if isinstance(leaf, list | tuple) and tuple(leaf) == old_leaf
            else leaf
            for leaf in sample.get("__domain", [])
        ]
        return group
