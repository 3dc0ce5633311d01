import numpy as np

from neural_odes.training.blas import _openblas_controls, single_threaded_blas


def test_single_threaded_blas_restores_the_thread_count():
    controls = _openblas_controls()
    before = controls[0]() if controls else None
    with single_threaded_blas():
        if controls:
            assert controls[0]() == 1
        a = np.ones((70, 70))
        assert (a @ a)[0, 0] == 70.0
    if controls:
        assert controls[0]() == before
