"""The search form: free text, section, tag, writer, a date range and the order."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from articles.querysets import ArticleQuerySet
from editions.config import Edition
from public.search_results import Results
from search.backends import newest, newest_matches
from search.languages import text_config
from search.query import MAX_QUERY_LENGTH, parse
from search.widgets import DatePicker, NamedModelChoiceFilter, PlainSelect
from sections.models import Section
from tags.models import Tag
from writers.models import Writer

RELEVANCE, NEWEST = "relevance", "newest"
FIRST_YEAR, LAST_YEAR = 1900, 2999


def _start_of(day: date) -> datetime:
    """Midnight in the newsroom's time zone: dates are the ones readers see on stories."""
    return timezone.make_aware(datetime.combine(day, time.min))


class SearchForm(forms.Form):
    def clean_q(self) -> str:
        # NUL cannot be stored or matched by any database; nobody types it.
        return " ".join(self.cleaned_data.get("q", "").replace("\x00", " ").split())

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        for name in ("date_from", "date_to"):
            day = cleaned.get(name)
            if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
                self.add_error(
                    name,
                    _("Choose a date between %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR},
                )
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date comes before the start date."))
        return cleaned


class ArticleSearch(django_filters.FilterSet):
    """Filters a queryset of live stories to one edition's. Unknown sections, tags or writers
    and malformed dates are form errors; the view shows them and no results. The text is read
    with the edition's text configuration (search/languages.py)."""

    def __init__(self, data=None, queryset=None, *, edition: Edition, **kwargs) -> None:
        self.edition = edition
        if queryset is not None:
            queryset = queryset.filter(edition=edition.code)
        super().__init__(data, queryset, **kwargs)

    q = django_filters.CharFilter(
        label=_("Search for"),
        method="filter_text",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    # Filters not named after a model field get no label from django-filter but
    # "[invalid name]": every one is named here.
    section = NamedModelChoiceFilter(
        label=_("Section"),
        queryset=Section.objects.all(),
        to_field_name="slug",
        empty_label=_("All sections"),
    )
    writer = NamedModelChoiceFilter(
        label=_("Writer"),
        queryset=Writer.objects.all(),
        to_field_name="slug",
        empty_label=_("All writers"),
        method="filter_writer",
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"),
        queryset=Tag.objects.all(),
        to_field_name="slug",
        method="filter_tag",
        widget=forms.TextInput,
        help_text=_("A tag's address name, e.g. ukraine."),
    )
    date_from = django_filters.DateFilter(label=_("From"), method="filter_from", widget=DatePicker)
    date_to = django_filters.DateFilter(label=_("To"), method="filter_to", widget=DatePicker)
    sort = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[(RELEVANCE, _("Most relevant first")), (NEWEST, _("Newest first"))],
        empty_label=None,
        method="filter_sort",
        widget=PlainSelect,
    )

    class Meta:
        model = Article
        fields = ["q", "section", "writer", "tag", "date_from", "date_to", "sort"]
        form = SearchForm

    def filter_text(self, queryset: ArticleQuerySet, name: str, value: str) -> ArticleQuerySet:
        return queryset  # the text is matched last, in `results()`, within the other filters

    def filter_writer(self, queryset: ArticleQuerySet, name: str, value: Writer):
        return queryset.by_writer(value)

    def filter_tag(self, queryset: ArticleQuerySet, name: str, value: Tag) -> ArticleQuerySet:
        return queryset.tagged(value)

    def filter_from(self, queryset: ArticleQuerySet, name: str, value: date):
        return queryset.filter(publish_at__gte=_start_of(value))

    def filter_to(self, queryset: ArticleQuerySet, name: str, value: date):
        return queryset.filter(publish_at__lt=_start_of(value + timedelta(days=1)))

    def filter_sort(self, queryset: ArticleQuerySet, name: str, value: str) -> ArticleQuerySet:
        return queryset  # ordering is applied last, in `results()`

    def results(self) -> Results:
        """The filtered stories in the order asked for: most relevant first when there is a
        text query (then newest), newest first otherwise.

        At most NEWSROOM_SEARCH_MAX_RESULTS stories, the newest that match; a word found in
        most stories would otherwise rank and count the whole archive on every search. When
        more match, `capped` says so and the page invites the reader to narrow the search.
        Every story the archive holds for a rarer query is ranked."""
        stories = self.qs
        limit = settings.NEWSROOM_SEARCH_MAX_RESULTS
        text = self.form.cleaned_data.get("q", "")
        parsed = parse(text)
        if text and not parsed:  # only operators or punctuation: nothing to look for
            return Results([], capped=False, stories=stories)
        by_relevance = bool(text) and self.form.cleaned_data.get("sort") != NEWEST
        if text:
            # One more than is shown, to know whether there are more.
            matches = newest_matches(
                stories,
                text,
                parsed,
                config=text_config(self.edition.language),
                limit=limit + 1,
                ranked=by_relevance,
            )
        else:
            matches = newest(stories, limit + 1)
        shown = matches[:limit]
        if by_relevance:  # a stable sort: equal relevance stays newest first
            shown = sorted(shown, key=lambda match: match.relevance, reverse=True)
        return Results([match.pk for match in shown], capped=len(matches) > limit, stories=stories)
