from django.urls import path

from portfolio import views

urlpatterns = [
    path("app/register/", views.register_page, name="register"),
    path("app/register/export.xlsx", views.register_xlsx, name="register-xlsx"),
    path("app/register/export.csv", views.register_csv, name="register-csv"),
    path(
        "app/register/systems/<int:pk>/review-record.pdf",
        views.review_record,
        name="review-record",
    ),
]
