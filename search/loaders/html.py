"""Saved portal pages (.html, .htm) to Articles: the article without the page.

Provincial portals (SharePoint, Liferay, WordPress and home-grown systems)
wrap each article in ribbons, menus, sidebars, share and print buttons and
lists of other news. A page is read in four steps:

1. metadata from the whole page: <meta> tags (og:*, article:*), the
   canonical link, the breadcrumb, the byline and date elements;
2. the main content chosen (article-body selectors, else <body>) and the
   chrome around and inside it removed: scripts, styles, forms, comments,
   nav/header/footer/aside, hidden elements, and any element whose class or
   id names a menu, sidebar, share bar, ribbon, skip link...;
3. each image taken out with its caption (<figcaption>, an italic or
   centred line right after it, a cell of its image table, or a meaningful
   alt text), so captions never reach the body;
4. every block (<p>, <div>, <li>, table row, ...) made a line, and the lines
   sorted by `portal_text.read_page_lines`, the rules a text copy of the same
   page gets (chrome lines, datelines, "Tin liên quan" tails, file names).

A page whose content holds no text is skipped, even if it has a title: a
saved page without an article (a login or error page) is not an article.
"""
from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, MarkupResemblesLocatorWarning, NavigableString, Tag

from search.dates import date_in_text, parse_date
from search.loaders.encoding import (
    EncodingProblem,
    check_not_legacy,
    decode_bytes,
    fix_text,
    read_text_bytes,
)
from search.loaders.jsonl import article_from_record
from search.loaders.portal_text import (
    BYLINE_LIMIT,
    CAPTION_LIMIT,
    IMAGE_FILE,
    PageText,
    is_tail_marker,
    read_page_lines,
)
from search.models import Article, Skipped
from search.normalize import clean

_DECLARED_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_CHROME_TAGS = (
    "script", "style", "noscript", "template", "nav", "aside", "form", "iframe",
    "svg", "button", "input", "select", "textarea", "object", "embed", "menu",
    "header", "footer",
)
# Class and id words of page furniture, matched at the start of a word, so
# "sideNavBox", "s4-ribbonrow" and "sharedaddy" match but "canvas" does not.
_CHROME_NAME = re.compile(
    r"(?:^|[\s_-])(?:(?:top|main|left|right|sub|mega|side)?(?:menu|nav)"
    r"|sidebar|breadcrumb|shar(?:e|ing)|social|print|footer|header|banner|ribbon|skip"
    r"|related|comment|toolbar|widget|login|search|pager|paginat|paging|advert|copyright"
    r"|hotline|lienquan|tinkhac|othernews|sitemap|cookie|popup|modal"
    r"|(?:ads?|tags?|tools|vote|rating|logo)(?=$|[\s_\d-]))",
    re.IGNORECASE,
)
_CONTENT_SELECTORS = (
    "[itemprop=articleBody]", "article", ".ms-rtestate-field", ".entry-content",
    ".post-content", ".article-content", ".article-body", ".news-content",
    ".content-detail", ".detail-content", ".journal-content-article", ".noidung",
    ".noi-dung", "main", "[role=main]", "#content", ".content",
)
# A content candidate shorter than this is a teaser box, not the article.
_MIN_CONTENT_CHARS = 100
_META_DATE_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "dc.date.issued", "dc.date", "date",
)
_BREADCRUMB_NAME = re.compile(r"breadcrumb|duong-?dan|site-?path", re.IGNORECASE)
_BREADCRUMB_SEPARATOR = re.compile(r"\s*[|>»›/]\s*")
_BREADCRUMB_LIMIT = 300
_DATE_NAME = re.compile(r"(?:^|[\s_-])(?:date|time|ngay|published|posted)", re.IGNORECASE)
_BYLINE_SELECTOR = (
    ".author, [rel~=author], [itemprop=author], .byline, .tacgia, .tac-gia, "
    ".news-author, .post-author, .article-author"
)
_BYLINE_LABEL = re.compile(r"^(?:tác giả|người viết|by)\s*:?\s*", re.IGNORECASE)
_CAPTION_NAME = re.compile(
    r"caption|chu-?thich|(?:image|img|photo|pic|anh)[-_]?(?:desc|note|title|text)", re.IGNORECASE
)
_GENERIC_ALT = {"ảnh", "hình ảnh", "ảnh minh họa", "ảnh minh hoạ", "image", "photo", "logo"}
_SITE_NAME = re.compile(
    r"(?:cổng thông tin|trang thông tin|cổng ttđt|trang tin|báo điện tử|portal\b|website\b).*"
    r"|\S+\.(?:vn|com|net|org)",
    re.IGNORECASE,
)
_TITLE_SEPARATOR = re.compile(r"\s+[-|–—:»]+\s+")
_BLOCK_TAGS = (
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "address", "center", "section", "article", "figure",
    "figcaption", "table", "tr", "hr", "main", "header", "footer",
)
_SPACE_RUN = re.compile(r"\s+")


def load_html(path: Path) -> Iterator[Article | Skipped]:
    """One Article (or Skipped) from a saved HTML page."""
    try:
        data = read_text_bytes(path)
        record = page_record(fix_text(decode_bytes(data, declared_charset(data))))
    except EncodingProblem as problem:
        yield Skipped(str(path), None, str(problem))
        return
    if not record["body"]:
        yield Skipped(str(path), None, "no article text found in the page")
        return
    yield article_from_record(record, str(path), None)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in <meta charset> or http-equiv Content-Type."""
    found = _DECLARED_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


def page_record(markup: str) -> dict[str, object]:
    """The article of an HTML page as a record for `article_from_record`."""
    soup = _parse(markup)
    check_not_legacy(soup.get_text(" "))
    meta = _meta_tags(soup)
    canonical = soup.find("link", rel="canonical", href=True)
    url = clean(canonical["href"] if canonical else meta.get("og:url", "")) or None
    page = PageText(byline=_take_byline_element(soup), breadcrumb=_breadcrumb(soup))
    root = _content_root(soup)
    _remove_chrome(soup, keep=root)
    # Dates are looked for once menus and sidebars (dates of other news) are gone.
    page.date = _meta_date(soup, meta)
    site = clean(meta.get("og:site_name", "")) or _host(url)
    page.title = _title(soup, root, meta, site)
    page.captions = _take_captions(root, page.title)
    page.byline = page.byline or _take_styled_byline(root)
    record = read_page_lines(_block_lines(root), page).record()
    record["category"] = record["category"] or clean(meta.get("article:section", "")) or None
    # The facet names the publishing site the same way for every input: its host.
    return record | {"url": url, "source": _host(url) or site}


def _parse(markup: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        # We always pass a file's contents; a page that reads "index.html"
        # is short text, not the mistaken file name bs4 warns about.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(markup, "lxml")


# --- step 1: metadata from the whole page -----------------------------------

def _meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    tags: dict[str, str] = {}
    for meta in soup.find_all("meta", content=True):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        tags.setdefault(key.lower(), meta["content"])
    return tags


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _names_of(tag: Tag) -> str:
    """A tag's class and id as words ("sideNavBox" → "side-Nav-Box")."""
    names = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", names)


def _breadcrumb(soup: BeautifulSoup) -> list[str]:
    for trail in soup.find_all(_is_breadcrumb):
        text = clean(trail.get_text("|"))
        if len(text) <= _BREADCRUMB_LIMIT:  # not a wrapper that merely mentions one
            return [item for item in _BREADCRUMB_SEPARATOR.split(text) if item]
    return []


def _is_breadcrumb(tag: Tag) -> bool:
    return bool(_BREADCRUMB_NAME.search(_names_of(tag) + " " + str(tag.get("aria-label", ""))))


def _take_byline_element(soup: BeautifulSoup) -> str | None:
    for element in soup.select(_BYLINE_SELECTOR):
        text = _BYLINE_LABEL.sub("", clean(element.get_text(" ")))
        if 0 < len(text) <= BYLINE_LIMIT:
            element.decompose()
            return text
    return None


def _meta_date(soup: BeautifulSoup, meta: dict[str, str]) -> dt.date | None:
    for key in _META_DATE_KEYS:
        found = parse_date(meta.get(key))
        if found:
            return found
    for time in soup.find_all("time"):
        found = parse_date(time.get("datetime")) or _text_date(time)
        if found:
            return found
    dated = soup.find_all(lambda tag: bool(_DATE_NAME.search(_names_of(tag))))
    return next((found for tag in dated if (found := _text_date(tag))), None)


def _text_date(tag: Tag) -> dt.date | None:
    text = clean(tag.get_text(" "))
    return (parse_date(text) or date_in_text(text)) if len(text) <= 100 else None


# --- step 2: the content and the chrome around it ---------------------------

def _content_root(soup: BeautifulSoup) -> Tag:
    for selector in _CONTENT_SELECTORS:
        candidates = [(len(tag.get_text(" ", strip=True)), tag) for tag in soup.select(selector)]
        longest = max(candidates, key=lambda pair: pair[0], default=(0, None))
        if longest[0] >= _MIN_CONTENT_CHARS:
            return longest[1]
    return soup.body or soup


def _remove_chrome(soup: BeautifulSoup, keep: Tag) -> None:
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    protected = {id(keep), *(id(parent) for parent in keep.parents)}
    for tag in soup.find_all(True):
        if id(tag) not in protected and not tag.decomposed and _is_chrome(tag):
            tag.decompose()


def _is_chrome(tag: Tag) -> bool:
    if tag.name in ("header", "footer") and tag.find_parent("article") is not None:
        return tag.name == "footer"  # an article's own header holds its title and date
    if tag.name in _CHROME_TAGS or _is_hidden(tag):
        return True
    return bool(_CHROME_NAME.search(_names_of(tag)))


def _is_hidden(tag: Tag) -> bool:
    style = str(tag.get("style", "")).replace(" ", "").lower()
    return (
        tag.has_attr("hidden")
        or tag.get("aria-hidden") == "true"
        or "display:none" in style
        or "visibility:hidden" in style
    )


def _title(soup: BeautifulSoup, root: Tag, meta: dict[str, str], site: str | None) -> str:
    heading = root.find("h1") or soup.find("h1")
    candidates = (
        meta.get("og:title", ""),
        heading.get_text(" ") if heading else "",
        soup.title.get_text(" ") if soup.title else "",
    )
    titles = (_without_site_name(clean(text), site) for text in candidates)
    return next((title for title in titles if title), "")


def _without_site_name(title: str, site: str | None) -> str:
    """"Hội nghị … - Cổng thông tin điện tử tỉnh Hà Nam" → "Hội nghị …"."""
    while separators := list(_TITLE_SEPARATOR.finditer(title)):
        first, last = separators[0], separators[-1]
        if _is_site_name(title[last.end():], site):
            title = title[: last.start()]
        elif _is_site_name(title[: first.start()], site):
            title = title[first.end():]
        else:
            break
    return title


def _is_site_name(part: str, site: str | None) -> bool:
    same_as_site = site is not None and part.casefold() == site.casefold()
    return same_as_site or bool(_SITE_NAME.fullmatch(part))


# --- step 3: images and their captions --------------------------------------

def _take_captions(root: Tag, title: str) -> list[str]:
    """Remove every image and its caption from the content; return the captions."""
    captions: list[str] = []
    for image in root.find_all("img"):
        if image.decomposed:  # inside a caption block removed before it
            continue
        caption = _caption_of(image, root)
        text = clean(caption.get_text(" ")) if caption else _meaningful_alt(image, title)
        if caption:
            caption.decompose()
        image.decompose()
        if text and text not in captions:
            captions.append(text)
    for caption in root.find_all("figcaption"):  # a figure without an <img>
        captions.append(clean(caption.get_text(" ")))
        caption.decompose()
    return [caption for caption in captions if caption]


def _caption_of(image: Tag, root: Tag) -> Tag | None:
    """The figcaption, or the block of the first text after the image if styled as one."""
    figure = image.find_parent("figure")
    if figure is not None:
        return figure.find("figcaption")
    text = image.find_next(string=lambda s: not isinstance(s, Comment) and bool(s.strip()))
    block = text.find_parent(_BLOCK_TAGS + ("td", "th")) if text else None
    if block is None or block is root or root not in block.parents:
        return None
    if len(clean(block.get_text(" "))) > CAPTION_LIMIT:
        return None
    if _is_italic(text, block) or _looks_like_caption_block(block):
        return block
    return None if not _in_image_table(image, block) else block


def _is_italic(text: NavigableString, block: Tag) -> bool:
    """Whether the text sits in <em>/<i> (or italic style) covering most of its block."""
    for parent in text.parents:
        italic = parent.name in ("em", "i") or "italic" in str(parent.get("style", ""))
        if italic:
            return len(clean(parent.get_text(" "))) >= 0.8 * len(clean(block.get_text(" ")))
        if parent is block:
            return False
    return False


def _looks_like_caption_block(block: Tag) -> bool:
    for tag in [block, *list(block.parents)[:2]]:
        style = str(tag.get("style", "")).replace(" ", "").lower()
        centred = tag.get("align") == "center" or "text-align:center" in style
        if centred or tag.name == "center" or _CAPTION_NAME.search(_names_of(tag)):
            return True
    return False


def _in_image_table(image: Tag, block: Tag) -> bool:
    # Portals lay out an image and its caption as a small table of their own.
    table = image.find_parent("table")
    return (
        table is not None
        and block.find_parent("table") is table
        and len(clean(table.get_text(" "))) <= CAPTION_LIMIT
    )


def _meaningful_alt(image: Tag, title: str) -> str | None:
    alt = clean(str(image.get("alt") or image.get("title") or ""))
    if len(alt.split()) < 2 or IMAGE_FILE.fullmatch(alt):
        return None
    if alt.casefold() in _GENERIC_ALT or alt.casefold() == title.casefold():
        return None
    return alt


# --- step 4: blocks to lines ------------------------------------------------

def _take_styled_byline(root: Tag) -> str | None:
    """A short last paragraph set bold or right-aligned: the author or the source."""
    last = _last_paragraph(root)
    if last is None:  # no paragraph, or only one: that is the text itself
        return None
    text = clean(last.get_text(" "))
    if len(text) <= BYLINE_LIMIT and (_is_right_aligned(last) or _is_bold(last)):
        last.decompose()
        return text
    return None


def _last_paragraph(root: Tag) -> Tag | None:
    """The last innermost paragraph before any "Tin liên quan", if it is not the first."""
    paragraphs: list[Tag] = []
    for block in root.find_all(("p", "div")):
        text = clean(block.get_text(" "))
        if not text or block.find(("p", "div")) is not None:
            continue
        if paragraphs and is_tail_marker(text):
            break
        paragraphs.append(block)
    return paragraphs[-1] if len(paragraphs) > 1 else None


def _is_right_aligned(block: Tag) -> bool:
    style = str(block.get("style", "")).replace(" ", "").lower()
    return block.get("align") == "right" or "text-align:right" in style or (
        "right" in _names_of(block).lower()
    )


def _is_bold(block: Tag) -> bool:
    bold = "".join(tag.get_text(" ") for tag in block.find_all(("strong", "b")))
    style = str(block.get("style", "")).replace(" ", "").lower()
    return "font-weight:bold" in style or len(clean(bold)) >= 0.9 * len(clean(block.get_text(" ")))


def _block_lines(root: Tag) -> list[str]:
    """The content's text, one line per block, spaces inside a block folded."""
    for text in root.find_all(string=True):
        if text.find_parent("pre") is None:
            text.replace_with(_SPACE_RUN.sub(" ", text))
    for br in root.find_all("br"):
        br.replace_with("\n")
    for cell in root.find_all(("td", "th")):
        cell.insert_after(" ")
    for block in root.find_all(_BLOCK_TAGS):
        block.insert_before("\n")
        block.insert_after("\n")
    return root.get_text().split("\n")
