"""Tests of the clean stage: boilerplate removal, titles, whitespace, HTML main text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warwatch.clean import CleanText, HtmlArticle, clean_text, html_to_article
from warwatch.errors import NoArticleError

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

FIRST = "Gunmen attacked a checkpoint on the northern road on Monday, two police officers said."
SECOND = "The provincial governor said four soldiers were wounded in the exchange of fire."


def _around(line: str) -> str:
    return f"{FIRST}\n\n{line}\n\n{SECOND}"


BOILERPLATE = [
    # navigation
    "Breadcrumb",
    "Home > World",
    "Home / News / Middle East",
    "Home » Middle East » Iraq",
    "News | World | Middle East",
    "Skip to content",
    "Skip to main content",
    "Menu",
    "☰ Menu",
    "Search",
    "SEARCH:",
    "Advertisement",
    "Story continues below advertisement",
    "Back to top",
    "Please enable JavaScript to watch this video",
    "Page 1 of 1",
    # teasers
    "Read also: Iraq weekly: a digest of events |",
    "Read also Iraq weekly: a digest of events |",
    "Read more: Curfew lifted in the old quarter",
    "READ MORE: Curfew lifted in the old quarter",
    "Related: Talks resume over prisoner exchange",
    "Related",
    "Related stories",
    "Recommended",
    "Recommended for you",
    "See also: Timeline of the siege",
    "Most read",
    "Video: Smoke rises over the market after the strike",
    "You may also like",
    # share and subscribe
    "Share this article",
    "Share on Facebook",
    "Share via Email",
    "Facebook Twitter WhatsApp Email",
    "Follow us on Twitter",
    "Follow us on Twitter and Facebook for updates",
    "Subscribe to our newsletter",
    "Sign up for our daily briefing",
    "Sign up for breaking news alerts",
    "Join our Telegram channel",
    "Download our app",
    "Click here to read the full statement",
    # cookies and copyright
    "We use cookies to improve your experience on our site.",
    "This website uses cookies. Accept",
    "© 2021 Example News Ltd",
    "Copyright 2019 Example Broadcasting. All rights reserved.",
    "All rights reserved.",
    # tags, stamps, credits
    "Tags: Iraq, Mosul, airstrikes",
    "Published: 27 March 2021 10:41 GMT",
    "Updated 3 hours ago",
    "Photo credit: Reuters",
    "12 comments",
]


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_line_is_removed(line: str) -> None:
    result = clean_text(_around(line), find_title=False)
    assert result.text == f"{FIRST}\n\n{SECOND}"


TAILS = [
    "Agencies contributed to this story.",
    "Reuters contributed to this report.",
    "AFP and Reuters contributed to this report.",
    "Staff writer Jane Doe contributed reporting to this article.",
    "(Reporting by Ali Hassan; Editing by Mark Stone)",
    "Reporting by Ali Hassan in Baghdad; Writing by Sara Lee; Editing by Mark Stone",
    "Additional reporting by Ali Hassan",
    "- Agencies",
    "AFP/Reuters",
    "Source: agencies",
]


@pytest.mark.parametrize("tail", TAILS)
def test_tail_is_removed_at_the_end(tail: str) -> None:
    result = clean_text(f"{FIRST}\n\n{SECOND}\n\n{tail}", find_title=False)
    assert result.text == f"{FIRST}\n\n{SECOND}"


@pytest.mark.parametrize("tail", TAILS[:3])
def test_tail_words_in_the_middle_are_kept(tail: str) -> None:
    result = clean_text(_around(tail), find_title=False)
    assert result.text == _around(tail)


@pytest.mark.parametrize(
    ("last", "kept"),
    [
        (f"{SECOND} (Reporting by Ali Hassan; Editing by Mark Stone)", SECOND),
        (f"{SECOND} Agencies contributed to this story.", SECOND),
        (f"{SECOND} — AFP", SECOND),
        (f"{SECOND} Read also: Iraq weekly: a digest of events |", SECOND),
    ],
)
def test_tail_glued_to_the_last_sentence_is_cut(last: str, kept: str) -> None:
    assert clean_text(f"{FIRST}\n\n{last}", find_title=False).text == f"{FIRST}\n\n{kept}"


def test_tail_below_footer_furniture_is_removed() -> None:
    text = f"{FIRST}\n\n{SECOND}\nAgencies contributed to this story.\nShare this article\n© 2020 Example"
    assert clean_text(text, find_title=False).text == f"{FIRST}\n\n{SECOND}"


def test_teaser_before_content_after_a_bar_keeps_the_content() -> None:
    line = f"Read also: Iraq weekly: a digest of events | {SECOND}"
    assert clean_text(_around(line), find_title=False).text == f"{FIRST}\n\n{SECOND}\n\n{SECOND}"


REAL_SENTENCES = [
    "Residents said they had read the leaflets dropped over the town before the strike.",
    "Read aloud at a rally, the statement claimed responsibility for the bombing of the bridge.",
    "Related fighting killed at least 12 fighters near the border crossing, officials said.",
    "Search teams recovered 14 bodies from the rubble of the market on Tuesday.",
    "Home to about 400,000 people, the district has been shelled almost daily since March.",
    "Share prices in the capital fell after the attack on the pipeline, traders said.",
    "Recommended evacuation routes were shelled overnight, the aid group said.",
    "Menu prices doubled in the besieged town as food convoys were blocked.",
    "Followers of the cleric marched to the governor's office in protest at the arrests.",
    "Copyright of the footage was claimed by a local broadcaster, which said it was filmed on Friday.",
    "The video showed smoke rising over the airport after the missile struck.",
    "Reporters at the scene counted nine bodies, and Reuters could not verify the toll.",
    "Signed up fighters from the tribes joined the offensive on the southern villages.",
    "Watchmen at the dam said the militants withdrew before dawn.",
    "Updated casualty figures from the ministry put the death toll at 31.",
]


@pytest.mark.parametrize("sentence", REAL_SENTENCES)
def test_real_sentence_is_kept(sentence: str) -> None:
    assert clean_text(_around(sentence), find_title=False).text == _around(sentence)


@pytest.mark.parametrize("sentence", REAL_SENTENCES)
def test_real_sentence_is_kept_at_the_end(sentence: str) -> None:
    text = f"{FIRST}\n\n{sentence}"
    assert clean_text(text, find_title=False).text == text


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        (f"Mosul offensive restarts after pause\n{FIRST}\n{SECOND}", "Mosul offensive restarts after pause", None),
        (f"Breadcrumb\nMosul offensive restarts after pause\n\n{FIRST}", "Mosul offensive restarts after pause", None),
        (f"Home > World\nMenu\n\nCeasefire holds in the north?\n\n{FIRST}", "Ceasefire holds in the north?", None),
        (f"World\nCeasefire holds in the north\n{FIRST}", "Ceasefire holds in the north", FIRST),
        (f"BAGHDAD\nCeasefire holds in the north\n{FIRST}", "Ceasefire holds in the north", f"BAGHDAD\n{FIRST}"),
        # a first sentence is not a title
        (f"{FIRST}\n{SECOND}", None, None),
        # a title needs a body under it
        ("Mosul offensive restarts after pause", None, "Mosul offensive restarts after pause"),
        # too short, a byline, a bracketed credit, a bare date, a lead that lost its stop
        (f"Iraq\n{FIRST}", None, None),
        (f"By Jane Doe and Ali Hassan\n{FIRST}", None, None),
        (f"(Photo: Example Agency)\n{FIRST}", None, None),
        (f"March 27, 2021 10:41 PM\n{FIRST}", None, None),
        (f"Four men were wounded. Police said the gunmen fled\n{FIRST}", None, None),
        ("x " * 30 + f"\n{FIRST}", None, None),
    ],
)
def test_title_detection(text: str, title: str | None, body: str | None) -> None:
    result = clean_text(text)
    assert result.title == title
    if body is not None:
        assert result.text == body
    if title is not None:
        assert title not in result.text


def test_find_title_false_keeps_the_first_line() -> None:
    text = f"Mosul offensive restarts after pause\n\n{FIRST}"
    assert clean_text(text, find_title=False) == CleanText(title=None, text=text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{FIRST}\r\n\r\n{SECOND}\r\n", f"{FIRST}\n\n{SECOND}"),
        (f"  {FIRST}  \n\n\n\n\t{SECOND}\t", f"{FIRST}\n\n{SECOND}"),
        ("Two  spaces\tand\u00a0tabs here.", "Two spaces and tabs here."),
        ("Line one.\nLine two.\n \nLine three.", "Line one.\nLine two.\n\nLine three."),
        ("\ufeffZero\u200bwidth.", "Zerowidth."),
        ("Old\rMac breaks.", "Old\nMac breaks."),
        ("", ""),
        (" \n\t\n ", ""),
    ],
)
def test_whitespace_is_normalised(text: str, expected: str) -> None:
    assert clean_text(text, find_title=False).text == expected


def test_scraped_page() -> None:
    result = clean_text((FIXTURES / "scraped_page.txt").read_text(encoding="utf-8"))
    assert result.title == "Border town shelled as ceasefire talks stall"
    paragraphs = result.text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Artillery fire hit the northern quarter")
    assert paragraphs[-1] == "Talks on extending the truce were due to resume next week, a diplomat said."
    for gone in ("Breadcrumb", "Home", "Read also", "Share", "Agencies", result.title):
        assert gone not in result.text


# --- properties ----------------------------------------------------------------------------

_PIECES = BOILERPLATE + TAILS + REAL_SENTENCES + [FIRST, SECOND, "Mosul offensive restarts after pause", "Iraq"]
_SEPARATORS = ["\n", "\n\n", "\r\n", " ", "\t", "\n \n", " | "]
_texts = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.tuples(st.one_of(st.sampled_from(_PIECES), st.text(max_size=40)), st.sampled_from(_SEPARATORS)),
        max_size=12,
    ).map(lambda parts: "".join(piece + sep for piece, sep in parts)),
)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_clean_text_never_raises_and_body_is_a_fixed_point(text: str) -> None:
    result = clean_text(text)
    assert isinstance(result, CleanText)
    assert clean_text(result.text, find_title=False).text == result.text
    assert result.text == result.text.strip()
    assert "\n\n\n" not in result.text
    if result.title is not None:
        assert result.title and "\n" not in result.title


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_second_pass_removes_at_most_a_title(text: str) -> None:
    once = clean_text(text)
    twice = clean_text(once.text)
    if twice.title is None:
        assert twice.text == once.text
    else:
        # A body whose first line reads like a headline (a subheading) loses only that line.
        assert _without_line(once.text, twice.title) == twice.text


def _without_line(text: str, line: str) -> str:
    paragraphs = [para.split("\n") for para in text.split("\n\n")]
    for para in paragraphs:
        if line in para:
            para.remove(line)
            break
    else:
        raise AssertionError(f"{line!r} is not a line of {text!r}")
    return "\n\n".join("\n".join(para) for para in paragraphs if para)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(REAL_SENTENCES), min_size=1, max_size=6))
def test_clean_text_is_idempotent_on_articles(sentences: list[str]) -> None:
    text = "Breadcrumb\nMosul offensive restarts after pause\n\n" + "\n\n".join(sentences)
    once = clean_text(text)
    assert once.title == "Mosul offensive restarts after pause"
    assert clean_text(once.text).text == once.text
    assert once.text.split("\n\n") == sentences


# --- HTML ----------------------------------------------------------------------------------


def test_html_article_text_and_metadata() -> None:
    article = html_to_article((FIXTURES / "article.html").read_text(encoding="utf-8"), "article.html")
    assert isinstance(article, HtmlArticle)
    assert article.title == "Drone strike hits fuel depot near river crossing"
    assert article.published == date(2022, 8, 14)
    assert article.outlet == "The Valley Observer"
    assert article.url == "https://valley-observer.example.org/2022/08/drone-strike-fuel-depot"
    assert article.language == "en"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("A drone struck a fuel depot")
    for gone in ("Home", "Search", "Read also", "Share", "Subscribe", "cookies", "©", article.title):
        assert gone not in article.text


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><nav><a href='/'>Home</a> <a href='/s'>Search</a></nav></body></html>",
        "<html><head><title>Index</title></head><body></body></html>",
        "<html><body><p>Share this article</p><p>Subscribe to our newsletter</p></body></html>",
        "",
    ],
)
def test_html_without_article_raises(html: str) -> None:
    with pytest.raises(NoArticleError) as info:
        html_to_article(html, "pages/index.html")
    assert "pages/index.html" in str(info.value)
    assert info.value.source == "pages/index.html"
