"""Generated files: the model and parameter references and the writer of every generated file.

Illustrative model, not a forecast.
"""
