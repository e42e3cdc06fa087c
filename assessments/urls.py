from django.contrib.auth import views as auth_views
from django.urls import path

from assessments.views import accounts, company, evaluator, fill, living, submit, team

urlpatterns = [
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("accounts/login/code/", accounts.login_code, name="login-code"),
    path("accounts/two-factor/", accounts.two_factor, name="two-factor"),
    path("accounts/two-factor/verify/", accounts.two_factor_verify, name="two-factor-verify"),
    path("accounts/sessions/", accounts.sessions_page, name="sessions"),
    path("accounts/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("language/", accounts.language_switch, name="language-switch"),
    path("app/", company.dashboard, name="dashboard"),
    path("app/systems/new/", company.system_edit, name="system-new"),
    path("app/systems/<int:pk>/edit/", company.system_edit, name="system-edit"),
    path("app/systems/<int:system_pk>/assess/", company.assessment_start, name="assessment-start"),
    path("app/assessments/<int:pk>/", company.assessment_detail, name="assessment-detail"),
    path("app/assessments/<int:pk>/fill/<slug:slug>/", fill.fill, name="assessment-fill"),
    path(
        "app/assessments/<int:pk>/fill/<slug:slug>/progress/",
        fill.fill_progress,
        name="assessment-fill-progress",
    ),
    path(
        "app/assessments/<int:pk>/fill/<slug:slug>/evidence/",
        fill.evidence_add,
        name="evidence-add",
    ),
    path(
        "app/assessments/<int:pk>/fill/<slug:slug>/evidence/<int:evidence_pk>/delete/",
        fill.evidence_remove,
        name="evidence-delete",
    ),
    path(
        "app/assessments/<int:pk>/evidence/<int:evidence_pk>/",
        company.evidence_download,
        name="evidence-download",
    ),
    path(
        "app/assessments/<int:pk>/submit/", submit.assessment_submit_page, name="assessment-submit"
    ),
    path(
        "app/assessments/<int:pk>/withdraw/",
        submit.assessment_withdraw_page,
        name="assessment-withdraw",
    ),
    path("app/assessments/<int:pk>/diff/", company.assessment_diff, name="assessment-diff"),
    path(
        "app/assessments/<int:pk>/upgrade/",
        living.assessment_upgrade_page,
        name="assessment-upgrade",
    ),
    path(
        "app/assessments/<int:pk>/reassess/",
        living.assessment_reassess_page,
        name="assessment-reassess",
    ),
    path(
        "app/assessments/<int:pk>/activity/",
        company.assessment_activity,
        name="assessment-activity",
    ),
    path(
        "app/assessments/<int:pk>/step/<str:step>/", submit.assessment_step, name="assessment-step"
    ),
    path(
        "app/assessments/<int:pk>/export.xlsx", company.assessment_export, name="assessment-export"
    ),
    path("app/assessments/<int:pk>/import/", company.assessment_import, name="assessment-import"),
    path("app/queue/", evaluator.queue, name="queue"),
    path("app/assessments/<int:pk>/assign/", evaluator.assign, name="assessment-assign"),
    path("app/team/<int:pk>/", team.team, name="team"),
    path("app/team/<int:pk>/invite/", team.team_invite, name="team-invite"),
    path("app/team/<int:pk>/members/<int:member_pk>/role/", team.member_role, name="member-role"),
    path(
        "app/team/<int:pk>/members/<int:member_pk>/remove/",
        team.member_remove,
        name="member-remove",
    ),
    path(
        "app/team/<int:pk>/invitations/<int:invitation_pk>/resend/",
        team.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "app/team/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        team.invitation_revoke,
        name="invitation-revoke",
    ),
    path("invitations/<str:token>/", team.invitation_accept, name="invitation-accept"),
    path(
        "app/assessments/<int:pk>/review/<slug:slug>/", evaluator.review, name="assessment-review"
    ),
    path(
        "app/assessments/<int:pk>/evaluation/", evaluator.evaluation, name="assessment-evaluation"
    ),
    path("app/assessments/<int:pk>/decide/<str:step>/", evaluator.decide, name="assessment-decide"),
]
