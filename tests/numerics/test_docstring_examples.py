"""The examples in the public docstrings run and print what they claim."""

import doctest

import pytest

from neural_odes.solvers import adaptive, fixed


@pytest.mark.parametrize("module", [fixed, adaptive], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module, verbose=False)
    assert result.attempted > 0 and result.failed == 0
