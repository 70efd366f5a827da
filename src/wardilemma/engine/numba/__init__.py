"""The numba backend: the model's trees compiled to one ``@njit`` kernel per model.

The NumPy engine (:mod:`wardilemma.engine.run`) runs a few hundred small array operations
per time step; for one run or a small ensemble the per-call overhead, not the arithmetic, is
what costs. Here the same validated trees, in the engine plan's order
(:mod:`wardilemma.engine.plan`), become the source of a kernel that advances every stock
of a block of members over the whole run, member by member; ensembles split the members over
threads. Semantics are the NumPy engine's, operation for operation (same evaluation order,
same builtins, ``np.interp`` for lookups, Euler and RK4 with the same stage formulas), so both
backends agree to rounding (a test checks 1e-12 relative).

* :mod:`~wardilemma.engine.numba.emit`: the source, from the trees and the plan;
* :mod:`~wardilemma.engine.numba.driver`: the integrator around the generated blocks;
* :mod:`~wardilemma.engine.numba.support`: the scalar builtins (``step``, ``pulse``, lookups);
* :mod:`~wardilemma.engine.numba.cache`: the generated module on disk, loaded or compiled once;
* :mod:`~wardilemma.engine.numba.run`: one call of the kernel for a run or an ensemble.

Only :mod:`~wardilemma.engine.numba.support` and the generated module import numba itself.
Illustrative model, not a forecast.
"""
