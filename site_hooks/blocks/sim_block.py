"""The ``sim`` block: validated against the model's declared controls
(:mod:`neural_odes.controls`), rendered to the page contract's HTML (see
ARCHITECTURE.md, "Page contract").

The model's declaration is the source of every control's kind, range, options,
default and label; the block may leave any of them out, and what it does say
must fit the declaration (a narrower range, a subset of the options, another
label).

Example::

    ```sim
    id: euler
    controls:
      dt: {label: "step size Δt", min: 0.05, max: 1.0, step: 0.05, value: 0.5}
    readouts:
      steps: steps taken
    caption: Euler's method against the exact curve.
    try: "Drag Δt from 1 down to 0.05; notice the error falls in proportion to Δt."
    ```

``caption`` (what is drawn) and ``try`` (what to try and what to notice) are
required: the build numbers the block as a figure and shows both under it.
``label`` names the figure for ``[[fig:<label>]]`` when its id is not unique.
"""

from dataclasses import dataclass
from decimal import Decimal
from html import escape
import json
import math
import re

from neural_odes import sims

from .directives import load_yaml

__all__ = ["SimSpec", "Control", "parse_sim", "check_scene", "render_sim", "dom_id"]

_KEYS = {"id", "controls", "readouts", "caption", "try", "label", "pointer", "isolate"}
_LABEL = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_BUTTON_ACTIONS = ("animate", "run")


@dataclass(frozen=True)
class Pointer:
    """Points the reader drops on the plot (click, tap, or keyboard), passed to
    the model as the list parameter ``param`` of [x, y] pairs."""
    param: str
    max: int
    label: str


@dataclass(frozen=True)
class Control:
    name: str
    kind: str  # range | select | checkbox | textarea | button
    label: str
    value: object = None
    min: float = None
    max: float = None
    step: float = None
    options: tuple = ()
    action: str = None  # buttons: "animate" a range control, or "run" the model
    target: str = None  # the range control a button animates


@dataclass(frozen=True)
class SimSpec:
    id: str
    controls: dict
    readouts: dict
    caption: str
    line: int
    pointer: Pointer = None
    isolate: float = None  # seconds a call may take in its own worker
    try_text: str = ""  # the ``try:`` key: what to try and what to notice
    label: str = None  # the figure's label for cross-references (default: the id)

    @property
    def figure_label(self):
        return self.label or self.id

    @property
    def defaults(self):
        """Model parameters at their default values (buttons are not parameters)."""
        values = {c.name: c.value for c in self.controls.values() if c.kind != "button"}
        if self.pointer:
            values[self.pointer.param] = []
        return values


def parse_sim(block):
    data, lines = load_yaml(block, _KEYS)
    sim_id = data.get("id")
    if not isinstance(sim_id, str):
        raise block.error("missing 'id: <simulation id>'")
    try:
        sims.model(sim_id)
    except ValueError as exc:
        raise block.error(str(exc), lines.get(("id",))) from None
    raw = data.get("controls") or {}
    if not isinstance(raw, dict):
        raise block.error("'controls' must be a mapping of parameter name to settings", lines.get(("controls",)))
    declared = sims.controls(sim_id)
    params = [name for name, d in declared.items() if d.kind != "points"]
    for name, spec in raw.items():
        is_button = isinstance(spec, dict) and spec.get("type") == "button"
        if not is_button and name not in params:
            raise block.error(f"unknown parameter {name!r} for simulation {sim_id!r} "
                              f"(it takes: {', '.join(params)})", lines.get(("controls", name)))
    controls = {name: _control(block, lines, name, spec, declared.get(name)) for name, spec in raw.items()}
    for name, control in controls.items():
        if control.kind == "button" and control.action == "animate":
            target = controls.get(control.target)
            if target is None or target.kind != "range":
                raise block.error(f"button {name!r} animates {control.target!r}, which is not a range control",
                                  lines.get(("controls", name)))
    pointer = _pointer(block, lines, data.get("pointer"), declared, controls) if "pointer" in data else None
    isolate = _isolate(block, lines, data.get("isolate")) if "isolate" in data else None
    missing = [p for p in declared if p not in controls and not (pointer and p == pointer.param)]
    if missing:
        raise block.error(f"missing control for parameter {missing[0]!r} of simulation {sim_id!r}",
                          lines.get(("controls",)))
    readouts = data.get("readouts") or {}
    if not isinstance(readouts, dict) or not all(isinstance(v, str) for v in readouts.values()):
        raise block.error("'readouts' must map readout names to labels", lines.get(("readouts",)))
    caption, try_text = data.get("caption"), data.get("try")
    if not isinstance(caption, str) or not caption.strip():
        raise block.error("missing 'caption: <what the figure draws>' (every simulation is a numbered, "
                          "captioned figure)", lines.get(("caption",)))
    if not isinstance(try_text, str) or not try_text.strip():
        raise block.error("missing 'try: <what to try; what to notice>' (the end of the figure's caption), "
                          "for example try: \"Drag Δt down to 0.05; notice the error shrinks.\"",
                          lines.get(("try",)))
    label = data.get("label")
    if label is not None and (not isinstance(label, str) or not _LABEL.match(label)):
        raise block.error(f"'label' must be lower-case letters, digits and dashes, got {label!r}",
                          lines.get(("label",)))
    return SimSpec(sim_id, controls, dict(readouts), caption.strip(), block.line, pointer, isolate,
                   try_text.strip(), label)


def _pointer(block, lines, spec, declared, controls):
    where = lines.get(("pointer",))
    if not isinstance(spec, dict) or set(spec) - {"param", "max", "label"}:
        raise block.error("'pointer' needs {param: <list parameter>, max: <count>, label: <instructions>}", where)
    param = spec.get("param")
    decl = declared.get(param)
    if decl is None or decl.kind != "points" or param in controls:
        raise block.error(f"pointer param {param!r} must be a points parameter of the model", where)
    most, label = spec.get("max", decl.max), spec.get("label", decl.label)
    if isinstance(most, bool) or not isinstance(most, int) or not 1 <= most <= decl.max:
        raise block.error(f"pointer max must be a whole number from 1 to {decl.max}, got {most!r}", where)
    if not isinstance(label, str) or not label.strip():
        raise block.error("pointer needs a 'label' telling the reader how to drop points", where)
    return Pointer(param, most, label)


def _isolate(block, lines, spec):
    where = lines.get(("isolate",))
    timeout = spec.get("timeout") if isinstance(spec, dict) and set(spec) <= {"timeout"} else None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0.5 <= timeout <= 60:
        raise block.error("'isolate' needs {timeout: <seconds from 0.5 to 60>}", where)
    return float(timeout)


def _control(block, lines, name, spec, decl):
    """One control: the Markdown's settings over the model's declaration ``decl``
    (None for a button, which is not a model parameter)."""
    where = lines.get(("controls", name))
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        raise block.error(f"control {name!r} needs a mapping such as {{label: ..., min: ..., max: ...}}", where)
    label = spec.get("label", decl.label if decl else None)
    if not isinstance(label, str) or not label.strip():
        raise block.error(f"control {name!r} needs a 'label' (every control is labelled for screen readers)", where)
    kind = spec.get("type") or (decl.kind if decl else "button")
    if decl is not None and kind != decl.kind:
        raise block.error(f"control {name!r} is declared as a {decl.kind} by the model, not a {kind}", where)
    allowed = {
        "range": {"label", "type", "min", "max", "step", "value"},
        "select": {"label", "type", "options", "value"},
        "checkbox": {"label", "type", "value"},
        "textarea": {"label", "type", "value"},
        "button": {"label", "type", "action", "target"},
    }
    if kind not in allowed:
        raise block.error(f"control {name!r} has unknown type {kind!r} (allowed: {', '.join(allowed)})", where)
    extra = set(spec) - allowed[kind]
    if extra:
        raise block.error(f"control {name!r} ({kind}) has unknown setting {sorted(extra)[0]!r}", where)
    if kind == "range":
        bounds = {k: spec.get(k, getattr(decl, "default" if k == "value" else k)) for k in ("min", "max", "step", "value")}
        for k, v in bounds.items():
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise block.error(f"control {name!r} needs a finite number for {k!r}, got {v!r}", where)
        lo, hi, step, value = bounds["min"], bounds["max"], bounds["step"], bounds["value"]
        if not lo < hi:
            raise block.error(f"control {name!r}: min ({lo}) must be below max ({hi})", where)
        if step <= 0 or step > hi - lo:
            raise block.error(f"control {name!r}: step ({step}) must be positive and at most max - min", where)
        if not lo <= value <= hi:
            raise block.error(f"control {name!r}: default value {value} is outside its range [{lo}, {hi}]", where)
        if not decl.min <= lo < hi <= decl.max:
            raise block.error(f"control {name!r}: range [{lo}, {hi}] is outside the model's range "
                              f"[{decl.min}, {decl.max}]", where)
        offset = (Decimal(repr(value)) - Decimal(repr(lo))) / Decimal(repr(step))
        if offset != offset.to_integral_value():
            raise block.error(f"control {name!r}: default value {value} is not on the slider's grid "
                              f"(min {lo} plus a whole number of steps {step})", where)
        return Control(name, kind, label, value, lo, hi, step)
    if kind == "select":
        options = spec.get("options", list(decl.options))
        if not isinstance(options, list) or not options or not all(isinstance(o, str) for o in options):
            raise block.error(f"control {name!r}: 'options' must be a list of names", where)
        strange = [o for o in options if o not in decl.options]
        if strange:
            raise block.error(f"control {name!r}: option {strange[0]!r} is not one the model takes "
                              f"({', '.join(decl.options)})", where)
        value = spec.get("value", decl.default if decl.default in options else options[0])
        if value not in options:
            raise block.error(f"control {name!r}: default {value!r} is not one of its options {options}", where)
        return Control(name, kind, label, value, options=tuple(options))
    if kind == "checkbox":
        value = spec.get("value", decl.default)
        if not isinstance(value, bool):
            raise block.error(f"control {name!r}: a checkbox's value is true or false, got {value!r}", where)
        return Control(name, kind, label, value)
    if kind == "textarea":
        value = spec.get("value", decl.default)
        if not isinstance(value, str):
            raise block.error(f"control {name!r}: a textarea's value is text", where)
        return Control(name, kind, label, value)
    action = spec.get("action")
    if action not in _BUTTON_ACTIONS:
        raise block.error(f"button {name!r} needs 'action', one of: {', '.join(_BUTTON_ACTIONS)}", where)
    target = spec.get("target")
    if action == "animate" and not isinstance(target, str):
        raise block.error(f"button {name!r} animates a range control: give its name as 'target'", where)
    return Control(name, kind, label, action=action, target=target)


def check_scene(spec, block, scene):
    """The directive's readouts must be ones the model reports."""
    reported = scene["readouts"]
    for name in spec.readouts:
        if name not in reported:
            raise block.error(f"readout {name!r} is not reported by simulation {spec.id!r} "
                              f"(it reports: {', '.join(reported)})")


def _decimals(step):
    exponent = Decimal(repr(step)).normalize().as_tuple().exponent
    return max(0, -exponent)


def _control_html(sim_dom_id, c):
    cid = f"{sim_dom_id}-{c.name}"
    label = f'<label for="{cid}">{escape(c.label)}</label>'
    if c.kind == "range":
        d = _decimals(c.step)
        return (f'<div class="book-sim__control book-sim__control--range">{label}'
                f'<input type="range" id="{cid}" name="{escape(c.name)}" min="{c.min}" max="{c.max}" '
                f'step="{c.step}" value="{c.value}" data-decimals="{d}">'
                f'<output for="{cid}" class="book-sim__value">{c.value:.{d}f}</output></div>')
    if c.kind == "select":
        opts = "".join(f'<option value="{escape(o)}"{" selected" if o == c.value else ""}>{escape(o)}</option>'
                       for o in c.options)
        return (f'<div class="book-sim__control book-sim__control--select">{label}'
                f'<select id="{cid}" name="{escape(c.name)}">{opts}</select></div>')
    if c.kind == "checkbox":
        return (f'<div class="book-sim__control book-sim__control--checkbox">'
                f'<input type="checkbox" id="{cid}" name="{escape(c.name)}"{" checked" if c.value else ""}>'
                f'{label}</div>')
    if c.kind == "textarea":
        return (f'<div class="book-sim__control book-sim__control--textarea">{label}'
                f'<textarea id="{cid}" name="{escape(c.name)}" rows="6" spellcheck="false">'
                f'{escape(c.value)}</textarea></div>')
    target = f' data-target="{escape(c.target)}"' if c.target else ""
    return (f'<div class="book-sim__control book-sim__control--button">'
            f'<button type="button" id="{cid}" name="{escape(c.name)}" data-action="{c.action}"{target}>'
            f'{escape(c.label)}</button></div>')


def dom_id(sim_id, index=0):
    """The DOM id of a page's ``index``-th simulation with this id (0 for the first)."""
    return f"sim-{sim_id}" + (f"-{index}" if index else "")


def render_sim(spec, scene, figure, index, caption_html=None, trained=()):
    """HTML of one simulation. ``figure`` holds the fallback image's ``src``,
    ``src_dark``, ``width`` and ``height``; ``index`` keeps DOM ids unique.
    ``caption_html`` is the figcaption's content (number, caption, what to
    try), made by the build; by default the caption and try text, escaped.
    ``trained`` names the trained models the model uses (the runtime fetches them)."""
    root_id = dom_id(spec.id, index)
    controls = "".join(_control_html(root_id, c) for c in spec.controls.values())
    labels = spec.readouts or {name: name for name in scene["readouts"]}
    readouts = "".join(
        f'<div class="book-sim__readout"><dt>{escape(label)}</dt>'
        f'<dd data-readout="{escape(name)}">{escape(scene["readouts"][name]["text"])}</dd></div>'
        for name, label in labels.items())
    params = escape(json.dumps(spec.defaults, separators=(",", ":")), quote=True)
    if caption_html is None:
        caption_html = f'{escape(spec.caption)} <span class="book-sim__try">{escape(spec.try_text)}</span>'
    caption = f'<figcaption class="book-sim__caption">{caption_html}</figcaption>'
    extra, canvas_attrs, pointer_help = "", "", ""
    if spec.pointer:
        p = spec.pointer
        extra += f' data-pointer="{escape(p.param)}" data-pointer-max="{p.max}"'
        canvas_attrs = f' tabindex="0" aria-describedby="{root_id}-pointer-help"'
        pointer_help = (f'<p class="book-sim__pointer-help" id="{root_id}-pointer-help">{escape(p.label)} '
                        f'With the keyboard: arrow keys move the cross, Enter drops a point.</p>')
        controls += (f'<div class="book-sim__control book-sim__control--button">'
                     f'<button type="button" id="{root_id}-{escape(p.param)}" name="{escape(p.param)}" '
                     f'data-action="clear">Clear points</button></div>')
    if spec.isolate:
        extra += f' data-isolate="{spec.isolate:g}"'
    if trained:
        extra += f' data-trained="{escape(" ".join(sorted(trained)))}"'
    return (
        f'<figure class="book-sim" id="{root_id}" data-sim="{escape(spec.id)}" data-state="static" '
        f'data-frame="0" data-defaults="{params}"{extra}>'
        f'<div class="book-sim__stage">'
        f'<img class="book-sim__fallback" src="{figure["src"]}" data-src-light="{figure["src"]}" '
        f'data-src-dark="{figure["src_dark"]}" width="{figure["width"]}" height="{figure["height"]}" '
        f'alt="{escape(scene["alt"])}">'
        f'<canvas class="book-sim__canvas" hidden role="img" aria-label="{escape(scene["alt"])}"{canvas_attrs}>'
        f'</canvas></div>{pointer_help}'
        f'<div class="book-sim__panel">'
        f'<div class="book-sim__controls">{controls}</div>'
        f'<dl class="book-sim__readouts">{readouts}</dl>'
        f'</div>'
        f'<p class="book-sim__status" role="status">Static figure: the live simulation starts when it '
        f'scrolls into view.</p>'
        f'{caption}</figure>'
    )
