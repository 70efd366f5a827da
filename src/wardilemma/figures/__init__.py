"""Figures: the dashboard and comparison, the slide, diagrams, uncertainty figures.

Illustrative model, not a forecast.
"""
