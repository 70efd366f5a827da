"""Analyses of runs: feedback loops, loop dominance, calibration, uncertainty, claims.

Illustrative model, not a forecast.
"""
