"""Text copies of portal pages (.txt) to Articles.

A page copied from a SharePoint-style provincial portal reads, in order:
page chrome ("Skip Ribbon Commands", "Trang chủ", "Đăng nhập"), the title
(often twice), a category line ("Tin theo lĩnh vực …"), the lead with the
event date ("Sáng ngày 21/01/2019, …"), body paragraphs in which each image
appears as its file name followed by its caption, maybe a byline, and then
lists of other articles after "Tin liên quan" or "Các tin khác".

`read_page_lines` sorts those lines into a `PageText`; the HTML loader feeds
it the text lines of a page's main content as well. A .txt that is not a
portal copy goes through the same rules: nothing matches, so its first line
is the title and the rest the body.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from search.dates import date_in_text, parse_date
from search.loaders.encoding import (
    EncodingProblem,
    check_not_legacy,
    decode_bytes,
    fix_text,
    read_text_bytes,
)
from search.loaders.jsonl import article_from_record, title_from_body
from search.models import Article, Skipped
from search.normalize import clean

# A first line longer than this is a paragraph, not a title.
TITLE_LINE_LIMIT = 200
CAPTION_LIMIT = 300
BYLINE_LIMIT = 80

_CHROME_PHRASES = (
    "skip ribbon commands", "skip to main content", "skip navigation",
    "turn on more accessible mode", "turn off more accessible mode",
    "bỏ qua nội dung chính", "trang chủ", "home", "đăng nhập", "đăng ký",
    "đăng xuất", "tìm kiếm", "sơ đồ cổng", "sơ đồ trang", "sơ đồ site",
    "liên hệ", "english", "tiếng việt", "rss", "in bài viết", "in bài",
    "in trang", "in", "bản in", "print", "gửi email", "gửi bài viết",
    "gửi cho bạn bè", "email", "e-mail", "chia sẻ bài viết", "chia sẻ",
    "share", "tweet", "like", "facebook", "zalo", "twitter", "quay lại",
    "trở về", "trở lại", "về đầu trang", "lên đầu trang", "đầu trang",
    "lưu bài viết", "xem thêm", "cỡ chữ", "nghe đọc bài", "đọc bài",
    r"lượt (?:xem|đọc|truy cập)\s*:?\s*[\d.,]*", r"(?:bình luận|ý kiến)\s*\(\d+\)",
    r"(?:từ khóa|từ khoá|tags?)\s*:.*", r"a\s*-?\s*a\s*a\s*\+?",
)
_CHROME_LINE = re.compile(
    rf"(?:(?:{'|'.join(_CHROME_PHRASES)})\s*[|•·/,:\-–]*\s*)+", re.IGNORECASE
)
_TAIL_MARKERS = re.compile(
    r"(?:tin liên quan|các tin khác|tin khác|tin cùng chuyên mục|tin cùng lĩnh vực"
    r"|bài viết liên quan|các bài viết khác|tin đã đưa|các tin đã đưa"
    r"|ý kiến bạn đọc|gửi ý kiến|bình luận)\s*:?",
    re.IGNORECASE,
)
# Tail markers count only after a real paragraph: above the article they are menus.
_PARAGRAPH_LENGTH = 60
_SEGMENT_SEPARATOR = re.compile(r"\s*[|•]\s*")
_DATELINE_LABEL = re.compile(
    r"(?:ngày đăng|ngày cập nhật|cập nhật|ngày xuất bản|xuất bản|đăng lúc|đăng ngày"
    r"|thời gian đăng|published|posted)\s*(?:lúc|ngày)?\s*:?\s*",
    re.IGNORECASE,
)
_CATEGORY_LINE = re.compile(
    r"(?:tin theo lĩnh vực\s*:?|chuyên mục\s*:|lĩnh vực\s*:|danh mục\s*:)\s*(.{1,80})",
    re.IGNORECASE,
)
_BREADCRUMB_LINE = re.compile(r"(?:trang chủ|home)\s*(?:[>»›/|]|\s-\s)", re.IGNORECASE)
_BREADCRUMB_SEPARATOR = re.compile(r"\s*[>»›/|]\s*|\s-\s")
_BREADCRUMB_LIMIT = 200
_HOME = {"trang chủ", "home", "trang chu"}
IMAGE_FILE = re.compile(
    r"[^\s/\\]+(?: [^\s/\\]+){0,3}\.(?:jpe?g|png|gif|webp|bmp|tiff?)", re.IGNORECASE
)
_CREDIT = re.compile(
    r"(?:theo|nguồn\s*:?)\s+\S.*"
    r"|(?:tin|bài|ảnh|tin và ảnh|tin, ảnh|bài và ảnh|bài, ảnh)\s*:\s*\S.*",
    re.IGNORECASE,
)
_NAME_SEPARATOR = re.compile(r"\s*[-–,&]\s*|\s+")
_TRAILING_NOTE = re.compile(r"\s*\([^)]*\)$")


@dataclass
class PageText:
    """What the lines of one page hold, sorted."""

    title: str = ""
    body: list[str] = field(default_factory=list)
    category: str | None = None
    date: dt.date | None = None
    captions: list[str] = field(default_factory=list)
    byline: str | None = None
    breadcrumb: list[str] = field(default_factory=list)

    def record(self) -> dict[str, object]:
        """The page as a record for `article_from_record`."""
        category = self.category or category_from_breadcrumb(self.breadcrumb, self.title)
        return {
            "title": self.title, "body": "\n".join(self.body), "date": self.date,
            "category": category, "captions": self.captions, "byline": self.byline,
        }


def load_text(path: Path) -> Iterator[Article | Skipped]:
    """One Article (or Skipped) from a .txt file."""
    try:
        text = fix_text(decode_bytes(read_text_bytes(path)))
        check_not_legacy(text)
    except EncodingProblem as problem:
        yield Skipped(str(path), None, str(problem))
        return
    yield article_from_record(read_page_lines(text.split("\n")).record(), str(path), None)


def read_page_lines(lines: Iterable[str], page: PageText | None = None) -> PageText:
    """Sort a page's lines into title, metadata, captions and body.

    A `page` may come with what is already known (the HTML loader knows the
    title); lines only fill in what is still missing.
    """
    page = page or PageText()
    content = _until_tail(clean("\n".join(lines)).split("\n"))
    content = _take_title(_take_metadata(content, page), page)
    _take_byline(content, page)
    page.body = content
    if page.date is None and content:
        page.date = date_in_text(content[0])
    return page


def is_tail_marker(line: str) -> bool:
    """Whether a line opens the list of other news after an article ("Tin liên quan")."""
    return bool(_TAIL_MARKERS.fullmatch(line))


def _until_tail(lines: list[str]) -> list[str]:
    seen_paragraph = False
    for number, line in enumerate(lines):
        if seen_paragraph and is_tail_marker(line):
            return lines[:number]
        seen_paragraph = seen_paragraph or len(line) >= _PARAGRAPH_LENGTH
    return lines


def _take_metadata(lines: list[str], page: PageText) -> list[str]:
    kept: list[str] = []
    after_image = False
    for line in lines:
        if after_image and _is_caption(line):
            page.captions.append(line)
        elif IMAGE_FILE.fullmatch(line):
            after_image = True
            continue
        elif not _take_meta_line(line, page):
            kept.append(line)
        after_image = False
    return kept


def _take_meta_line(line: str, page: PageText) -> bool:
    """Record what a chrome, date, category or breadcrumb line says; False for text."""
    if is_chrome_line(line):
        return True
    found = _dateline_date(line)
    if found:
        page.date = page.date or found
        return True
    category = _CATEGORY_LINE.fullmatch(line)
    if category:
        page.category = page.category or category.group(1).strip()
        return True
    if _BREADCRUMB_LINE.match(line) and len(line) <= _BREADCRUMB_LIMIT:
        page.breadcrumb = page.breadcrumb or _BREADCRUMB_SEPARATOR.split(line)
        return True
    return False


def is_chrome_line(line: str) -> bool:
    """Whether a line is page furniture: skip links, menus, share and print buttons."""
    return bool(line) and bool(_CHROME_LINE.fullmatch(line))


def _dateline_date(line: str) -> dt.date | None:
    """The date of a line such as "Ngày đăng: 21/01/2019 | Lượt xem: 12", else None."""
    segments = _SEGMENT_SEPARATOR.split(line)
    if len(line) > 100 or not all(is_chrome_line(s) or _segment_date(s) for s in segments):
        return None
    return next((found for s in segments if (found := _segment_date(s))), None)


def _segment_date(segment: str) -> dt.date | None:
    # After the label only a date (and time) may follow: "Cập nhật thông tin
    # dịch bệnh ngày 21/01/2019" is a heading of the text, not a dateline.
    label = _DATELINE_LABEL.match(segment)
    return parse_date(segment[label.end():] if label else segment)


def _is_caption(line: str) -> bool:
    return (
        len(line) <= CAPTION_LIMIT
        and not IMAGE_FILE.fullmatch(line)
        and not is_chrome_line(line)
    )


def _take_title(lines: list[str], page: PageText) -> list[str]:
    if not page.title and lines:
        first = lines[0]
        if len(first) <= TITLE_LINE_LIMIT:
            page.title, lines = first, lines[1:]
        else:
            page.title = title_from_body(first)
    repeated = page.title.casefold()
    return [line for line in lines if line.casefold() != repeated]


def _take_byline(lines: list[str], page: PageText) -> None:
    if page.byline is None and len(lines) > 1 and looks_like_byline(lines[-1]):
        page.byline = lines.pop()


def looks_like_byline(line: str) -> bool:
    """"Theo Sở TT&TT", "Tin, ảnh: Minh Anh" or a name such as "Nguyễn Văn A"."""
    wrapped = line.startswith("(") and line.endswith(")")
    text = (line[1:-1] if wrapped else line).strip()
    if not text or len(text) > BYLINE_LIMIT:
        return False
    return bool(_CREDIT.fullmatch(text)) or _is_name(_TRAILING_NOTE.sub("", text))


def _is_name(text: str) -> bool:
    words = [word for word in _NAME_SEPARATOR.split(text) if word]
    if not words or len(words) > 8 or any(char.isdigit() for char in text):
        return False
    if len(words) == 1:  # initials such as "PV" or "N.H"
        return text.isupper() and len(text) <= 6
    return all(word[0].isupper() for word in words)


def category_from_breadcrumb(items: list[str], title: str) -> str | None:
    """The last breadcrumb item that is neither the home link nor the title itself."""
    for item in reversed([clean(item) for item in items]):
        key = item.casefold().rstrip(".…").strip()
        if key and key not in _HOME and not _is_title(key, title.casefold()):
            return item
    return None


def _is_title(key: str, title_key: str) -> bool:
    # Breadcrumbs often end with the title, sometimes cut short ("Hội nghị tổng kết…").
    return key == title_key or (len(key) >= 20 and title_key.startswith(key))
