"""What a service raises besides Django's ValidationError (400) and PermissionDenied (403)."""


class Conflict(Exception):
    """The write clashes with something already stored (409); `existing` is that thing."""

    def __init__(self, message: str, *, existing) -> None:
        super().__init__(message)
        self.message = message
        self.existing = existing


class DuplicateArticle(Conflict):
    pass


class VerdictExists(Conflict):
    pass


class StaleVersion(Exception):
    """The client edited an older version than the one stored (412)."""

    def __init__(self, *, current_version: int) -> None:
        super().__init__(
            f"This verdict changed since you loaded it (now version {current_version}); "
            "reload it and apply your change again."
        )
        self.current_version = current_version
