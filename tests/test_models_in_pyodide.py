"""The browser runs the same model functions: their scenes in Pyodide (under
Node.js) equal the scenes CPython computes for the fallback figures."""

import json

import numpy as np
import pytest

from neural_odes import sims
from pyodide_runner import node_executable, run_python_json

CASES = {
    "euler": [{"dt": 0.5}, {"dt": 0.05}, {"dt": 0.35}, {"dt": 1.0}],
    # every field, on a cached time node and between nodes (one more RK4 step)
    "grid": [{"field": f, "time": t} for f in ("swirl", "sink", "saddle", "cycle") for t in (1.0, 0.37)],
    # every field at the loose end, the default and the tight end of the tolerance slider
    "reconstruct": [{"field": f, "tol": v} for f in ("contracting", "expanding", "rotating")
                    for v in (0.0, 0.5, 1.0)],
}
# The adaptive solver's stage sums (np.dot) and step-size factors (pow) may differ
# in the last bit between CPython's numpy and Pyodide's, and an unstable solve
# (reconstruct's backward contracting node, forward expanding one) magnifies that
# by up to e^7.5 ~ 1800. Their drawings agree to 1e-6 (far below a pixel) and their
# readouts and descriptions exactly; every other scene is identical.
CLOSE = {"reconstruct"}


def numbers_and_text(tree, numbers, texts):
    """Split a scene into its floats and everything else, in a fixed order."""
    if isinstance(tree, dict):
        for key in sorted(tree):
            texts.append(key)
            numbers_and_text(tree[key], numbers, texts)
    elif isinstance(tree, list):
        texts.append(len(tree))
        for item in tree:
            numbers_and_text(item, numbers, texts)
    elif isinstance(tree, float):
        numbers.append(tree)
    else:
        texts.append(tree)
    return numbers, texts


@pytest.mark.slow
def test_scenes_match_cpython():
    try:
        node_executable()
    except Exception as exc:  # pragma: no cover - Node is part of the set-up
        pytest.fail(f"Node.js is needed to run Pyodide: {exc}")
    code = ("import json, neural_odes.sims as sims\n"
            f"cases = json.loads({json.dumps(json.dumps(CASES))})\n"
            "result = {k: [json.loads(sims.run_json(k, json.dumps(p))) for p in ps] for k, ps in cases.items()}\n")
    in_pyodide = run_python_json(code)
    for sim_id, params in CASES.items():
        for p, scene in zip(params, in_pyodide[sim_id]):
            here = json.loads(json.dumps(sims.run(sim_id, p)))
            if sim_id not in CLOSE:
                assert scene == here, (sim_id, p)
                continue
            assert {k: r["text"] for k, r in scene["readouts"].items()} == \
                   {k: r["text"] for k, r in here["readouts"].items()}, (sim_id, p)
            assert scene["alt"] == here["alt"], (sim_id, p)
            got, want = numbers_and_text(scene["panels"], [], []), numbers_and_text(here["panels"], [], [])
            assert got[1] == want[1], (sim_id, p)  # same marks, lengths, labels and colours
            np.testing.assert_allclose(got[0], want[0], rtol=1e-6, atol=1e-6, err_msg=f"{sim_id} {p}")


@pytest.mark.slow
def test_trained_models_and_the_density_table_as_the_browser_gets_them():
    """The worker's set-up (trained parameters and the density table written to a
    folder named by NEURAL_ODES_TRAINED), then the models: the same scenes as
    CPython, and a density frame off the table's grid computed inside Pyodide
    equal to CPython's computation."""
    import shutil

    from neural_odes.sims import density, trained_models
    from pyodide_runner import ROOT

    folder = ROOT / ".cache" / "pyodide-parity-trained"  # inside the repo: mounted in Pyodide
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in ("cnf", "classifier", "density"):
        (folder / f"{name}.json").write_text(trained_models.export_json(name))
    cases = {"density": [{"time": 0.0}, {"time": 0.5}, {"time": 1.0}],
             "classifier": [{"T": 0.0, "strength": 1.5, "tol": 0.5}, {"T": 0.6, "strength": 2.0, "tol": 0.3}]}
    off_grid = 0.27
    code = (f"import os\nos.environ['NEURAL_ODES_TRAINED'] = {str(folder)!r}\n"
            "import json, neural_odes.sims as sims\n"
            "from neural_odes.sims import density\n"
            f"cases = json.loads({json.dumps(json.dumps(cases))})\n"
            "scenes = {k: [json.loads(sims.run_json(k, json.dumps(p))) for p in ps] for k, ps in cases.items()}\n"
            f"f = density.compute_frame({off_grid})\n"
            "result = {'scenes': scenes, 'levels': f['levels'].tolist(), 'mass': f['mass'],\n"
            "          'loglik': f['loglik']}\n")
    try:
        got = run_python_json(code, timeout=900)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for sim_id, params in cases.items():
        for p, scene in zip(params, got["scenes"][sim_id]):
            assert scene == json.loads(json.dumps(sims.run(sim_id, p))), (sim_id, p)
    ours = density.compute_frame(off_grid)
    np.testing.assert_array_equal(got["levels"], ours["levels"])
    assert got["mass"] == pytest.approx(ours["mass"], rel=1e-12)
    assert got["loglik"] == pytest.approx(ours["loglik"], rel=1e-12)
