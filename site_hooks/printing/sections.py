"""What a page adds for paper (hidden on screen by ``print.css``; see README,
"Print and PDF"):

- the answer key of a chapter's quizzes: each question, its correct option and why;
- numbered notes for external links: a marker after each link, the addresses
  listed at the end of the page (a printed link cannot be clicked).

Both are ``data-search-exclude``: the search index is for the page as read on screen.
"""

from html import escape
import re
from urllib.parse import urlsplit

from ..blocks.quiz_block import inline_markdown

__all__ = ["answer_key", "footnote_links"]

_LINK = re.compile(r'<a\s[^>]*?href="(https?://[^"]+)"[^>]*>(.*?)</a>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def answer_key(quizzes):
    """The print-only answer key for ``quizzes`` (``QuizSpec`` objects), or ""."""
    if not quizzes:
        return ""
    items = []
    for quiz in quizzes:
        text, _, why = next(option for option in quiz.options if option[1])
        items.append(f'<li><p><strong>Quiz {escape(quiz.id)}.</strong> {inline_markdown(quiz.question)}</p>'
                     f'<p>Answer: <strong>{inline_markdown(text)}</strong></p><p>{inline_markdown(why)}</p></li>')
    return (f'\n<section class="book-print-only book-print-section book-answer-key" data-search-exclude>'
            f'<h2>Answers to the quizzes</h2><ol>{"".join(items)}</ol></section>\n')


def _internal(url, site_url):
    return site_url and urlsplit(site_url).hostname and url.startswith(site_url.rstrip("/") + "/")


def footnote_links(html, site_url=None):
    """``html`` with a numbered marker after each external link (one number per
    address) and the print-only list of addresses appended. Links whose text is
    their address already, and links into the book itself (under ``site_url``),
    get no note."""
    numbers = {}

    def mark(match):
        url, text = match.group(1), _TAGS.sub("", match.group(2)).strip()
        if _internal(url, site_url) or text.rstrip("/") == url.rstrip("/"):
            return match.group(0)
        n = numbers.setdefault(url, len(numbers) + 1)
        return f'{match.group(0)}<sup class="book-print-ref" data-search-exclude>[{n}]</sup>'

    html = _LINK.sub(mark, html)
    if not numbers:
        return html
    notes = "".join(f"<li>{escape(url)}</li>" for url in numbers)
    return (html + f'\n<section class="book-print-only book-print-section book-print-notes" data-search-exclude>'
                   f'<h2>Links</h2><ol>{notes}</ol></section>\n')
