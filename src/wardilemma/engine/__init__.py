"""The run: scenario inputs, kernels (NumPy, numba), integrators and numerical checks.

Illustrative model, not a forecast.
"""
