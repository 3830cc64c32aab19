"""The article list and the import page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from annotations.models import Article


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.with_progress().order_by("-created_at", "-id")
    return render(request, "annotations/article_list.html", {"articles": articles})


urlpatterns = [
    path("", article_list, name="article-list"),
]
