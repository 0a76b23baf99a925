"""Timestamps as the store keeps them: ISO 8601 UTC to the second, e.g. `2026-12-01T09:37:30Z`."""

from __future__ import annotations

from datetime import datetime, timezone

_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def now() -> str:
    """The current time in the store's format."""
    return datetime.now(timezone.utc).strftime(_FORMAT)


def age_seconds(stamp: str) -> float | None:
    """Seconds since `stamp` (fractional seconds and offsets accepted), or None if it is not an
    ISO 8601 time."""
    try:
        t = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return (datetime.now(timezone.utc) - t).total_seconds()
