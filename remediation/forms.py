"""Forms of the plan pages: shape only; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from remediation.choices import ActionSource, ActionStatus


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    source = forms.ChoiceField(label=_("Finding"), choices=ActionSource.choices)
    items = forms.MultipleChoiceField(label=_("Linked items"))
    owner = forms.TypedChoiceField(label=pgettext_lazy("remediation", "Owner"), coerce=int)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(
        self, *args: Any, items: list[tuple[str, str]], owners: list[tuple[int, str]], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["items"].choices = items  # type: ignore[attr-defined]
        self.fields["owner"].choices = owners  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    reason = forms.CharField(
        label=_("Why the risk is accepted"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    closing_note = forms.CharField(
        label=_("What closed it (the answer or the change made)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    closing_evidence = forms.TypedChoiceField(
        label=_("Evidence that shows it"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, evidence: list[tuple[Any, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["closing_evidence"].choices = [("", "—"), *evidence]  # type: ignore[attr-defined]
