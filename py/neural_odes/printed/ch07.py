"""Chapter 7's printed numbers: the trained classifier's report and what the
``classifier`` simulation shows at a few settings, plus the tolerance table, the
time-rescaling comparisons and the exercises."""


import numpy as np

from ..classifier import CLASSIFIER_HYPERPARAMS, classifier_data, nfe_vs_tolerance
from ..formatting import fixed, significant
from ..sims import classifier as sim
from ..sims import trained_models
from ..solvers import solve_ivp_adaptive

SLIDER_VALUES = (0.0, 0.25, 0.5, 0.75, 1.0)
EXACT_TOL = 1e-8  # "the exact flow": the tightest tolerance of the slider
#: the pencil exercise: (strength, T) pairs with the same product, and h(0)
RESCALE_PAIRS = ((3.0, 0.5), (1.5, 1.0))
RESCALE_H0 = 1.0


def readouts(T, strength, tol):
    """(nfe, accuracy in %) of the simulation at these settings."""
    r = sim.classifier(T=T, strength=strength, tol=tol)["readouts"]
    return r["nfe"]["value"], r["accuracy"]["value"]


def best_line(T, strength=1.5, tol=0.5):
    """Accuracy in % of the best straight line (logistic regression) for the
    shown points at time T, as the ``best_line`` readout shows it."""
    return sim.classifier(T=T, strength=strength, tol=tol)["readouts"]["best_line"]["value"]


def tolerance_sweep():
    """NFE, largest end-point error and accuracy of the shown test points at
    T = 1, strength 1.5, for the slider values of SLIDER_VALUES."""
    x, y = sim.shown_points()
    tols = [sim.tolerance(v) for v in SLIDER_VALUES]
    return nfe_vs_tolerance(trained_models.get("classifier"), x, y, tols, T=1.0,
                            strength=sim.TRAINED_STRENGTH)


def tolerance_table():
    sweep = tolerance_sweep()
    rows = []
    for v, tol, nfe, err, acc in zip(SLIDER_VALUES, sweep["tol"], sweep["nfe"], sweep["error"], sweep["accuracy"]):
        rows.append([fixed(v, 2), significant(float(tol), 2), str(int(nfe)), significant(float(err), 2),
                     fixed(100 * acc, 1)])
    return {"columns": ["slider", "rtol = atol", "NFE", "largest end-point error", "accuracy (%)"],
            "rows": rows, "align": ["right", "right", "right", "right", "right"]}


TABLES = {"classifier-tolerance": tolerance_table}


def exact_flow_accuracy():
    """Test accuracy of the trained model when its flow is solved accurately
    (adaptive, rtol = atol = EXACT_TOL) instead of by the 8 RK4 steps it was
    trained with, and how many of the test points the two classify differently."""
    model = trained_models.get("classifier")
    hp = trained_models.info("classifier").get("hp", CLASSIFIER_HYPERPARAMS)
    _, (x, y) = classifier_data(hp)
    kw = dict(T=hp["T"], strength=hp["strength"])
    exact = model.flow(x, rtol=EXACT_TOL, atol=EXACT_TOL, **kw).y[-1]
    trained = model.flow(x, steps=hp["steps"], method=hp["method"], **kw).y[-1]
    return model.accuracy(exact, y), int(np.sum(model.predict(exact) != model.predict(trained)))


def rescaling_exercise():
    """End states of dh/dt = -s h (autonomous) and dh/dt = -s t h (time-dependent)
    from h(0) = RESCALE_H0, for each (s, T) of RESCALE_PAIRS, by the book's solver."""
    out = []
    for s, T in RESCALE_PAIRS:
        def solve(f):
            return float(solve_ivp_adaptive(f, (0.0, T), np.array([RESCALE_H0]),
                                            rtol=1e-10, atol=1e-10).y[-1][0])
        out.append((s, T, solve(lambda t, h: -s * h), solve(lambda t, h: -s * t * h)))
    return out


def numbers():
    info = trained_models.info("classifier")
    hp = info.get("hp", CLASSIFIER_HYPERPARAMS)
    nfe_default, acc_default = readouts(1.0, 1.5, 0.5)
    nfe_loose, acc_loose = readouts(1.0, 1.5, 0.0)
    nfe_tight, acc_tight = readouts(1.0, 1.5, 1.0)
    _, acc_start = readouts(0.0, 1.5, 0.5)
    _, acc_half = readouts(0.5, 1.5, 0.5)
    nfe_s3_half, acc_s3_half = readouts(0.5, 3.0, 1.0)
    _, acc_s3 = readouts(1.0, 3.0, 0.5)
    _, acc_weak = readouts(1.0, 0.5, 0.5)
    nfe_s3_half_default, _ = readouts(0.5, 3.0, 0.5)
    nfe_half, _ = readouts(0.5, 1.5, 0.5)
    nfe_s075, acc_s075 = readouts(1.0, 0.75, 0.5)
    sweep = tolerance_sweep()
    acc_exact, disagree = exact_flow_accuracy()
    (s_a, T_a, auto_a, tdep_a), (s_b, T_b, auto_b, tdep_b) = rescaling_exercise()
    return {
        "best_start": fixed(best_line(0.0), 1),
        "best_quarter": fixed(best_line(0.25), 1),
        "best_end": fixed(best_line(1.0), 1),
        "test_accuracy": fixed(100 * info["test_accuracy"], 1),
        "train_accuracy": fixed(100 * info["train_accuracy"], 1),
        "n_train": str(hp["n_train"]),
        "n_test": str(hp["n_test"]),
        "hidden": str(hp["hidden"][0]),
        "iters": str(hp["iters"]),
        "train_steps": str(hp["steps"]),
        "train_strength": fixed(hp["strength"], 1),
        "train_T": fixed(hp["T"], 0) if float(hp["T"]).is_integer() else str(hp["T"]),
        "err_loose": significant(float(sweep["error"][0]), 2),
        "err_tight": significant(float(sweep["error"][-1]), 2),
        "n_shown": str(sim.N_SHOWN),
        "nfe_default": str(nfe_default),
        "acc_default": fixed(acc_default, 1),
        "nfe_loose": str(nfe_loose),
        "acc_loose": fixed(acc_loose, 1),
        "nfe_tight": str(nfe_tight),
        "acc_tight": fixed(acc_tight, 1),
        "nfe_ratio": fixed(nfe_tight / nfe_loose, 0),
        "acc_start": fixed(acc_start, 1),
        "acc_half": fixed(acc_half, 1),
        "nfe_s3_half": str(nfe_s3_half),
        "acc_s3_half": fixed(acc_s3_half, 1),
        "acc_s3": fixed(acc_s3, 1),
        "acc_weak": fixed(acc_weak, 1),
        # training, stated precisely
        "state_penalty": significant(hp.get("state_penalty", 0.0), 1),
        "test_accuracy_exact": fixed(100 * acc_exact, 1),
        "exact_tol": significant(EXACT_TOL, 1),
        "exact_disagree": str(disagree),
        # time rescaling: the flows agree, the solver's first-step guess does not scale
        "nfe_s3_half_default": str(nfe_s3_half_default),
        "acc_s3_flipped": fixed(100.0 - acc_s3, 1),
        "nfe_half": str(nfe_half),
        "nfe_s075": str(nfe_s075),
        "acc_s075": fixed(acc_s075, 1),
        # the pencil exercise
        "ex_s_a": fixed(s_a, 1), "ex_T_a": fixed(T_a, 1),
        "ex_s_b": fixed(s_b, 1), "ex_T_b": fixed(T_b, 1),
        "ex_auto_a": fixed(auto_a, 3), "ex_auto_b": fixed(auto_b, 3),
        "ex_tdep_a": fixed(tdep_a, 3), "ex_tdep_b": fixed(tdep_b, 3),
    }
