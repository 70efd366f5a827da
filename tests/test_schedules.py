"""Time schedules of levers (:mod:`wardilemma.scenario.schedules`): steps, ramps, the base value."""

from __future__ import annotations

import numpy as np
import pytest

from wardilemma.scenario.schedules import INTERPOLATIONS, Schedule

BASE = np.full((3, 1), 7.0)  # (members, width): the lever's value before the first point


def test_step_holds_each_value_until_the_next_point() -> None:
    s = Schedule(np.array([2.0, 5.0]), np.array([[1.0], [4.0]]))
    assert s.interpolation == "step" and set(INTERPOLATIONS) == {"step", "linear"}
    got = [float(s.value_at(t, BASE)[0, 0]) for t in (0.0, 1.99, 2.0, 4.9, 5.0, 50.0)]
    assert got == [7.0, 7.0, 1.0, 1.0, 4.0, 4.0]
    assert s.value_at(3.0, BASE).shape == BASE.shape  # broadcast over members


def test_switch_uses_the_step_tolerance() -> None:
    s = Schedule(np.array([2.0]), np.array([[1.0]]))
    assert s.value_at(2.0 - 1e-7, BASE)[0, 0] == 1.0  # within 1e-6, as Vensim's STEP
    assert s.value_at(2.0 - 1e-3, BASE)[0, 0] == 7.0


def test_linear_ramps_between_points_and_holds_after_the_last() -> None:
    s = Schedule(np.array([0.0, 10.0]), np.array([[0.0], [5.0]]), "linear")
    assert s.value_at(4.0, BASE)[0, 0] == pytest.approx(2.0)
    assert s.value_at(10.0, BASE)[0, 0] == 5.0 and s.value_at(30.0, BASE)[0, 0] == 5.0


def test_regional_values_keep_their_columns() -> None:
    s = Schedule(np.array([1.0]), np.array([[1.0, 2.0]]))
    base = np.zeros((2, 2))
    assert s.value_at(0.0, base).tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert s.value_at(1.0, base).tolist() == [[1.0, 2.0], [1.0, 2.0]]
