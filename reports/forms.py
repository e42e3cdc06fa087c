from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Report code"), max_length=40, strip=True)


class VerifyUploadForm(forms.Form):
    file = forms.FileField(label=_("PDF file"), allow_empty_file=True)
