"""Training the book's two models, at build time only.

Nothing in this package runs in the reader's browser: the build trains each
model once (:mod:`.cache` keys the result by the source of everything training
depends on), and ships the parameters, which the models in
:mod:`neural_odes.classifier` and :mod:`neural_odes.flows` read
(:mod:`neural_odes.trained`).
"""
