"""MkDocs hooks of the book (registered in mkdocs.yml under ``hooks:``).

Thin on purpose: each handler passes MkDocs' objects to :class:`BookBuild`.
State lives on the config object of the current build, never in this module,
because ``mkdocs serve`` keeps hook modules loaded across rebuilds.
"""

from pathlib import Path
import logging
import sys

from mkdocs.exceptions import PluginError

# MkDocs loads this file by path; make the project root importable for site_hooks.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from site_hooks.theme.accessibility import name_unlabelled_landmarks  # noqa: E402
from site_hooks.apparatus.exercises import solutions_shown  # noqa: E402
from site_hooks.apparatus.pages import book_nav  # noqa: E402
from site_hooks.blocks.directives import DirectiveError  # noqa: E402
from site_hooks.book_build import BookBuild, split_front_matter  # noqa: E402
from site_hooks.runtime_manifest import PAGE_SCRIPTS, PAGE_STYLES  # noqa: E402
from site_hooks.vendoring.frontend import FrontendVendorError  # noqa: E402
from site_hooks.offline.file_copy import configure_offline, offline_enabled  # noqa: E402
from site_hooks.vendoring.runtime import VendorError  # noqa: E402

log = logging.getLogger("mkdocs.book")


def _fail(exc):
    raise PluginError(f"Neural ODEs book: {exc}") from None


_command = {"name": "build"}  # the mkdocs command of this process (fixed for its lifetime)


def on_startup(command, dirty):
    _command["name"] = command


def on_config(config):
    try:
        show_solutions = solutions_shown()
    except ValueError as exc:
        _fail(exc)
    config.book = BookBuild(Path(config.config_file_path).parent, docs_dir=config.docs_dir,
                            show_solutions=show_solutions)
    config.book.log = log.info
    config.extra_css = list(PAGE_STYLES)
    config.extra_javascript = list(PAGE_SCRIPTS)
    if not config.nav:  # front page, chapters, back matter (notation, glossary, references)
        config.nav = book_nav(config.docs_dir)
    if offline_enabled():
        configure_offline(config)
        config.book.offline = True
    config.book.site_url = config.site_url or "http://127.0.0.1:8000/"
    config.book.directory_urls = config.use_directory_urls
    # `mkdocs serve` rebuilds on every edit: a caching service worker would hide them.
    config.book.service_worker = _command["name"] != "serve"
    return config


def on_files(files, config):
    sources = {f.src_uri: Path(f.abs_src_path).read_text(encoding="utf-8")
               for f in files.documentation_pages()}
    try:
        config.book.scan(sources)
    except DirectiveError as exc:
        _fail(exc)
    return files


def on_page_markdown(markdown, page, config, files):
    try:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
        offset = split_front_matter(source)[2]
        return config.book.page_markdown(markdown, page.file.src_uri, offset)
    except DirectiveError as exc:
        _fail(exc)


def on_page_content(html, page, config, files):
    return config.book.page_html(html, page.file.src_uri, page.url)


def on_post_page(output, page, config):
    try:
        return config.book.page_head(name_unlabelled_landmarks(output), page.url)
    except VendorError as exc:
        _fail(exc)


def on_post_build(config):
    try:
        config.book.post_build(config.site_dir, log=log.info)
    except (VendorError, FrontendVendorError) as exc:
        _fail(exc)
