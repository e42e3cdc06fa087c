"""The autosave write path in SQL: one locking read, then conditional writes (README, Benchmarks).

``answers_upsert`` is the hottest write of the app (every answer a user types is saved as they
go), so its statements are written out here rather than left to the ORM, which needs eight for
one answer. The same SQL runs on SQLite (3.35+: ``RETURNING``, ``UPDATE … FROM``,
``ON CONFLICT``) and on PostgreSQL; where they differ, each function says so.

- ``lock_for_write``: the assessment, the actor's roles in its company and evaluation body (the
  scope of ``Assessment.objects.visible_to``) and its applicable checklist versions, in one query
  that locks the assessment row (``FOR UPDATE OF`` on PostgreSQL; SQLite transactions are
  ``IMMEDIATE``, config/settings.py, so the write lock is already held). Every answer write locks
  the assessment first, so writers of one assessment queue here and never deadlock.
- ``write_answers``: one ``UPDATE … WHERE version = %s`` for the changed answers, one
  ``INSERT … ON CONFLICT DO NOTHING`` for the new ones, one ``DELETE … WHERE version = %s`` for the
  cleared ones, each ``RETURNING`` what it wrote, and the audit event of what was written. On
  PostgreSQL all of it is one statement (data-modifying CTEs); on SQLite, which runs in-process
  and has no round trips to save, one statement each. An answer that comes back missing was
  stale, or unchanged: the caller looks at those (``current_answers``) and rolls back on conflict.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

from assessments.choices import AuditAction
from assessments.models import (
    AISystem,
    Answer,
    Assessment,
    AssessmentChecklist,
    AuditEvent,
    Membership,
)
from checklists.models import ChecklistVersion

ANSWER = Answer._meta.db_table
AUDIT = AuditEvent._meta.db_table
ASSESSMENT = Assessment._meta.db_table
SYSTEM = AISystem._meta.db_table
MEMBERSHIP = Membership._meta.db_table
APPLICABLE = AssessmentChecklist._meta.db_table
VERSION = ChecklistVersion._meta.db_table

CHUNK = 2000
"""Answers per statement: 8 parameters each stays under SQLite's 32,766 at 2,000 answers."""


@dataclass(frozen=True, slots=True)
class Locked:
    """What the write path needs to know about the assessment, read under its row lock."""

    assessment_id: int
    status: str
    company_role: str | None
    body_role: str | None
    versions: tuple[tuple[int, str], ...]  # applicable (version id, sha256), in position order


@dataclass(frozen=True, slots=True)
class Change:
    """One answer to write: ``version`` is the one it was based on (None: a new answer)."""

    version_id: int
    item_code: str
    value: Any  # None clears the answer, or keeps only the comment when there is one
    comment: str
    version: int | None


@dataclass(frozen=True, slots=True)
class Written:
    """A row a statement changed: its id and its version now (0 once deleted)."""

    id: int
    version_id: int
    item_code: str
    version: int
    created: bool
    cleared: bool


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _json(placeholder: str) -> str:
    # PostgreSQL stores jsonb and compares it by value; SQLite stores the JSON text that Django's
    # JSONField writes (json.dumps), so the same dumps of the same value compares equal.
    return f"CAST({placeholder} AS jsonb)" if _postgres() else placeholder


def _dumps(value: Any) -> str | None:
    # A comment kept without an answer yet has no value: SQL NULL, as the ORM stores None in a
    # nullable JSONField (not the JSON literal null).
    return None if value is None else json.dumps(value)


def _same(left: str, right: str) -> str:
    """Equality where NULL equals NULL (a comment-only answer's value)."""
    return f"{left} IS NOT DISTINCT FROM {right}" if _postgres() else f"{left} IS {right}"


def _stored(change: Change) -> bool:
    """Whether the change leaves a row: a value, or a comment typed before the answer."""
    return change.value is not None or bool(change.comment.strip())


def lock_for_write(*, assessment_id: int, user_id: int) -> Locked | None:
    """Lock the assessment and read its status, the user's roles and its checklist versions.

    None when there is no such assessment. ``company_role`` is the user's role in the owning
    company, ``body_role`` in the evaluation body it was submitted to (only once submitted, as in
    ``visible_to``). On PostgreSQL a concurrent writer waits here until the holder commits.
    """
    sql = f"""
        SELECT a.status,
            (SELECT m.role FROM {MEMBERSHIP} m
              WHERE m.user_id = %s AND m.organization_id = s.organization_id),
            (SELECT m.role FROM {MEMBERSHIP} m
              WHERE m.user_id = %s AND m.organization_id = a.evaluation_body_id
                AND a.revision >= 1),
            ac.version_id, v.sha256
        FROM {ASSESSMENT} a
        JOIN {SYSTEM} s ON s.id = a.system_id
        LEFT JOIN {APPLICABLE} ac ON ac.assessment_id = a.id
        LEFT JOIN {VERSION} v ON v.id = ac.version_id
        WHERE a.id = %s
        ORDER BY ac.position
    """
    if _postgres():
        sql += " FOR UPDATE OF a"
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, user_id, assessment_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    status, company_role, body_role = rows[0][:3]
    return Locked(
        assessment_id=assessment_id,
        status=status,
        company_role=company_role,
        body_role=body_role,
        versions=tuple((int(r[3]), str(r[4])) for r in rows if r[3] is not None),
    )


def _chunks(changes: Sequence[Change]) -> Iterator[Sequence[Change]]:
    for start in range(0, len(changes), CHUNK):
        yield changes[start : start + CHUNK]


def _update(
    rows: Sequence[Change], assessment_id: int, actor_id: int, now: Any
) -> tuple[str, list[Any]]:
    """Changed answers on the version they were based on; an unchanged one is left alone, unless
    it waits for review (carried to a new content version): writing it confirms it."""
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    params: list[Any] = []
    for r in rows:
        params += [r.version_id, r.item_code, _dumps(r.value), r.comment, r.version]
    sql = f"""
        UPDATE {ANSWER} AS t
        SET value = {_json("v.column3")}, comment = v.column4, version = t.version + 1,
            review_reason = '', carried_from = NULL, prefilled_from = '', updated_by_id = %s,
            updated_at = %s
        FROM (VALUES {values}) AS v
        WHERE t.assessment_id = %s AND t.checklist_version_id = v.column1
          AND t.item_code = v.column2 AND t.version = v.column5
          AND NOT ({_same("t.value", _json("v.column3"))} AND t.comment = v.column4
                   AND t.review_reason = '' AND t.prefilled_from = '')
        RETURNING id, checklist_version_id, item_code, version, 0
    """
    return sql, [actor_id, now, *params, assessment_id]  # in the order of the placeholders


def _insert(
    rows: Sequence[Change], assessment_id: int, actor_id: int, now: Any
) -> tuple[str, list[Any]]:
    """New answers; one that someone else created meanwhile is left alone (a conflict)."""
    json_value = _json("%s")
    values = ", ".join([f"(%s, %s, %s, {json_value}, %s, 1, %s, %s)"] * len(rows))
    params: list[Any] = []
    for r in rows:
        params += [assessment_id, r.version_id, r.item_code, _dumps(r.value), r.comment]
        params += [actor_id, now]
    sql = f"""
        INSERT INTO {ANSWER} AS t (assessment_id, checklist_version_id, item_code, value, comment,
            version, updated_by_id, updated_at)
        VALUES {values}
        ON CONFLICT (assessment_id, checklist_version_id, item_code) DO NOTHING
        RETURNING id, checklist_version_id, item_code, version, 1
    """
    return sql, params


def _delete(rows: Sequence[Change], assessment_id: int) -> tuple[str, list[Any]]:
    """Cleared answers, on the version they were based on."""
    match = " OR ".join(
        ["(t.checklist_version_id = %s AND t.item_code = %s AND t.version = %s)"] * len(rows)
    )
    params: list[Any] = [assessment_id]
    for r in rows:
        params += [r.version_id, r.item_code, r.version]
    sql = f"""
        DELETE FROM {ANSWER} AS t WHERE t.assessment_id = %s AND ({match})
        RETURNING id, checklist_version_id, item_code, 0, 2
    """
    return sql, params


def _audit_data(written: Sequence[Written]) -> dict[str, Any]:
    """The answer event's data: what was written (new answers first, by item), how many cleared."""
    changed = sorted(
        (w for w in written if not w.cleared), key=lambda w: (not w.created, w.item_code)
    )
    return {
        "written": [{"item": w.item_code, "version": w.version} for w in changed],
        "cleared": sum(w.cleared for w in written),
    }


def write_answers(
    *, assessment_id: int, actor_id: int, changes: Sequence[Change], now: datetime
) -> list[Written]:
    """Write ``changes`` where each is still based on the current version; the audit event too.

    Returns the rows written. A change missing from the result was stale, or changed nothing, or
    cleared an answer that does not exist: the caller decides which with ``current_answers`` and
    raises (rolling everything back, the audit event included) on a conflict. The audit event is
    written only when something was.
    """
    at = connection.ops.adapt_datetimefield_value(now)
    statements: list[tuple[str, list[Any]]] = []
    updates = [c for c in changes if _stored(c) and c.version is not None]
    inserts = [c for c in changes if _stored(c) and c.version is None]
    deletes = [c for c in changes if not _stored(c) and c.version is not None]
    for chunk in _chunks(updates):
        statements.append(_update(chunk, assessment_id, actor_id, at))
    for chunk in _chunks(inserts):
        statements.append(_insert(chunk, assessment_id, actor_id, at))
    for chunk in _chunks(deletes):
        statements.append(_delete(chunk, assessment_id))
    if not statements:
        return []
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        if _postgres():
            # One round trip: every write as a CTE, and the audit event built from what they
            # returned (only when they returned anything).
            parts = [f"w{n} AS ({sql})" for n, (sql, _p) in enumerate(statements)]
            union = " UNION ALL ".join(f"SELECT * FROM w{n}" for n in range(len(statements)))
            cursor.execute(
                f"""
                WITH {", ".join(parts)}, written (id, version_id, item_code, version, kind) AS (
                    {union}
                ), logged AS (
                    INSERT INTO {AUDIT} (assessment_id, actor_id, action, from_status, to_status,
                        comment, data, created_at)
                    SELECT %s, %s, %s, '', '', '', jsonb_build_object(
                        'written', COALESCE(jsonb_agg(
                            jsonb_build_object('item', item_code, 'version', version)
                            ORDER BY kind DESC, item_code) FILTER (WHERE kind < 2), '[]'),
                        'cleared', count(*) FILTER (WHERE kind = 2)), %s
                    FROM written HAVING count(*) > 0
                    RETURNING id
                )
                SELECT * FROM written
                """,
                [p for _sql, params in statements for p in params]
                + [assessment_id, actor_id, AuditAction.ANSWER.value, at],
            )
            rows = cursor.fetchall()
        else:
            for sql, params in statements:
                cursor.execute(sql, params)
                rows += cursor.fetchall()
    written = [
        Written(
            id=int(r[0]),
            version_id=int(r[1]),
            item_code=str(r[2]),
            version=int(r[3]),
            created=r[4] == 1,
            cleared=r[4] == 2,
        )
        for r in rows
    ]
    if written and not _postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {AUDIT} (assessment_id, actor_id, action, from_status, to_status,
                    comment, data, created_at) VALUES (%s, %s, %s, '', '', '', %s, %s)""",
                [
                    assessment_id,
                    actor_id,
                    AuditAction.ANSWER.value,
                    json.dumps(_audit_data(written)),
                    at,
                ],
            )
    return written


def current_answers(
    *, assessment_id: int, keys: Sequence[tuple[int, str]]
) -> dict[tuple[int, str], Answer]:
    """The stored answers for (version id, item code) keys, with who last changed them."""
    codes = sorted({code for _v, code in keys})
    wanted = set(keys)
    return {
        (a.checklist_version_id, a.item_code): a
        for a in Answer.objects.filter(assessment_id=assessment_id, item_code__in=codes)
        .select_related("updated_by")
        .order_by("pk")
        if (a.checklist_version_id, a.item_code) in wanted
    }
