"""The annotation pages (htmx); each view module lists its own routes."""

from annotations.views import account, articles, reader

app_name = "annotations"

urlpatterns = articles.urlpatterns + reader.urlpatterns + account.urlpatterns
