"""Each simulation declares the trained models it uses (``TRAINED`` in its
module); the build ships exactly those. A model that loads one it did not
declare would break in the browser, where only declared models arrive."""

import inspect
import re

import pytest

from neural_odes import sims
from neural_odes.sims import trained_models

_USE = re.compile(r"trained_models\.(?:get|info)\(\s*[\"'](\w+)[\"']")


@pytest.mark.parametrize("sim_id", sims.SIM_IDS)
def test_simulations_use_only_the_trained_models_they_declare(sim_id):
    source = inspect.getsource(inspect.getmodule(sims.model(sim_id)))
    assert set(_USE.findall(source)) <= set(sims.trained(sim_id))
    assert set(sims.trained(sim_id)) <= set(trained_models.NAMES)


def test_the_trained_simulations_declare_what_they_use():
    assert sims.trained("classifier") == ("classifier",)
    assert sims.trained("tradeoff") == ("classifier", "tradeoff")  # the model, and the table of every tolerance
    assert sims.trained("cnf") == ("cnf", "cnf-loglik")  # the model, and the table of its readout
    assert sims.trained("density") == ("cnf", "density")  # the model, and the table made from it
    assert sims.trained("euler") == ()
