"""Shared fixtures: the extractor (built once) and a maker of dated articles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from geo.pipeline import Extractor, extract_claims
from geo.types import Article, Claim


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The shipped gazetteer and its matcher."""
    return Extractor.build()


@pytest.fixture
def article() -> Callable[..., Article]:
    """``article(text, date="2021-08-10")`` -> an Article (id from the date and text)."""

    def make(text: str, date: str = "2021-08-10", source: str = "test.txt") -> Article:
        from geo.articles import article_id

        d = dt.date.fromisoformat(date)
        return Article(article_id(d, text), d, text.split("\n", 1)[0][:80], text, source)

    return make


@pytest.fixture
def claims(extractor: Extractor, article: Callable[..., Article]) -> Callable[..., list[Claim]]:
    """``claims(text, date=...)`` -> the claims extracted from that text."""

    def run(text: str, date: str = "2021-08-10") -> list[Claim]:
        return extract_claims(article(text, date), extractor)

    return run
