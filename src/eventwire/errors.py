"""Named exceptions; each message says what is wrong and where."""


class EventwireError(Exception):
    """Base class for errors eventwire reports to the user without a traceback."""


class InputError(EventwireError):
    """An input file or record cannot be read as an article."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class PipelineError(EventwireError):
    """The pipeline was built from steps whose requirements are not met."""


class GazetteerError(EventwireError):
    """The gazetteer is missing, corrupt or cannot be built."""


class StoreError(EventwireError):
    """The event store cannot be opened or written."""
