"""Fuzz the whole API from its own OpenAPI schema: never a 5xx, every documented response conforms.

Schemathesis loads ``/api/schema/`` from the WSGI application in this process and generates requests
for every operation, valid ones (positive mode) and invalid ones (negative mode), sent through the
real WSGI stack (middleware, authentication, exception handler) as each role of the assessments
``world`` with its API token. Random ids and codes would only ever meet a 404, so three in four
generated path parameters and well-known body fields (``checklist``, ``item``, ``assessment``, ...)
are swapped for ones that exist: the fuzzer then reaches the services with hostile values; the
fourth keeps the generated (often malformed) value.

Checks, per response:
- ``not_a_server_error``: no 5xx (the traceback of the exception behind it is in the failure);
- ``response_schema_conformance``: a documented status code's body matches the schema;
- the error shape of DESIGN.md §7: every 4xx JSON body is ``{"message": str, "extra": dict}``.

Bounded for ``make test``: ``FUZZ_EXAMPLES`` examples per operation and role (15 by default),
derandomized so a run is reproducible. A longer run: ``FUZZ_EXAMPLES=200 pytest
tests/reliability/test_fuzz_api.py`` (what ``make bench`` should run).

The database is transactional (``transaction=True``): the WSGI handler runs each request as the
app does in production (real commits, ``close_old_connections`` at request boundaries) rather than
inside a test transaction it would try to close.
"""

from __future__ import annotations

import hashlib
import os
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signals import got_request_exception
from django.core.wsgi import get_wsgi_application
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from assessments import services
from assessments.models import Evidence
from checklists.models import ChecklistVersion
from reports.choices import ReportStatus
from reports.models import Report
from reports.services import report_issue
from tests.assessments.conftest import World
from tests.factories import api_token

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
ROLES = ["owner", "viewer", "evaluator", "other_company"]
MOSTLY = st.integers(0, 3).map(bool)  # three times in four: steer to an existing id or code
FAILED = (Exception, BaseExceptionGroup)  # schemathesis reports several failures as a group


@dataclass
class Known:
    """Ids, codes and names that exist, to steer generated requests past the 404s."""

    assessments: list[int]
    systems: list[int]
    evidence: list[int]
    reports: list[int]
    codes: list[str]
    slugs: list[str]
    versions: list[str]
    items: list[str]
    criteria: list[str]
    bodies: list[int]
    usernames: list[str]

    def for_path(self, path: str, name: str) -> list[Any]:
        if name == "id":
            if path.startswith("/api/v1/assessments/"):
                return self.assessments
            if path.startswith("/api/v1/systems/"):
                return self.systems
            if path.startswith("/api/v1/reports/"):
                return self.reports
        return {
            "evidence_id": self.evidence,
            "code": self.codes,
            "slug": self.slugs,
            "version": self.versions,
        }.get(name, [])

    def for_field(self, path: str, name: str) -> list[Any]:
        return {
            "checklist": self.slugs
            + [f"{s}@{v}" for s, v in zip(self.slugs, self.versions, strict=True)],
            "item": self.items,
            "criterion": self.criteria,
            "assessment": self.assessments,
            "system": self.systems,
            "evaluation_body": self.bodies,
            "username": self.usernames,
            "kind": ["self_assessment", "evaluation"],
            "language": ["ko", "en"],
        }.get(name, [])


@dataclass
class Exceptions:
    """Tracebacks of the exceptions behind 500s, to put into the failure message."""

    seen: list[str] = field(default_factory=list)

    def __call__(self, sender: Any, request: Any = None, **kwargs: Any) -> None:
        self.seen.append(traceback.format_exc())


@pytest.fixture(scope="module")
def api_schema(django_db_setup: None, django_db_blocker: Any) -> Any:
    """The app's own OpenAPI document, fetched once through its WSGI application."""
    with django_db_blocker.unblock():  # the handler's close_old_connections looks at the database
        return schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def app_exceptions() -> Iterator[Exceptions]:
    recorder = Exceptions()
    got_request_exception.connect(recorder, weak=False)
    yield recorder
    got_request_exception.disconnect(recorder)


@pytest.fixture
def populated(world: World, settings: Any, tmp_path: Any) -> Known:
    """The world with something in every table the API reads: drafts, reviews, reports, evidence."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_VERIFY_THROTTLE = "1000000/minute"  # throttling would hide the endpoint
    owner, evaluator = world.users["owner"], world.users["evaluator"]
    draft = world.new_assessment()
    world.answer_all(draft)
    in_review = world.in_review()
    rejected = services.assessment_reject(
        actor=evaluator, assessment=world.in_review(), comment="Not yet."
    )
    report = report_issue(actor=owner, assessment=in_review, kind="self_assessment", language="en")
    _pretend_rendered(report)  # ready: download and verify have bytes to serve and compare
    queued = report_issue(actor=evaluator, assessment=rejected, kind="evaluation", language="ko")
    other_owner = world.users["other_company"]
    other_system = services.system_create(
        actor=other_owner, name="Other system", purpose="Something else.", domain="general"
    )
    other = services.assessment_create(actor=other_owner, system=other_system)
    versions = list(ChecklistVersion.objects.select_related("checklist").order_by("pk"))
    return Known(
        assessments=[draft.pk, in_review.pk, rejected.pk, other.pk],
        systems=[world.system.pk, other_system.pk],
        evidence=list(Evidence.objects.values_list("pk", flat=True)),
        reports=[report.pk, queued.pk],
        codes=[report.code, queued.code],
        slugs=[v.checklist.slug for v in versions],
        versions=[v.version for v in versions],
        items=[
            *("T-SIG-01", "T-AREA-01", "T-AREA-02", "T-IMP-01", "T-MIT-01"),
            *("T-A-01", "T-A-02", "T-A-03", "T-B-01", "T-B-02", "T-B-03", "T-B-04", "T-B-05"),
            *("T-H-01", "T-O-01"),
        ],
        criteria=["T-R-01", "T-R-02", "T-R-03"],
        bodies=[world.body.pk, world.other_body.pk],
        usernames=list(world.users),
    )


def _pretend_rendered(report: Report) -> None:
    """Mark a queued report ready with a stored file, as the worker would (without WeasyPrint)."""
    pdf = b"%PDF-1.7\n% fuzz fixture\n%%EOF\n"
    stored = default_storage.save(f"reports/fuzz/{report.code}.pdf", ContentFile(pdf))
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.READY,
        pdf=stored,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        pages=1,
        rendered_at=timezone.now(),
    )


def _steer(value: Any, known: Known, path: str, data: st.DataObject) -> Any:
    """Swap, most of the time, a well-known field of a generated body for a value that exists."""
    if isinstance(value, list):
        return [_steer(entry, known, path, data) for entry in value]
    if not isinstance(value, dict):
        return value
    steered = {}
    for key, entry in value.items():
        pool = known.for_field(path, key)
        if pool and data.draw(MOSTLY, label=f"steer {key}"):
            steered[key] = data.draw(st.sampled_from(pool), label=key)
        else:
            steered[key] = _steer(entry, known, path, data)
    return steered


def _error_shape(ctx: Any, response: Any, case: Any) -> None:
    """DESIGN.md §7: a 4xx JSON error is ``{"message": ..., "extra": {...}}``."""
    if not 400 <= response.status_code < 500:
        return
    if "json" not in (response.headers.get("Content-Type") or [""])[0]:
        return
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"message", "extra"}, (
        f"{case.operation.label}: {response.status_code} error body is not {{message, extra}}: "
        f"{str(body)[:300]}"
    )
    assert isinstance(body["message"], str) and isinstance(body["extra"], dict), body


def _fuzz(
    operation: Any,
    headers: dict[str, str],
    known: Known,
    exceptions: Exceptions,
    statuses: Counter[int],
) -> str | None:
    """Run one operation's examples; the failure (minimal example, reproduction) or None."""
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=strategy, data=st.data())
    def run(case: Any, data: st.DataObject) -> None:
        for name in list(case.path_parameters or {}):
            pool = known.for_path(operation.path, name)
            if pool and data.draw(MOSTLY, label=f"existing {name}"):
                case.path_parameters[name] = data.draw(st.sampled_from(pool), label=name)
        if isinstance(case.body, dict | list):
            case.body = _steer(case.body, known, operation.path, data)
        exceptions.seen.clear()
        try:
            response = case.call(headers=headers)
            statuses[response.status_code] += 1
            case.validate_response(
                response,
                checks=[not_a_server_error, response_schema_conformance],
                additional_checks=[_error_shape],
                headers=headers,
            )
        except BaseException as exc:
            if exceptions.seen:
                exc.add_note("Exception in the app:\n" + exceptions.seen[-1])
            raise

    try:
        run()
    except FAILED as exc:
        notes = "\n".join(getattr(exc, "__notes__", []))
        return f"== {operation.label}\n{exc}\n{notes}"
    return None


@pytest.mark.parametrize("role", ROLES)
def test_fuzz_every_operation(
    role: str, world: World, populated: Known, app_exceptions: Exceptions, api_schema: Any
) -> None:
    token = api_token(world.users[role])
    headers = {"Authorization": f"Token {token}", "Accept-Language": "en"}
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 30, [op.label for op in operations]
    for operation in operations:
        statuses: Counter[int] = Counter()
        failure = _fuzz(operation, headers, populated, app_exceptions, statuses)
        print(f"{operation.label:60} {dict(sorted(statuses.items()))}")  # shown with -s
        if failure:
            failures.append(failure)
    assert not failures, f"{len(failures)} operation(s) failed as {role}:\n\n" + "\n\n".join(
        failures
    )
