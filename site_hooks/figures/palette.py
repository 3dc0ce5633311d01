"""The colour roles of scenes, per theme: one table for both renderers.

The matplotlib renderer reads it directly; the browser reads the CSS custom
properties that :func:`palette_css` writes from it, so the live canvas and the
fallback figure always agree.
"""

THEMES = {
    # Material's "default" (light) and "slate" (dark) colour schemes.
    "light": {"fg": "#1f2328", "muted": "#6e7781", "primary": "#3949ab", "accent": "#d9480f",
              "good": "#267d39", "bad": "#c92a2a", "grid": "#dde1e6", "background": "#ffffff"},
    "dark": {"fg": "#e6e8eb", "muted": "#9aa3b0", "primary": "#9fa8ff", "accent": "#ff922b",
             "good": "#69db7c", "bad": "#ff8787", "grid": "#3d4250", "background": "#1e2129"},
}

_SCHEME = {"light": "default", "dark": "slate"}


def palette_css():
    """CSS custom properties ``--book-<role>`` for each Material colour scheme."""
    blocks = []
    for theme, colors in THEMES.items():
        body = "".join(f"  --book-{role}: {value};\n" for role, value in colors.items())
        selector = f'[data-md-color-scheme="{_SCHEME[theme]}"]'
        if theme == "light":
            selector = f":root, {selector}"
        blocks.append(f"{selector} {{\n{body}}}\n")
    return "/* Generated from site_hooks/figures/palette.py; do not edit. */\n" + "".join(blocks)
