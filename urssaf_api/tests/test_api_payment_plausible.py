"""Plausible amounts: at most 24 hours per day of service (refused), an invoice above the
company's warning amount and a client above the tax credit's yearly ceiling (warned)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from payment_samples import TODAY, Typed, erp_amounts, r, valid_data

from urssaf_api.billing import (
    PaymentLine,
    check_payment_request,
    payment_request_warnings,
    prepare_payment_request,
)
from urssaf_api.billing.checks import (
    DEFAULT_WARN_AMOUNT,
    MAX_HOURS_PER_DAY,
    TAX_CREDIT_CEILING,
)
from urssaf_api.texts_fr import typography

D = Decimal


def _hours_data(quantities, start, end, unit="HEURE", **changes):
    """An invoice of ``quantities`` hours of cleaning at 25 € excl. VAT, one line each."""
    lines, total_ht, total_ttc = erp_amounts([Typed(D(q), D(25), unit=unit) for q in quantities])
    values = {"invoice_date": end, **changes}
    return valid_data(
        lines=lines,
        total_ht=total_ht,
        total_ttc=total_ttc,
        start_date=start,
        end_date=end,
        **values,
    )


def _problems(data, today=TODAY):
    return [(p.field, p.message_en, p.message_fr) for p in check_payment_request(data, today)]


def _fields(data, today=TODAY):
    return [field for field, _en, _fr in _problems(data, today)]


def test_the_constants_are_the_documented_figures():
    assert MAX_HOURS_PER_DAY == 24
    assert DEFAULT_WARN_AMOUNT == 5000
    assert TAX_CREDIT_CEILING == 12000


# ---------------------------------------------------------------- 24 hours a day (refused)


@pytest.mark.parametrize(
    ("quantity", "refused"), [("24", False), ("23.99", False), ("24.01", True), ("25", True)]
)
def test_one_day_period_takes_24_hours_at_most(quantity, refused):
    day = date(2024, 3, 15)
    data = _hours_data([quantity], day, day)
    assert _fields(data) == (["lines"] if refused else [])


@pytest.mark.parametrize(("quantity", "refused"), [("744", False), ("744.01", True)])
def test_a_31_day_month_takes_744_hours_at_most(quantity, refused):
    data = _hours_data([quantity], date(2024, 3, 1), date(2024, 3, 31))
    assert _fields(data, today=date(2024, 4, 2)) == (["lines"] if refused else [])


def test_the_days_are_counted_from_first_to_last_day_included():
    # 2 days: 48 h pass, 48.01 h do not (the last day counts)
    ok = _hours_data(["48"], date(2024, 3, 14), date(2024, 3, 15))
    over = _hours_data(["48.01"], date(2024, 3, 14), date(2024, 3, 15))
    assert _fields(ok) == []
    assert _fields(over) == ["lines"]


def test_the_hours_of_every_line_add_up_per_invoice():
    day = date(2024, 3, 15)
    assert _fields(_hours_data(["20", "4"], day, day)) == []
    ((field, en, fr),) = _problems(_hours_data(["20", "4.01"], day, day))
    assert field == "lines"
    assert "24.01 hours billed" in en and "line 1 (20 x 25): 20 h" in en
    assert "line 2 (4.01 x 25): 4.01 h" in en and "24 h at most" in en
    assert "24.01 heures facturées" in fr and typography("ligne 2 (4.01 x 25) : 4.01 h") in fr


def test_flat_rate_lines_are_not_hours():
    day = date(2024, 3, 15)
    data = _hours_data(["30"], day, day, unit="FORFAIT")
    assert _fields(data) == []
    # with hours on the same invoice, only the hours count
    lines, total_ht, total_ttc = erp_amounts(
        [Typed(D(30), D(25), unit="FORFAIT"), Typed(D(24), D(25))]
    )
    mixed = valid_data(
        lines=lines,
        total_ht=total_ht,
        total_ttc=total_ttc,
        start_date=day,
        end_date=day,
        invoice_date=day,
    )
    assert _fields(mixed) == []


def test_a_line_with_its_own_dates_is_checked_against_its_own_days():
    data = _hours_data(["24"], date(2024, 3, 5), date(2024, 3, 15))
    one_day = dataclasses.replace(
        data.lines[0], start_date=date(2024, 3, 10), end_date=date(2024, 3, 10)
    )
    assert _fields(dataclasses.replace(data, lines=[one_day])) == []
    over = _hours_data(["24.01"], date(2024, 3, 5), date(2024, 3, 15))
    line = dataclasses.replace(
        over.lines[0], start_date=date(2024, 3, 10), end_date=date(2024, 3, 10)
    )
    ((field, en, fr),) = _problems(dataclasses.replace(over, lines=[line]))
    # the invoice's 11 days would take it: the line's own day does not
    assert field == "lines[0].quantity"
    assert en.startswith("Invoice FA2024-0001: line 1 (24.01 x 25), Quantity: 24.01 h from ")
    assert "(1 day(s))" in en and "24 h at most" in en
    assert "corrigez la quantité (en heures) ou les dates de la ligne" in fr


def test_a_line_with_its_start_only_runs_to_the_end_of_the_period():
    data = _hours_data(["48.01"], date(2024, 3, 5), date(2024, 3, 15))
    line = dataclasses.replace(data.lines[0], start_date=date(2024, 3, 14))
    assert _fields(dataclasses.replace(data, lines=[line])) == ["lines[0].quantity"]
    ok = _hours_data(["48"], date(2024, 3, 5), date(2024, 3, 15))
    line = dataclasses.replace(ok.lines[0], start_date=date(2024, 3, 14))
    assert _fields(dataclasses.replace(ok, lines=[line])) == []


def test_a_billion_hours_are_refused_with_a_clear_message():
    """The issue's case: 1e9 hours of cleaning at 25 € (27.5 billion € incl. VAT)."""
    data = _hours_data(["1000000000"], date(2024, 3, 5), date(2024, 3, 15))
    assert data.total_ttc == D("27500000000.00")
    prepared = prepare_payment_request(data, TODAY)
    assert prepared.payload is None
    ((problem,),) = [prepared.problems]
    assert problem.blocking and problem.field == "lines"
    assert problem.message_en == (
        "Invoice FA2024-0001: Invoice lines: 1000000000 hours billed (line 1 (1000000000 x 25): "
        "1000000000 h) for 11 day(s) of service (2024-03-05 to 2024-03-15): more than 24 hours "
        "a day (264 h at most); correct the quantities (in hours) or the service period."
    )
    assert problem.message_fr.startswith(
        typography(
            "Facture FA2024-0001 : Lignes de facture : 1000000000 heures facturées (ligne 1 "
        )
    )
    assert "du 05/03/2024 au 15/03/2024" in problem.message_fr
    assert "plus de 24 heures par jour (264 h au plus)" in problem.message_fr


def test_a_million_hours_are_refused_too():
    data = _hours_data(["1000000"], date(2024, 3, 1), date(2024, 3, 31))
    assert _fields(data, today=date(2024, 4, 2)) == ["lines"]


def test_hours_are_not_checked_against_an_invalid_period():
    # the period is reported; no hour problem is made up from it
    data = _hours_data(["1000"], date(2024, 3, 15), date(2024, 3, 5))
    assert "lines" not in _fields(data)


# ---------------------------------------------------------------- warnings (never block)


def _flat(ttc, **changes):
    """One 120 "meals" flat-rate line of ``ttc`` € (10 % VAT)."""
    ttc = D(ttc)
    ht = r(ttc / D("1.1"))
    return valid_data(
        lines=[PaymentLine("120", "FORFAIT", D(1), ht, ttc)],
        total_ht=ht,
        total_ttc=ttc,
        **changes,
    )


def _warnings(data):
    prepared = prepare_payment_request(data, TODAY)
    assert prepared.problems == [] and prepared.payload is not None, prepared.problems
    assert all(not w.blocking for w in prepared.warnings)
    assert payment_request_warnings(data) == prepared.warnings
    return prepared.warnings


def test_an_invoice_at_the_warning_amount_is_not_warned_one_cent_above_is():
    assert _warnings(_flat("5000.00", warn_amount=D(5000))) == []
    (warning,) = _warnings(_flat("5000.01", warn_amount=D(5000)))
    assert warning.field == "total_ttc"
    assert warning.message_en == (
        "Invoice FA2024-0001: Total including VAT: 5,000.01 € is above your company's warning "
        "amount (5,000.00 €): check the quantities and prices before sending; without the "
        "client's answer within 48 hours, the request is validated and the client debited."
    )
    assert "5\u202f000,01\u00a0€ dépasse le montant d'alerte" in warning.message_fr


@pytest.mark.parametrize("threshold", [None, D(0)])
def test_no_warning_amount_warns_nothing(threshold):
    assert _warnings(_flat("900000", warn_amount=threshold)) == []


def test_the_ceiling_exactly_reached_is_not_warned_passed_is():
    assert _warnings(_flat("2000.00", client_year_total=D("10000.00"))) == []
    (warning,) = _warnings(_flat("2000.01", client_year_total=D("10000.00")))
    assert warning.field == "total_ttc"
    en, fr = warning.message_en, warning.message_fr
    assert "services sent to URSSAF by your company for 2024 reach 12,000.01 €" in en
    assert "12,000.00 € in the general case, article 199 sexdecies" in en
    assert "ceiling may be higher" in en and "20,000.00 € with a disabled member" in en
    assert "the advance URSSAF paid on that part is taken back from the client" in en
    assert "pour 2024 atteignent 12\u202f000,01\u00a0€" in fr
    assert "article 199 sexdecies du CGI" in fr


def test_the_first_invoice_of_the_year_can_pass_the_ceiling_alone():
    (warning,) = _warnings(_flat("12000.01", client_year_total=D(0)))
    assert "12,000.01 €" in warning.message_en


def test_an_unknown_year_total_warns_nothing():
    assert _warnings(_flat("50000")) == []


def test_both_warnings_and_the_deposit_one_come_together_and_never_block():
    data = _flat(
        "6000",
        warn_amount=D(5000),
        client_year_total=D(7000),
        deposit_amount=D(100),
        deposit_date=date(2024, 3, 16),
    )
    assert [w.field for w in _warnings(data)] == ["deposit_amount", "total_ttc", "total_ttc"]


def test_warnings_are_given_with_the_problems_too():
    data = _flat("6000", warn_amount=D(5000), id_client=None)
    prepared = prepare_payment_request(data, TODAY)
    assert [p.field for p in prepared.problems] == ["id_client"]
    assert [w.field for w in prepared.warnings] == ["total_ttc"]


# ---------------------------------------------------------------- what the payload can carry


def test_an_amount_the_request_cannot_write_exactly_is_refused():
    # a JSON number (a float) carries about 15 significant digits: ...99.99 would be sent as ...98
    prepared = prepare_payment_request(_flat("99999999999999.99"), TODAY)
    assert prepared.payload is None
    fields = [p.field for p in prepared.problems]
    assert fields[0] == "total_ttc" and "lines[0].amount_ttc" in fields
    assert "99999999999999.99 € cannot be written exactly in the request" in (
        prepared.problems[0].message_en
    )
    # 13 significant digits are written exactly
    assert prepare_payment_request(_flat("27500000000.55"), TODAY).problems == []


def test_hours_are_checked_even_when_another_date_is_wrong():
    # the invoice date in the future is reported, and so are the hours: all problems at once
    day = date(2024, 3, 15)
    data = _hours_data(["25"], day, day, invoice_date=date(2024, 3, 25))
    assert _fields(data) == ["invoice_date", "lines"]
