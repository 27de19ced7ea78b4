from django.urls import path, register_converter

from core.converters import TokenConverter
from privacy import views

register_converter(TokenConverter, "token")

app_name = "privacy"

urlpatterns = [
    path("konto/meine-daten/", views.my_data, name="my_data"),
    path("konto/meine-daten/export/", views.export_request, name="export_request"),
    path("konto/meine-daten/export/<token:token>/", views.export_download, name="export_download"),
    path("konto/loeschen/", views.delete_account, name="delete_account"),
    path("konto/loeschen/abbrechen/<str:token>/", views.erasure_cancel, name="erasure_cancel"),
    path("konto/archiv/<int:pk>/", views.archive_download, name="archive_download"),
    path("kommentare/meine/", views.guest_request, name="guest_request"),
    path("kommentare/meine/<str:token>/", views.guest_comments, name="guest_comments"),
]
