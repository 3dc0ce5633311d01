"""Chapter 9: the playground runs the reader's field or says, in one line, what went wrong."""

import json

import numpy as np
import pytest

from neural_odes import printed, sims
from neural_odes.sims import playground as pg

DEFAULT = "return np.stack([-h[:, 1], h[:, 0]], 1)"


def run(code):
    return sims.run("playground", {"code": code})


def status(code):
    return run(code)["readouts"]["status"]


def test_default_is_the_default_of_the_page():
    assert pg.DEFAULT_CODE == DEFAULT


def test_default_swirl_flows_in_circles():
    st = status(DEFAULT)
    assert st["value"] == "ok" and st["text"].startswith("ok ")
    sol = pg.flow(pg.compile_field(DEFAULT))
    r0 = np.linalg.norm(pg.STARTS, axis=1)
    r1 = np.linalg.norm(sol.y[-1], axis=1)
    assert np.allclose(r1, r0, rtol=1e-4)  # a rotation keeps every radius
    # and turns every particle by t = 6 radians
    angle = np.arctan2(sol.y[-1, :, 1], sol.y[-1, :, 0]) - np.arctan2(pg.STARTS[:, 1], pg.STARTS[:, 0])
    assert np.allclose(np.cos(angle), np.cos(pg.T_END), atol=1e-4)


def test_arrows_are_the_field_scaled_to_fit():
    marks = run(DEFAULT)["panels"][0]["marks"]
    (arr,) = [m for m in marks if m["type"] == "arrows"]
    x, y, u, v = (np.array(arr[k]) for k in "xyuv")
    assert np.allclose(x * u + y * v, 0.0, atol=1e-5)  # the swirl is perpendicular to the radius
    assert np.max(np.hypot(u, v)) == pytest.approx(pg.ARROW_MAX, abs=1e-5)


def test_printed_numbers():
    sol = pg.flow(pg.compile_field(DEFAULT))
    assert printed.number("ch9.default_steps") == str(sol.n_accepted)
    assert printed.number("ch9.default_nfe") == str(sol.nfe)
    assert f"in {sol.n_accepted} steps ({sol.nfe} evaluations" in status(DEFAULT)["text"]
    assert printed.number("ch9.particles") == "8"
    assert printed.number("ch9.t_end") == "6"
    assert printed.number("ch9.grid_arrows") == "117"
    assert printed.number("ch9.tol") == "1e-8"


@pytest.mark.parametrize("code", [
    "return -h",
    "x = h[:, 0]\ny = h[:, 1]\nreturn np.stack([y, -x - 0.3 * y], 1)",
    "return np.stack([h[:, 1], (1 - h[:, 0]**2) * h[:, 1] - h[:, 0]], 1)",
    "    return -h",  # indented body
    "def g(x):\n    return -x\nreturn g(h)",
    "h[:, 0] = 0\nreturn h",  # writing into h must not disturb the solver
    "return math.sin(1.0) * h",
])
def test_valid_fields_run(code):
    assert status(code)["text"].startswith("ok ")


def test_sink_ends_near_the_origin():
    sol = pg.flow(pg.compile_field("return -h"))
    assert np.allclose(sol.y[-1], pg.STARTS * np.exp(-pg.T_END), atol=1e-5)


@pytest.mark.parametrize("code, expected", [
    ("return x", "error NameError: name 'x' is not defined"),
    ("retrun h", "error SyntaxError: invalid syntax (line 1)"),
    ("return h[:, 0]", "error f(h) must return an array of shape (N, 2) like h, got shape (117,)"),
    ("return h.T", "error f(h) must return an array of shape (N, 2) like h, got shape (2, 117)"),
    ("return 1 / h", "error f(h) returned nan or inf"),
    ("return np.log(h)", "error f(h) returned nan or inf"),
    ("return None", "error f(h) returned None"),
    ("h = h + 1", "error f(h) returned None"),
    ("return 'a'", "error f(h) must return numbers"),
    ("raise RuntimeError('boom')", "error RuntimeError: boom"),
    ("exit()", "error SystemExit"),
    ("", "error the body is empty"),
    ("return h**2", "error the solver stopped at t = "),
    ("return 100 * np.stack([-h[:, 1], h[:, 0]], 1)", "error the solver stopped at t = "),
    ("import nonexistent_module_xyz\nreturn h", "error ModuleNotFoundError: No module named 'nonexistent_module_xyz'"),
])
def test_errors_become_one_line_messages(code, expected):
    scene = run(code)
    st = scene["readouts"]["status"]
    assert st["value"] == "error"
    assert st["text"].startswith(expected)
    assert "\n" not in st["text"]
    notes = [m for m in scene["panels"][0]["marks"] if m["type"] == "text"]
    assert notes and all(m["color"] == "bad" for m in notes)
    shown = " ".join(m["text"] for m in notes)
    message = st["text"][len("error "):]
    assert shown == message or (shown.endswith("…") and message.startswith(shown[:-1]))
    assert all(len(m["text"]) <= pg.WRAP for m in notes) and len(notes) <= pg.MAX_LINES


def test_solver_error_names_the_time_and_the_step_not_h():
    text = status("return h**2")["text"]
    assert text.startswith("error the solver stopped at t = ")
    assert "|h|" not in text


def test_escaping_particles_are_cut_and_counted():
    scene = run("return 5 * h")
    assert scene["readouts"]["status"]["text"].endswith("8 left the picture")
    for m in scene["panels"][0]["marks"]:
        if m["type"] == "line":
            assert max(map(abs, m["x"] + m["y"])) <= pg.ESCAPE


def test_scene_is_deterministic_and_small():
    a, b = run(DEFAULT), run(DEFAULT)
    assert json.dumps(a) == json.dumps(b)
    assert len(json.dumps(a)) < 40000


def test_changing_the_code_changes_the_drawing():
    assert run("return -h")["panels"] != run(DEFAULT)["panels"]


@pytest.mark.parametrize("bad", [None, 3, ["return h"]])
def test_code_must_be_text(bad):
    with pytest.raises(ValueError, match="code"):
        run(bad)


def test_the_page_declares_the_same_default_and_a_time_limit():
    from pathlib import Path
    import re

    page = (Path(__file__).resolve().parents[1] / "docs/chapters/09-cheat-sheet.md").read_text(encoding="utf-8")
    block = re.search(r"```sim\nid: playground\n(.*?)```", page, re.S).group(1)
    assert f'value: "{DEFAULT}"' in block
    assert "isolate: {timeout: 3}" in block
    assert 'run: {type: button, label: "Run", action: run}' in block
