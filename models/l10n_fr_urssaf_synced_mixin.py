"""What every record that URSSAF updates shares (the client link and the payment request).

* **URSSAF-owned fields** (``_l10n_fr_urssaf_synced_fields``): written only through
  :meth:`_sync_write`, whose context marker is a Python object that no RPC call can forge; a user
  cannot mark a record accepted by hand, even through the API.
* **States** declared once in a :class:`~..urssaf_api.states.StateCatalogue`
  (``_l10n_fr_urssaf_states``): :meth:`_set_state` tells the story in the chatter only when
  something changed and replaces the follow-up activity when the new state asks for one; views
  read ``state_colour``, ``state_group``, ``needs_attention`` and ``refreshable`` (derived from
  the catalogue's flags) and never repeat lists of states.
* **Never sent twice** (:meth:`_l10n_fr_urssaf_begin_call` / :meth:`_l10n_fr_urssaf_end_call`):
  the rows are locked (``FOR NO KEY UPDATE NOWAIT``: a concurrent click is told that someone else
  is sending; a row referencing them can still be inserted meanwhile), the fact that a call is in
  flight is recorded and committed before URSSAF is called, and the outcome is committed right
  after it. When Odoo replays a request after a database serialization failure, or a worker died
  during the call, the next attempt finds the marker and does not send blind.
* **The scheduled action's loop** (:meth:`_cron_run`): batches per company, one commit and one
  progress notification per batch, records locked by someone else (another worker or server
  running the same action, a user's click) skipped, a company whose configuration is refused or
  that meets repeated temporary errors left for the next run, and the action re-triggered while
  work remains. Within a batch, one record's failure is that record's only
  (:meth:`_cron_isolated`: its own savepoint, its own error, a traceback in the log). A model
  whose chunk is one call by ids has it made in a thread while the previous chunk is recorded
  (:meth:`_cron_pipeline`: claimed first, read once).
"""

import logging
import zlib
from concurrent.futures import ThreadPoolExecutor

from markupsafe import Markup
from psycopg2.errors import LockNotAvailable, SerializationFailure
from psycopg2.extensions import TRANSACTION_STATUS_IDLE, TRANSACTION_STATUS_INERROR

from odoo import api, fields, models, modules
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date, format_datetime, mute_logger, plaintext2html

from ..urssaf_api import (
    UrssafConfigurationError,
    UrssafError,
    UrssafTemporaryError,
    redact,
    states,
    transport,
)
from .res_company import (  # noqa: F401  (the groups, imported from here by the models)
    HTTP_MAX_RETRIES,
    HTTP_TIMEOUT,
    MANAGER_GROUP_XMLID,
    USER_GROUP_XMLID,
    explain_urssaf_error,
)

_logger = logging.getLogger(__name__)

ACTIVITY_XMLID = "l10n_fr_urssaf_avance_immediate.mail_activity_type_urssaf_follow_up"
#: Marks the module's own writes of URSSAF-owned fields; an object, so no RPC context forges it.
_SYNC = object()
#: URSSAF calls made while one marker is set: a sending's E3 and its E4 search (by number, after
#: a lost answer or a duplicate); a registration's E1.
CALLS_IN_FLIGHT = 2
#: A call in flight for less than this is someone else's call still running: it is not touched.
#: Older, it is a call whose outcome was never recorded. Derived from the addon's client (its
#: timeout and retries, each with its token request and one renewal, and a minute for the work
#: around them): about 21 minutes, the worst case the client can last, not the usual second.
CALL_TIMEOUT = transport.in_flight_timeout(
    CALLS_IN_FLIGHT, timeout=HTTP_TIMEOUT, max_retries=HTTP_MAX_RETRIES
)
#: How long a lock held by a short transaction is waited for (``wait=True``).
LOCK_WAIT = "5s"
#: Successive temporary errors of one company in a run before its other records wait for the next
#: run (URSSAF is down for it).
OUTAGE_STRIKES = 3
#: Records the scheduled action loads at once (it reads pages until its batch is done).
CRON_PAGE = 200

# What one unit of cron work came to (see _cron_process).
CRON_OK = "ok"
CRON_ERROR = "error"
CRON_TEMPORARY = "temporary"
CRON_COMPANY_FAILED = "company_failed"


def can_commit():
    """Whether the code may commit: never inside a test (the test's transaction is rolled back)."""
    return not modules.module.current_test


def end_batch(env):
    """The end of a scheduled action's batch: committed (outside tests), and the batch's records
    out of the cache, so that the memory of a long run does not grow."""
    if can_commit():
        env.cr.commit()  # pylint: disable=invalid-commit
    env.flush_all()
    env.invalidate_all()


def form_action(record):
    """The action that opens ``record``'s form again, in place (a button's answer)."""
    return {
        "type": "ir.actions.act_window",
        "res_model": record._name,
        "res_id": record.id,
        "view_mode": "form",
        "target": "current",
    }


class ReadAhead:
    """A chunk's call to URSSAF by ids (``method(ids=ids)`` of the pure client), made ahead in a
    thread while the previous chunk's answers are recorded (see :meth:`_cron_call`)."""

    def __init__(self, method, ids):
        self.method = method
        self.ids = list(ids)
        self.future = None

    def start(self, executor, api_client):
        # the thread gets the pure client alone: no environment, no cursor
        self.future = executor.submit(getattr(api_client, self.method), ids=self.ids)

    def succeeded(self):
        """Waits for the call; whether URSSAF answered it."""
        return self.future.exception() is None


class ReadAheadClient:
    """The client the chunk's processing uses when its call was made ahead: that call (its
    records' ids, or some of them: the others were left) returns the answer already received,
    or raises the error the call met, exactly once; any other call goes to the client."""

    def __init__(self, api_client, read_ahead):
        self._api_client = api_client
        self._read_ahead = read_ahead

    def __getattr__(self, name):
        read_ahead = self._read_ahead
        if name != read_ahead.method or read_ahead.future is None:
            return getattr(self._api_client, name)

        def answered(ids=None, **kwargs):
            if kwargs or ids is None or not set(ids) <= set(read_ahead.ids):
                return getattr(self._api_client, name)(ids=ids, **kwargs)
            future, read_ahead.future = read_ahead.future, None
            return future.result()

        return answered


class L10nFrUrssafSyncedMixin(models.AbstractModel):
    _name = "l10n_fr_urssaf.synced.mixin"
    _description = "Record synchronised with URSSAF"
    _inherit = ["mail.thread", "mail.activity.mixin"]

    #: the catalogue of the model's states (the model's ``state`` field uses its selection)
    _l10n_fr_urssaf_states = None
    #: the fields URSSAF tells, written only through _sync_write()
    _l10n_fr_urssaf_synced_fields = frozenset(
        {
            "state",
            "state_group",
            "needs_attention",
            "last_check_date",
            "last_error",
            "call_started_at",
        }
    )
    #: the scheduled action that _cron_run() re-triggers
    _l10n_fr_urssaf_cron_xmlid = None
    #: whether _cron_process() applies each record's change in a savepoint of its own (see
    #: _cron_isolated) and what else it writes stands alone (a later failure of its call only
    #: records the error on top): its chunk then needs no savepoint (two queries less per call)
    _l10n_fr_urssaf_cron_isolates = False
    #: whether a chunk's transaction only records what URSSAF said, read again identically if
    #: a crash of the database server loses it (never an outcome of a call that changed
    #: something at URSSAF): its commit does not wait for the disk (synchronous_commit off)
    _l10n_fr_urssaf_cron_async_commit = False
    #: whether the scheduled action reads a chunk at URSSAF in a thread while it records the
    #: previous chunk's answers (see _cron_pipeline and _cron_call)
    _l10n_fr_urssaf_cron_pipelined = False

    company_id = fields.Many2one(
        "res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    last_check_date = fields.Datetime(string="Last status check", copy=False, readonly=True)
    last_error = fields.Text(string="Last error", copy=False, readonly=True)
    call_started_at = fields.Datetime(
        string="URSSAF call in flight since",
        copy=False,
        readonly=True,
        help="Set while a request is being sent to URSSAF, cleared when its answer is recorded. "
        "Still set later, it means the outcome of that call was never recorded: it is not sent "
        "again blind.",
    )
    state_colour = fields.Char(string="Status colour", compute="_compute_state_colour")
    needs_attention = fields.Boolean(
        string="Needs attention",
        compute="_compute_needs_attention",
        store=True,
        index=True,
        help="The state needs the user's attention (the catalogue's flag), or URSSAF's last "
        "reading of this record ended in an error.",
    )
    refreshable = fields.Boolean(
        string="Can be read at URSSAF now",
        compute="_compute_refreshable",
        help="URSSAF may still change this record: its status can be read now (Refresh).",
    )
    state_group = fields.Selection(
        states.GROUPS,
        string="Status group",
        compute="_compute_state_group",
        store=True,
        index=True,
    )

    @api.depends("state")
    def _compute_state_colour(self):
        for record in self:
            record.state_colour = self._l10n_fr_urssaf_states.colour(record.state)

    @api.depends("state")
    def _compute_state_group(self):
        for record in self:
            record.state_group = self._l10n_fr_urssaf_states.group(record.state)

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        # the status bar shows the catalogue's milestones (no list of states in the views)
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "form" and self._l10n_fr_urssaf_states:
            milestones = ",".join(self._l10n_fr_urssaf_states.values(milestone=True))
            for node in arch.xpath("//field[@name='state'][@widget='statusbar']"):
                node.set("statusbar_visible", milestones)
        return arch, view

    def _state_flag(self, name):
        """The catalogue's flag ``name`` of this record's state (False without a state)."""
        catalogue = self._l10n_fr_urssaf_states
        return bool(self.state in catalogue and getattr(catalogue[self.state], name))

    @api.depends("state", "last_error")
    def _compute_needs_attention(self):
        # one definition for every filter: the state's flag, or an error left by the last
        # reading at URSSAF (a synchronisation error); extend _needs_attention(), not the views
        for record in self:
            record.needs_attention = record._needs_attention()

    def _needs_attention(self):
        self.ensure_one()
        return self._state_flag("needs_attention") or bool(self.last_error)

    @api.depends("state")
    def _compute_refreshable(self):
        for record in self:
            record.refreshable = record._state_flag("refreshable")

    # ---------------------------------------------------------------- protected fields

    def _is_sync_write(self):
        """Whether this is the module's own write. ``sudo()`` alone is not: what URSSAF knows is
        written by the module only, not by other code running as superuser (server actions,
        scripts, other modules)."""
        return self.env.context.get("l10n_fr_urssaf_sync") is _SYNC

    def _changed_fields(self, vals, names):
        """The fields of ``names`` that ``vals`` really changes on some record of ``self`` (an
        import of unchanged values is not a change)."""
        changed = set()
        for name in names.intersection(vals):
            field = self._fields[name]
            for record in self:
                if field.convert_to_cache(vals[name], record) != field.convert_to_cache(
                    record[name], record
                ):
                    changed.add(name)
                    break
        return changed

    def _forged_error(self, names):
        return AccessError(
            self.env._(
                "The URSSAF status, its dates and codes come from URSSAF: they cannot be written "
                "by hand (fields: %(fields)s).",
                fields=", ".join(sorted(names)),
            )
        )

    def _l10n_fr_urssaf_allowed_on_create(self, name, value):
        """Whether a user may create a record with ``value`` in the URSSAF-owned field ``name``:
        only what a new record has anyway (empty, or the field's default state)."""
        return not value or (name == "state" and value == self._fields["state"].default(self))

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_sync_write():
            for vals in vals_list:
                forged = {
                    name
                    for name in self._l10n_fr_urssaf_synced_fields.intersection(vals)
                    if not self._l10n_fr_urssaf_allowed_on_create(name, vals[name])
                }
                if forged:
                    raise self._forged_error(forged)
        return super().create(vals_list)

    def write(self, vals):
        if not self._is_sync_write():
            forged = self._changed_fields(vals, self._l10n_fr_urssaf_synced_fields)
            if forged:
                raise self._forged_error(forged)
        return super().write(vals)

    def _sync_write(self, values):
        """Write what URSSAF told (the only way to write the URSSAF-owned fields). A field kept
        for a group the user is not in (e.g. URSSAF's raw answer, for managers) is written all
        the same, as superuser (same user id, so the same author)."""
        records = self.with_context(l10n_fr_urssaf_sync=_SYNC)
        private = {
            name
            for name in values
            if self._fields[name].groups and not self._fields[name].is_accessible(self.env)
        }
        if private:
            records.sudo().write({name: values[name] for name in private})
            values = {name: value for name, value in values.items() if name not in private}
            if not values:
                return True
        return records.write(values)

    def _sync_unlink(self):
        """Delete records the module knows never reached URSSAF (e.g. a sending refused before
        the call): the deletion guards let the module's own deletions through."""
        return self.with_context(l10n_fr_urssaf_sync=_SYNC).unlink()

    @api.model
    def _sync_create(self, values):
        """Create a record with URSSAF-owned values (the module's own creations)."""
        return self.with_context(l10n_fr_urssaf_sync=_SYNC).create(values)

    # ---------------------------------------------------------------- states and story

    def _format_datetime(self, value):
        tz = self.env.context.get("tz") or self.env.user.tz
        return format_datetime(self.env, value, tz=tz, dt_format="short")

    def _format_date(self, value):
        return format_date(self.env, value)

    def _state_label(self, state=None):
        return dict(self._fields["state"]._description_selection(self.env))[state or self.state]

    def _instructions_text(self):
        """What the user must do in the current state, in the user's language."""
        return ""

    def _instructions_html(self):
        """The instructions as HTML for a note or an activity (Html fields): escaped, their
        line breaks kept."""
        text = self._instructions_text()
        return plaintext2html(text) if text else Markup()

    def _set_state(self, state, values=None, details=None):
        """Write ``state`` and ``values``; when the state changes (or ``details`` must be told),
        tell the story in the chatter and replace the follow-up activity."""
        self.ensure_one()
        previous = self.state
        values = dict(values or {})
        if state != previous:
            # an unchanged state is not written: nothing that depends on it is recomputed
            values["state"] = state
        self._sync_write(values)
        if state == previous and not details:
            return
        self._post_story(details)
        if state != previous:
            self.activity_unlink([ACTIVITY_XMLID])
            if self._l10n_fr_urssaf_states[state].follow_up:
                self._schedule_follow_up()

    def _story_record(self):
        """The record whose chatter tells the story (the record itself by default)."""
        return self

    def _post_story(self, details=None):
        title = self.env._("URSSAF: %(state)s", state=self._state_label())
        if self.env["res.company"].sudo().search_count([], limit=2) > 1:
            title = f"{title} ({self.company_id.name})"
        # the instructions' line breaks kept (plain text, one paragraph per line break)
        body = Markup("<p><strong>%s</strong></p>") % title + self._instructions_html()
        if details:
            body += Markup("<p>%s</p>") % details
        # a note, even for a user who may not edit the record that tells the story
        self._story_record().sudo().message_post(body=body, subtype_xmlid="mail.mt_note")

    def _follow_up_candidates(self):
        """The users who should follow the record up, by preference."""
        return self.env.user

    def _follow_up_user(self):
        """The first candidate, else a URSSAF manager of the company, that can open the record
        (active, internal, URSSAF user, allowed in the record's company)."""
        self.ensure_one()
        return self.company_id._l10n_fr_urssaf_responsible(self._follow_up_candidates())

    def _can_follow_up(self, user):
        """Whether ``user`` can open the record: active, internal, URSSAF user, allowed in the
        record's company."""
        return self.company_id._l10n_fr_urssaf_can_act(user)

    def _schedule_follow_up(self):
        user = self._follow_up_user()
        if not user:
            _logger.warning("%s %s: nobody can follow it up", self._name, self.id)
            return
        self.activity_schedule(
            ACTIVITY_XMLID,
            summary=self._state_label(),
            note=self._instructions_html(),
            user_id=user.id,
        )

    # ---------------------------------------------------------------- contact merge

    @api.model
    def _l10n_fr_urssaf_merge_problems(self, src_partners, dst_partner):
        """Why merging ``src_partners`` into ``dst_partner`` would lose or move records of this
        model that URSSAF knows (texts for the user); empty when the merge is safe."""
        return []

    # ---------------------------------------------------------------- one call at a time

    def _l10n_fr_urssaf_lock(self, *others, wait=False, claims=False):
        """Lock the rows of ``self`` and ``others`` (e.g. the contact) for this transaction, or
        tell the user that someone else is working on them with URSSAF now. ``wait``: wait a few
        seconds for a lock held by a short transaction (e.g. a user saving the contact).
        ``claims``: and the claims of ``self`` by a run of the scheduled action reading them
        ahead (a reading at URSSAF, e.g. a refresh: see :meth:`_cron_pipeline`)."""
        # NO KEY: a row that references it (a new link) can still be inserted meanwhile; two
        # senders exclude each other
        lock = SQL("FOR NO KEY UPDATE") if wait else SQL("FOR NO KEY UPDATE NOWAIT")
        try:
            # a refused lock is expected here, not a bad query to log
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                if wait:
                    self.env.cr.execute(SQL("SET LOCAL lock_timeout = %s", LOCK_WAIT))
                for records in (self, *others):
                    if records.ids:
                        self.env.cr.execute(
                            SQL(
                                "SELECT id FROM %s WHERE id IN %s %s",
                                SQL.identifier(records._table),
                                tuple(records.ids),
                                lock,
                            )
                        )
                        if records is self and claims and not self._l10n_fr_urssaf_lock_claims():
                            raise LockNotAvailable
                if wait:
                    self.env.cr.execute(SQL("SET LOCAL lock_timeout = 0"))
        except (LockNotAvailable, SerializationFailure):
            raise UserError(
                self.env._(
                    "%(record)s is being processed with URSSAF by someone else right now (a "
                    "sending, or the scheduled update of the statuses): wait a moment, then try "
                    "again.",
                    record=", ".join(
                        name
                        for records in (self, *others)
                        for name in records.mapped("display_name")
                    ),
                )
            ) from None

    def _l10n_fr_urssaf_lock_claims(self):
        """Take for this transaction the claims of these records (the advisory locks by which a
        run of the scheduled action reads them ahead, see :meth:`_cron_pipeline`), without
        waiting: a record that a run is reading now is someone else's, as a locked row is.
        Returns whether all of them were taken."""
        self.env.cr.execute(
            SQL(
                "SELECT bool_and(pg_try_advisory_xact_lock(%s, id)) FROM unnest(%s::int4[]) AS id",
                self._cron_claim_key(),
                self.ids,
            )
        )
        return self.env.cr.fetchone()[0]

    def _l10n_fr_urssaf_commit(self):
        if can_commit():
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _l10n_fr_urssaf_call_in_flight(self, now):
        """The records of ``self`` whose call started less than CALL_TIMEOUT ago (someone else's
        call, still running) and those whose call started earlier and was never recorded."""
        running = self.filtered(
            lambda rec: rec.call_started_at and now - rec.call_started_at < CALL_TIMEOUT
        )
        lost = self.filtered(lambda rec: rec.call_started_at) - running
        return running, lost

    def _l10n_fr_urssaf_begin_call(self, *others, now=None):
        """Before calling URSSAF: lock ``self`` (and ``others``), refuse when a call of one of
        them is still running, record that a call is in flight and commit it (when Odoo allows).
        Returns the records whose earlier call was never recorded: the caller must settle them
        (e.g. by a search at URSSAF) instead of sending them again; their marker stays."""
        now = now or fields.Datetime.now()
        self._l10n_fr_urssaf_lock(*others)
        running, lost = self._l10n_fr_urssaf_call_in_flight(now)
        if running:
            raise UserError(
                self.env._(
                    "%(record)s is being sent to URSSAF by someone else since %(time)s: wait a "
                    "moment, then look at its status.",
                    record=", ".join(running.mapped("display_name")),
                    time=self._format_datetime(min(running.mapped("call_started_at"))),
                )
            )
        (self - lost)._sync_write({"call_started_at": now})
        self._l10n_fr_urssaf_commit()
        if can_commit():
            # the commit released the locks: take them again for the rest of the call (others
            # see the marker meanwhile; a short transaction holding a row is waited for)
            try:
                self._l10n_fr_urssaf_lock(*others, wait=True)
            except UserError:
                # nothing was sent: the marker must not say otherwise
                (self - lost)._sync_write({"call_started_at": False})
                self._l10n_fr_urssaf_commit()
                raise
        return lost

    def _l10n_fr_urssaf_end_call(self):
        """After URSSAF answered and the answer was recorded: clear the marker and commit, so a
        replay of this request by Odoo finds the outcome."""
        self._sync_write({"call_started_at": False})
        self._l10n_fr_urssaf_commit()

    # ---------------------------------------------------------------- scheduled action

    def _cron_domain(self, now):
        """The records the scheduled action still has to process."""
        raise NotImplementedError

    def _cron_order(self):
        return "last_check_date asc nulls first, id"

    def _cron_process(self, api_client, now):
        """Process ``self`` (records of one company, at most a chunk); returns one of CRON_OK,
        CRON_ERROR (recorded on the records), CRON_TEMPORARY or CRON_COMPANY_FAILED."""
        raise NotImplementedError

    def _cron_lock_free(self, domain=None, where=None):
        """The records of ``self`` that nobody else is working on now (locked for this
        transaction) and that still match ``domain`` once locked (e.g. still due: another worker
        may have processed them meanwhile), or ``where`` (the same as SQL, built once per run);
        the others are left for the next run. One query, which also reads them."""
        if not self:
            return self

        table = SQL.identifier(self._table)
        # sent in the same round trip as the lock: a transaction that only records what URSSAF
        # said may end without waiting for the disk; where each record has its own savepoint, a
        # row locked by someone else for long (e.g. an invoice a booking must update) fails that
        # record only, instead of stopping the run
        prelude = SQL().join(
            [
                *(
                    [SQL("SET LOCAL synchronous_commit TO OFF; ")]
                    if self._l10n_fr_urssaf_cron_async_commit
                    else []
                ),
                *(
                    [SQL("SET LOCAL lock_timeout = %s; ", LOCK_WAIT)]
                    if self._l10n_fr_urssaf_cron_isolates
                    else []
                ),
            ]
        )
        # what the processing reads, fetched by the locking query itself (one query, and the
        # values are the locked rows' own, not those read with the page)
        columns = [
            field
            for field in self._fields.values()
            if field.store and field.column_type and field.prefetch is True and field.name != "id"
        ]

        def lock_query(records):
            query = records.with_context(active_test=False)._search(
                [("id", "in", records.ids), *(domain or [])]
            )
            if where is not None:
                query.add_where(where)
            select = query.select
            query.select = lambda *terms: SQL(
                "%s%s FOR NO KEY UPDATE OF %s SKIP LOCKED", prelude, select(*terms), table
            )
            return query

        def lock(query):
            return set(self._fetch_query(query, columns).ids)

        self.invalidate_recordset()
        # built first: building it may read (access rules), which would start the transaction
        query = lock_query(self)
        if self.env.cr._cnx.info.transaction_status == TRANSACTION_STATUS_IDLE:
            # the first statement of a transaction: its snapshot is taken now, no concurrent
            # update can refuse the lock (no savepoint needed)
            try:
                with mute_logger("odoo.sql_db"):
                    free = lock(query)
            except SerializationFailure:
                # cannot happen (see above); the transaction held nothing else: left as a whole
                self.env.cr.rollback()
                return self.browse()
            return self.filtered(lambda rec: rec.id in free)
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                free = lock(query)
        except SerializationFailure:
            # one of them was changed by someone else since this transaction's snapshot (e.g.
            # read by another worker since this run loaded its page): that one only is left
            free = set()
            for record in self:
                query = lock_query(record)
                try:
                    with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                        free |= lock(query)
                except SerializationFailure:
                    continue
        return self.filtered(lambda rec: rec.id in free)

    def _cron_context(self):
        """The language and time zone of the user who follows the records up."""
        user = self[:1]._follow_up_user() or self.env.user
        return self.with_context(
            lang=user.lang or self.company_id.partner_id.lang or "en_US",
            tz=user.tz or "Europe/Paris",
        )

    def _cron_process_safely(self, api_clients, now, read_ahead=None):
        """One chunk: never lets an error escape; a company without a usable configuration is
        reported as CRON_COMPANY_FAILED. An error of the chunk's call to URSSAF is recorded on
        all of its records (CRON_TEMPORARY counts towards the company's outage); one record's
        own failure is recorded on that record only (see :meth:`_cron_isolated`).
        ``read_ahead``: the chunk's call already made in a thread (:class:`ReadAhead`), whose
        answer, or error, the processing gets instead of making the call."""
        records = self._cron_context()
        company = records.company_id
        try:
            if company not in api_clients:
                api_clients[company] = company._l10n_fr_urssaf_get_client()
            api_client = api_clients[company]
            if read_ahead is not None:
                api_client = ReadAheadClient(api_client, read_ahead)
            if self._l10n_fr_urssaf_cron_isolates:
                return records._cron_process(api_client, now)
            with self.env.cr.savepoint():
                return records._cron_process(api_client, now)
        except (UserError, UrssafConfigurationError) as exc:
            if isinstance(exc, UserError) and company in api_clients:
                records._cron_record_error(exc, now)  # the records' own problem
                return CRON_ERROR
            # the company's configuration: not the records' fault, nothing marked checked
            records._sync_write(
                records._cron_error_values(explain_urssaf_error(records.env, exc), None)
            )
            return CRON_COMPANY_FAILED
        except UrssafTemporaryError as exc:
            records._cron_record_error(exc, now)
            return CRON_TEMPORARY
        except Exception as exc:  # noqa: BLE001 - one record's error must not stop the others
            records._cron_record_error(exc, now)
            return CRON_ERROR

    def _cron_isolated(self, work, now):
        """Run ``work()`` for this one record in its own savepoint: when it fails (an error, a
        database serialization failure, a lock not obtained), what it did is rolled back, the
        error is recorded on this record only and logged with its traceback, and the caller goes
        on with the other records. Returns whether it succeeded."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                work()
        except Exception as exc:  # noqa: BLE001 - one record's error must not stop the others
            self._cron_record_error(exc, now)
            return False
        return True

    def _cron_error_values(self, message, now):
        """What a failed synchronisation writes on the records (``now``: None when they were not
        read, e.g. the company's configuration is refused)."""
        values = {"last_error": message}
        if now:
            values["last_check_date"] = now
        return values

    def _cron_record_error(self, exc, now):
        message = explain_urssaf_error(self.env, exc)
        # URSSAF's and the user's errors are explained by their message; any other is a bug or a
        # database error (serialization failure, lock timeout): its traceback goes to the log
        expected = isinstance(exc, UserError | UrssafError)
        _logger.warning(
            "URSSAF: %s %s could not be processed: %s",
            self._name,
            self.ids,
            redact(message),
            exc_info=not expected,
        )
        self._sync_write(self._cron_error_values(message, now))
        errors = self.env.context.get("l10n_fr_urssaf_cron_errors")
        if errors is not None:
            errors.extend(self.ids)

    def _cron_call(self, now):
        """The chunk's call to URSSAF, when it is one call by ids that a thread can make ahead
        with the pure client: ``(method, ids)`` (see :class:`ReadAhead`); None when the chunk's
        processing makes its calls itself (the default)."""
        return None

    def _cron_claim_key(self):
        """The model's namespace of advisory locks: its table name's CRC, as a signed int4."""
        return zlib.crc32(self._table.encode()) - 2**31

    def _cron_claims(self, claim=(), release=()):
        """Claim for this database session the records of ids ``claim`` that no other session
        claimed (``pg_try_advisory_lock``, kept across the commits until released) and release
        those of ids ``release``, in one query. Returns the ids claimed."""
        if not claim and not release:
            return []
        key = self._cron_claim_key()
        self.env.cr.execute(
            SQL(
                "SELECT ARRAY(SELECT id FROM unnest(%s::int4[]) AS id "
                "WHERE pg_try_advisory_lock(%s, id)), "
                "(SELECT count(*) FROM unnest(%s::int4[]) AS id "
                "WHERE pg_advisory_unlock(%s, id))",
                list(claim),
                key,
                list(release),
                key,
            )
        )
        return self.env.cr.fetchone()[0]

    def _cron_pipeline(self, chunks, run, processed, still_due, api_clients, now):
        """The loop of a run whose chunks are read ahead (:meth:`_cron_call`): while chunk N's
        answers are recorded and committed, URSSAF answers chunk N+1's call in a thread.

        * Chunk N+1 is claimed before its call, by session-level advisory locks
          (:meth:`_cron_claims`: they outlive chunk N's commit, unlike row locks); another
          worker or server running this action claims nothing of it and skips it, as a user's
          refresh does (:meth:`_l10n_fr_urssaf_lock`).
        * The claimed records are then locked and checked as any chunk (locked by nobody else,
          still due) in the transaction that records chunk N, and their call starts once chunk
          N's call was answered (an outage costs no more calls than without the thread).
        * Chunk N+1's answers are recorded in the next transaction, its rows locked again:
          a record no longer due, locked by someone else (a user's refresh) or changed since
          its call (its ``write_date``) gets nothing from that answer and waits for the next
          run; it is never read twice.
        * A chunk's claims are released in the transaction that records it (its rows stay
          locked until its commit), and in any case at the end of the run."""
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="urssaf-read-ahead")
        call_clients = {}
        claimed, release = set(), []

        def left(records, counted=True):
            """Records this run leaves: skipped (counted) unless their company failed."""
            release.extend(records.ids)
            run["pending"] -= records
            if counted:
                run["skipped"] |= records

        def claim_next():
            """The next chunk claimed by this run, and its company (read from the page: the
            commits empty the cache, and a query would start the next transaction)."""
            for company, chunk in chunks:
                if company in run["failed"]:
                    continue
                got = set(self._cron_claims(claim=chunk.ids, release=release))
                claimed.difference_update(release)
                release.clear()
                claimed.update(got)
                mine = chunk.browse([rec_id for rec_id in chunk.ids if rec_id in got])
                run["skipped"] |= chunk - mine
                if mine:
                    run["pending"] |= mine
                    return company, mine
            if release:
                self._cron_claims(release=release)
                claimed.difference_update(release)
                release.clear()
            return None, self.browse()

        def read_ahead(records):
            """Start the call of these records (checked, locked) in the thread."""
            company = records.company_id
            if company in run["failed"]:
                return None
            call = records._cron_call(now)
            if call is None:
                return None
            if company not in call_clients:
                try:
                    call_clients[company] = company._l10n_fr_urssaf_get_client()
                except Exception:  # noqa: BLE001 - told by the chunk's own processing
                    call_clients[company] = None
            if call_clients[company] is None:
                return None
            ahead = ReadAhead(*call)
            ahead.start(executor, call_clients[company])
            return ahead

        try:
            # the chunk read (or to read) in the previous transaction: its records, their
            # write_date when its call was made, its call
            company, current, stamps, ahead = None, self.browse(), {}, None
            following_company, following = claim_next()
            while current or following:
                if current and company in run["failed"]:
                    left(current, counted=False)
                    current = self.browse()
                # one query: chunk N locked again (its answers to record), chunk N+1 locked
                free = (current | following)._cron_lock_free(where=still_due)
                checked = following & free
                left(following - checked)
                mine = (current & free).filtered(
                    lambda rec, stamps=stamps: rec.write_date == stamps.get(rec.id)
                )
                left(current - mine)
                next_stamps = {rec.id: rec.write_date for rec in checked}
                next_ahead = None
                if ahead is not None:
                    # chunk N+1's call starts once URSSAF answered chunk N's (an outage costs
                    # no more calls than without the thread)
                    if ahead.succeeded() and checked:
                        next_ahead = read_ahead(checked)
                elif not current and checked:
                    next_ahead = read_ahead(checked)
                # chunk N+2 claimed meanwhile; the claims of chunk N released (its rows stay
                # locked until its commit)
                release.extend(mine.ids)
                after_company, after = claim_next()
                if current:
                    outcome = CRON_OK
                    if mine:
                        outcome = mine._cron_process_safely(api_clients, now, ahead)
                        processed(mine, outcome)
                    run["pending"] -= mine
                    if ahead is None and outcome == CRON_OK and checked:
                        next_ahead = read_ahead(checked)
                self._l10n_fr_urssaf_commit()
                company, current, stamps, ahead = (
                    following_company,
                    checked,
                    next_stamps,
                    next_ahead,
                )
                following_company, following = after_company, after
        finally:
            # no call outlives the run
            executor.shutdown(wait=True)
            claimed.update(release)
            if claimed:
                if self.env.cr._cnx.info.transaction_status == TRANSACTION_STATUS_INERROR:
                    self.env.cr.rollback()  # an error ends the run: the claims must not stay
                self._cron_claims(release=sorted(claimed))

    @api.model
    def _cron_run(self, batch_size=50, chunk_size=1, now=None):
        """Process at most ``batch_size`` due records, ``chunk_size`` per call to URSSAF (one
        company per chunk), the least recently checked first. Commits and notifies its progress
        after each chunk, so a crash later keeps what was done; never stops on one chunk's error;
        leaves for the next run a company whose configuration is refused or that meets
        OUTAGE_STRIKES temporary errors in a row. Under the scheduler, Odoo runs it again while
        records remain; called otherwise (e.g. by hand), it triggers the scheduled action.
        Returns ``(done, remaining)``. With :meth:`_cron_call`, a chunk's call runs in a thread
        while the previous chunk's answers are recorded (see :meth:`_cron_pipeline`)."""
        now = now or fields.Datetime.now()
        due = self._cron_domain(now)
        api_clients, strikes = {}, {}
        failed = self.env["res.company"]
        # leftover: processed in this run but still due (its call failed); never twice a run
        # the records whose processing failed in this run (see _cron_record_error)
        errors = self.env.context.get("l10n_fr_urssaf_cron_errors")
        if errors is None:
            errors = []
            self = self.with_context(l10n_fr_urssaf_cron_errors=errors)  # noqa: PLW0642
        # counted once: the progress after each chunk is an estimate (a count per chunk would
        # cost a scan of every due record per call to URSSAF); the last one is exact
        total = self.search_count(due)
        # still due once locked, and no call of someone else's still running on them: the
        # condition, as SQL, built once per run
        idle = ["|", ("call_started_at", "=", False), ("call_started_at", "<", now - CALL_TIMEOUT)]
        still_due = self.with_context(active_test=False)._search(due + idle).where_clause
        run = {"done": 0, "skipped": self.browse(), "leftover": self.browse(), "failed": failed}
        # the chunks claimed by this run and not processed yet (pipelined runs): not in the pages
        run["pending"] = self.browse()

        def chunks():
            """The chunks of due records: a page at a time (the memory and the prefetching of a
            run do not grow with it), one company per chunk."""
            while run["done"] + len(run["pending"]) < batch_size:
                todo = self.search(
                    due
                    + [
                        ("company_id", "not in", run["failed"].ids),
                        ("id", "not in", (run["skipped"] | run["leftover"] | run["pending"]).ids),
                    ],
                    order=self._cron_order(),
                    limit=min(batch_size - run["done"] - len(run["pending"]), CRON_PAGE),
                )
                if not todo:
                    return
                for company in todo.company_id:
                    records = todo.filtered(lambda rec, company=company: rec.company_id == company)
                    for start in range(0, len(records), chunk_size):
                        yield company, records[start : start + chunk_size]

        def processed(free, outcome):
            """Count a processed chunk, notify the progress (the caller commits)."""
            # processed in this run: not again in this run, even when still due (not marked
            # read); the others are no longer due (kept out of the list: the memory of a run
            # does not grow with it)
            run["leftover"] |= free.filtered(lambda rec: rec.last_check_date != now)
            run["done"] += len(free)
            company = free.company_id
            if outcome == CRON_COMPANY_FAILED:
                run["failed"] |= company
            elif outcome == CRON_TEMPORARY:
                strikes[company] = strikes.get(company, 0) + 1
                if strikes[company] >= OUTAGE_STRIKES:
                    run["failed"] |= company
            else:
                strikes[company] = 0
            remaining = max(total - run["done"], 0)
            self.env["ir.cron"]._notify_progress(done=run["done"], remaining=remaining)

        if self._l10n_fr_urssaf_cron_pipelined:
            self._cron_pipeline(chunks(), run, processed, still_due, api_clients, now)
        else:
            for company, chunk in chunks():
                if company in run["failed"]:
                    continue
                # locked by nobody else (another worker or server running this action, a
                # user's click) and still due once locked (not read by them meanwhile)
                free = chunk._cron_lock_free(where=still_due)
                run["skipped"] |= chunk - free
                if not free:
                    continue
                processed(free, free._cron_process_safely(api_clients, now))
                self._l10n_fr_urssaf_commit()
        done, skipped, leftover, failed = (
            run["done"],
            run["skipped"],
            run["leftover"],
            run["failed"],
        )
        if failed:
            _logger.warning(
                "URSSAF: %s of companies %s left for the next run (see the records' errors)",
                self._description,
                failed.ids,
            )
        # what this run processed waits for the next one, even when still due: no loop on a
        # record whose call keeps failing
        remaining = self.search_count(
            due + [("company_id", "not in", failed.ids), ("id", "not in", leftover.ids)]
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        if remaining and done and not self.env.context.get("ir_cron_progress_id"):
            self.env.ref(self._l10n_fr_urssaf_cron_xmlid)._trigger()
        errors = len(set(errors))
        stats = self.env.context.get("l10n_fr_urssaf_cron_stats")
        if stats is not None:
            stats.update(
                errors=errors,
                done=done,
                remaining=remaining,
                locked=len(skipped),
                failed_companies=failed.mapped("name"),
            )
        _logger.info(
            "URSSAF: %s: %s read (%s of them with an error), %s skipped (being processed by "
            "another worker, server or user, or read by them meanwhile), %s left for the next "
            "run",
            self._description,
            done,
            errors,
            len(skipped),
            remaining,
        )
        return done, remaining
