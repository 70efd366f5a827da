"""Studies: the work of a command that runs an analysis and writes its files and figures.

The analysis (:mod:`wardilemma.analysis`) computes and the figures
(:mod:`wardilemma.figures`) draw; a study joins them, above both, so that the analysis never
imports the figures:

* :mod:`.montecarlo`: the ``montecarlo`` command (bands, fan chart, members table, paired
  shares, manifest);
* :mod:`.uncertainty`: the ``sweep`` and ``sensitivity`` commands and the README's
  uncertainty figures.

A study of one computed result (a calibration, a fit, the claims, loop dominance, an exit
policy, an explanation) needs no module here: its ``write_*`` sits beside its figures in
:mod:`wardilemma.figures`. Illustrative model, not a forecast.
"""
