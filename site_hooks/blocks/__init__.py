"""The book's Markdown directives: fenced ``sim``, ``quiz`` and ``table`` blocks, parsed and rendered."""
