"""The browser runs the same model functions: their scenes in Pyodide (under
Node.js) equal the scenes CPython computes for the fallback figures."""

import json

import pytest

from neural_odes import sims
from pyodide_runner import node_executable, run_python_json

CASES = {"euler": [{"dt": 0.5}, {"dt": 0.05}, {"dt": 0.35}, {"dt": 1.0}]}


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
            assert scene == json.loads(json.dumps(sims.run(sim_id, p))), (sim_id, p)
