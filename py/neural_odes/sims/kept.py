"""What a simulation keeps between control moves: bounded, oldest out first."""

__all__ = ["kept"]


def kept(cache, key, compute, limit):
    """``cache[key]``, made by ``compute()`` when missing. The dict holds at most
    ``limit`` entries; the oldest is dropped to make room (dicts keep insertion
    order), so a long session cannot grow without bound."""
    if key not in cache:
        if len(cache) >= limit:
            cache.pop(next(iter(cache)))
        cache[key] = compute()
    return cache[key]
