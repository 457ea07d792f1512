"""One screen to arrange the front page, and breaking news in one action (editors only).

A layout's change form holds its pins (slot, section, position, story): add a row to pin, change
the positions to reorder, tick Delete to unpin. "Preview" shows the home page as readers will
see it at a chosen moment. Every save is recorded with django-reversion (who, when, what):
the History button of each layout and each breaking mark.
"""

from __future__ import annotations

import reversion
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from core.urls import reverse_in
from editions import config as editions
from frontpage.forms import BreakingForm, LayoutForm
from frontpage.models import Breaking, Layout, Pin


class PinInline(admin.TabularInline):
    model = Pin
    extra = 3
    fields = ["slot", "section", "position", "article"]
    autocomplete_fields = ["article"]
    ordering = ["slot", "section__position", "position", "pk"]


@admin.register(Layout)
class LayoutAdmin(VersionAdmin):
    form = LayoutForm
    inlines = [PinInline]
    list_display = ["__str__", "edition", "state", "pin_count", "changed_by", "changed_at"]
    list_filter = ["edition"]
    fields = ["edition", "starts_at", "note", "seen_version"]
    change_form_template = "admin/frontpage/layout/change_form.html"
    change_list_template = "admin/frontpage/layout/change_list.html"
    save_on_top = True

    @admin.display(description=_("state"))
    def state(self, layout: Layout) -> str:
        now = timezone.now()
        if layout.starts_at > now:
            return gettext("Scheduled")
        in_force = Layout.in_force(now, edition=layout.edition).values_list("pk", flat=True).first()
        return gettext("In force") if layout.pk == in_force else gettext("Past")

    @admin.display(description=_("pins"))
    def pin_count(self, layout: Layout) -> int:
        return layout.pins.count()

    def save_model(self, request, obj: Layout, form, change) -> None:
        if not change:
            obj.created_by = request.user
        else:
            obj.version += 1
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)

    def changelist_view(self, request, extra_context=None):
        # Each edition's front page: the layout in force, and the preview under its address.
        fronts = [
            {
                "edition": edition,
                "in_force": Layout.in_force(edition=edition.code).first(),
                "preview_url": reverse_in(edition.code, "previews:front-page"),
            }
            for edition in editions.all_editions()
        ]
        extra = {"fronts": fronts, **(extra_context or {})}
        return super().changelist_view(request, extra)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        layout = self.get_object(request, object_id)
        code = layout.edition if layout else editions.default_code()
        extra = {"preview_url": reverse_in(code, "previews:front-page"), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra)


@admin.register(Breaking)
class BreakingAdmin(VersionAdmin):
    form = BreakingForm
    list_display = ["article", "starts_at", "ends_at", "showing", "created_by", "ended_by"]
    list_select_related = ["article", "created_by", "ended_by"]
    autocomplete_fields = ["article"]
    actions = ["end_now"]

    @admin.display(description=_("showing now"), boolean=True)
    def showing(self, mark: Breaking) -> bool:
        # Each edition shows its own banner: the newest live mark of a story of that edition.
        return mark.pk == _showing_pk(mark.article.edition)

    def save_model(self, request, obj: Breaking, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("End the banner now"))
    def end_now(self, request: HttpRequest, queryset) -> None:
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(gettext("Ended the banner."))
            self._end_now(request, queryset)

    def _end_now(self, request: HttpRequest, queryset) -> None:
        now = timezone.now()
        ended = 0
        for mark in queryset.filter(starts_at__lte=now):
            if mark.ends_at is None or mark.ends_at > now:
                mark.ends_at = now
                mark.ended_by = request.user
                mark.save(update_fields=["ends_at", "ended_by"])
                ended += 1
        # Marks not started yet are withdrawn altogether.
        later = list(queryset.filter(starts_at__gt=now))
        for mark in later:
            mark.delete()
        ended_text = ngettext("Ended %(count)d banner.", "Ended %(count)d banners.", ended)
        withdrawn = ngettext(
            "Withdrew %(count)d not yet shown.", "Withdrew %(count)d not yet shown.", len(later)
        )
        messages.success(
            request, f"{ended_text % {'count': ended}} {withdrawn % {'count': len(later)}}"
        )


def _showing_pk(edition: str) -> int | None:
    from articles.models import Article

    now = timezone.now()
    live = Article.objects.live(at=now).filter(edition=edition).values("pk")
    mark = Breaking.in_window(now).filter(article_id__in=live).order_by("-starts_at", "-pk").first()
    return mark.pk if mark else None
