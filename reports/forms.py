from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    # Letters, digits and hyphens only: anything else can be no report's code, and would not fit
    # the verification page's URL (``/verify/a/b/`` cannot be reversed: it was a 500).
    code = forms.CharField(
        label=_("Report code"),
        max_length=40,
        strip=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9-]+\Z",
                _("Enter a report code like TC-2026-7KQ4-M2XD (letters, digits and hyphens)."),
            )
        ],
    )


class VerifyUploadForm(forms.Form):
    file = forms.FileField(label=_("PDF file"), allow_empty_file=True)
