"""The printed book: answer keys and footnoted links in every page, and ``./book pdf``."""
