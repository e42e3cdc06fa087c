from django.urls import path

from notifications import views

urlpatterns = [
    path("app/notifications/", views.notification_list, name="notifications"),
    path("app/notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
    path("app/notifications/read-all/", views.notification_read_all, name="notifications-read-all"),
    path("app/notifications/mail/", views.mail_switches, name="notification-mail"),
]
