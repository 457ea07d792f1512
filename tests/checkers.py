"""The Nu HTML Checker and axe-core, for the tests that hold public pages to them.

Both come from npm at versions pinned in the Makefile (`make page-checkers`, run by `make test`,
installs them under var/node/); the checker runs on Java. Locally a missing tool skips the test
that needs it; under CI (the CI environment variable set) it fails the test instead, as a
missing chromium does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

NODE_MODULES = Path(settings.BASE_DIR) / "var" / "node" / "node_modules"
VNU_JAR = Path(os.environ.get("NEWSROOM_VNU_JAR", NODE_MODULES / "vnu-jar/build/dist/vnu.jar"))
AXE_JS = Path(os.environ.get("NEWSROOM_AXE_JS", NODE_MODULES / "axe-core/axe.min.js"))
JAVA = os.environ.get("NEWSROOM_JAVA", "java")

# WCAG 2.0, 2.1 and 2.2 at levels A and AA (target-size is 2.2 AA), and axe's best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def require(present: bool, message: str) -> None:
    if not present:
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run this test.")
        pytest.skip(message)


def require_vnu() -> None:
    require(shutil.which(JAVA) is not None, "java not found (apt-get install default-jre-headless)")
    require(VNU_JAR.is_file(), f"{VNU_JAR} not found (make test installs vnu-jar from npm)")


def require_axe() -> None:
    require(AXE_JS.is_file(), f"{AXE_JS} not found (make test installs axe-core from npm)")


# Warnings the site accepts, each for a reason. `role="list"` on a list styled without bullets
# is deliberate: Safari (VoiceOver) stops announcing such a list as a list without it.
ACCEPTED_WARNINGS = {
    "The “list” role is unnecessary for element “ul”.",
    "The “list” role is unnecessary for element “ol”.",
}


def nu_check(documents: dict[str, str], folder: Path, stylesheets=()) -> dict[str, list[str]]:
    """Every document (name → HTML) and stylesheet (a path) through the Nu HTML Checker in one
    Java run: name → its errors and warnings, each as "error line N: message"."""
    names = {}
    for number, (name, html) in enumerate(documents.items()):
        path = folder / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        names[str(path)] = name
    names.update({str(Path(sheet)): Path(sheet).name for sheet in stylesheets})
    run = subprocess.run(
        [JAVA, "-jar", str(VNU_JAR), "--also-check-css", "--format", "json", "--stdout", *names],
        capture_output=True,
        text=True,
        check=False,
    )
    if not run.stdout.strip():  # the checker did not run: say why
        pytest.fail(f"The Nu HTML Checker failed: {run.stderr}", pytrace=False)
    found: dict[str, list[str]] = {name: [] for name in names.values()}
    for message in json.loads(run.stdout)["messages"]:
        kind = message.get("subType") or message["type"]  # "info" with subType "warning"
        if kind not in {"error", "fatal", "warning"} or message["message"] in ACCEPTED_WARNINGS:
            continue
        where = message.get("url", "").removeprefix("file:")
        found.setdefault(names.get(where, where), []).append(
            f"{kind} line {message.get('lastLine', '?')}: {message['message']}"
        )
    return found


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page loaded in `page` (Playwright), each as
    "rule-id (impact): target, …".

    axe is evaluated through DevTools (`page.evaluate`), which a page's Content-Security-Policy
    does not govern; `page.add_script_tag` would insert a <script> the policy may block."""
    page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:5])
        + (f" and {len(violation['nodes']) - 5} more" if len(violation["nodes"]) > 5 else "")
        for violation in results["violations"]
    ]


def report(failing: dict[str, list[str]]) -> str:
    """One block per page: its name, how many problems, and each problem on its own line."""
    return "\n".join(
        f"{name}: {len(found)}\n" + "\n".join(f"  {line}" for line in found)
        for name, found in failing.items()
    )
