"""Chapters and simulations embedded in other sites: the embed pages and the host's snippet."""
