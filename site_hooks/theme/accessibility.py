"""Accessible names Material's templates leave out, added to every built page.

axe-core reports Material's search overlay (role="dialog") as a serious
violation without an accessible name. Overriding the whole search partial to
add one attribute would fork the theme's template; naming it here is one line.
"""

import re

__all__ = ["name_unlabelled_landmarks"]

_SEARCH = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")(?![^>]*aria-label)')


def name_unlabelled_landmarks(html):
    return _SEARCH.sub(r'\1 aria-label="Search the book"', html)
