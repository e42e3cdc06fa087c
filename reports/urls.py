from django.urls import path

from reports import views

urlpatterns = [
    path("", views.verify_lookup, name="report-verify-lookup"),
    path("<str:code>/", views.verify_page, name="report-verify-page"),
]
