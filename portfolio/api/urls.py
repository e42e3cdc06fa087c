from django.urls import path

from portfolio.api import views

urlpatterns = [path("register/", views.RegisterView.as_view(), name="api-register")]
