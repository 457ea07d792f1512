"""The editorial workflow: the one table of allowed moves and the functions that make them.

`TRANSITIONS` is the one table: a row per move says who may make it, from which states, what it
records and what it is given (`inputs`: the move function's keyword arguments, which are also
the admin button's fields). One function per move, registered against its row with `@_makes`;
`make(name, article, by=..., **inputs)` makes any move by name.

Every change of a story's status goes through `_perform()`: it checks who may (roles from
workflow/roles.py) and from which state, locks the row, applies the change, validates the story
(`full_clean()`, so every rule in `Article.clean()` holds when publishing), saves it through the
ORM (a new revision, the version counter bumped, model signals fired), records an Event and
returns it. The admin's buttons (through `make()`), its bulk actions and the tests call these
functions; nothing else assigns `Article.status`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from articles.models import Article, Correction
from core.dates import staff_time
from workflow import checks, preview, updates
from workflow import states as s
from workflow.models import Event, ScheduledUpdate
from workflow.roles import User, roles_for

EDITOR = "editor"
WRITER = "writer"


class TransitionError(Exception):
    """A move that may not be made; the message is for the person who tried."""


class NotPermitted(TransitionError, PermissionDenied):
    pass


class NotAllowedFromState(TransitionError):
    pass


class StaleText(TransitionError):
    """The story was saved after the text was written (at `current_version` now)."""

    def __init__(self, current_version: int):
        super().__init__(
            gettext(
                "The story was saved after you opened this form. Your text is kept below: "
                "compare it with the story, then save again."
            )
        )
        self.current_version = current_version


class StaleUpdate(TransitionError):
    def __init__(self) -> None:
        super().__init__(
            gettext(
                "This update was changed, cancelled or published after you opened it. "
                "Open it again from the story."
            )
        )


class ChecksFailed(TransitionError):
    """The rules checker (workflow/checks/) found a blocker, or warnings the editor has not
    acknowledged; `report` holds the findings."""

    def __init__(self, message: str, report: checks.Report):
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class Rule:
    label: StrOrPromise
    sources: frozenset[str]
    target: str | None  # the new Article.status; None keeps it
    who: frozenset[str]
    records: str  # the Event.Kind written
    # What the move is given besides `by`: its function's keyword arguments, in this order, and
    # the fields its button asks for (names from INPUTS).
    inputs: tuple[str, ...] = ()
    note_label: StrOrPromise = _("Note")  # what the button calls its note
    note_required: bool = False
    validates: bool = False  # runs full_clean(): publishing moves
    saves: bool = True  # changes the story (a new revision and version)
    button: bool = True  # a button on the story's workflow panel (else made elsewhere)
    # The rules checker before the move (workflow/checks/): "blockers" refuses past a blocker;
    # "all" also wants the warnings acknowledged (`past_warnings`).
    checked: str = ""


# Every input a move may take, by the one name it has everywhere: the move function's keyword,
# the admin form's field and the panel's input. `past_warnings`: how many of the rules
# checker's warnings the editor saw and accepted ("Publish now anyway past 2 warnings").
# `update`: a scheduled update of the story; `version`: the story's version a text was written
# on (workflow/concurrency.py).
INPUTS = frozenset(
    {"note", "publish_at", "expire_at", "hours", "fields", "past_warnings", "update", "version"}
)


def _rule(label, sources, target, who, records, **options) -> Rule:
    return Rule(label, frozenset(sources), target, frozenset(who), records, **options)


P = Article.Status
K = Event.Kind
# name: (label, from states, to status, who may, what is recorded, options). The panel shows
# the buttons in this order.
TRANSITIONS: dict[str, Rule] = {
    "create": _rule(_("Create"), {s.DRAFT}, None, {WRITER, EDITOR}, K.CREATED, saves=False,
                    button=False),
    "submit": _rule(_("Submit for review"), {s.DRAFT}, P.IN_REVIEW, {WRITER, EDITOR}, K.SUBMITTED,
                    inputs=("note",), checked="blockers"),
    "return_to_writer": _rule(
        _("Return to the writer"), {s.IN_REVIEW, s.SCHEDULED}, P.DRAFT, {EDITOR}, K.RETURNED,
        inputs=("note",), note_required=True,
    ),
    "schedule": _rule(
        _("Approve and schedule"), {s.DRAFT, s.IN_REVIEW, s.SCHEDULED}, P.PUBLISHED, {EDITOR},
        K.SCHEDULED, inputs=("publish_at", "expire_at", "note", "past_warnings"), validates=True,
        checked="all",
    ),
    "publish_now": _rule(
        _("Publish now"), {s.DRAFT, s.IN_REVIEW, s.SCHEDULED}, P.PUBLISHED, {EDITOR}, K.PUBLISHED,
        inputs=("expire_at", "note", "past_warnings"), validates=True, checked="all",
    ),
    "withdraw": _rule(
        _("Withdraw"), {s.SCHEDULED, s.LIVE, s.EXPIRED}, P.WITHDRAWN, {EDITOR}, K.WITHDRAWN,
        inputs=("note",), note_label=_("Reason"), note_required=True,
    ),
    "reopen": _rule(_("Reopen as a draft"), {s.WITHDRAWN}, P.DRAFT, {EDITOR}, K.REOPENED,
                    inputs=("note",)),
    "add_correction": _rule(
        _("Add a correction"), {s.LIVE, s.EXPIRED}, None, {EDITOR}, K.CORRECTED, inputs=("note",),
        note_label=_("Correction (public)"), note_required=True,
    ),
    "preview_link": _rule(
        _("Make a preview link"), s.ALL_STATES, None, {EDITOR}, K.PREVIEW_LINK, inputs=("hours",),
        saves=False,
    ),
    "revoke_preview_links": _rule(
        _("Revoke preview links"), s.ALL_STATES, None, {EDITOR}, K.PREVIEW_LINKS_REVOKED,
        inputs=("note",), saves=False,
    ),
    "comment": _rule(
        _("Comment"), s.ALL_STATES, None, {WRITER, EDITOR}, K.COMMENT, inputs=("note",),
        note_label=_("Comment (never public)"), note_required=True, saves=False,
    ),
    # Made elsewhere: the change form's "Material change" box, the revisions page.
    "mark_updated": _rule(
        _("Mark a material update"), {s.LIVE}, None, {EDITOR}, K.UPDATED, inputs=("note",),
        validates=True, button=False,
    ),
    "restore": _rule(_("Restore a revision"), s.ALL_STATES, None, {EDITOR}, K.RESTORED,
                     inputs=("fields", "note"), button=False),
    # Made on the story's "Prepare an update" page and its list of scheduled updates
    # (workflow/updates.py publishes them at their second).
    "schedule_update": _rule(
        _("Schedule an update"), {s.LIVE}, None, {EDITOR}, K.UPDATE_SCHEDULED,
        inputs=("update", "fields", "publish_at", "version", "note"), saves=False, button=False,
    ),
    "cancel_update": _rule(
        _("Cancel a scheduled update"), s.ALL_STATES, None, {EDITOR}, K.UPDATE_CANCELLED,
        inputs=("update", "note"), saves=False, button=False,
    ),
}  # fmt: skip

# The moves whose history line names the publication time they set.
PUBLICATION_EVENTS = frozenset({K.SCHEDULED, K.PUBLISHED})

# The function that makes each move, filled in by @_makes below.
MOVES: dict[str, Callable[..., Event | str]] = {}


def make(name: str, article: Article, *, by: User, **inputs: Any) -> Event | str:
    """Make move `name`, given whichever of its row's inputs are in `inputs` (the rest take the
    move's defaults; other keys are ignored). The admin's buttons call this: one call for every
    move. Returns what the move returns: its Event (a preview link's token for "preview_link")."""
    given = {key: inputs[key] for key in TRANSITIONS[name].inputs if key in inputs}
    return MOVES[name](article, by=by, **given)


def may(name: str, article: Article, user: User, *, at: datetime | None = None) -> bool:
    """Whether `user` may make move `name` on `article` now (for showing buttons)."""
    try:
        _check(TRANSITIONS[name], article, user, s.state_of(article, at=at))
    except TransitionError:
        return False
    return True


def available(article: Article, user: User) -> list[str]:
    return [name for name in TRANSITIONS if may(name, article, user)]


F = TypeVar("F", bound=Callable[..., Any])


def _makes(name: str) -> Callable[[F], F]:
    """Register a function as the one that makes move `name`. Its keyword arguments must be
    `by` and then exactly the row's inputs, so the table cannot drift from the functions."""

    def register(function: F) -> F:
        keywords = [
            parameter.name
            for parameter in inspect.signature(function).parameters.values()
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        ]
        inputs = TRANSITIONS[name].inputs
        if keywords != ["by", *inputs] or not set(inputs) <= INPUTS:
            raise TypeError(f"{function.__name__}() takes {keywords}; its row says by, {inputs}")
        MOVES[name] = function
        return function

    return register


# --- The moves -----------------------------------------------------------------------------


@_makes("create")
def record_created(article: Article, *, by: User) -> Event:
    return _perform("create", article, by)


@_makes("submit")
def submit(article: Article, *, by: User, note: str = "") -> Event:
    """Refused while the rules checker finds a blocker; warnings go along to the editor."""
    return _perform("submit", article, by, note=note)


@_makes("return_to_writer")
def return_to_writer(article: Article, *, by: User, note: str) -> Event:
    return _perform("return_to_writer", article, by, note=note)


@_makes("schedule")
def schedule(
    article: Article,
    *,
    by: User,
    publish_at: datetime | None,
    expire_at: datetime | None = None,
    note: str = "",
    past_warnings: int | None = 0,
) -> Event:
    """Approve and publish at a future `publish_at` (readers see it from that moment).

    Like publishing now, refused past a blocker of the rules checker, and past its warnings
    unless `past_warnings` (the count the editor saw and accepted) covers them."""
    if publish_at is None:
        raise ValidationError(
            {"publish_at": gettext("Give a publication time to schedule the story.")}
        )
    if publish_at <= timezone.now():
        raise ValidationError({"publish_at": gettext("Pick a time in the future, or publish now.")})

    def change(story: Article) -> None:
        story.publish_at = publish_at
        story.expire_at = expire_at

    return _perform("schedule", article, by, note=note, change=change, past_warnings=past_warnings)


@_makes("publish_now")
def publish_now(
    article: Article,
    *,
    by: User,
    expire_at: datetime | None = None,
    note: str = "",
    past_warnings: int | None = 0,
) -> Event:
    moment = timezone.now()

    def change(story: Article) -> None:
        story.publish_at = moment
        story.expire_at = expire_at

    return _perform(
        "publish_now", article, by, note=note, change=change, now=moment,
        past_warnings=past_warnings,
    )  # fmt: skip


@_makes("mark_updated")
def mark_updated(article: Article, *, by: User, note: str = "") -> Event:
    """A material change to a live story: readers see a new "Updated" time."""
    moment = timezone.now()

    def change(story: Article) -> None:
        story.updated_at = moment

    return _perform("mark_updated", article, by, note=note, change=change, now=moment)


@_makes("add_correction")
def add_correction(article: Article, *, by: User, note: str) -> Event:
    """A public correction: `note` is its text, shown on the story."""

    def change(story: Article) -> None:
        Correction.objects.create(article=story, text=note.strip())

    return _perform("add_correction", article, by, note=note, change=change)


@_makes("withdraw")
def withdraw(article: Article, *, by: User, note: str) -> Event:
    """Take the story off the site (`note`: the reason); its signed preview links end with it."""

    def change(story: Article) -> None:
        preview.revoke(story.pk)

    return _perform("withdraw", article, by, note=note, change=change)


@_makes("reopen")
def reopen(article: Article, *, by: User, note: str = "") -> Event:
    return _perform("reopen", article, by, note=note)


@_makes("comment")
def comment(article: Article, *, by: User, note: str) -> Event:
    """A comment in the story's history; never public."""
    return _perform("comment", article, by, note=note)


@_makes("preview_link")
def make_preview_link(article: Article, *, by: User, hours: int | None = None) -> str:
    """A signed link to the story for someone without an account (workflow/preview.py): the
    token, made on the locked story so that it carries the story's current preview key.
    `hours` defaults to the site's setting."""
    hours = hours or preview.default_hours()
    tokens: list[str] = []

    def change(story: Article) -> None:
        tokens.append(preview.make_token(story.pk, hours=hours))

    _perform(
        "preview_link",
        article,
        by,
        note=ngettext("Valid for %(hours)d hour.", "Valid for %(hours)d hours.", hours)
        % {"hours": hours},
        change=change,
    )
    return tokens[0]


@_makes("revoke_preview_links")
def revoke_preview_links(article: Article, *, by: User, note: str = "") -> Event:
    """End every signed preview link of the story at once; links made afterwards work."""

    def change(story: Article) -> None:
        preview.revoke(story.pk)

    return _perform("revoke_preview_links", article, by, note=note, change=change)


@_makes("restore")
def restore(
    article: Article, *, by: User, fields: dict[str, object], note: str
) -> Event:  # called by workflow.revisions.restore_revision
    def change(story: Article) -> None:
        for name, value in fields.items():
            setattr(story, name, value)

    return _perform("restore", article, by, note=note, change=change)


@_makes("schedule_update")
def schedule_update(
    article: Article,
    *,
    by: User,
    update: ScheduledUpdate | None = None,
    fields: dict[str, str],
    publish_at: datetime | None,
    version: int | None,
    note: str = "",
) -> Event:
    """Schedule a new version of a live story's text (`fields`, the names of
    updates.UPDATE_FIELDS) for `publish_at`, or change the pending `update` (it is then prepared
    again on the story as it is now). `version` is the story's version the text was written on:
    if the story was saved since, the text would undo that save's changes, so it is refused
    (`StaleText`) and the caller keeps the text."""
    if publish_at is None:
        raise ValidationError({"publish_at": gettext("Give the time the update goes out.")})
    if publish_at <= timezone.now():
        raise ValidationError({"publish_at": gettext("Pick a time in the future.")})

    def change(story: Article) -> None:
        if version is not None and story.version != version:
            raise StaleText(story.version)
        if story.expire_at is not None and story.expire_at <= publish_at:
            raise ValidationError(
                {
                    "publish_at": gettext(
                        "The story leaves the site at %(when)s, before this update."
                    )
                    % {"when": staff_time(story.expire_at)}
                }
            )
        row = ScheduledUpdate(article=story, created_by=by if by.is_authenticated else None)
        if update is not None:
            row = ScheduledUpdate.objects.select_for_update().get(pk=update.pk, article=story)
            if row.state != ScheduledUpdate.State.PENDING or row.version != update.version:
                raise StaleUpdate()
            row.version += 1
        for name in updates.UPDATE_FIELDS:
            setattr(row, name, fields.get(name) or "")
        row.publish_at = publish_at
        row.base_version = story.version
        row.base = updates.snapshot(story)
        row.full_clean(exclude=["article", "created_by", "base"])
        row.save()

    return _perform("schedule_update", article, by, note=note, change=change, names=publish_at)


@_makes("cancel_update")
def cancel_update(article: Article, *, by: User, update: ScheduledUpdate, note: str = "") -> Event:
    """Cancel a pending update: readers never see it. Refused once it is published."""

    def change(story: Article) -> None:
        row = ScheduledUpdate.objects.select_for_update().get(pk=update.pk, article=story)
        if row.state != ScheduledUpdate.State.PENDING:
            raise StaleUpdate()
        row.state = ScheduledUpdate.State.CANCELLED
        row.settled_at = timezone.now()
        row.save(update_fields=["state", "settled_at"])

    return _perform("cancel_update", article, by, note=note, change=change, names=update.publish_at)


if MOVES.keys() != TRANSITIONS.keys():
    raise TypeError(f"Moves without a function: {sorted(TRANSITIONS.keys() - MOVES.keys())}")


# --- The machinery -------------------------------------------------------------------------


def _check(rule: Rule, article: Article, user: User, state: str) -> None:
    if not rule.who & roles_for(user, article):
        raise NotPermitted(
            gettext("You may not make the move “%(move)s” on this story.") % {"move": rule.label}
        )
    if state not in rule.sources:
        raise NotAllowedFromState(
            gettext("“%(move)s” is not possible while the story is in the state “%(state)s”.")
            % {"move": rule.label, "state": s.LABELS[state]}
        )


def _perform(
    name: str,
    article: Article,
    by: User,
    *,
    note: str = "",
    change: Callable[[Article], None] | None = None,
    now: datetime | None = None,
    past_warnings: int | None = 0,
    names: datetime | None = None,
) -> Event:
    """`names`: the time the history line names, for the moves that set none on the story
    (a scheduled update's second)."""
    rule = TRANSITIONS[name]
    note = (note or "").strip()
    if rule.note_required and not note:
        raise ValidationError({"note": gettext("“%(move)s” needs a note.") % {"move": rule.label}})
    moment = now or timezone.now()
    # A scheduled update whose second has come is the story's text now: the move sees it.
    updates.publish_due(moment)
    with transaction.atomic():
        story = Article.objects.select_for_update().get(pk=article.pk)
        before = s.state_of(story, at=moment)
        _check(rule, story, by, before)
        if change is not None:
            change(story)
        if rule.target is not None:
            story.status = rule.target
        if rule.checked:
            _run_checks(rule, story, past_warnings)
        if rule.validates:
            story.full_clean()
        if rule.saves:
            _save_revision(story, by, comment=str(rule.label) + (f": {note}" if note else ""))
        event = Event.objects.create(
            article=story,
            kind=rule.records,
            actor=by if by.is_authenticated else None,
            from_state=before,
            to_state=s.state_of(story, at=moment),
            note=note,
            publish_at=story.publish_at if rule.records in PUBLICATION_EVENTS else names,
            at=moment,
        )
    article.refresh_from_db()
    return event


def _run_checks(rule: Rule, story: Article, past_warnings: int | None) -> None:
    """The rules checker on the locked story, as the move would leave it: never past a blocker;
    for publishing moves, past warnings only when the editor acknowledged at least as many."""
    report = checks.run(story)
    label = rule.label
    if report.blockers:
        count = len(report.blockers)
        raise ChecksFailed(
            ngettext(
                "“%(move)s” refused: %(count)d problem must be fixed first:",
                "“%(move)s” refused: %(count)d problems must be fixed first:",
                count,
            )
            % {"move": label, "count": count}
            + " "
            + " ".join(str(f.message) for f in report.blockers),
            report,
        )
    count = len(report.warnings)
    if rule.checked == "all" and count > (past_warnings or 0):
        raise ChecksFailed(
            ngettext(
                "“%(move)s” needs a second look: %(count)d warning:",
                "“%(move)s” needs a second look: %(count)d warnings:",
                count,
            )
            % {"move": label, "count": count}
            + " "
            + " ".join(str(f.message) for f in report.warnings)
            + " "
            + ngettext(
                "Fix it, or choose “%(move)s anyway past %(count)d warning”.",
                "Fix them, or choose “%(move)s anyway past %(count)d warnings”.",
                count,
            )
            % {"move": label, "count": count},
            report,
        )


def _save_revision(story: Article, by: User, *, comment: str) -> None:
    """Save through the ORM (signals fire, the field sanitises) inside a reversion revision."""
    story.version += 1
    with reversion.create_revision():
        story.save()
        if by.is_authenticated:
            reversion.set_user(by)
        reversion.set_comment(comment)
