"""Every write of the assessments app. Keyword-only, one transaction each, audited where the
domain wants it (STYLE.md rule 2)."""

from assessments.services.answers import (
    AnswerInput,
    answers_upsert,
    applicability_refresh,
)
from assessments.services.common import Conflict, PermissionRefused
from assessments.services.evidence import evidence_delete, evidence_replace, evidence_upload
from assessments.services.organizations import (
    assessment_create,
    membership_add,
    organization_create,
    system_create,
    system_update,
)
from assessments.services.review import (
    MEASUREMENTS_EXAMPLE,
    TTA_REQUIREMENTS,
    BatchInvalid,
    RatingInput,
    VerdictInput,
    evaluation_scope_set,
    measurements_import,
    rating_set,
    ratings_set,
    scope_required,
    verdict_set,
    verdicts_set,
)
from assessments.services.team import (
    invitation_accept,
    invitation_resend,
    invitation_revoke,
    membership_invite,
    membership_remove,
    membership_role_change,
)
from assessments.services.upgrade import assessment_reassess, assessment_upgrade
from assessments.services.workflow import (
    assessment_approve,
    assessment_assign,
    assessment_claim,
    assessment_reject,
    assessment_request_changes,
    assessment_submit,
    assessment_withdraw,
    missing_for_submit,
)

__all__ = [
    "MEASUREMENTS_EXAMPLE",
    "TTA_REQUIREMENTS",
    "scope_required",
    "AnswerInput",
    "BatchInvalid",
    "Conflict",
    "PermissionRefused",
    "RatingInput",
    "VerdictInput",
    "answers_upsert",
    "applicability_refresh",
    "assessment_approve",
    "assessment_assign",
    "assessment_claim",
    "assessment_create",
    "assessment_reassess",
    "assessment_reject",
    "assessment_request_changes",
    "assessment_submit",
    "assessment_upgrade",
    "assessment_withdraw",
    "evaluation_scope_set",
    "evidence_delete",
    "measurements_import",
    "evidence_replace",
    "evidence_upload",
    "invitation_accept",
    "invitation_resend",
    "invitation_revoke",
    "membership_add",
    "membership_invite",
    "membership_remove",
    "membership_role_change",
    "missing_for_submit",
    "organization_create",
    "rating_set",
    "ratings_set",
    "system_create",
    "system_update",
    "verdict_set",
    "verdicts_set",
]
