"""Scenes drawn at build time: the matplotlib renderer, its colour palette, the content-keyed figure store."""
