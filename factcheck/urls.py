"""Top-level routes: the annotation pages, the REST API under /api/, and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("annotations.api.urls")),
    path("", include("annotations.urls")),
]
