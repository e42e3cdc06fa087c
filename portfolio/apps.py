from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    """The AI system register: the top layer, reading reports, assessments and checklists."""

    name = "portfolio"
    default_auto_field = "django.db.models.BigAutoField"
