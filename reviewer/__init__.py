"""Consistency reviewer for Chinese public budget and performance reports.

Start-up time counts (one process per report, `reviewer --help`): heavy libraries — pandas, the PDF and
Office readers, openai, rich — are imported inside the functions that use them, not at module level.
"""

__version__ = "0.1.0"
