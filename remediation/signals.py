"""Events of remediation plans that upper layers (notifications) listen to; this app never
imports them."""

from django.dispatch import Signal

# An action got an owner (created, or its owner changed): kwargs ``action``, ``actor``.
action_assigned = Signal()
