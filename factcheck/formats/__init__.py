"""Date and time formats (FORMAT_MODULE_PATH): one way of writing dates across the app's
pages, the admin and its history ("29 Nov 2026", "29 Nov 2026, 14:05")."""
