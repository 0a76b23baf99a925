"""The exceptions the package raises. Every one carries a single-line message that says what is
wrong and, where there is one, what to do about it."""

from __future__ import annotations

__all__ = [
    "TicketScopeError",
    "StoreError",
    "SchemaVersionError",
    "RunError",
    "LeaseError",
    "MaskError",
    "MetricError",
    "StepError",
    "CLIError",
    "RuleError",
]


class TicketScopeError(Exception):
    """Base class of every error raised by :mod:`ticketscope`."""


class StoreError(TicketScopeError):
    """The SQLite file cannot be used: missing, not SQLite, not a TicketScope store, corrupt rows,
    or an SQLite failure such as a lock held for too long."""


class SchemaVersionError(StoreError):
    """The store was written by a newer TicketScope than this package understands."""


class RunError(TicketScopeError):
    """A run that cannot be opened as asked: a bad name, layers, subnetworks, method or config that
    differ from the stored run's, or a run that does not exist in a read-only store."""


class LeaseError(TicketScopeError):
    """Another live process is writing the run (or took this process's lease over)."""


class MaskError(TicketScopeError):
    """Masks that do not fit the run: unknown or missing subnetworks or layers, wrong shapes,
    unsupported dtypes, NaN entries."""


class MetricError(TicketScopeError):
    """A metric value or name that the store does not accept."""


class StepError(TicketScopeError):
    """A step that cannot be written as asked: a gap in the step indices, an existing step with
    different masks without ``replace=True``, or an unknown step."""


class CLIError(TicketScopeError):
    """The ``ticketscope`` command line cannot be found or failed."""


class RuleError(CLIError):
    """``ticketscope check`` rejected the stop rule as malformed."""
