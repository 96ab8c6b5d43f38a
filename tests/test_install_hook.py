"""The install hook fills the stored fields of invoices, lines and products in SQL: the values
are the ones the ORM's computes give on the same rows, and every stored computed field the
addon adds to these big tables is created by the hook (so Odoo never computes it at install)."""

from datetime import date

from odoo.tests import TransactionCase, tagged

from odoo.addons.l10n_fr_urssaf_avance_immediate import hooks

BIG_MODELS = ("account.move", "account.move.line", "product.template")


@tagged("post_install", "-at_install")
class TestInstallHook(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.hour = env.ref("uom.product_uom_hour")
        cls.day = env.ref("uom.product_uom_day")
        cls.unit = env.ref("uom.product_uom_unit")
        cls.dozen = env.ref("uom.product_uom_dozen")

        def product(name, uom, nature=False):
            return env["product.product"].create(
                {
                    "name": name,
                    "type": "service",
                    "uom_id": uom.id,
                    "uom_po_id": uom.id,
                    "list_price": 20.0,
                    "l10n_fr_urssaf_nature": nature,
                }
            )

        cls.cleaning = product("Ménage", cls.hour, "60")
        cls.meals = product("Repas", cls.unit, "120")
        # a product whose URSSAF unit was set by hand against its unit of measure
        cls.lessons = product("Cours", cls.unit, "90")
        cls.lessons.l10n_fr_urssaf_unit = "HEURE"
        cls.plain = product("Sans nature", cls.unit)
        partner = env["res.partner"].create({"name": "Client du test d'installation"})

        def line(product, uom=None, start=None, end=None, **vals):
            vals.update(
                {
                    "product_id": product.id if product else False,
                    "quantity": 2,
                    "price_unit": 30.0,
                    "l10n_fr_urssaf_service_start": start,
                    "l10n_fr_urssaf_service_end": end,
                }
            )
            if uom:
                vals["product_uom_id"] = uom.id
            if not product:
                vals.setdefault("name", "Déplacement")
            return (0, 0, vals)

        d = date
        cls.moves = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": d(2026, 3, 31),
                    "invoice_line_ids": [
                        line(cls.cleaning, start=d(2026, 3, 2), end=d(2026, 3, 5)),
                        line(cls.cleaning, cls.day, start=d(2026, 3, 9)),
                        line(cls.meals, end=d(2026, 3, 20)),
                        line(cls.lessons),
                        line(cls.lessons, cls.dozen),
                        line(cls.plain),
                        line(None),
                        line(None, cls.hour),
                        line(None, cls.unit),
                        (0, 0, {"display_type": "line_note", "name": "Note"}),
                    ],
                },
                {  # starts only: the last start ends the period
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": d(2026, 4, 30),
                    "invoice_line_ids": [
                        line(cls.meals, start=d(2026, 4, 6)),
                        line(cls.cleaning, start=d(2026, 4, 13)),
                    ],
                },
                {  # an end only: no start from the lines
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": d(2026, 5, 31),
                    "invoice_line_ids": [line(cls.meals, end=d(2026, 5, 15))],
                },
                {  # no service dates on the lines
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": d(2026, 6, 30),
                    "invoice_line_ids": [line(cls.cleaning)],
                },
                {  # the lines' dates over two months: no period
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": d(2026, 8, 31),
                    "invoice_line_ids": [
                        line(cls.cleaning, start=d(2026, 7, 28)),
                        line(cls.cleaning, start=d(2026, 8, 3)),
                    ],
                },
                {  # no dates on the lines, a delivery date on a draft: that day
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": d(2026, 9, 30),
                    "delivery_date": d(2026, 9, 12),
                    "invoice_line_ids": [line(cls.cleaning)],
                },
                {  # the same on a vendor bill: no service period
                    "move_type": "in_invoice",
                    "partner_id": partner.id,
                    "invoice_date": d(2026, 9, 30),
                    "delivery_date": d(2026, 9, 12),
                    "invoice_line_ids": [line(cls.cleaning)],
                },
            ]
        )
        cls.moves[0].action_post()

    # ---------------------------------------------------------------- helpers

    def _reset(self, table, columns):
        """The columns as the hook finds them when it creates them: empty."""
        self.env.flush_all()
        sets = ", ".join(f"{column} = NULL" for column in columns)
        self.env.cr.execute(f"UPDATE {table} SET {sets}")
        self.env.invalidate_all()

    def _values(self, table, columns):
        self.env.flush_all()
        self.env.cr.execute(f"SELECT id, {', '.join(columns)} FROM {table} ORDER BY id")
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _hook_and_orm(self, model, table, columns, fill):
        """The values written by ``fill`` and by the ORM's compute, each from empty columns."""
        self._reset(table, columns)
        fill(self.env)
        self.env.invalidate_all()
        by_hook = self._values(table, columns)
        self._reset(table, columns)
        Model = self.env[model].with_context(active_test=False)
        records = Model.search([])
        for column in columns:
            self.env.add_to_compute(Model._fields[column], records)
        self.env.flush_all()
        by_orm = self._values(table, columns)
        self.assertEqual(len(by_orm), len(records))
        return by_hook, by_orm

    # ---------------------------------------------------------------- tests

    def test_product_units_as_the_orm(self):
        by_hook, by_orm = self._hook_and_orm(
            "product.template",
            "product_template",
            ["l10n_fr_urssaf_unit"],
            hooks._fill_product_units,
        )
        self.assertEqual(by_hook, by_orm)
        self.assertEqual(by_hook[self.cleaning.product_tmpl_id.id], ("HEURE",))
        self.assertEqual(by_hook[self.lessons.product_tmpl_id.id], ("FORFAIT",))

    def test_line_natures_and_units_as_the_orm(self):
        columns = ["l10n_fr_urssaf_nature", "l10n_fr_urssaf_unit"]
        by_hook, by_orm = self._hook_and_orm(
            "account.move.line", "account_move_line", columns, hooks._fill_line_natures
        )
        self.assertEqual(by_hook, by_orm)
        lines = self.moves[0].invoice_line_ids.sorted("sequence")
        self.assertEqual(
            [by_hook[line.id] for line in lines],
            [
                ("60", "HEURE"),  # the product's unit
                ("60", "FORFAIT"),  # in days: not hours
                ("120", "FORFAIT"),
                ("90", "HEURE"),  # the product's unit set by hand
                ("90", "FORFAIT"),  # another unit of measure than the product's
                (None, "FORFAIT"),
                (None, None),  # neither product nor unit
                (None, "HEURE"),
                (None, "FORFAIT"),
                (None, None),  # a note
            ],
        )
        others = self.moves[0].line_ids - self.moves[0].invoice_line_ids
        self.assertTrue(others)
        self.assertEqual({by_hook[line.id] for line in others}, {(None, None)})

    def test_service_periods_as_the_orm(self):
        columns = ["l10n_fr_urssaf_service_start", "l10n_fr_urssaf_service_end"]
        by_hook, by_orm = self._hook_and_orm(
            "account.move", "account_move", columns, hooks._fill_service_periods
        )
        self.assertEqual(by_hook, by_orm)
        self.assertEqual(
            [by_hook[move.id] for move in self.moves],
            [
                (date(2026, 3, 2), date(2026, 3, 20)),
                (date(2026, 4, 6), date(2026, 4, 13)),
                (None, date(2026, 5, 15)),
                (None, None),
                (None, None),
                (date(2026, 9, 12), date(2026, 9, 12)),
                (None, None),
            ],
        )

    def test_hook_keeps_the_values_of_an_installed_database(self):
        """Run where the columns exist: it neither creates nor fills any (a product's unit set by
        hand stays)."""
        tables = {
            "product_template": ["l10n_fr_urssaf_unit"],
            "account_move_line": ["l10n_fr_urssaf_nature", "l10n_fr_urssaf_unit"],
            "account_move": [
                "l10n_fr_urssaf_service_start",
                "l10n_fr_urssaf_service_end",
                "l10n_fr_urssaf_payment_request_id",
                "l10n_fr_urssaf_state",
            ],
        }
        before = {table: self._values(table, columns) for table, columns in tables.items()}
        self.assertEqual(before["product_template"][self.lessons.product_tmpl_id.id], ("HEURE",))
        hooks.pre_init_hook(self.env)
        self.env.invalidate_all()
        after = {table: self._values(table, columns) for table, columns in tables.items()}
        self.assertEqual(before, after)

    def test_every_stored_computed_field_on_big_tables_is_created_by_the_hook(self):
        """Odoo computes a stored computed field on every existing row when it creates its
        column: each one the addon adds to invoices, lines and products is in the hook's list,
        with the column type Odoo expects (else Odoo would convert or recompute it)."""
        created = {(table, column): kind for table, column, kind, _label in hooks.COLUMNS}
        models = {self.env[model]._table: self.env[model] for model in BIG_MODELS}
        computed = set()
        for table, Model in models.items():
            for name, field in Model._fields.items():
                if name.startswith("l10n_fr_urssaf_") and field.store and field.compute:
                    computed.add((table, name))
        self.assertTrue(computed)
        self.assertLessEqual(computed, set(created))
        for (table, column), kind in created.items():
            field = models[table]._fields[column]
            self.assertTrue(field.store, column)
            self.assertEqual(field.column_type[0], kind, column)
        for column, fill in hooks.FILLS:
            self.assertIn(column, created)
            self.assertTrue(callable(fill))
