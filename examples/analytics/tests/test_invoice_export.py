"""Acme's existing test of the invoice export: it checks one error path and nothing else."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

from acme_legacy.invoice_export import format_amount


class FormatAmountTest(unittest.TestCase):
    def test_unknown_currency_is_refused(self):
        with self.assertRaises(ValueError):
            format_amount(100, "XYZ")


if __name__ == "__main__":
    unittest.main()
