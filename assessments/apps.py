from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from django.contrib import admin

        from assessments.views.accounts import LockoutAdminAuthenticationForm

        # The admin signs in through the same lockout as the page and the API (the backend does
        # the counting; this form only words the refusal).
        admin.site.login_form = LockoutAdminAuthenticationForm
