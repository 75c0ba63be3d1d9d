"""Inputs besides the plan: actual values (CSV or the office workbook), reference data, last year's assessment."""
