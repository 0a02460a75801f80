"""The crawl tests' fixture web and crawl runner, shared with the hostile-page tests here."""

from crawl.conftest import crawl, profiles_dir, site, web  # noqa: F401 (pytest fixtures)
