"""Consistency reviewer for Chinese public budget and performance reports."""

__version__ = "0.1.0"
