"""How people read the content's codes: domains, answer types and crosswalk frameworks, in the
active language (the pages never show ``yes_no`` or ``kr_ai_basic_act``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Labels of the checklist domains (checklists.schema.Domain).
DOMAIN_LABELS = {
    "general": _("General"),
    "generative_ai": _("Generative AI"),
    "image_recognition": _("Image and video recognition"),
    "hiring": _("Hiring and HR"),
    "healthcare": _("Healthcare"),
    "finance": _("Finance and credit"),
    "chatbot": _("Chatbot"),
    "public_sector": _("Public sector"),
    "autonomous_driving": _("Autonomous driving"),
    "deepfake": _("Video and voice synthesis"),
    "high_impact": _("High-impact AI"),
    "education": _("Education"),
    "energy": _("Energy"),
    "transport": _("Transport"),
    "critical_infrastructure": _("Critical infrastructure"),
}

ANSWER_TYPE_LABELS = {
    "yes_no": _("Yes or no"),
    "maturity": _("Maturity level 0–4"),
    "single_choice": _("One choice"),
    "multi_choice": _("Several choices"),
    "text": _("Text"),
    "number": _("Number"),
    "date": _("Date"),
}

FRAMEWORK_LABELS = {
    "kr_ai_basic_act": _("AI Basic Act"),
    "kr_ethics_standards": _("National AI Ethics Standards"),
    "eu_ai_act": _("EU AI Act"),
    "nist_ai_rmf": _("NIST AI RMF"),
    "iso_42001": _("ISO/IEC 42001"),
    "tta_guide": _("TTA development guide"),
}
