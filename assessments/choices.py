from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.texts import SYSTEM_ROLE_LABELS, VERDICT_LABELS
from checklists.labels import DOMAIN_LABELS as _DOMAIN_LABELS


class OrganizationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    EVALUATION_BODY = "evaluation_body", _("Evaluation body")


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")
    VIEWER = "viewer", _("Viewer")
    EVALUATOR = "evaluator", _("Evaluator")
    LEAD = "lead", _("Lead evaluator")


COMPANY_ROLES = frozenset({Role.OWNER, Role.MEMBER, Role.VIEWER})
COMPANY_EDITORS = frozenset({Role.OWNER, Role.MEMBER})
BODY_ROLES = frozenset({Role.EVALUATOR, Role.LEAD})
# Who manages an organisation's team, and who it must always keep at least one of.
MANAGER_ROLE = {"company": Role.OWNER, "evaluation_body": Role.LEAD}


class SystemRole(models.TextChoices):
    DEVELOPER = "developer", SYSTEM_ROLE_LABELS["developer"]
    OPERATOR = "operator", SYSTEM_ROLE_LABELS["operator"]
    BOTH = "both", SYSTEM_ROLE_LABELS["both"]


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.CHANGES_REQUESTED})


class ReviewReason(models.TextChoices):
    NONE = "", _("No review needed")
    CHANGED = "changed", _("The item changed in the new version")
    CARRIED = "carried", _("Carried from an earlier revision")


class VerdictChoice(models.TextChoices):
    CONFIRMED = "confirmed", VERDICT_LABELS["confirmed"]
    PARTIALLY_CONFIRMED = "partially_confirmed", VERDICT_LABELS["partially_confirmed"]
    NOT_CONFIRMED = "not_confirmed", VERDICT_LABELS["not_confirmed"]
    NEEDS_EVIDENCE = "needs_evidence", VERDICT_LABELS["needs_evidence"]


class CriterionState(models.TextChoices):
    """What an evaluator recorded on a criterion: a level 0-4 (a 0 is a failed criterion), that
    it does not apply, or that it is in scope and could not be evaluated (blocks the outcome)."""

    RATED = "rated", _("Rated")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    NOT_EVALUATED = "not_evaluated", _("Not evaluated")


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    SUBMIT = "submit", _("Submitted")
    CLAIM = "claim", _("Claimed")
    REQUEST_CHANGES = "request_changes", _("Changes requested")
    APPROVE = "approve", _("Approved")
    REJECT = "reject", _("Rejected")
    WITHDRAW = "withdraw", _("Withdrawn")
    ANSWER = "answer", _("Answers saved")
    EVIDENCE = "evidence", _("Evidence uploaded")
    EVIDENCE_DELETE = "evidence_delete", _("Evidence deleted")
    VERDICT = "verdict", _("Verdict given")
    RATING = "rating", _("Criterion rated")
    SCOPE = "scope", _("Evaluation scope set")
    CHECKLISTS = "checklists", _("Applicable checklists changed")
    REPORT = "report", _("Report issued")
    ASSIGN = "assign", _("Assigned")
    UPGRADE = "upgrade", _("Moved to a new content version")
    REASSESS = "reassess", _("Re-assessment started")


class TeamAction(models.TextChoices):
    """What an organisation-level audit event records (``OrganizationEvent``)."""

    INVITE = "invite", _("Invited")
    INVITATION_RESEND = "invitation_resend", _("Invitation sent again")
    INVITATION_REVOKE = "invitation_revoke", _("Invitation revoked")
    INVITATION_ACCEPT = "invitation_accept", _("Invitation accepted")
    ROLE_CHANGE = "role_change", _("Role changed")
    REMOVE = "remove", _("Removed")


# Labels of the checklist domains live with the content (checklists.labels).
DOMAIN_LABELS = _DOMAIN_LABELS
