from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Fact-check annotations"

    def ready(self) -> None:
        # Connects the receiver that names the acting user and reason in history rows.
        from annotations import history  # noqa: F401
