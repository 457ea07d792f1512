"""The search form: free text, section, tag, writer, a date range and the order."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.utils import timezone

from articles.models import Article
from articles.querysets import ArticleQuerySet
from search.backends import search
from search.query import MAX_QUERY_LENGTH, parse
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
        cleaned = super().clean()
        for name in ("date_from", "date_to"):
            day = cleaned.get(name)
            if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
                self.add_error(name, f"Choose a date between {FIRST_YEAR} and {LAST_YEAR}.")
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date comes before the start date.")
        return cleaned


class ArticleSearch(django_filters.FilterSet):
    """Filters a queryset of live stories. Unknown sections, tags or writers and malformed
    dates are form errors; the view shows them and no results."""

    q = django_filters.CharFilter(
        label="Search for",
        method="filter_text",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    section = django_filters.ModelChoiceFilter(
        queryset=Section.objects.all(), to_field_name="slug", empty_label="All sections"
    )
    writer = django_filters.ModelChoiceFilter(
        queryset=Writer.objects.all(), to_field_name="slug", empty_label="All writers",
        method="filter_writer",
    )  # fmt: skip
    tag = django_filters.ModelChoiceFilter(
        queryset=Tag.objects.all(),
        to_field_name="slug",
        method="filter_tag",
        widget=forms.TextInput,
        help_text="A tag's address name, e.g. ukraine.",
    )
    date_from = django_filters.DateFilter(
        label="From", method="filter_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label="To", method="filter_to", widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = django_filters.ChoiceFilter(
        label="Order",
        choices=[(RELEVANCE, "Most relevant first"), (NEWEST, "Newest first")],
        empty_label=None,
        method="filter_sort",
    )

    class Meta:
        model = Article
        fields = ["q", "section", "writer", "tag", "date_from", "date_to", "sort"]
        form = SearchForm

    def filter_text(self, queryset: ArticleQuerySet, name: str, value: str) -> ArticleQuerySet:
        parsed = parse(value)
        if not value or not parsed:
            return queryset.none() if value else queryset
        return search(queryset, value, parsed)

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

    def results(self) -> ArticleQuerySet:
        """The filtered stories in the order asked for: most relevant first when there is a
        text query (then newest), newest first otherwise."""
        queryset = self.qs
        by_relevance = self.form.cleaned_data.get("sort") != NEWEST
        if by_relevance and "relevance" in queryset.query.annotations:
            return queryset.order_by("-relevance", "-publish_at", "-pk")
        return queryset.order_by("-publish_at", "-pk")
