"""The newsroom rules checker (workflow/checks/): each built-in rule, the registry, and how a
newsroom adds a rule of its own."""

from datetime import timedelta

import pytest

from articles.models import Article, Byline
from ninjs.models import ImportedItem
from tests.factories import ArticleFactory, ImageFactory, WriterFactory
from workflow import checks
from workflow.checks import BLOCKER, WARNING

pytestmark = pytest.mark.django_db


def findings(story, rule=None):
    report = checks.run(story)
    return [(f.rule, f.level) for f in report.findings if rule is None or f.rule == rule]


def messages(story, rule):
    return [f.message for f in checks.run(story).findings if f.rule == rule]


def test_a_tidy_story_has_nothing_to_fix():
    assert checks.run(ArticleFactory()).clean


# --- Headline and lead -----------------------------------------------------------------------


def test_headline_empty_is_a_blocker_too_long_a_warning():
    assert findings(Article(headline="  ", lead="x", dateline="Hanoi"), "headline") == [
        ("headline", BLOCKER)
    ]
    assert findings(ArticleFactory(headline="x" * 110), "headline") == []
    story = ArticleFactory(headline="x" * 111)
    assert findings(story, "headline") == [("headline", WARNING)]
    assert "111 characters" in messages(story, "headline")[0]


def test_lead_empty_is_a_blocker_too_long_a_warning():
    assert findings(Article(headline="H", lead="", dateline="Hanoi"), "lead") == [("lead", BLOCKER)]
    assert findings(ArticleFactory(lead="y" * 250), "lead") == []
    assert findings(ArticleFactory(lead="y" * 251), "lead") == [("lead", WARNING)]


def test_a_missing_dateline_is_a_warning():
    assert findings(ArticleFactory(dateline=" "), "dateline") == [("dateline", WARNING)]
    assert findings(ArticleFactory(dateline="Huế"), "dateline") == []


# --- Pictures --------------------------------------------------------------------------------


def test_a_hero_picture_without_alt_text_is_a_blocker():
    story = ArticleFactory(hero_image=ImageFactory(alt_text="", renditions=False))
    assert findings(story, "hero_alt_text") == [("hero_alt_text", BLOCKER)]
    described = ArticleFactory(hero_image=ImageFactory(renditions=False))
    assert findings(described, "hero_alt_text") == []


def test_every_picture_in_the_body_needs_alt_text():
    # Read before the body is sanitised (the live check reads the form), so <img> can be there.
    story = Article(
        headline="H", lead="L", dateline="Hanoi",
        body='<p>a</p><img src="/a.jpg" alt="A boat"><img src="/b.jpg"><img src="/c.jpg" alt=" ">',
    )  # fmt: skip
    report = checks.run(story)
    assert [(f.rule, f.level) for f in report.findings] == [("body_alt_text", BLOCKER)]
    assert report.findings[0].message.startswith("2 pictures in the body have no alt text")


def test_every_library_picture_in_the_body_needs_its_alt_text():
    described = ImageFactory(renditions=False)
    undescribed = ImageFactory(alt_text=" ", renditions=False)
    figure = '<figure data-image="{}"><figcaption>Caption</figcaption></figure>'
    story = ArticleFactory(body="<p>Text.</p>" + figure.format(described.pk))
    assert findings(story) == []
    story.body += figure.format(undescribed.pk)
    story.save()
    story.refresh_from_db()  # stored as the sanitiser keeps it
    assert findings(story) == [("body_alt_text", BLOCKER)]
    assert messages(story, "body_alt_text") == [
        "1 picture in the body has no alt text: describe what it shows in the image library."
    ]
    undescribed.alt_text = "Rescue boats on a flooded street"
    undescribed.save()
    assert findings(story) == []


# --- Links -----------------------------------------------------------------------------------


def test_links_to_the_site_must_lead_to_live_stories(settings):
    settings.ALLOWED_HOSTS = ["news.example", "localhost"]
    live = ArticleFactory(live=True)
    draft = ArticleFactory()
    withdrawn = ArticleFactory(withdrawn=True)
    body = (
        f'<p><a href="{live.get_absolute_url()}">live</a> '
        f'<a href="https://news.example{draft.get_absolute_url()}">draft</a> '
        f'<a href="http://localhost:8000{withdrawn.get_absolute_url()}">withdrawn</a> '
        f'<a href="https://elsewhere.example{draft.get_absolute_url()}">another site</a> '
        '<a href="mailto:desk@news.example">mail</a> <a href="/no/such/page/here/">nowhere</a> '
        f'<a href="/{live.section.slug}/">section</a></p>'
    )
    story = ArticleFactory(body=body)
    found = messages(story, "links_to_live_stories")
    assert len(found) == 3
    assert any("/no/such/page/here/" in m and "does not have" in m for m in found)
    assert any(draft.get_absolute_url() in m and "cannot see" in m for m in found)
    assert any(withdrawn.get_absolute_url() in m for m in found)
    assert all(level == WARNING for _, level in findings(story, "links_to_live_stories"))


def test_a_scheduled_story_may_link_to_one_going_live_before_it(settings):
    earlier = ArticleFactory(scheduled=True)  # live in an hour
    story = ArticleFactory(body=f'<p><a href="{earlier.get_absolute_url()}">x</a></p>')
    assert findings(story, "links_to_live_stories") == [("links_to_live_stories", WARNING)]
    story.publish_at = earlier.publish_at + timedelta(minutes=1)  # scheduled after it
    assert findings(story, "links_to_live_stories") == []


# --- Tidy body -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ["<p></p>", "<p>&nbsp;</p>", "<p> &#160; </p>", "<p><br></p>", "<p><strong> </strong></p>"],
)
def test_empty_paragraphs_are_a_warning(body):
    story = Article(headline="H", lead="L", dateline="Hanoi", body=f"<p>Text.</p>{body}")
    assert findings(story) == [("tidy_body", WARNING)]
    assert "1 empty paragraph" in messages(story, "tidy_body")[0]


def test_pasted_styles_are_a_warning_until_the_save_strips_them():
    pasted = '<p class="MsoNormal" style="font-family: Calibri">Text.</p>'
    story = Article(headline="H", lead="L", dateline="Hanoi", body=pasted)
    assert "(class, style)" in messages(story, "tidy_body")[0]
    saved = ArticleFactory(body=pasted)  # the body is sanitised on saving
    saved.refresh_from_db()
    assert findings(saved, "tidy_body") == []


def test_runs_of_non_breaking_spaces_are_a_warning():
    story = Article(headline="H", lead="L", dateline="Hanoi", body="<p>One&nbsp;&nbsp;two.</p>")
    assert findings(story) == [("tidy_body", WARNING)]
    fine = Article(headline="H", lead="L", dateline="Hanoi", body="<p>10&nbsp;km away.</p>")
    assert findings(fine) == []


def test_a_picture_alone_in_a_paragraph_is_not_empty():
    story = Article(headline="H", lead="L", dateline="Hanoi", body='<p><img src="/a" alt="A"></p>')
    assert findings(story) == []


# --- Names with and without diacritics ------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "<p>Storm hits Đà Nẵng. In Da Nang, roads closed.</p>",
            "“Đà Nẵng” is also written “Da Nang”",
        ),
        ("<p>Ông Nguyễn Văn An said. Nguyen Van An added.</p>", "“Nguyễn Văn An” is also written"),
        ("<p>Storm hits Đà Nẵng and Quảng Ngãi.</p>", None),
        ("<p>Da Nang and Quang Ngai, in English throughout.</p>", None),
    ],
)
def test_a_name_is_written_the_same_way_throughout(body, expected):
    story = Article(headline="Typhoon", lead="L", dateline="Hanoi", body=body)
    found = messages(story, "consistent_diacritics")
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith(expected)
        assert findings(story) == [("consistent_diacritics", WARNING)]


def test_the_headline_and_lead_count_too():
    story = Article(headline="Đà Nẵng reopens", lead="Da Nang airport reopened.", dateline="X")
    assert findings(story) == [("consistent_diacritics", WARNING)]


# --- Wire credit -----------------------------------------------------------------------------


def test_imported_agency_copy_must_credit_the_agency():
    story = ArticleFactory(body="<p>Oslo police said on Monday.</p>")
    ImportedItem.objects.create(uri="urn:ntb:1", article=story, provider="NTB")
    assert findings(story, "wire_credit") == [("wire_credit", BLOCKER)]
    assert "credit NTB" in messages(story, "wire_credit")[0]

    story.body = "<p>Oslo police said on Monday. — NTB</p>"
    assert findings(story, "wire_credit") == []


def test_the_agency_credited_in_the_byline_is_enough():
    story = ArticleFactory(
        writers=[WriterFactory(name="Christian Hollmann, dpa", job_title="Agency")]
    )
    ImportedItem.objects.create(uri="urn:dpa:1", article=story, provider="dpa GmbH")
    assert findings(story, "wire_credit") == []
    # Another agency named in the text is not a credit for this one.
    story.bylines.all().delete()
    story.body = "<p>Reuters reported it first.</p>"
    assert findings(story, "wire_credit") == [("wire_credit", BLOCKER)]


def test_an_agency_byline_without_the_agency_name_is_not_a_credit():
    agency = WriterFactory(name="Jane Doe", job_title="Agency")
    story = ArticleFactory(writers=[agency])
    assert findings(story, "wire_credit") == [("wire_credit", BLOCKER)]
    Byline.objects.create(article=story, writer=WriterFactory(name="AFP", job_title="Agency"),
                          position=1)  # fmt: skip
    assert findings(story, "wire_credit") == []


def test_staff_copy_needs_no_wire_credit():
    assert findings(ArticleFactory(writers=[WriterFactory()]), "wire_credit") == []


# --- The registry ----------------------------------------------------------------------------


@pytest.fixture
def own_rule():
    @checks.rule("Kicker in capitals")
    def kicker_not_shouting(story):
        if story.kicker and story.kicker.isupper():
            yield checks.warning("The kicker is in capitals.", field="kicker")

    yield kicker_not_shouting
    del checks.RULES["kicker_not_shouting"]


def test_a_newsroom_adds_a_rule_with_one_function(own_rule):
    assert findings(ArticleFactory(kicker="BREAKING")) == [("kicker_not_shouting", WARNING)]
    assert findings(ArticleFactory(kicker="Breaking")) == []


def test_rules_can_be_switched_off_by_name(settings):
    settings.NEWSROOM_CHECKS_OFF = ["dateline"]
    assert findings(ArticleFactory(dateline="")) == []


def test_a_broken_rule_is_reported_not_raised():
    @checks.rule("Broken")
    def broken(story):
        raise ZeroDivisionError

    try:
        report = checks.run(ArticleFactory())
    finally:
        del checks.RULES["broken"]
    assert [(f.rule, f.level) for f in report.findings] == [("broken", WARNING)]
    assert "could not run" in report.findings[0].message


def test_blockers_come_first():
    story = Article(headline="", lead="y" * 300, dateline="")
    levels = [f.level for f in checks.run(story).findings]
    assert levels == sorted(levels, key=lambda level: level != BLOCKER)
    assert levels.count(BLOCKER) == 1 and levels.count(WARNING) == 2
