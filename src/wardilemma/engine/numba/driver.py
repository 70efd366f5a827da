"""The integrator around the generated blocks of a numba kernel: Euler and RK4 as in
:data:`wardilemma.engine.integrators.METHODS`, member by member, with the checks of
:mod:`wardilemma.engine.checks` inside the loop.

A template for :func:`wardilemma.engine.numba.emit.generate_source`, which fills
``{init}``, ``{const}``, ``{aux}``, ``{deriv}`` (calls of the generated functions) and
``{tolerance}``.
Illustrative model, not a forecast.
"""

DRIVER = '''
@njit(cache=True, error_model="numpy", nogil=True)
def run(P, pmap, sv, sp, S, ymap, rec, lo, hi, out, fail, value, n_steps, stride, method,
        dt, t0, t1, m0, m1):
    """Advance members m0 .. m1 - 1 over the whole run, recording rows ``rec`` of v.

    At each saved time, rows ``rec`` of v are checked, and the first ``out.shape[2]`` of
    them recorded (the others are stocks checked only): a value not finite, or outside
    ``lo .. hi`` (with a tolerance of {tolerance} of the member's first value of that
    row), stops the member, and ``fail[m]`` holds the saved time and the row's index in
    ``rec`` (``value[m]`` the value); else it stays -1.
    """
    v = np.zeros(NN + NRN * R)
    low = np.empty(rec.shape[0])
    high = np.empty(rec.shape[0])
    ny = NY + NYR * R
    y = np.empty(ny)
    ya = np.empty(ny)
    K = np.empty((4, ny))
    stages = 1 if method == 0 else 4
    rows = 1 if method == 0 else 3
    n_rec = out.shape[2]
    n_chk = rec.shape[0]
    for m in range(m0, m1):
        pm = P[m]
        for j in range(pmap.shape[0]):
            v[pmap[j]] = pm[j]
        for j in range(sv.shape[0]):
            x = S[0, j]
            v[sv[j]] = pm[sp[j]] if x != x else x
        t = t0
        s = 0
{init}
        for j in range(ny):
            y[j] = v[ymap[j]]
{const}
        k = 0
        for i in range(n_steps + 1):
            ti = t0 + i * dt
            last = i == n_steps
            for s in range(1 if last else stages):
                if s == 0:
                    t = ti
                    row = i * rows
                    for j in range(ny):
                        ya[j] = y[j]
                elif s == 3:
                    t = ti + dt
                    row = i * rows + 2
                    for j in range(ny):
                        ya[j] = y[j] + dt * K[2, j]
                else:
                    t = ti + dt / 2
                    row = i * rows + 1
                    for j in range(ny):
                        ya[j] = y[j] + dt / 2 * K[s - 1, j]
                for j in range(sv.shape[0]):
                    x = S[row, j]
                    v[sv[j]] = pm[sp[j]] if x != x else x
                for j in range(ny):
                    v[ymap[j]] = ya[j]
{aux}
{deriv}
                if s == 0 and i % stride == 0:
                    for j in range(n_rec):
                        out[k, m, j] = v[rec[j]]
                    if k == 0:  # the bounds with their tolerance, once per member
                        for j in range(n_chk):
                            a = abs(v[rec[j]])
                            tol = {tolerance} * a if a > 1.0 else {tolerance}
                            low[j] = lo[j] - tol
                            high[j] = hi[j] + tol
                    for j in range(n_chk):
                        x = v[rec[j]]
                        # x - x is NaN for NaN and infinities
                        if x - x != 0.0 or x < low[j] or x > high[j]:
                            fail[m, 0] = k
                            fail[m, 1] = j
                            value[m] = x
                            break
                    k += 1
                    if fail[m, 0] >= 0:
                        break
            if last or fail[m, 0] >= 0:
                break
            if method == 0:
                for j in range(ny):
                    y[j] = y[j] + dt * K[0, j]
            else:
                for j in range(ny):
                    y[j] = y[j] + dt / 6 * (K[0, j] + 2 * K[1, j] + 2 * K[2, j] + K[3, j])
    return 0
'''
