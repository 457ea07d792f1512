"""The newsroom's rules checker: one small function per rule, run while writing and before a
story is submitted or published.

A rule is a function that takes the story (an `Article`, possibly unsaved while it is being
written) and returns or yields findings, each a `warning(...)` or a `blocker(...)` with a message
a journalist understands. `@rule(...)` registers it:

    from workflow.checks import rule, warning

    @rule("Kicker in capitals")
    def kicker_not_shouting(story):
        if story.kicker and story.kicker.isupper():
            yield warning("The kicker is in capitals; write it in sentence case.", field="kicker")

The built-in rules are in workflow/checks/rules.py; a newsroom puts its own in a `story_checks.py`
module of any installed app (found at start-up) and can switch rules off by name with
`NEWSROOM_CHECKS_OFF`. `run(story)` returns a `Report`; workflow/transitions.py runs it before
submitting and publishing: never past a blocker, and past warnings only when the editor
acknowledged them (`past_warnings`, the "Publish anyway past N warnings" click).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.utils.translation import gettext
from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)

BLOCKER = "blocker"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    level: str  # BLOCKER or WARNING
    message: str
    field: str = ""  # the form field it is about, if one
    rule: str = ""  # the rule's name (filled in by run())

    @property
    def is_blocker(self) -> bool:
        return self.level == BLOCKER

    def as_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "level": self.level,
            "message": self.message,
            "field": self.field,
        }


def blocker(message: str, *, field: str = "") -> Finding:
    """A finding that stops submitting and publishing until it is fixed."""
    return Finding(BLOCKER, message, field)


def warning(message: str, *, field: str = "") -> Finding:
    """A finding an editor may publish past, with one extra click."""
    return Finding(WARNING, message, field)


RuleFunction = Callable[..., Iterable[Finding] | Finding | None]


@dataclass(frozen=True)
class Rule:
    name: str
    label: StrOrPromise
    function: RuleFunction


RULES: dict[str, Rule] = {}


def rule(label: StrOrPromise, *, name: str | None = None) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule. `label` is what the checker lists; `name` (default: the function's
    name) is how NEWSROOM_CHECKS_OFF and the findings refer to it."""

    def register(function: RuleFunction) -> RuleFunction:
        key = name or function.__name__
        RULES[key] = Rule(key, label, function)
        return function

    return register


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    @property
    def blockers(self) -> list[Finding]:
        return [f for f in self.findings if f.level == BLOCKER]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == WARNING]

    @property
    def clean(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict:
        return {
            "blockers": len(self.blockers),
            "warnings": len(self.warnings),
            "findings": [f.as_dict() for f in self.findings],
        }


def active_rules() -> list[Rule]:
    off = set(getattr(settings, "NEWSROOM_CHECKS_OFF", ()))
    return [r for name, r in RULES.items() if name not in off]


def run(story) -> Report:
    """Every active rule on `story`; blockers first, then warnings, each in rule order.

    A rule that crashes is reported as a warning naming it rather than taking the admin down
    (a newsroom's own rule with a bug must not stop the desk)."""
    findings: list[Finding] = []
    for r in active_rules():
        try:
            result = r.function(story)
            found = [result] if isinstance(result, Finding) else list(result or ())
        except Exception:
            logger.exception("story check %s failed", r.name)
            found = [
                warning(
                    gettext("The check “%(rule)s” could not run; tell the site's developers.")
                    % {"rule": r.label}
                )
            ]
        findings += [replace(f, rule=r.name) for f in found]
    findings.sort(key=lambda f: f.level != BLOCKER)
    return Report(findings)
