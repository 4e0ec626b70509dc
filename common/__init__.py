"""Helpers that every app shares and that know no feature.

The client address behind the proxy, rate limits, safe spreadsheet cells.
"""
