# Copyright (c) 2024 Acme Corp. All rights reserved.
"""Invoice export from Acme's billing system: existing code, handed over with a single test."""

import csv

MINOR_UNITS = {"USD": 2, "EUR": 2, "JPY": 0}


def format_amount(minor, currency="USD"):
    """An amount in minor units as text: 1234 USD is '12.34', 1234 JPY is '1234'."""
    digits = MINOR_UNITS.get(currency)
    if digits is None:
        raise ValueError("unknown currency: %s" % currency)
    if digits == 0:
        return str(minor)
    return "%d.%02d" % divmod(minor, 100)


def export_csv(invoices, out):
    """Writes invoices to the text stream `out` as CSV, amounts formatted in their currency; returns the count."""
    writer = csv.writer(out)
    writer.writerow(["number", "customer", "amount", "currency"])
    count = 0
    for invoice in invoices:
        currency = invoice.get("currency", "USD")
        amount = format_amount(invoice["amount"], currency)
        writer.writerow([invoice["number"], invoice["customer"], amount, currency])
        count += 1
    return count
