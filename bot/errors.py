"""Every error the intake assistant raises on purpose, in one hierarchy.

Library errors (SQLAlchemy, HTTP clients, ...) are translated into these at the boundary that
calls the library, so callers only ever catch `IntakeError` and its subclasses.
"""

from __future__ import annotations


class IntakeError(Exception):
    """Base class of every error the intake assistant raises on purpose."""


class StoreError(IntakeError):
    """The intake store could not be read or written."""


class StoreUnavailable(StoreError):
    """The intake store's database could not be reached."""


class NotificationError(IntakeError):
    """A notification to the practice could not be sent."""


class NotificationUnavailable(NotificationError):
    """The mail server could not be reached or answered with a temporary failure."""


class NotificationRejected(NotificationError):
    """The mail server refused the notification with a permanent (5xx) reply."""


class AssistantUnavailable(IntakeError):
    """Rasa did not answer the web app in time, or answered with an error."""


class EncryptionError(StoreError):
    """A stored value could not be encrypted or decrypted."""


class KeyUnavailable(EncryptionError):
    """The encryption key needed is missing: no key file, or a key id it does not hold."""


class UnreadableCiphertext(EncryptionError):
    """An encrypted value is damaged, was moved from another column, or is not encrypted at all."""
