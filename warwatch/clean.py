"""The clean stage: an article's main text out of an HTML page, and scrape boilerplate out of text.

    clean_text(text)                 -> CleanText(title, text)
    html_to_article(html, source)    -> HtmlArticle(title, text, published, outlet, url, language)

Cleaning works line by line. A line is dropped when it is page furniture:
navigation words and breadcrumb trails, teasers for other articles ("Read also:
..."), share and subscribe prompts, cookie and copyright notices, tag lists and
bare date stamps. Agency credits ("Reuters contributed to this report.",
"(Reporting by ...; Editing by ...)") are dropped only at the end of the text,
where they are a tail; in the middle of a text the same words may be reporting.

The title of a scraped dump is its first real line when that line reads like a
headline (a few words, no final full stop, more text after it). It is returned
apart and left out of `text`: extraction runs on `text` only, so a headline that
repeats the first paragraph in other words does not become a second report of
the same incident.

The result is deterministic. Paragraphs are separated by one blank line ("\\n\\n"),
lines inside a paragraph by "\\n", and runs of spaces inside a line are collapsed.
Cleaning the body again removes nothing: `clean_text(c.text, find_title=False).text
== c.text`. With `find_title=True` a second pass may still take the body's first
line as a title when it, too, reads like a headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import trafilatura

from .errors import NoArticleError

# The limits below were set by reading every line the cleaner drops, and every title it takes, over
# the ~4,500 scraped articles of the development corpus (evaldata corpus/news.jsonl).

# A headline is at most this long; ~200 characters holds the longest headlines of news sites
# (wire headlines run 60-120) while a first paragraph that lost its full stop is usually longer.
TITLE_MAX_CHARS = 200
# A headline has at most this many words; wire headlines run 6-15, and longer first lines
# seen in scraped dumps were lead sentences that lost their full stop.
TITLE_MAX_WORDS = 25
# A headline has at least this many words; shorter first lines are section labels ("World",
# "Middle East") rather than headlines.
TITLE_MIN_WORDS = 3
# Lines above a headline this short (section labels, kickers, datelines) are passed over when
# looking for it.
LABEL_MAX_WORDS = 2
# A line is read as a reporting sentence when it has at least this many words and ends like a
# sentence; teaser markers at the start of such a line are then not enough to drop it.
SENTENCE_MIN_WORDS = 6
# Boilerplate prompts (share, subscribe, tag lists) are short; a longer line that happens to
# start with the same words is kept as content.
PROMPT_MAX_WORDS = 30
# Credit and tail lines ("Reporting by ...; Editing by ...") are short; bound them so a long
# closing paragraph is never taken for one.
TAIL_MAX_WORDS = 40
# Breadcrumb segments are short names ("Middle East", "World News").
CRUMB_MAX_WORDS = 5

_SENTENCE_END = ".!?\"'”’)»"


@dataclass(frozen=True)
class CleanText:
    """A cleaned text and the title found at its top (None when it has none)."""

    title: str | None
    text: str


@dataclass(frozen=True)
class HtmlArticle:
    """The main text and metadata of one HTML page."""

    title: str | None
    text: str
    published: date | None
    outlet: str | None
    url: str | None
    language: str | None


# --- whitespace ----------------------------------------------------------------------------

# Characters that never carry text: byte-order marks, zero-width spaces, soft hyphens.
_INVISIBLE = re.compile("[\ufeff\u200b\u2060\u00ad]")
# Line breaks other than "\n" (str.splitlines' set, less "\n" itself).
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Control characters left after line breaks are handled; tabs become spaces below.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_SPACES = re.compile(r"[^\S\n]+")


def _normalise(text: str) -> list[list[str]]:
    """Paragraphs of stripped, space-collapsed lines; blank lines separate paragraphs."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if line:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


# --- line patterns -------------------------------------------------------------------------

# Whole lines that are navigation, page furniture or a bare prompt. Matched after lower-casing
# and stripping symbols and trailing colons, so "☰ Menu", "SEARCH:" and "Breadcrumb »" match.
_NAV_PHRASES = (
    "breadcrumb|breadcrumbs|home|homepage|home page|menu|main menu|open menu|close menu|search|"
    "search this site|search for|skip to content|skip to main content|skip to navigation|"
    "skip navigation|jump to navigation|navigation|toggle navigation|sections|back to top|top|close|"
    "print|email|share|tweet|advertisement|advertising|advert|ad|sponsored|sponsored content|"
    "continue reading|continue reading the main story|story continues below advertisement|"
    "scroll to continue|scroll to continue with content|loading|sign in|log in|login|register|"
    "subscribe|newsletter|newsletters|more|show more|load more|you are here|next|previous|"
    "next article|previous article|next story|previous story|comments|leave a comment|"
    "post a comment|view comments|privacy policy|privacy notice|terms of use|terms of service|"
    "terms and conditions|contact|contact us|about us|advertise|advertise with us|accessibility|"
    "sitemap|rss|follow us|share this|share this article|share this story|share this page|related|"
    "related articles|related stories|related content|related coverage|related news|related topics|"
    "recommended|recommended for you|most read|most popular|most viewed|most shared|trending|"
    "trending now|topics|tags|more stories|latest news|top stories|editor's picks|editors' picks|"
    "listen to this article|listen|watch|watch now|watch live|video|photos|gallery|image caption|"
    "accept|accept all|reject all|manage cookies|cookie settings|story highlights"
)
_NAV = frozenset(_NAV_PHRASES.split("|"))

# Section labels that stand above a headline; only dropped before the title.
_SECTION_PHRASES = (
    "world|news|world news|middle east|africa|asia|europe|americas|international|politics|region|"
    "local|national|breaking|breaking news|latest|live|opinion|analysis|features|conflict|"
    "security|exclusive|update|updated"
)
_SECTIONS = frozenset(_SECTION_PHRASES.split("|"))

# Markers that open a teaser for another article.
_TEASER_MARKER = (
    r"read also|also read|read more|read next|see also|more on this(?: story)?|related"
    r"(?: (?:articles?|stories|story|coverage|content|news|topics|links|posts|reading))?|recommended"
    r"(?: (?:reading|stories|articles|videos|for you))?|you (?:may|might) (?:also )?(?:like|be interested in)"
    r"|most (?:read|popular|viewed|shared)|editors?'? ?s? picks?|top stories|trending(?: now)?"
    r"|watch(?: now| live)?|video|photos|listen|in pictures|don'?t miss|further reading|more stories"
)
_TEASER_SEPARATOR = r"\s*(?::|\||-|–|—|»|›|>)"
# "Read also: Iraq weekly: a digest of events |" at the start of a line.
_TEASER_AT_START = re.compile(rf"^(?:{_TEASER_MARKER}){_TEASER_SEPARATOR}\s*(?P<rest>.*)$", re.IGNORECASE)
# Teaser markers that are never how a reporting sentence begins, even without a separator.
_TEASER_ALWAYS = re.compile(
    r"^(?:read also|also read|see also|you (?:may|might) (?:also )?(?:like|be interested in)|read more"
    r" (?:about|on|at|here|in our)|more on this story)\b",
    re.IGNORECASE,
)
# Teaser markers that open a teaser when the line does not read as a sentence.
_TEASER_WEAK = re.compile(r"^(?:read more|read next|further reading|don'?t miss)\b", re.IGNORECASE)
# A teaser glued after the last sentence of a line: "... on Monday. Read also: ...".
_TEASER_INLINE = re.compile(
    rf"(?<=[.!?\"”’])\s+(?:read also|also read|read more|see also|related){_TEASER_SEPARATOR}\s.*$",
    re.IGNORECASE,
)

_SOCIAL = r"(?:facebook|twitter|x|whatsapp|telegram|instagram|youtube|tiktok|linkedin|reddit|pinterest|threads)"
# Share and follow prompts and rows of share buttons.
_SHARE = re.compile(
    rf"^(?:share|tweet|email|e-mail|print|send)(?: (?:this|the))?(?: (?:article|story|page|post|video|link))?"
    rf"(?: (?:on|via|to|with|by) [\w .-]+)?$"
    rf"|^(?:follow|like|find|join) us\b"
    rf"|^follow (?:@\S+|[\w .'-]{{1,40}} on (?:social media|{_SOCIAL}))"
    rf"|^follow\s.{{0,60}}\b{_SOCIAL}\b"
    rf"|^(?:{_SOCIAL}|email|e-mail|print|share|tweet|copy link|comments?|messenger)"
    rf"(?:[ ,|·•/]+(?:{_SOCIAL}|email|e-mail|print|share|tweet|copy link|comments?|messenger))+$",
    re.IGNORECASE,
)
# Subscription and app prompts.
_SUBSCRIBE = re.compile(
    r"^(?:subscribe|sign[ -]?up|register|join)\b.*\b(?:newsletters?|updates|alerts|mailing list|inbox|e-?mail"
    r"|channel|free|premium|subscription|subscribers?|our|today|now)\b"
    r"|^sign[ -]?up\b"
    r"|^join our\b"
    r"|^(?:get|download) (?:the|our) .{0,60}\b(?:app|newsletter)\b"
    r"|^(?:click|tap) here\b",
    re.IGNORECASE,
)
_COOKIE = re.compile(
    r"\bcookies?\b.*\b(?:we use|uses?|accept|consent|polic(?:y|ies)|settings|preferences|browsing|experience)\b"
    r"|\b(?:we use|uses?|accept|consent to|manage)\b.*\bcookies?\b",
    re.IGNORECASE,
)
# Copyright notices, found sentence by sentence: they are often glued to the last paragraph.
_NOTICE = re.compile(
    r"all rights reserved|may not be (?:published|reproduced)|rewritten,? or redistributed|used under licen[cs]e"
    r"|(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}|[^.]{0,40}\d{4}\.?$)",
    re.IGNORECASE,
)
_NOTICE_START = re.compile(r"^\(?(?:tm and )?(?:©|\(c\)\s*\d{4}|copyright\b)", re.IGNORECASE)
# A sentence that starts with a notice sign is the notice itself only when short; "© Name, 24, was
# killed ..." is a caption whose credit sign lost its place.
NOTICE_MAX_WORDS = 6
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?)])\s+(?=[(\"“A-Z©])")
_TAGS = re.compile(r"^(?:tags|topics|filed under|categories|keywords|related topics)\s*:", re.IGNORECASE)
_PHOTO_CREDIT = re.compile(r"^\(?(?:image|photo|picture|video)\s*(?:source|credit|copyright)s?\s*[:,]", re.IGNORECASE)
_COMMENT_COUNT = re.compile(r"^(?:\d+ comments?|comments? \(\d+\)|page \d+ of \d+)$", re.IGNORECASE)
_BROWSER = re.compile(r"^(?:please )?(?:enable|turn on) javascript|^your browser does not support|^javascript is", re.I)
# "Published: 27 March 2017 10:41 GMT", "Updated 3 hours ago".
_STAMP = re.compile(
    r"^(?:published|updated|last updated|posted|first published)(?: on| at)?\s*:?\s*(?P<rest>.*)$", re.I
)
_STAMP_VOCABULARY = (
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august "
    "september october november december mon tue wed thu fri sat sun monday tuesday wednesday thursday "
    "friday saturday sunday am pm gmt utc bst cet est edt pst ast ago hour hours minute minutes day days "
    "week weeks at on by - | today yesterday"
)
_STAMP_WORDS = frozenset(_STAMP_VOCABULARY.split())

# Breadcrumb trails: "Home > World", "Home / News / Middle East", "News | World | Iraq".
_CRUMB_SPLIT = re.compile(r"\s+(?:>|»|›|→|/|\||·|•)\s+|\s*(?:»|›|→)\s*")
_CRUMB_ARROW = re.compile(r"[>»›→]")
_CRUMB_ROOTS = frozenset({"home", "homepage", "home page", "main", "news", "start", "you are here", "you are here:"})

# Agency tails, only at the end of a text.
_AGENCY = (
    r"(?:(?:news |wire )?agencies|agency|afp|agence france-presse|reuters|ap|the associated press|associated press"
    r"|anadolu(?: agency)?|xinhua|dpa|efe|ansa|pti|ians|kuna|wam|ina|news desk|wires?|wire services"
    r"|[\w.]+ staff|staff(?: writers?| reporters?)?)"
)
_AGENCIES = rf"{_AGENCY}(?:\s*(?:,|/|&|and)\s*{_AGENCY})*"
_CONTRIBUTED = r" contributed(?: reporting)? to (?:this|the) (?:story|report|article)"
_TAIL_LINES = (
    # "Agencies contributed to this story." The credit names no sentence end: a line that does is
    # a closing sentence with the credit glued on, handled by _TAIL_INLINE.
    re.compile(rf"^[^.!?]{{1,120}}?{_CONTRIBUTED}(?: from [^.]{{1,60}})?\.?$", re.I),
    re.compile(r"^\(?(?:additional |further )?(?:reporting|writing|editing|compiled|compiling) by\b.*$", re.I),
    re.compile(rf"^[-–—(]*\s*(?:(?:source|sources|with|via)\s*[:-]?\s*)?{_AGENCIES}\s*\)?\.?$", re.I),
)
_TAIL_INLINE = (
    re.compile(r"(?<=[.!?\"”’])\s+\((?:additional )?(?:reporting|writing|editing) by [^()]*\)\.?$", re.I),
    re.compile(rf"(?<=[.!?\"”’])\s+[^.!?]{{1,120}}?{_CONTRIBUTED}\.?$", re.I),
    re.compile(rf"(?<=[.!?\"”’])\s+[-–—]\s*{_AGENCIES}\.?$", re.I),
)

# Bylines, credits in brackets, and lines holding a sentence end before more text are not headlines.
_NOT_TITLE = re.compile(r"(?i:^by\s)|^[(\[]|\w{4,}[.!?][\"”’]?\s+[\"“(]?[A-Z]")
_SYMBOLS = re.compile(r"^[\W_]+|[\W_]+$")


def _key(line: str) -> str:
    """A line lower-cased without surrounding symbols: "☰ Menu" -> "menu", "SEARCH:" -> "search"."""
    key = _SYMBOLS.sub("", line.lower())
    # Keep a closing apostrophe that belongs to the word ("editors' picks").
    if line.rstrip(":»›> ").lower().endswith("'") and key and not key.endswith("'"):
        key += "'"
    return key


def _words(line: str) -> int:
    return len(line.split())


def _is_sentence(line: str) -> bool:
    """Reads as a sentence: enough words and a sentence end."""
    return _words(line) >= SENTENCE_MIN_WORDS and line.rstrip()[-1:] in _SENTENCE_END


def _is_breadcrumb(line: str) -> bool:
    parts = [p for p in _CRUMB_SPLIT.split(line) if p]
    if len(parts) < 2 or any(_words(p) > CRUMB_MAX_WORDS or p[-1] in ".!?," for p in parts):
        return False
    return _key(parts[0]) in _CRUMB_ROOTS or bool(_CRUMB_ARROW.search(line)) or len(parts) >= 3


def _only_date_words(text: str) -> bool:
    tokens = [t.strip(",.:;()") for t in text.split()]
    return all(not t or t.lower() in _STAMP_WORDS or any(c.isdigit() for c in t) for t in tokens)


def _is_stamp(line: str) -> bool:
    m = _STAMP.match(line)
    return m is not None and _only_date_words(m.group("rest"))


def _is_furniture(line: str) -> bool:
    """Page furniture anywhere in a text: navigation, prompts, notices, stamps."""
    key = _key(line)
    if not key or key in _NAV:
        return True
    # A menu flattened onto one line: "Home Search Menu".
    if _words(line) <= PROMPT_MAX_WORDS and all(_key(word) in _NAV for word in line.split()):
        return True
    if _is_breadcrumb(line) or _COMMENT_COUNT.match(line) or _BROWSER.match(line) or _is_stamp(line):
        return True
    short = _words(line) <= PROMPT_MAX_WORDS
    return short and bool(
        _SHARE.match(line)
        or _SUBSCRIBE.match(line)
        or _COOKIE.search(line)
        or _TAGS.match(line)
        or _PHOTO_CREDIT.match(line)
    )


def _strip_teaser(line: str) -> str:
    """The line without a teaser for another article; "" when the whole line is one."""
    m = _TEASER_AT_START.match(line)
    if m:
        # "Read also: Other headline | The offensive began ..." keeps what follows the bar.
        rest = m.group("rest")
        if "|" in rest:
            after = rest.rsplit("|", 1)[1].strip()
            if _is_sentence(after):
                return after
        return ""
    if _TEASER_ALWAYS.match(line) or (_TEASER_WEAK.match(line) and not _is_sentence(line)):
        return ""
    return _TEASER_INLINE.sub("", line)


def _is_notice(sentence: str) -> bool:
    if _NOTICE.search(sentence):
        return True
    return bool(_NOTICE_START.match(sentence)) and _words(sentence) <= NOTICE_MAX_WORDS


def _strip_notices(line: str) -> str:
    """The line without copyright notices; "" when it is all notice."""
    if not (_NOTICE_START.search(line) or "©" in line or _NOTICE.search(line)):
        return line
    return " ".join(s for s in _SENTENCE_SPLIT.split(line) if not _is_notice(s))


def _drop_furniture(paragraphs: list[list[str]]) -> list[list[str]]:
    out: list[list[str]] = []
    for para in paragraphs:
        kept = []
        for line in para:
            line = _strip_notices(_strip_teaser(line))
            if line and not _is_furniture(line):
                kept.append(line)
        if kept:
            out.append(kept)
    return out


def _is_tail(line: str) -> bool:
    return _words(line) <= TAIL_MAX_WORDS and any(p.match(line) for p in _TAIL_LINES)


def _drop_tail(paragraphs: list[list[str]]) -> list[list[str]]:
    """Agency credits at the end of the text: whole lines, then one glued to the last sentence."""
    paragraphs = [list(p) for p in paragraphs]
    while paragraphs:
        last = paragraphs[-1]
        if _is_tail(last[-1]):
            last.pop()
        else:
            stripped = last[-1]
            for pattern in _TAIL_INLINE:
                stripped = pattern.sub("", stripped)
            if stripped == last[-1]:
                break
            last[-1] = stripped
        if not last:
            paragraphs.pop()
    return paragraphs


def _is_label(line: str) -> bool:
    return _words(line) <= LABEL_MAX_WORDS and line[-1] not in _SENTENCE_END


def _is_title(line: str) -> bool:
    return (
        TITLE_MIN_WORDS <= _words(line) <= TITLE_MAX_WORDS
        and len(line) <= TITLE_MAX_CHARS
        and line[-1] not in ".,;:"
        and not line.endswith("...")
        and not _NOT_TITLE.search(line)
        and not _only_date_words(line)
    )


def _flatten(paragraphs: list[list[str]]) -> list[str]:
    return [line for para in paragraphs for line in para]


def _drop_first_lines(paragraphs: list[list[str]], count: int) -> list[list[str]]:
    out = [list(p) for p in paragraphs]
    while count and out:
        out[0].pop(0)
        count -= 1
        if not out[0]:
            out.pop(0)
    return out


def _take_title(paragraphs: list[list[str]]) -> tuple[str | None, list[list[str]]]:
    """The headline at the top, after any short lines, when a body follows it."""
    lines = _flatten(paragraphs)
    skip = 0
    while skip < len(lines) and _is_label(lines[skip]):
        skip += 1
    if skip + 1 >= len(lines) or not _is_title(lines[skip]):
        return None, paragraphs
    # Short lines above the headline stay: they may be a dateline or a place name.
    out: list[list[str]] = []
    position = 0
    for para in paragraphs:
        kept = [line for k, line in enumerate(para, start=position) if k != skip]
        position += len(para)
        if kept:
            out.append(kept)
    return lines[skip], out


def _drop_leading_sections(paragraphs: list[list[str]]) -> list[list[str]]:
    """Known section labels ("World", "Middle East") above the first line of text."""
    lines = _flatten(paragraphs)
    count = 0
    while count < len(lines) - 1 and _key(lines[count]) in _SECTIONS:
        count += 1
    return _drop_first_lines(paragraphs, count)


def _clean_body(paragraphs: list[list[str]]) -> list[list[str]]:
    # Each step only removes, so repeating until nothing changes ends, and leaves a fixed point.
    while True:
        cleaned = _drop_leading_sections(_drop_tail(_drop_furniture(paragraphs)))
        if cleaned == paragraphs:
            return cleaned
        paragraphs = cleaned


def _join(paragraphs: list[list[str]]) -> str:
    return "\n\n".join("\n".join(para) for para in paragraphs)


def clean_text(text: str, *, find_title: bool = True) -> CleanText:
    """Remove scrape boilerplate from plain text; take the headline apart when `find_title`."""
    paragraphs = _clean_body(_normalise(text))
    title = None
    if find_title:
        title, paragraphs = _take_title(paragraphs)
        if title is not None:
            paragraphs = _clean_body(paragraphs)
    return CleanText(title=title, text=_join(paragraphs))


# --- HTML ----------------------------------------------------------------------------------

_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)
_META_LANG = re.compile(
    r"<meta\b[^>]*?http-equiv\s*=\s*[\"']?content-language[\"']?[^>]*?content\s*=\s*[\"']?([A-Za-z]{2,3})\b",
    re.IGNORECASE,
)


def _page_language(html: str, found: str | None) -> str | None:
    if found:
        return found.split("-")[0].split("_")[0].lower()
    head = html[:20_000]
    m = _HTML_LANG.search(head) or _META_LANG.search(head)
    return m.group(1).lower() if m else None


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        # trafilatura normalises dates to YYYY-MM-DD; anything else is not a date worth keeping.
        return None


def _same_line(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def html_to_article(html: str, source: str) -> HtmlArticle:
    """Main text and metadata of an HTML page; raises NoArticleError when it holds no article."""
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    raw = getattr(extracted, "text", None) or ""
    title = (getattr(extracted, "title", None) or "").strip() or None
    # trafilatura puts one block (paragraph, heading, list item) on each line.
    lines = [line for line in raw.split("\n") if line.strip()]
    if title and lines and _same_line(lines[0], title):
        lines = lines[1:]
    cleaned = clean_text("\n\n".join(lines), find_title=title is None)
    if not cleaned.text:
        raise NoArticleError(
            source,
            "no article text found in the HTML page; save the article's own page (not an index, "
            "search or consent page) or give its text as a .txt file",
        )
    return HtmlArticle(
        title=title or cleaned.title,
        text=cleaned.text,
        published=_iso_date(getattr(extracted, "date", None)),
        outlet=(getattr(extracted, "sitename", None) or "").strip() or None,
        url=(getattr(extracted, "url", None) or "").strip() or None,
        language=_page_language(html, getattr(extracted, "language", None)),
    )
