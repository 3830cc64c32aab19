"""The benchmark behind `manage.py bench`: synthetic corpus, own database, timing, load driver."""
