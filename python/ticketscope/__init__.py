"""Log pruning masks from any Python training loop into a TicketScope store, and ask TicketScope's
stop rules when to stop pruning.

    import ticketscope
    with ticketscope.Store("runs.sqlite") as store:
        run = store.run("resnet-ctx")
        for step in range(20):
            prune_one_step(models)                       # e.g. torch.nn.utils.prune
            run.log_step(models, metrics={c: {"balanced_accuracy": evaluate(m)} for c, m in models.items()})
            if run.check("onset,mean-jaccard>0.6").stop:
                break

The file is the one the `ticketscope` command line reads and writes (docs/schema.md, schema
version 2); python/README.md is the API reference.
"""

from ._cli import CheckResult
from .errors import (CLIError, LeaseError, MaskError, MetricError, RuleError, RunError, SchemaVersionError,
                     StepError, StoreError, TicketScopeError)
from .run import Layer, Run, Step
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "Store", "Run", "Layer", "Step", "CheckResult",
    "TicketScopeError", "StoreError", "SchemaVersionError", "RunError", "LeaseError", "MaskError", "MetricError",
    "StepError", "CLIError", "RuleError",
]
