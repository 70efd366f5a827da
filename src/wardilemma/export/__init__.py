"""Exports of the model: the JavaScript model of the explorer and XMILE.

Illustrative model, not a forecast.
"""
