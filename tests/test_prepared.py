"""Prepared queries (core.prepared): compiled once, run with new values, same rows as the ORM."""

import re
import threading
from datetime import datetime, timedelta

import django
import pytest
import time_machine
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, connections
from django.db.models import DateTimeField, JSONField
from django.utils import timezone

import public.selectors  # registers the public pages' prepared queries (and is used below)
from articles.models import Article
from core.prepared import CHECKED_DJANGO, Param, ParamList, PreparedQuery, _bind, _constants_in_sql
from tests.factories import STATES, ArticleFactory, SectionFactory, WriterFactory

pytestmark = pytest.mark.django_db

NOW = Param("now", DateTimeField())
LIVE_IDS = PreparedQuery(lambda: Article.objects.live(at=NOW).order_by("pk").values_list("pk"))
LIVE_STORIES = PreparedQuery(lambda: Article.objects.live(at=NOW).select_related("section"))
BY_IDS = PreparedQuery(
    lambda: Article.objects.filter(pk__in=ParamList("ids")).order_by("pk").values_list("pk")
)


def test_django_is_a_version_the_prepared_queries_were_checked_against():
    """core.prepared relies on Django's compiler and QuerySet internals: a Django upgrade must
    re-read them (the module's docstring names them) and add its version to CHECKED_DJANGO."""
    assert django.VERSION[:2] in CHECKED_DJANGO, django.get_version()


@pytest.fixture
def one_of_each():
    section = SectionFactory()
    return {state: ArticleFactory(section=section, **traits) for state, traits in STATES.items()}


def _plain_live_ids(at):
    return list(Article.objects.live(at=at).order_by("pk").values_list("pk"))


def test_a_prepared_query_reads_what_the_queryset_reads(one_of_each):
    now = timezone.now()
    assert LIVE_IDS.run(now=now) == _plain_live_ids(now) == [(one_of_each["live"].pk,)]


def test_the_time_is_bound_on_every_run_not_when_compiling(one_of_each):
    scheduled, live = one_of_each["scheduled"], one_of_each["live"]
    before = LIVE_IDS.run(now=timezone.now())  # compiles with this moment's statement
    later = scheduled.publish_at + timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        after = LIVE_IDS.run(now=timezone.now())
    assert before == [(live.pk,)]
    assert sorted(after) == sorted([(live.pk,), (scheduled.pk,)]) == sorted(_plain_live_ids(later))


def test_model_rows_come_with_their_select_related(one_of_each):
    (story,) = LIVE_STORIES.run(now=timezone.now())
    assert story == one_of_each["live"]
    assert story.section.name == one_of_each["live"].section.name  # joined, not queried


def test_a_list_parameter_takes_any_length(one_of_each):
    ids = sorted(story.pk for story in one_of_each.values())
    assert BY_IDS.run(ids=ids) == [(pk,) for pk in ids]
    assert BY_IDS.run(ids=ids[:1]) == [(ids[0],)]
    assert BY_IDS.run(ids=[]) == []
    assert BY_IDS.run(ids=[ids[0], ids[0]]) == [(ids[0],)]


def test_each_run_is_one_query(one_of_each, django_assert_num_queries):
    LIVE_IDS.run(now=timezone.now())
    with django_assert_num_queries(1):
        LIVE_IDS.run(now=timezone.now())


def test_a_query_compiled_in_one_thread_runs_on_another_threads_connection():
    """A compiled statement keeps the connection it was compiled with; a run in another thread
    (a threaded server) must use that thread's own. SQLite refuses a connection made in another
    thread, so this fails with ProgrammingError if it does not."""
    LIVE_IDS.run(now=timezone.now())  # compiled here, with this thread's connection
    outcome = []

    def read():
        try:
            outcome.append(LIVE_IDS.run(now=timezone.now()))
        except Exception as error:  # reported to the test thread below
            outcome.append(error)
        finally:
            connections.close_all()

    worker = threading.Thread(target=read)
    worker.start()
    worker.join()
    assert outcome == [[]]  # the other connection does not see this test's open transaction


def test_no_public_query_has_a_time_fixed_when_it_was_compiled(reader, settings):
    """A datetime among a compiled statement's parameters would be the moment it was compiled:
    scheduled stories would never appear. Every time must be a Param. The public pages are
    served first, so every statement they use is compiled in the shapes they use."""
    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_PAGE_SIZE = 2
    section, writer = SectionFactory(name="World"), WriterFactory(name="Thanh Hà")
    stories = [
        ArticleFactory(live=True, section=section, writers=[writer], tags=["Ukraine", "Kursk"],
                       priority=priority)
        for priority in ("lead", "top", "normal", "normal", "normal")
    ]  # fmt: skip
    for url in ["/", stories[0].get_absolute_url(), "/world/", "/tags/ukraine/",
                writer.get_absolute_url()]:  # fmt: skip
        first = reader.get(url)
        assert first.status_code == 200, url
        older = first.content.decode().partition('rel="next" href="')[2].partition('"')[0]
        if older:
            newer = reader.get(url + older.replace("&amp;", "&"))
            assert newer.status_code == 200, url + older
            back = newer.content.decode().partition('rel="prev" href="')[2].partition('"')[0]
            assert reader.get(url + back).status_code == 200, url + back
    statements = [s for query in PreparedQuery.instances for s in query.statements()]
    assert len(statements) >= 15  # every page above ran through prepared queries
    for shape, sql, params in statements:
        fixed = [p for p in params if _looks_like_time(p)]
        assert not fixed, (sql, shape, fixed)


def _looks_like_time(value) -> bool:
    if isinstance(value, datetime):
        return True
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def test_story_page_for_an_id_beyond_64_bits_is_404(reader):
    section = SectionFactory(name="World")
    assert reader.get(f"/{section.slug}/a-story-{2**64}/").status_code == 404


def test_prepared_sql_is_what_django_compiles(one_of_each):
    sql, params = LIVE_IDS.sql()
    assert "%s" in sql and any(isinstance(p, Param) for p in params)
    assert connection.ops.quote_name("articles_article") in sql


# --- On PostgreSQL: prepared on the server (newsroom/env.py, NEWSROOM_DB_PREPARED_STATEMENTS) ---

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="server-side prepared statements: PostgreSQL"
)


def _server_statements() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


def _numbered(sql: str) -> str:
    """Django's %s placeholders as PostgreSQL's $1, $2...: how a statement reaches the server."""
    count = iter(range(1, sql.count("%s") + 1))
    return re.sub("%s", lambda _: f"${next(count)}", sql).replace("%%", "%")


@postgres_only
def test_prepared_queries_are_prepared_on_the_server_and_nothing_else(one_of_each, settings):
    binding = connection.settings_dict["OPTIONS"].get("server_side_binding") is True
    connection.ensure_connection()
    before = _server_statements()
    LIVE_IDS.run(now=timezone.now())
    list(Article.objects.filter(pk__gt=0).values_list("pk"))  # plain ORM: never prepared
    added = _server_statements() - before
    prepared = _numbered(LIVE_IDS.sql()[0])
    # Prepared at its first run on this connection when the values are bound on the server.
    assert added == ({prepared} if binding else set())
    assert LIVE_IDS.run(now=timezone.now()) == [(one_of_each["live"].pk,)]
    assert connection.connection.prepare_threshold is None  # psycopg's automatic mode stays off


def _generic_plan(sql: str, params: list) -> str:
    """The plan PostgreSQL keeps for a prepared statement once it stops planning per run: the
    one for any value of its parameters."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(f"PREPARE plan_check AS {_numbered(sql)}")
        try:
            arguments = connection.ops.compose_sql(", ".join(["%s"] * len(params)), params)
            cursor.execute(f"EXPLAIN EXECUTE plan_check({arguments})")
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("DEALLOCATE plan_check")


@postgres_only
@pytest.mark.parametrize("owner", ["tag", "writer"])
def test_a_busy_list_checks_each_story_in_any_plan(one_of_each, owner):
    """A busy tag's or writer's list walks the newest stories and checks each one's tagging or
    byline (articles.querysets.CheckedPerStory). As a semi-join, the generic plan started from
    all of the tag's taggings, as if it had a few: 20 ms instead of 0.5 ms for a busy one."""
    stories = public.selectors.TAG_STORIES if owner == "tag" else public.selectors.WRITER_STORIES
    sql, params = stories._first.sql(20, True)
    values = {owner: 1, "now": timezone.now(), "edition": "en"}
    plan = _generic_plan(sql, [p.bind(values, connection) if isinstance(p, Param) else p
                               for p in params])  # fmt: skip
    # Each story's own tagging or byline, by index: the owner's condition is tied to the story.
    checks = [line for line in plan.splitlines() if f"{owner}_id = $" in line]
    assert checks and all("v0.id" in line for line in checks), plan
    assert "Semi Join" not in plan, plan


# A statement with the time twice (published before it, created before it).
TWICE = PreparedQuery(
    lambda: (
        Article.objects.filter(
            publish_at__lte=Param("now", DateTimeField()),
            created_at__lte=Param("now", DateTimeField()),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
)


def test_a_value_used_twice_in_a_statement_is_prepared_once(one_of_each, monkeypatch):
    now = timezone.now()
    _, params = TWICE.sql()
    assert [p.name for p in params if isinstance(p, Param)] == ["now", "now"]
    binds = []
    original = Param.bind
    monkeypatch.setattr(Param, "bind", lambda p, *args: binds.append(p.name) or original(p, *args))
    rows = TWICE.run(now=now)
    assert binds == ["now"]
    plain = Article.objects.filter(publish_at__lte=now, created_at__lte=now).order_by("pk")
    assert rows == list(plain.values_list("pk", flat=True)) != []


def test_a_value_is_prepared_for_each_field_whose_options_change_it():
    """A JSONField writes with its own encoder: the same name through two of them is prepared
    twice, as Django would; a time through DateTimeFields once, in every place."""
    plain = Param("data", JSONField())
    tagged = Param("data", JSONField(encoder=_TaggedEncoder))
    now = Param("now", DateTimeField())
    params = (plain, tagged, now, "fixed", Param("now", DateTimeField()))
    moment = timezone.now()
    value = {"at": "noon"}
    bound = _bind(params, {"data": value, "now": moment}, connection)
    assert [_written(v) for v in bound[:2]] == [
        _written(plain.output_field.get_db_prep_value(value, connection)),
        _written(tagged.output_field.get_db_prep_value(value, connection)),
    ]
    assert _written(bound[0]) != _written(bound[1])
    time = now.output_field.get_db_prep_value(moment, connection)
    assert bound[2:] == [time, "fixed", time]


def _written(value):
    """A bound JSON value as the database receives it (psycopg wraps it in a Jsonb)."""
    dumps = getattr(value, "dumps", None)
    return dumps(value.obj) if dumps is not None else value


class _TaggedEncoder(DjangoJSONEncoder):
    def encode(self, o):
        return "tagged:" + super().encode(o)


# --- On PostgreSQL: a list's constants in its SQL (core.prepared._constants_in_sql) -----------


@postgres_only
@pytest.mark.parametrize("owner", ["section", "tag", "writer"])
def test_a_lists_generic_plan_knows_it_reads_published_stories(one_of_each, owner):
    """Bound as a parameter, `status = $n` was one status in several to the generic plan, which
    then expected a tenth of the list's rows and costed its index walk above the custom plans':
    PostgreSQL planned a busy tag's or writer's first page on every run."""
    lists = public.selectors
    stories = {"section": lists.SECTION_STORIES, "tag": lists.TAG_STORIES,
               "writer": lists.WRITER_STORIES}[owner]  # fmt: skip
    shape = (20,) if owner == "section" else (20, True)
    sql, params = stories._first.sql(*shape)
    assert Article.Status.PUBLISHED not in params
    assert all(isinstance(p, Param) for p in params), params
    values = {owner: 1, "now": timezone.now(), "edition": "en"}
    plan = _generic_plan(sql, [p.bind(values, connection) for p in params])
    assert "(status)::text = 'published'::text" in plan, plan


@postgres_only
def test_constants_in_sql_are_quoted_and_percent_signs_kept():
    now = Param("now", DateTimeField())
    fixed = timezone.now()  # a time is left a parameter, for the test of fixed times above
    sql, params = _constants_in_sql(
        "SELECT %s, %s, %s FROM t WHERE a LIKE '%%x' AND b <= %s AND c < %s",
        ("it's", 3, now, now, fixed), connection,
    )  # fmt: skip
    assert sql == "SELECT 'it''s', 3, %s FROM t WHERE a LIKE '%%x' AND b <= %s AND c < %s"
    assert params == (now, now, fixed)
