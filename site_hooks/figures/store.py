"""Fallback figures: rendered once per content key, cached, copied into the site."""

from pathlib import Path
import shutil

from .renderer import DPI, FIGSIZE, figure_key, render_png

__all__ = ["FigureStore"]

SITE_FOLDER = "assets/figures"


class FigureStore:
    def __init__(self, cache_dir):
        self.cache_dir = Path(cache_dir)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.names = set()

    def add(self, sim_id, scene):
        """Light and dark PNGs of ``scene``; returns their site paths and pixel size."""
        names = {}
        for theme in ("light", "dark"):
            name = f"{sim_id}-{theme}-{figure_key(scene, theme)}.png"
            path = self.cache_dir / name
            if not path.exists():
                tmp = path.with_suffix(".tmp")
                tmp.write_bytes(render_png(scene, theme))
                tmp.replace(path)  # atomic: a killed build never leaves half a PNG
            names[theme] = name
            self.names.add(name)
        return {"light": f"{SITE_FOLDER}/{names['light']}", "dark": f"{SITE_FOLDER}/{names['dark']}",
                "width": round(FIGSIZE[0] * DPI), "height": round(FIGSIZE[1] * DPI)}

    def copy_to(self, site_dir):
        dest = Path(site_dir) / SITE_FOLDER
        dest.mkdir(parents=True, exist_ok=True)
        for name in sorted(self.names):
            shutil.copyfile(self.cache_dir / name, dest / name)
