"""Finding the book's fenced blocks in Markdown and reading their YAML.

A block is a fence whose info string is one of the book's kinds::

    ```sim
    id: euler
    ```

Every problem is reported as a :class:`DirectiveError` carrying the file and
the line in that file, so the build can stop with a message a writer can act on.
"""

from dataclasses import dataclass
import re

import yaml

__all__ = ["Block", "DirectiveError", "chapter_id", "find_blocks", "load_yaml"]

_CHAPTER_ID = re.compile(r"^(\d+)-(\d+)$")

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<kind>[A-Za-z][\w-]*)\s*$")


class DirectiveError(Exception):
    """A broken directive: ``file:line: reason``."""

    def __init__(self, path, line, reason):
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


@dataclass(frozen=True)
class Block:
    kind: str
    body: str
    path: str
    line: int  # 1-based line of the opening fence
    start: int  # index of the opening fence line in the page's lines
    end: int  # index one past the closing fence line

    def error(self, reason, body_line=None):
        """A DirectiveError at ``body_line`` (0-based within the body), or at the fence."""
        line = self.line if body_line is None else self.line + 1 + body_line
        return DirectiveError(self.path, line, f"{self.kind} block: {reason}")


def find_blocks(markdown, kinds, path, line_offset=0):
    """Top-level fenced blocks of the given kinds, in order. A fence that is
    opened and never closed is an error (it would swallow the rest of the page).
    ``line_offset`` is the number of file lines before ``markdown`` (front matter)."""
    lines = markdown.split("\n")
    blocks, i = [], 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            # Skip other fenced code, so a ```sim shown as an example inside
            # a ````markdown fence is not taken for a real block.
            other = re.match(r"^(`{3,}|~{3,})", lines[i])
            if other:
                i = _closing(lines, i, other.group(1))
            i += 1
            continue
        fence, kind = match.group("fence"), match.group("kind")
        close = _closing(lines, i, fence)
        if close >= len(lines):
            if kind in kinds:
                raise DirectiveError(path, line_offset + i + 1, f"{kind} block is never closed (expected a line {fence})")
            break
        if kind in kinds:
            blocks.append(Block(kind, "\n".join(lines[i + 1:close]), path, line_offset + i + 1, i, close + 1))
        i = close + 1
    return blocks


def _closing(lines, start, fence):
    for j in range(start + 1, len(lines)):
        stripped = lines[j].strip()
        if stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]}:
            return j
    return len(lines)


def load_yaml(block, allowed=None):
    """The block's YAML as (data, lines): ``lines`` maps a key path such as
    ``("controls", "dt")`` to its 0-based line within the body. Given ``allowed``,
    a top-level key not in it is an error at its line."""
    try:
        node = yaml.compose(block.body, Loader=yaml.SafeLoader)
        data = yaml.safe_load(block.body)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise block.error(f"malformed YAML: {problem}", mark.line if mark else None) from None
    if not isinstance(data, dict):
        raise block.error("expected a YAML mapping of keys such as 'id: ...'")
    lines = {}
    _index(node, (), lines)
    unknown = set(data) - set(allowed) if allowed is not None else set()
    if unknown:
        key = sorted(unknown)[0]
        raise block.error(f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})", lines.get((key,)))
    return data, lines


def chapter_id(block, data, lines, noun, chapter, example):
    """The block's ``id`` of the form <chapter>-<n> (quizzes, exercises), checked
    against ``chapter`` (an int, or None not to check); ``example`` is shown when
    the form is wrong."""
    value = str(data.get("id", ""))
    match = _CHAPTER_ID.match(value)
    if not match:
        raise block.error(f"'id' must look like <chapter>-<n> (for example {example}), got {value!r}",
                          lines.get(("id",)))
    if chapter is not None and int(match.group(1)) != chapter:
        raise block.error(f"{noun} id {value!r} belongs to chapter {match.group(1)}, "
                          f"but this page is chapter {chapter}", lines.get(("id",)))
    return value


def _index(node, path, lines):
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*path, key_node.value)
            lines[key] = key_node.start_mark.line
            _index(value_node, key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for n, item in enumerate(node.value):
            lines[(*path, n)] = item.start_mark.line
            _index(item, (*path, n), lines)
