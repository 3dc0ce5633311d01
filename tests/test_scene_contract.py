"""One scene contract: neural_odes.scene defines the mark kinds, their fields, the
style constants and the ticks; the matplotlib renderer (site_hooks/figures/renderer.py)
and the canvas renderer (canvas.js, run under Node.js by tests/js/scene_probe.mjs)
must draw exactly those marks, reading exactly those fields, and the canvas's
run-time ticks must be scene.py's. (How the two pictures compare is
tests/e2e/test_golden_scenes.py.)"""

import json
from pathlib import Path
import shutil
import subprocess

import pytest

from neural_odes import scene as contract
from neural_odes.scene import ANIMATION_FIELDS, MARKS, STYLE, tick_count, tick_label, ticks
from scene_samples import golden_scenes
from site_hooks import runtime_manifest
from site_hooks.figures.palette import THEMES
from site_hooks.figures import renderer as figures, scene_style

ROOT = Path(__file__).resolve().parents[1]

# Ranges whose ticks both sides must agree on exactly: ordinary, tiny, huge,
# negative, off-centre, and where doubles run out of digits.
RANGES = [(0, 1), (-3, 7), (0.1, 0.7), (0, 1e-6), (123, 456), (-1e5, 1e5), (-0.35, 0.35),
          (2.5e9, 2.5e9 + 7), (0.95, 1.72), (-2, 2), (0, 10), (1e-9, 3e-9), (17.3, 17.9),
          (-1.5e-4, 2.5e-3), (0, 230), (1e16, 1e16 + 4), (1, 1 + 2 ** -52), (5e-324, 2e-323),
          (-1e300, 1e300), (3, 3), (2, 1), (0, 0.3), (-7.77, -7.7), (1e21, 5e21), (0, 1e-7)]
LOG_RANGES = [(1, 1000), (1e-4, 1), (1e-3, 100), (0.5, 2000), (1e-12, 1e-6), (3, 7), (2e-9, 5e5), (5e-324, 1.7e308)]
COUNTS = (3, 4, 5, 6, 7, 8, 9, 12)
LABELS = [0, 1, -1, 0.1, 0.30000000000000004, 1.5, -2.5e-7, 1e-7, 1.234567e-7, 123456.7, 1234567, 1e20, 1e21,
          1.5e21, -0.001, 0.000123, 2.5e9 + 2, 1e16, 7.000000000001, 99999.95, 1234565]
LOG_LABELS = [1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 100, 1e3, 1e4, 1e20, 1e-300]


def probe(request):
    """canvas.js's answers (tests/js/scene_probe.mjs) to ``request``."""
    node = shutil.which("node")
    assert node, "Node.js is required (the book's set-up needs it for npm too)"
    result = subprocess.run([node, "tests/js/scene_probe.mjs"], cwd=ROOT, input=json.dumps(request),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _sample():
    """One scene with every mark kind (the golden scenes together), and labels on all of them."""
    panels = [p for s in golden_scenes().values() for p in s["panels"]]
    for p in panels:
        p["legend"] = True
    return {"panels": panels, "readouts": {}, "alt": ""}


TABLE = [(lo, hi, scale, count) for scale, ranges in (("linear", RANGES), ("log", LOG_RANGES))
         for lo, hi in ranges for count in COUNTS]
TICK_LABELS = [(v, "linear") for v in LABELS] + [(v, "log") for v in LOG_LABELS]
LENGTHS = [(n, axis) for n in (0, 27.4, 27.5, 82.5, 103, 157, 248, 278, 338, 386, 612, 1000) for axis in "xy"]


@pytest.fixture(scope="module")
def canvas():
    return probe({"ticks": TABLE, "labels": TICK_LABELS, "counts": LENGTHS, "scene": _sample()})


class Recorder(dict):
    """A mark that notes which of its fields are read."""

    def __init__(self, mark, log):
        super().__init__(mark)
        self.log = log

    def _note(self, key):
        if key != "type" and key in self:
            self.log.setdefault(dict.__getitem__(self, "type"), set()).add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)


# -- the contract itself ------------------------------------------------------------------

def test_the_builders_make_exactly_the_contracts_fields():
    made = {m["type"]: m for s in golden_scenes().values() for p in s["panels"] for m in p["marks"]}
    assert set(made) == set(MARKS), "the golden scenes must use every mark kind"
    for kind, mark in made.items():
        assert tuple(k for k in mark if k != "type") == MARKS[kind], kind


def test_styles_choices_are_the_builders_choices():
    contract.line([0, 1], [0, 1], dash="dotted")
    with pytest.raises(ValueError, match="dash"):
        contract.line([0, 1], [0, 1], dash="dashdot")
    assert set(STYLE["dash"]) == {"solid", "dashed", "dotted"}
    assert set(STYLE["marker"]) == {"o", "x"}


def test_the_browsers_copy_is_generated_from_the_contract(canvas):
    assert canvas["style"] == json.loads(json.dumps(
        {"marks": MARKS, "animationFields": ANIMATION_FIELDS, "style": STYLE,
         "colorRoles": list(THEMES["light"])}))
    # book.js reads the colour roles from it, not from a list of its own.
    assert '"fg", "muted"' not in (ROOT / "docs/assets/book/js/book.js").read_text()
    figure = STYLE["figure"]
    assert f"--book-figure-aspect: {figure['width']} / {figure['height']};" in scene_style.scene_style_css()
    assert "aspect-ratio: var(--book-figure-aspect)" in (ROOT / "docs/assets/book/css/book.css").read_text()
    assert figure["width"] / figure["height"] == 16 / 10


def test_no_copy_of_the_style_is_kept_by_hand():
    """The renderers hold no dash pattern, font size or figure size of their own."""
    canvas_js = (ROOT / "docs/assets/book/js/canvas.js").read_text()
    for private in ("[6, 4]", "[1.5, 3.5]", "12px", "640 ||", "* 2.2"):
        assert private not in canvas_js, private
    figures_py = Path(figures.__file__).read_text()
    for private in ("(5, 3)", "fontsize=10", "7.2, 4.5", "* 2.2"):
        assert private not in figures_py, private
    assert not (ROOT / "docs" / runtime_manifest.SCENE_STYLE_SCRIPT).exists(), "generated into the site only"
    scripts = runtime_manifest.PAGE_SCRIPTS
    assert scripts.index(runtime_manifest.SCENE_STYLE_SCRIPT) < scripts.index("assets/book/js/canvas.js")
    styles = runtime_manifest.PAGE_STYLES
    assert styles.index(runtime_manifest.SCENE_STYLE_CSS) < styles.index("assets/book/css/book.css")


# -- mark sets: scene.py == renderer.py == canvas.js -----------------------------------------

def test_matplotlib_draws_exactly_the_contracts_marks_and_fields():
    assert set(figures._MARKS) == set(MARKS)
    read = {}
    sample = _sample()
    for p in sample["panels"]:
        p["marks"] = [Recorder(m, read) for m in p["marks"]]
    figures.render_png(sample)
    drawn = {kind: tuple(sorted(fields)) for kind, fields in read.items()}
    wanted = {kind: tuple(sorted(set(fields) - set(ANIMATION_FIELDS))) for kind, fields in MARKS.items()}
    assert drawn == wanted


def test_the_canvas_draws_exactly_the_contracts_marks_and_fields(canvas):
    assert sorted(canvas["kinds"]) == sorted(MARKS)
    assert canvas["read"] == {kind: sorted(fields) for kind, fields in MARKS.items()}


# -- ticks: one algorithm, checked on both sides ------------------------------------------

def test_the_canvas_ticks_are_scene_pys(canvas):
    ours = [ticks(lo, hi, scale, count) for lo, hi, scale, count in TABLE]
    differ = [(row, mine, theirs) for row, mine, theirs in zip(TABLE, ours, canvas["ticks"]) if mine != theirs]
    assert not differ, f"{len(differ)} of {len(TABLE)} rows differ, e.g. {differ[:3]}"
    assert sum(map(len, ours)) > 1000  # the table is not all degenerate


def test_the_canvas_tick_labels_are_scene_pys(canvas):
    ours = [tick_label(v, scale) for v, scale in TICK_LABELS]
    assert ours == canvas["labels"]


def test_the_canvas_tick_counts_are_scene_pys(canvas):
    assert [tick_count(n, axis) for n, axis in LENGTHS] == canvas["counts"]


def test_matplotlib_puts_its_ticks_where_scene_py_does():
    """The fallback figure's axes carry scene.py's ticks and labels, nothing else."""
    import matplotlib.pyplot as plt
    sample = golden_scenes()["two-panels"]
    fig = plt.figure(figsize=figures.FIGSIZE, dpi=figures.DPI)
    try:
        p = sample["panels"][1]
        ax = fig.add_axes(figures._plot_box(p, 1, 2))
        figures._panel(ax, p, figures.THEMES["light"])
        width, height = (v * 72 / fig.dpi for v in (ax.bbox.width, ax.bbox.height))
        for axis, lim, length, scale in ((ax.xaxis, p["xlim"], width, "x"), (ax.yaxis, p["ylim"], height, "y")):
            want = ticks(*lim, p[f"{scale}scale"], tick_count(length, scale))
            assert list(axis.get_ticklocs()) == pytest.approx(want)
            assert [t.get_text() for t in axis.get_ticklabels()] == [tick_label(v, "log") for v in want]
            assert list(axis.get_minorticklocs()) == []
    finally:
        plt.close(fig)
