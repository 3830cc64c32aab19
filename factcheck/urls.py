"""Top-level routes: the annotation pages, the REST API under /api/, the admin, the sitemap."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from annotations.feeds import SITEMAPS


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico wherever a page names no icon (a file, an error page).
    The static address is looked up per request: in production it names a hashed file."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("annotations.api.urls")),
    path("", include("annotations.urls")),
]

# API paths get JSON errors, pages the app's error pages.
handler404 = "annotations.api.exceptions.page_not_found"
handler500 = "annotations.api.exceptions.server_error"
