from django.urls import path

from core.health import healthz

urlpatterns = [path("healthz", healthz, name="healthz")]
