"""Property-based tests (hypothesis) of what every query and article passes through.

The query parser, the normaliser, folding and the snippet builder must take
any Unicode string: pasted garbage, decomposed letters, zero-width and bidi
characters, HTML, and the query language's own operators in any order.
Examples are derandomized, so every run (and CI) tries the same ones.
"""
from __future__ import annotations

import re
import unicodedata
from html import unescape

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from search.highlight import SNIPPET_CHARS, highlight_all, snippet
from search.normalize import clean, fold, normalize, visible
from search.plan import build
from search.query import MAX_QUERY_CHARS, parse
from search.tokens import tokenize

FUZZ = settings(max_examples=300, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

LETTERS = ("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯQ"
           "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
WORDS = ["hoà", "hòa", "thuỷ", "Uỷ ban", "khoẻ", "quý", "Đà Nẵng", "UBND", "tỉnh", "123/QĐ-UBND",
         "21/01/2019", "ngày 21 tháng 1 năm 2019", "quý I/2019", "TT&TT", "1.000,5"]
COMBINING = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b", "\u0307"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c",
             "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u00ad", "\x00", "\x85"]
SPACES = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2028", "\u3000"]
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<mark>", "</mark>", "<b>",
          "&amp;", "&lt;", "&#x27;", "&", "<", ">", "'", '"', "javascript:", "<!--", "]]>"]
OPERATORS = ["-", '"', "“", "”", "«", "»", "OR", "AND", "title:", "date:", "category:", "agency:",
             "source:", "-title:", "date:2019", "date:2019-01..", "date:..2020-13", "..", ":", "*", "?"]

piece = st.one_of(
    st.text(alphabet=LETTERS, min_size=1, max_size=6),
    st.sampled_from(WORDS), st.sampled_from(COMBINING), st.sampled_from(INVISIBLE),
    st.sampled_from(SPACES), st.sampled_from(MARKUP), st.sampled_from(OPERATORS),
    st.text(max_size=3),  # anything at all, surrogates and private use included
)
hostile = st.lists(piece, max_size=40).map("".join)
# Over REGION_CHARS, the snippet builder only tokenises around the matches.
long_hostile = st.tuples(hostile, st.integers(1, 120), hostile).map(lambda t: t[0] * t[1] + t[2])
any_text = st.one_of(hostile, st.text())
LONG_ARTICLE = ("Mở đầu <b>đậm</b> & \u202egiả\u202c. " * 40 + "Sở Y tế <script>x()</script> tiêm chủng. ") * 3
OUR_ENTITIES = re.compile(r"&(?!(?:amp|lt|gt|quot|#x27);)")


def without_our_marks(html: str) -> str:
    return html.replace("<mark>", "").replace("</mark>", "")


def assert_only_our_markup(html: str) -> None:
    bare = without_our_marks(html)
    assert "<" not in bare and ">" not in bare
    assert not OUR_ENTITIES.search(bare), "a raw & that is not an entity we produced"
    assert html.count("<mark>") == html.count("</mark>")
    assert not any(c in html for c in INVISIBLE)


# The query parser

@FUZZ
@given(any_text)
def test_any_string_parses_into_a_plan(raw):
    query = parse(raw)
    build(query)
    assert len(query.clauses) + len(query.excluded) <= 32


@FUZZ
@given(hostile)
def test_parsed_words_carry_no_invisible_characters(raw):
    query = parse(raw)
    for clause in query.clauses + query.excluded:
        assert visible(clause.text) == clause.text
        assert clause.text.strip()


@FUZZ
@given(hostile, st.integers(1, 3))
def test_an_overlong_query_is_cut_with_a_note(raw, repeat):
    query = parse("x " * MAX_QUERY_CHARS + raw * repeat)
    assert any(str(MAX_QUERY_CHARS) in note for note in query.notes)


# The normaliser and folding

@FUZZ
@example("A\u200b\u0300")  # was "A\u0300": composed before the zero-width space went
@example("oà\u0300")  # was "òa\u0300": the tone moved off a letter a stray mark follows
@given(any_text)
def test_normalisation_is_idempotent_and_gives_composed_visible_text(text):
    once = normalize(text)
    assert normalize(once) == once
    assert clean(clean(text)) == clean(text)
    assert unicodedata.is_normalized("NFC", once) and visible(once) == once and once == once.strip()
    cleaned = clean(text)  # analysis offsets into display text rely on the length staying
    assert len(normalize(cleaned)) == len(cleaned)


@FUZZ
@given(any_text)
def test_folding_a_folded_string_changes_nothing(text):
    folded = fold(text)
    assert fold(folded) == folded
    normalized = normalize(text)
    if not any(unicodedata.combining(c) for c in normalized):  # stray marks are dropped
        assert len(fold(normalized)) == len(normalized)  # snippet offsets rely on it


# The snippet builder

@FUZZ
@example(LONG_ARTICLE, "y te tiem chung")
@example("Mở đầu. " + "A" * 100_000 + " lừa đảo", "lua dao")  # was the whole 100,000-letter word
@example("lừa đảo " + "!" * 5000, "lua dao")
@given(st.one_of(hostile, long_hostile), any_text)
def test_snippets_contain_no_markup_but_our_marks(text, query):
    terms = build(parse(query)).highlight_terms
    html = snippet(text, terms)
    assert_only_our_markup(html)
    assert len(unescape(without_our_marks(html))) <= SNIPPET_CHARS + 2  # and the two "…"
    assert_only_our_markup(highlight_all(text, terms))


@FUZZ
@given(st.one_of(hostile, long_hostile), st.frozensets(st.one_of(st.text(max_size=4), st.sampled_from(
    ["", "(", "\\", "a|b", ".*", "[", "&", "<mark>"])), max_size=5))
def test_any_terms_at_all_give_safe_snippets(text, terms):
    assert_only_our_markup(snippet(text, terms))
    assert_only_our_markup(highlight_all(text, terms))


@FUZZ
@example(LONG_ARTICLE, "y te tiem chung")
@given(st.one_of(hostile, long_hostile), any_text)
def test_a_snippet_is_a_piece_of_the_article_text(text, query):
    html = snippet(text, build(parse(query)).highlight_terms)
    shown = unescape(without_our_marks(html)).removeprefix("…").removesuffix("…")
    assert shown in visible(text)


@FUZZ
@example("Mở đầu. " + "A" * 100_000 + " lừa đảo", "lua dao")  # the match was left outside the snippet
@given(st.one_of(hostile, long_hostile), hostile)
def test_every_mark_holds_a_word_of_the_query_and_a_match_is_marked(text, query):
    text, terms = clean(text), build(parse(query)).highlight_terms  # articles are stored clean
    if terms & {fold(t.text) for t in tokenize(normalize(text))}:
        assert "<mark>" in snippet(text, terms)
    for html in (snippet(text, terms), highlight_all(text, terms)):
        for marked in re.findall(r"<mark>(.*?)</mark>", html, re.S):
            assert any(term in fold(normalize(unescape(marked))) for term in terms if term)

