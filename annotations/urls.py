"""The annotation pages (htmx)."""

from django.urls import path

from annotations import views

app_name = "annotations"

urlpatterns = [
    path("", views.article_list, name="article-list"),
]
