"""Studies: the work of a command that runs an analysis and writes its files and figures.

The analysis (:mod:`wardilemma.analysis`) computes and the figures
(:mod:`wardilemma.figures`) draw; a study joins them, above both, so that the analysis never
imports the figures:

* :mod:`.montecarlo`: the ``montecarlo`` command (bands, fan chart, members table, paired
  shares, manifest);
* :mod:`.uncertainty`: the ``sweep`` and ``sensitivity`` commands and the README's
  uncertainty figures;
* :mod:`.dominance`: the ``dominance`` command (the analysis, its figure and phase table);
* :mod:`.slide`: the ``slide`` command (two runs, the finding, the slide).

A result computed elsewhere (a calibration, a fit, the claims, an exit policy, an
explanation) is written by the ``write_*`` beside its figures in :mod:`wardilemma.figures`:
that writes, it does not compute. Illustrative model, not a forecast.
"""
