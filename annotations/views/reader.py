"""The reader: an article with its highlighted claims, and the claim panel."""

urlpatterns = []
