"""A small book that uses every part of the scholarly apparatus, built with the
real hooks: two chapters with numbered figures and tables, exercises, a
derivation, citations (including two works told apart as 2020a/2020b),
cross-references within and across chapters, and the Notation, Glossary and
References pages. Tests and screenshots use it, so they do not depend on which
citations and exercises the chapters happen to have today."""

from pathlib import Path

from site_builder import ROOT, build_site

CHAPTER_1 = r'''---
summary: A chapter that uses every part of the apparatus.
---

# 1. A fixture chapter

A residual network is Euler's method with a step of one [@he2016resnet]. The idea of
reading depth as time goes back to the dynamical-systems view of deep learning
[@weinan2017proposal; @haber2017stable] and was made practical as the Neural ODE
[@chen2018neural, Sec. 2]. The vector field $f$ gives every state a velocity, and
its Jacobian says how neighbouring trajectories separate. Code such as `[@not-a-key]`
and math such as $\text{Jacobian}$ stay as they are.

Two works by the same authors in one year are told apart: [@smith2020a; @smith2020b].

## Figures and tables

[[fig:euler]] draws Euler's method; [[fig:euler-again]] draws it a second time, and
[[tab:euler-worked]] lists its numbers. [[ex:1-1]] works one step by hand, and
the next chapter's [[fig:staircase]] shows the staircase.

```sim
id: euler
controls:
  dt: {label: "step size Δt", min: 0.05, max: 1.0, step: 0.05, value: 0.5}
readouts:
  steps: steps taken
caption: Euler's method on $dh/dt = h/2$ from $h(0) = 1$ [@chen2018neural].
try: "Drag Δt from 1 down to 0.05; notice the error shrinks in proportion to Δt."
```

```table
id: euler-worked
caption: "Euler's method with ever smaller steps; compare [[fig:euler]]."
```

```sim
id: euler
label: euler-again
controls:
  dt: {label: "step size Δt", min: 0.05, max: 1.0, step: 0.05, value: 0.5}
caption: The same figure again, to show a second figure with the same simulation.
try: "Set Δt to 1; notice a single step along the initial slope."
```

??? derivation "Derivation: why Euler's error is first order"
    One step from the exact solution makes an error $\tfrac12 \Delta t^2 h''$; over
    $1/\Delta t$ steps these add up to a global error proportional to $\Delta t$:

    $$
    \lvert e_N \rvert \le C\,\Delta t .
    $$

## Exercises

```exercise
id: 1-1
kind: pencil
question: |
  Take two Euler steps of $\Delta t = 0.5$ for $dh/dt = 0.5\,h$ from $h(0) = 1$.

  - What is $h$ after the first step?
  - What is it after the second?
solution: |
  The first step gives $1 + 0.5 \cdot 0.5 = 1.25$, the second
  $1.25 + 0.5 \cdot 0.5 \cdot 1.25 = {{ ch1.two_steps_exact }}$:

  $$
  h_2 = \left(1 + \tfrac{\Delta t}{2}\right)^2 = 1.5625 .
  $$

  See [[tab:euler-worked]] and (Chen et al.): [@chen2018neural].
```

```exercise
id: 1-2
kind: simulation
question: |
  Set the step size in [[fig:euler]] to 0.25. Predict the number of steps, then check.
solution: |
  Four steps of 0.25 cover $[0, 1]$; the readout says 4.
```

```quiz
id: 1-1
question: What does [[fig:euler]] draw?
options:
  - text: Euler's method
    correct: true
    why: It is Euler's method [@chen2018neural].
  - text: Nothing
    why: It draws something.
```
'''

CHAPTER_2 = r'''---
summary: A second chapter, for cross-references between chapters.
---

# 2. A second chapter

Back in the first chapter, [[fig:euler-again]] and [[ex:1-2]] used the same model
[@chen2018neural]. The Jacobian appears here for the first time in this chapter too.

```sim
id: staircase
controls:
  layers: {label: "number of layers N", min: 1, max: 64, step: 1, value: 4}
caption: The staircase of a ResNet against the curve it approaches.
try: "Drag N from 1 to 64; notice the gap halves with every doubling."
```

```exercise
id: 2-1
kind: pencil
question: What is [[fig:staircase]] a picture of?
solution: A ResNet's hidden state, layer by layer, next to the ODE's smooth solution.
```
'''

EXTRA_BIB = r'''
@article{smith2020a,
  author = {Smith, Ann and Jones, Bob},
  title = {Zebras in Flow},
  journal = {Journal of Fixtures},
  volume = {1},
  year = {2020},
  doi = {10.1000/fixture.2},
}

@article{smith2020b,
  author = {Smith, Ann and Jones, Bob},
  title = {Aardvarks in Flow},
  journal = {Journal of Fixtures},
  volume = {1},
  year = {2020},
  eprint = {2001.00001},
}
'''


def make_book(folder, directory_urls=True):
    """Write the small book into ``folder``; returns the path of its mkdocs.yml.
    Large inputs (the runtime, fonts, the package, the build cache) are links
    into the repository, so nothing is fetched or rebuilt."""
    folder = Path(folder)
    docs = folder / "docs"
    (docs / "chapters").mkdir(parents=True)
    for name in (".cache", "node_modules", "py", "overrides"):
        (folder / name).symlink_to(ROOT / name, target_is_directory=True)
    (docs / "assets").symlink_to(ROOT / "docs" / "assets", target_is_directory=True)
    for page in ("index.md", "notation.md", "glossary.md", "references.md", "glossary.yml"):
        (docs / page).write_text((ROOT / "docs" / page).read_text(encoding="utf-8"), encoding="utf-8")
    (docs / "references.bib").write_text((ROOT / "docs" / "references.bib").read_text(encoding="utf-8")
                                         + EXTRA_BIB, encoding="utf-8")
    (docs / "chapters" / "01-fixture.md").write_text(CHAPTER_1, encoding="utf-8")
    (docs / "chapters" / "02-second.md").write_text(CHAPTER_2, encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("site_hooks/book_hooks.py", str(ROOT / "site_hooks" / "book_hooks.py"))
    if not directory_urls:
        config = config.replace("use_directory_urls: true", "use_directory_urls: false")
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder / "mkdocs.yml"


def build_book(folder, env=None, directory_urls=True):
    """Make and build the small book; returns (CompletedProcess, site folder)."""
    config = make_book(folder, directory_urls=directory_urls)
    site = Path(folder) / "site"
    return build_site(site, config=config, cwd=folder, env=env), site
