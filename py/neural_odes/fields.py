"""Vector fields used by the chapters.

Every field is called as ``f(t, h)`` and accepts a single state of shape ``(2,)``
or a batch of shape ``(N, 2)``, returning the same shape. Plain functions for the
fixed pictures of chapter 2, small classes where a field has parameters.

:class:`MLPField` is the learned field of chapters 5–7: a small tanh multilayer
perceptron with hand-written vector–Jacobian products (for backpropagation and the
adjoint) and an exact Jacobian and divergence (for the continuous normalizing
flow).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "LinearField",
    "linear",
    "swirl",
    "spiral_sink",
    "saddle",
    "limit_cycle",
    "TurbulentField",
    "turbulent",
    "FIELDS",
    "JACOBIANS",
    "get_field",
    "MLPField",
]


def _xy(h):
    h = np.asarray(h, dtype=float)
    return h[..., 0], h[..., 1]


def _pair(u, v):
    """``np.stack([u, v], axis=-1)`` for two arrays of one shape, the same
    numbers at a fraction of the cost (the solvers call fields thousands of
    times per figure, mostly on one or a few states)."""
    out = np.empty(np.shape(u) + (2,))
    out[..., 0] = u
    out[..., 1] = v
    return out


class LinearField:
    """The linear field ``f(t, h) = A h``.

    Parameters
    ----------
    A : array_like, shape (d, d)

    Notes
    -----
    Its flow is ``h(t) = expm(A t) h(0)``; the divergence is ``trace(A)``
    everywhere, which makes it the closed-form test case of the CNF.
    """

    def __init__(self, A):
        A = np.array(A, dtype=float)
        if A.ndim != 2 or A.shape[0] != A.shape[1]:
            raise ValueError(f"A must be a square matrix, got shape {A.shape}")
        if not np.all(np.isfinite(A)):
            raise ValueError("A must be finite")
        self.A = A
        self._AT = np.ascontiguousarray(A.T)

    def __call__(self, t, h):
        return np.asarray(h, dtype=float) @ self._AT

    def jacobian(self, t, h):
        """``A`` for every state, shape ``(N, d, d)`` or ``(d, d)``."""
        h = np.asarray(h, dtype=float)
        return np.broadcast_to(self.A, h.shape[:-1] + self.A.shape).copy()

    def divergence(self, t, h):
        """``trace(A)`` for every state, shape ``(N,)`` or ``()``."""
        h = np.asarray(h, dtype=float)
        return np.full(h.shape[:-1], float(np.trace(self.A)))


def linear(A) -> LinearField:
    """The linear field ``f(t, h) = A h`` (see :class:`LinearField`)."""
    return LinearField(A)


def swirl(t, h):
    """Differential rotation: circular orbits, fast near the centre.

    ``f = omega(r) * (-y, x)`` with angular speed ``omega = 2 / (1 + r^2)``.
    Trajectories are circles, but inner ones turn faster than outer ones, so a
    cloud of particles shears into a spiral arm.
    """
    x, y = _xy(h)
    w = 2.0 / (1.0 + x * x + y * y)
    return _pair(-w * y, w * x)


_SINK = np.array([[-0.3, -1.0], [1.0, -0.3]])
_SADDLE = np.array([[1.0, 0.0], [0.0, -1.0]])


def spiral_sink(t, h):
    """Spiral sink ``f = A h`` with ``A = [[-0.3, -1], [1, -0.3]]``.

    Eigenvalues ``-0.3 +- i``: particles circle the origin while decaying into it.
    """
    return np.asarray(h, dtype=float) @ _SINK.T


def saddle(t, h):
    """Saddle ``f = (x, -y)``: attracted along the y axis, repelled along x."""
    return np.asarray(h, dtype=float) @ _SADDLE.T


def limit_cycle(t, h, mu=1.0):
    """Hopf normal form: every orbit except the origin winds onto the circle
    of radius ``sqrt(mu)``.

    ``dx = mu x - y - x r^2``, ``dy = x + mu y - y r^2``; in polar coordinates
    ``dr = r (mu - r^2)``, ``dtheta = 1``.
    """
    x, y = _xy(h)
    r2 = x * x + y * y
    return _pair(mu * x - y - x * r2, x + mu * y - y * r2)


class TurbulentField:
    """A drift to the right, calm below the x axis and turbulent above it.

    ``f(t, h) = (1, 0) + m(y) * a * (sin(kx) cos(ky), -cos(kx) sin(ky))``, a
    row of Taylor–Green vortices switched on by the smooth mask
    ``m(y) = (1 + tanh(y / 0.3)) / 2``. Amplitude ``a = 2.5 * strength`` and
    wavenumber ``k = 1 + 7 * strength`` grow with ``strength``, so the field
    changes faster in space and an adaptive solver needs more steps there.
    At ``strength = 0`` the field is the uniform drift everywhere.

    Parameters
    ----------
    strength : float in [0, 1]

    Attributes
    ----------
    calm_start, turbulent_start : ndarray, shape (2,)
        Suggested starting points of the two particles of chapter 4's
        simulation (left side, below and above the axis); integrate over
        ``t_span`` = (0, 4).
    """

    calm_start = np.array([-2.0, -1.0])
    turbulent_start = np.array([-2.0, 1.0])
    t_span = (0.0, 4.0)

    def __init__(self, strength: float):
        s = float(strength)
        if not (math.isfinite(s) and 0.0 <= s <= 1.0):
            raise ValueError(f"strength must be between 0 and 1, got {strength!r}")
        self.strength = s
        self.amplitude = 2.5 * s
        self.wavenumber = 1.0 + 7.0 * s

    def __call__(self, t, h):
        x, y = _xy(h)
        k = self.wavenumber
        m = 0.5 * (1.0 + np.tanh(y / 0.3)) * self.amplitude
        kx, ky = k * x, k * y
        u = 1.0 + m * np.sin(kx) * np.cos(ky)
        v = -m * np.cos(kx) * np.sin(ky)
        return _pair(u, v)


def turbulent(strength: float) -> TurbulentField:
    """The turbulence family of chapter 4 (see :class:`TurbulentField`)."""
    return TurbulentField(strength)


#: Fields of chapter 2's ``field`` simulation, by the select's option value.
FIELDS = {
    "swirl": swirl,
    "sink": spiral_sink,
    "saddle": saddle,
    "cycle": limit_cycle,
}


def _jacobian(J00, J01, J10, J11):
    """The four entries (arrays of one shape) as one array ``(..., 2, 2)``."""
    J = np.empty(np.shape(J00) + (2, 2))
    J[..., 0, 0], J[..., 0, 1], J[..., 1, 0], J[..., 1, 1] = J00, J01, J10, J11
    return J


def swirl_jacobian(t, h):
    """``df/dh`` of :func:`swirl`, shape ``h.shape + (2,)``.

    With ``q = 1 + r^2`` and ``w = 2 / q``, ``dw/dx = -4x / q^2``, so
    ``J = [[4xy/q^2, -w + 4y^2/q^2], [w - 4x^2/q^2, -4xy/q^2]]``: its trace
    is 0, the swirl preserves area.
    """
    x, y = _xy(h)
    q = 1.0 + x * x + y * y
    w = 2.0 / q
    c = 4.0 / (q * q)
    cxy = c * x * y
    return _jacobian(cxy, c * y * y - w, w - c * x * x, -cxy)


def spiral_sink_jacobian(t, h):
    """``df/dh`` of :func:`spiral_sink`: the constant matrix ``A``."""
    return np.broadcast_to(_SINK, np.shape(h) + (2,)).copy()


def saddle_jacobian(t, h):
    """``df/dh`` of :func:`saddle`: ``diag(1, -1)``."""
    return np.broadcast_to(_SADDLE, np.shape(h) + (2,)).copy()


def limit_cycle_jacobian(t, h, mu=1.0):
    """``df/dh`` of :func:`limit_cycle`:
    ``[[mu - r^2 - 2x^2, -1 - 2xy], [1 - 2xy, mu - r^2 - 2y^2]]``."""
    x, y = _xy(h)
    a = mu - x * x - y * y
    xy2 = 2.0 * x * y
    return _jacobian(a - 2.0 * x * x, -1.0 - xy2, 1.0 - xy2, a - 2.0 * y * y)


#: ``df/dh`` of each field of :data:`FIELDS`, by the same names.
JACOBIANS = {
    "swirl": swirl_jacobian,
    "sink": spiral_sink_jacobian,
    "saddle": saddle_jacobian,
    "cycle": limit_cycle_jacobian,
}


def get_field(name: str):
    """Look a chapter-2 field up by name.

    Raises
    ------
    ValueError
        Listing the valid names when ``name`` is unknown.
    """
    try:
        return FIELDS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"field must be one of {', '.join(FIELDS)}; got {name!r}"
        ) from None


_ONES: dict = {}  # batch size -> read-only vector of ones (MLPField.vjp)


class MLPField:
    """A tanh multilayer perceptron as a vector field, ``f(t, h) = scale * MLP([h, t])``.

    Layers: ``x_0 = [h, t]`` (``t`` appended only when ``time_dependent``),
    ``x_{l+1} = tanh(x_l W_l^T + b_l)`` for the hidden layers, and a linear
    output layer. Parameters live in a dict of arrays ``{"W0", "b0", "W1", ...}``
    so they can be saved, shipped to the browser as JSON and updated by an
    optimizer without any framework.

    Parameters
    ----------
    dim : int
        State dimension ``d``.
    hidden : tuple of int
        Widths of the hidden layers.
    time_dependent : bool
        Append ``t`` to the input.
    seed : int
        Seed of the deterministic initialisation.
    scale : float
        Factor on the output (the classifier's *field strength*).
    params : dict, optional
        Use these arrays instead of a fresh initialisation (not copied).
    init_gain : float
        Scale of the output layer at initialisation (small: a near-identity flow).

    Notes
    -----
    Hand-written derivatives, all summed over a batch where they concern
    parameters:

    * :meth:`vjp` — ``v^T df/dh`` and ``v^T df/dtheta`` (backprop, adjoint);
    * :meth:`jacobian` — ``df/dh``, shape ``(N, d, d)``, by forward mode;
    * :meth:`divergence` — ``trace(df/dh)``, exact (Chen et al. 2018; Grathwohl
      et al. 2019 estimate it stochastically, in 2-D the exact trace is cheap).
    """

    def __init__(self, dim=2, hidden=(32,), *, time_dependent=False, seed=0,
                 scale=1.0, params=None, init_gain=0.5):
        self.dim = int(dim)
        self.hidden = tuple(int(w) for w in hidden)
        self.time_dependent = bool(time_dependent)
        self.scale = float(scale)
        self.n_layers = len(self.hidden) + 1
        self._keys = [(f"W{l}", f"b{l}") for l in range(self.n_layers)]
        self.params = params if params is not None else self.init_params(seed, init_gain)
        self._check_params()

    # -- parameters -----------------------------------------------------
    @property
    def in_dim(self) -> int:
        return self.dim + (1 if self.time_dependent else 0)

    def layer_shapes(self):
        """Shapes of ``W_l``: list of ``(out, in)``."""
        widths = (self.in_dim,) + self.hidden + (self.dim,)
        return [(widths[i + 1], widths[i]) for i in range(self.n_layers)]

    def init_params(self, seed=0, init_gain=0.5) -> dict:
        """Deterministic initialisation: scaled normal weights, zero biases.

        Hidden layers use variance ``1 / fan_in`` (tanh stays in its linear
        range); the output layer is further scaled by ``init_gain``.
        """
        rng = np.random.default_rng(seed)
        params = {}
        for l, (fan_out, fan_in) in enumerate(self.layer_shapes()):
            gain = init_gain if l == self.n_layers - 1 else 1.0
            params[f"W{l}"] = rng.standard_normal((fan_out, fan_in)) * (gain / math.sqrt(fan_in))
            params[f"b{l}"] = np.zeros(fan_out)
        return params

    def _check_params(self):
        for l, shp in enumerate(self.layer_shapes()):
            W = self.params.get(f"W{l}")
            b = self.params.get(f"b{l}")
            if W is None or np.shape(W) != shp or b is None or np.shape(b) != (shp[0],):
                raise ValueError(
                    f"params must hold W{l} of shape {shp} and b{l} of shape ({shp[0]},)"
                )

    def with_params(self, params) -> "MLPField":
        """A field of the same architecture with other parameters."""
        return MLPField(self.dim, self.hidden, time_dependent=self.time_dependent,
                        scale=self.scale, params=params)

    def with_scale(self, scale) -> "MLPField":
        """The same parameters (shared, not copied) with another output factor."""
        return MLPField(self.dim, self.hidden, time_dependent=self.time_dependent,
                        scale=scale, params=self.params)

    def param_names(self):
        names = []
        for l in range(self.n_layers):
            names += [f"W{l}", f"b{l}"]
        return names

    # -- evaluation -------------------------------------------------------
    def _input(self, t, h):
        h2 = np.asarray(h, dtype=float).reshape(-1, self.dim)
        if self.time_dependent:
            tcol = np.broadcast_to(np.asarray(t, dtype=float).reshape(-1, 1), (h2.shape[0], 1))
            return np.concatenate([h2, tcol], axis=1)
        return h2

    # ndarray.dot rather than the @ operator throughout: on the small arrays of
    # a simulation it is several times faster, and these run in the inner loop.
    def forward(self, t, h):
        """Evaluate and keep what the derivatives need.

        Parameters
        ----------
        t : float or ndarray, shape (N,)
        h : ndarray, shape (d,) or (N, d)

        Returns
        -------
        out : ndarray, shape (N, d)
        acts : list of ndarray
            ``[x_0, x_1, ..., x_L]``: the input and every hidden activation,
            ``x_l`` of shape (N, width_l).
        """
        p = self.params
        x = self._input(t, h)
        acts = [x]
        keys = self._keys
        for wk, bk in keys[:-1]:
            z = x.dot(p[wk].T)
            z += p[bk]
            x = np.tanh(z, out=z)
            acts.append(x)
        wk, bk = keys[-1]
        out = x.dot(p[wk].T)
        out += p[bk]
        if self.scale != 1.0:
            out *= self.scale
        return out, acts

    def __call__(self, t, h):
        out, _ = self.forward(t, h)
        return out.reshape(np.shape(h))

    def vjp(self, t, h, v, acts=None, param_grads=True):
        """Vector–Jacobian products ``v^T df/dh`` and ``v^T df/dtheta``.

        Parameters
        ----------
        t : float or ndarray, shape (N,)
        h : ndarray, shape (d,) or (N, d)
        v : ndarray, same shape as ``h``
            Cotangent of the output.
        acts : list of ndarray, optional
            Activations from :meth:`forward` at the same ``(t, h)`` (recomputed
            when omitted).
        param_grads : bool
            Also return the parameter cotangents.

        Returns
        -------
        dh : ndarray, same shape as ``h``
        dparams : dict of ndarray or None
            Same keys and shapes as ``params``, summed over the batch.
        """
        if acts is None:
            _, acts = self.forward(t, h)
        p = self.params
        g = np.asarray(v, dtype=float).reshape(-1, self.dim)
        if self.scale != 1.0:
            g = g * self.scale
        ones = _ONES.get(g.shape[0])
        if ones is None:  # the batch sum's vector of ones, made once per batch size
            ones = _ONES[g.shape[0]] = np.ones(g.shape[0])
            ones.flags.writeable = False
        grads = {} if param_grads else None
        for l in range(self.n_layers - 1, -1, -1):
            wk, bk = self._keys[l]
            x = acts[l]
            if param_grads:
                grads[wk] = g.T.dot(x)
                grads[bk] = ones.dot(g)  # the batch sum, as one small product
            gx = g.dot(p[wk])
            if l > 0:
                g = gx * (1.0 - x * x)
        dh = gx[:, : self.dim].reshape(np.shape(h))
        return dh, grads

    def jacobian(self, t, h, acts=None):
        """Exact Jacobian ``df/dh``.

        Returns
        -------
        ndarray, shape (N, d, d) for a batch, (d, d) for one state
        """
        if acts is None:
            _, acts = self.forward(t, h)
        p = self.params
        d = self.dim
        # Forward mode: push the d unit tangents through the layers together,
        # stacked as (d, N, width) so each layer is one matrix product.
        N = acts[0].shape[0]
        T = np.broadcast_to(p["W0"][:, :d].T[:, None, :], (d, N, p["W0"].shape[0]))
        for l in range(1, self.n_layers):
            T = (1.0 - acts[l] ** 2) * T
            T = T @ p[f"W{l}"].T
        J = self.scale * np.moveaxis(T, 0, -1)  # (N, d_out, d_in)
        return J[0] if np.ndim(h) == 1 else J

    def divergence(self, t, h, acts=None):
        """Exact divergence ``trace(df/dh)``.

        Returns
        -------
        ndarray, shape (N,) for a batch, () for one state
        """
        if acts is None:
            _, acts = self.forward(t, h)
        d = self.dim
        p = self.params
        if self.n_layers == 2:
            # trace(W1 diag(s) W0[:, :d]) = sum_j s_j * (W0[j, :d] . W1[:, j])
            c = np.einsum("ji,ij->j", p["W0"][:, :d], p["W1"])
            div = self.scale * ((1.0 - acts[1] ** 2) @ c)
        else:
            J = self.jacobian(t, h, acts)
            J = J.reshape(-1, d, d)
            div = np.einsum("nii->n", J)
        return div[0] if np.ndim(h) == 1 else div
