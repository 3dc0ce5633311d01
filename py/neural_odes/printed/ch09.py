"""Chapter 9's printed numbers: what the playground does with its default field."""

from ..formatting import fixed, significant
from ..sims import playground as pg


def default_run():
    """The default swirl's Solution in the playground."""
    f = pg.compile_field(pg.DEFAULT_CODE)
    return pg.flow(f)


def numbers():
    sol = default_run()
    return {
        "particles": str(pg.STARTS.shape[0]),
        "t_end": fixed(pg.T_END, 0),
        "default_steps": str(sol.n_accepted),
        "default_nfe": str(sol.nfe),
        "grid_arrows": str(pg.GRID_X.size * pg.GRID_Y.size),
        "tol": significant(pg.RTOL, 1),
    }
