"""Every simulation declares its controls next to its model (neural_odes.controls),
and the declaration is what the model checks."""

import math

import pytest

from neural_odes import controls, sims
from neural_odes.controls import TOLERANCE, Checkbox, Points, Range, Select, Text, declare


@pytest.mark.parametrize("sim_id", sims.SIM_IDS)
def test_every_model_declares_its_controls(sim_id):
    declared = sims.controls(sim_id)
    assert declared, sim_id
    for name, decl in declared.items():
        assert decl.kind in controls.KINDS
        assert decl.label.strip()
        assert decl.check(name, decl.default) == decl.default or decl.kind == "points"


def _bad_values(decl):
    if decl.kind == "range":
        return [decl.min - decl.step, decl.max + decl.step, math.nan, True, "0.5"]
    if decl.kind == "select":
        return ["no-such-option", 1]
    if decl.kind == "checkbox":
        return [1, "true"]
    if decl.kind == "textarea":
        return [3, None]
    return ["nope", [[0, math.inf]], [[0.0, 0.0]] * (decl.max + 1)]


@pytest.mark.parametrize("sim_id", sims.SIM_IDS)
def test_models_reject_what_their_declaration_forbids(sim_id):
    declared = sims.controls(sim_id)
    defaults = {name: (list(d.default) if d.kind == "points" else d.default) for name, d in declared.items()}
    for name, decl in declared.items():
        for bad in _bad_values(decl):
            with pytest.raises(ValueError, match=name):
                sims.run(sim_id, {**defaults, name: bad})


def test_whole_number_ranges_arrive_as_int():
    seen = {}

    @declare(n=Range(1, 10, step=1, default=3, label="n"))
    def model(*, n):
        seen["n"] = n

    model(n=4.0)
    assert seen["n"] == 4 and isinstance(seen["n"], int)
    with pytest.raises(ValueError, match="whole number"):
        model(n=2.5)


def test_declarations_refuse_inconsistent_settings():
    with pytest.raises(ValueError):
        Range(1.0, 0.0, step=0.1, default=0.5, label="x")
    with pytest.raises(ValueError):
        Range(0.0, 1.0, step=0.1, default=2.0, label="x")
    with pytest.raises(ValueError):
        Select(("a", "b"), default="c", label="x")


def test_unknown_and_missing_arguments_are_named():
    @declare(a=Checkbox(False, label="a"), b=Text("", label="b"))
    def model(*, a, b):
        return a, b

    with pytest.raises(ValueError, match="unknown .*'c'"):
        model(a=True, b="", c=1)
    with pytest.raises(ValueError, match="missing .*'b'"):
        model(a=True)


def test_the_one_tolerance_map():
    assert controls.tolerance(0.0) == pytest.approx(1e-1)
    assert controls.tolerance(0.5) == pytest.approx(10 ** -4.5)
    assert controls.tolerance(1.0) == pytest.approx(1e-8)
    with pytest.raises(ValueError, match="tol"):
        controls.tolerance(1.5)
    assert TOLERANCE.default == 0.5
    assert Points(3, label="p").check("p", [[1, 2]]) == [(1.0, 2.0)]
