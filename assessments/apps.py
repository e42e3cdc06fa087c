from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from django.contrib import admin
        from django_otp.admin import OTPAdminSite

        from assessments.views.accounts import LockoutOTPAdminAuthenticationForm

        # The admin signs in through the same lockout as the page and the API (the backend does
        # the counting; this form only words the refusal), then with the second factor: django-otp's
        # admin site admits staff whose session is verified.
        admin.site.__class__ = OTPAdminSite
        admin.site.login_form = LockoutOTPAdminAuthenticationForm

        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_save

        from assessments.services.tokens import revoke_on_password_change

        # A new password ends every API token of the user, however the password was set.
        pre_save.connect(
            revoke_on_password_change,
            sender=get_user_model(),
            dispatch_uid="trustcheck-revoke-tokens-on-password-change",
        )

        from django.contrib.auth.signals import user_logged_in

        from assessments.services.sessions import session_record

        # Each sign-in's session is indexed under its user, for the sessions page and for ending
        # the other sessions when the password changes.
        user_logged_in.connect(
            lambda sender, request, user, **kwargs: session_record(request=request, user=user),
            dispatch_uid="trustcheck-index-sessions",
            weak=False,
        )
