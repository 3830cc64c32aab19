"""The moderation panel: the Django admin for moderators (queue, decisions, history, roles).

Importing the package registers every model admin (Django's autodiscovery imports it).
"""

from django.contrib import admin

from annotations.admin import articles, publications, queue, spans, users, verdicts, webhooks

admin.site.site_header = "Fact-check moderation"
admin.site.site_title = "Fact-check moderation"
admin.site.index_title = "Moderation"
# The queue and the claim pages need the width more than a second menu.
admin.site.enable_nav_sidebar = False

__all__ = ["articles", "publications", "queue", "spans", "users", "verdicts", "webhooks"]
