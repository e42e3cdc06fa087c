from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from django.contrib import admin

        import config.checks  # noqa: F401  (registers the deploy checks)
        from assessments.views.accounts import LockoutAdminAuthenticationForm

        # The admin signs in through the same lockout as the page and the API (the backend does
        # the counting; this form only words the refusal).
        admin.site.login_form = LockoutAdminAuthenticationForm

        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_save

        from assessments.services.tokens import revoke_on_password_change

        # A new password ends every API token of the user, however the password was set.
        pre_save.connect(
            revoke_on_password_change,
            sender=get_user_model(),
            dispatch_uid="trustcheck-revoke-tokens-on-password-change",
        )
