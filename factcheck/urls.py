"""Top-level routes: the annotation pages, the REST API under /api/, and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("annotations.api.urls")),
    path("", include("annotations.urls")),
]

# API paths get JSON errors, pages the app's error pages.
handler404 = "annotations.api.exceptions.page_not_found"
handler500 = "annotations.api.exceptions.server_error"
