"""`Run`: one run of a store — its layers, subnetworks and sparsity steps — written step by step."""

from __future__ import annotations

import json
import math
import operator
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from . import _bits, _cli, _masks, _metrics, _time
from ._lease import Lease
from .errors import MaskError, RunError, StepError, StoreError

if TYPE_CHECKING:
    from .store import Store

#: The methods a run can record.
METHODS = ("imported", "rtl", "imp-single", "imp-multi")
#: Explicit depth groups a layer can be given.
GROUPS = ("shallow", "middle", "deep")


class Layer(NamedTuple):
    """A prunable tensor of the run, in network order."""
    name: str
    shape: tuple[int, ...]
    #: Explicit depth group, or None for the depth thirds (docs/schema.md).
    group: str | None = None

    @property
    def numel(self) -> int:
        """Number of elements."""
        return math.prod(self.shape)


@dataclass(frozen=True)
class Step:
    """A stored sparsity step."""
    index: int
    phase: str
    target_sparsity: float | None
    #: Mean over subnetworks of the fraction of prunable weights removed.
    sparsity: float
    created_at: str


def _layers_argument(layers: Sequence[Any]) -> list[Layer]:
    if isinstance(layers, (str, bytes)) or not isinstance(layers, Sequence) or len(layers) == 0:
        raise RunError("layers must be a non-empty list of (name, shape) in network order")
    out: list[Layer] = []
    for entry in layers:
        if not isinstance(entry, (tuple, list)) or len(entry) not in (2, 3):
            raise RunError(f"layer entry {entry!r} is not (name, shape) or (name, shape, group)")
        name, shape = entry[0], entry[1]
        group = entry[2] if len(entry) == 3 else None
        if not isinstance(name, str) or not name:
            raise RunError(f"layer name {name!r} is not a non-empty string")
        try:
            dims = tuple(operator.index(d) for d in shape)
        except TypeError:
            raise RunError(f"layer '{name}' has shape {shape!r}; give a tuple of non-negative integers") from None
        if any(d < 0 for d in dims):
            raise RunError(f"layer '{name}' has a negative dimension in shape {dims}")
        if group is not None and group not in GROUPS:
            raise RunError(f"layer '{name}' has group {group!r}; use one of {', '.join(GROUPS)} or None")
        out.append(Layer(name, dims, group))
    seen: set[str] = set()
    for layer in out:
        if layer.name in seen:
            raise RunError(f"layer '{layer.name}' is listed twice")
        seen.add(layer.name)
    return out


def _subnetworks_argument(subnetworks: Sequence[str]) -> list[str]:
    if isinstance(subnetworks, (str, bytes)) or not isinstance(subnetworks, Sequence) or len(subnetworks) == 0:
        raise RunError("subnetworks must be a non-empty list of names")
    names = list(subnetworks)
    for s in names:
        if not isinstance(s, str) or not s:
            raise RunError(f"subnetwork name {s!r} is not a non-empty string")
    dup = next((s for i, s in enumerate(names) if s in names[:i]), None)
    if dup is not None:
        raise RunError(f"subnetwork '{dup}' is listed twice")
    return names


def _config_json(config: Mapping[str, Any] | None) -> str | None:
    if config is None:
        return None
    if not isinstance(config, Mapping):
        raise RunError("config must be a dict")
    try:
        return json.dumps(config, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise RunError(f"config is not JSON-serialisable: {e}") from None


def _shape_json(shape: tuple[int, ...]) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _differences(kind: str, stored: Sequence[str], given: Sequence[str]) -> str:
    missing = [n for n in stored if n not in given]
    unknown = [n for n in given if n not in stored]
    parts = ([f"missing {', '.join(repr(n) for n in missing)}"] if missing else []) + \
            ([f"unknown {', '.join(repr(n) for n in unknown)}"] if unknown else [])
    return f"{kind} differ from the run's: " + "; ".join(parts)


class Run:
    """One run of a :class:`~ticketscope.Store`; get it with :meth:`Store.run`.

    Log one sparsity step per pruning iteration with :meth:`log_step`, ask the stop rule with
    :meth:`check`, read masks back with :meth:`masks`. The first write takes the run's writer
    lease (no other process can write the run until :meth:`close`, the store's close, or exit).
    """

    def __init__(self, store: Store, name: str) -> None:
        self._store = store
        #: The run's name.
        self.name: str = name
        self._id: int | None = None
        self._layers: list[Layer] | None = None
        self._subnetworks: list[str] | None = None
        self._method: str = "imported"
        self._config: str = "{}"
        self._lease: Lease | None = None
        self._closed = False

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def _open(cls, store: Store, name: str, *, layers: Sequence[Any] | None, subnetworks: Sequence[str] | None,
              method: str | None, config: Mapping[str, Any] | None) -> "Run":
        if not isinstance(name, str) or not name:
            raise RunError(f"run name {name!r} is not a non-empty string")
        if method is not None and method not in METHODS:
            raise RunError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
        run = cls(store, name)
        want_layers = _layers_argument(layers) if layers is not None else None
        want_subs = _subnetworks_argument(subnetworks) if subnetworks is not None else None
        want_config = _config_json(config)
        with store._reading() as conn:
            found = run._load(conn)
        if found:
            run._expect(want_layers, want_subs, method, want_config)
            return run
        if store.readonly:
            raise RunError(f"no run named '{name}' in {store.path} (runs: {', '.join(store.runs()) or 'none'})")
        run._layers, run._subnetworks = want_layers, want_subs
        run._method = method or "imported"
        run._config = want_config or "{}"
        if want_layers is not None and want_subs is not None:
            with store._writing() as conn:
                new_lease = run._create_or_adopt(conn)
            run._started(new_lease)
        return run

    def _load(self, conn: sqlite3.Connection) -> bool:
        """Reads the run's row, layers and subnetworks; False if there is no such run."""
        row = conn.execute("SELECT id, method, config_json FROM run WHERE name = ?", (self.name,)).fetchone()
        if row is None:
            return False
        self._id, self._method, self._config = row[0], row[1], row[2]
        layers: list[Layer] = []
        for idx, name, shape_json, numel, grp in conn.execute(
                "SELECT idx, name, shape_json, numel, grp FROM layer WHERE run_id = ? ORDER BY idx", (self._id,)):
            try:
                shape = json.loads(shape_json)
                dims = tuple(operator.index(d) for d in shape)
            except (TypeError, ValueError):
                raise StoreError(f"run '{self.name}': layer '{name}' has shape '{shape_json}'") from None
            if idx != len(layers) or any(d < 0 for d in dims) or math.prod(dims) != numel:
                raise StoreError(f"run '{self.name}': layer row {idx} ('{name}', shape {shape_json}, numel {numel}) is inconsistent")
            layers.append(Layer(str(name), dims, grp if grp in GROUPS else None))
        subs = [str(r[1]) for r in conn.execute("SELECT idx, name FROM subnetwork WHERE run_id = ? ORDER BY idx", (self._id,))]
        if not layers or not subs:
            raise StoreError(f"run '{self.name}' has {len(layers)} layers and {len(subs)} subnetworks stored")
        self._layers, self._subnetworks = layers, subs
        return True

    def _reusable(self) -> bool:
        """True when :meth:`Store.run` can hand this object out again: open and written."""
        return not self._closed and self._id is not None

    def _expect_arguments(self, layers: Sequence[Any] | None, subnetworks: Sequence[str] | None, method: str | None,
                          config: Mapping[str, Any] | None) -> None:
        if method is not None and method not in METHODS:
            raise RunError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
        self._expect(_layers_argument(layers) if layers is not None else None,
                     _subnetworks_argument(subnetworks) if subnetworks is not None else None, method, _config_json(config))

    def _expect(self, layers: list[Layer] | None, subnetworks: list[str] | None, method: str | None,
                config: str | None) -> None:
        assert self._layers is not None and self._subnetworks is not None
        if layers is not None:
            stored = {l.name: l for l in self._layers}
            for given in layers:
                if given.name not in stored:
                    raise RunError(f"run '{self.name}' has no layer '{given.name}' (layers: "
                                   f"{', '.join(l.name for l in self._layers)})")
                if given.shape != stored[given.name].shape:
                    raise RunError(f"layer '{given.name}' has shape {given.shape}; run '{self.name}' stores {stored[given.name].shape}")
            if [l.name for l in layers] != [l.name for l in self._layers]:
                raise RunError(f"run '{self.name}' stores its layers in another order or has more: "
                               f"{', '.join(l.name for l in self._layers)}")
        if subnetworks is not None and subnetworks != self._subnetworks:
            raise RunError(f"run '{self.name}' has subnetworks {', '.join(self._subnetworks)}; "
                           f"given {', '.join(subnetworks)}")
        if method is not None and method != self._method:
            raise RunError(f"run '{self.name}' has method '{self._method}', not '{method}'")
        if config is not None and json.loads(config) != json.loads(self._config or "{}"):
            raise RunError(f"run '{self.name}' was stored with another config")

    def _create_or_adopt(self, conn: sqlite3.Connection) -> Lease | None:
        """Inside a write transaction: creates the run (or, if another process created it since,
        checks it matches), then takes the writer lease. Returns the new lease, if one was taken."""
        layers, subs = self._layers, self._subnetworks
        assert layers is not None and subs is not None
        if self._load(conn):
            self._expect(layers, subs, None, None)
        else:
            cur = conn.execute(
                "INSERT INTO run (name, method, model, dataset, partition, config_json, seed, status, created_at, schema_version) "
                "VALUES (?, ?, NULL, NULL, NULL, ?, NULL, 'imported', ?, ?)",
                (self.name, self._method, self._config, _time.now(), self._store.schema_version))
            self._id = cur.lastrowid
            conn.executemany("INSERT INTO layer (run_id, idx, name, shape_json, numel, depth, grp) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             [(self._id, i, l.name, _shape_json(l.shape), l.numel, i, l.group) for i, l in enumerate(layers)])
            conn.executemany("INSERT INTO subnetwork (run_id, idx, name, synset) VALUES (?, ?, ?, NULL)",
                             [(self._id, i, s) for i, s in enumerate(subs)])
        return self._hold(conn)

    def _hold(self, conn: sqlite3.Connection) -> Lease | None:
        """Inside a write transaction: refreshes this run's lease, or takes it (schema version 2)."""
        assert self._id is not None
        if self._lease is not None:
            self._lease.refresh(conn)
            return None
        if self._store.schema_version < 2:
            return None
        return Lease.acquire(conn, self._store.path, self._id, self.name)

    def _started(self, lease: Lease | None) -> None:
        if lease is not None:
            self._lease = lease
            lease.start()

    # -- properties ----------------------------------------------------------------------------

    @property
    def layers(self) -> list[Layer] | None:
        """The run's layers in network order (None until known: given or first step logged)."""
        return None if self._layers is None else list(self._layers)

    @property
    def subnetworks(self) -> list[str] | None:
        """The run's subnetwork names in order (None until known)."""
        return None if self._subnetworks is None else list(self._subnetworks)

    @property
    def method(self) -> str:
        """`imported`, `rtl`, `imp-single` or `imp-multi`."""
        return self._method

    # -- writing -------------------------------------------------------------------------------

    def log_step(self, masks: Mapping[str, Any], *, metrics: Mapping[str | None, Mapping[str, Any]] | None = None,
                 split: str = "validation", step: int | None = None, replace: bool = False) -> Step:
        """Stores one sparsity step — every subnetwork's masks and the given metrics — in one
        transaction, and returns it.

        - `masks`: ``{subnetwork: {layer: array}}`` (NumPy arrays or torch tensors of bool, integer
          or floating dtype; nonzero = kept) or ``{subnetwork: torch.nn.Module}`` (its
          ``weight_mask`` buffers from ``torch.nn.utils.prune`` in module order, each named by the
          weight's state_dict key such as ``features.0.weight``; a module without them gives
          ``weight != 0`` of its Conv and Linear layers). Every subnetwork and layer of the run,
          with the run's shapes.
        - `metrics`: ``{subnetwork: {name: value}}`` for `split` (``train``, ``validation`` or
          ``test``); subnetwork ``None`` means the whole run. Checked as ``ticketscope
          import-metrics`` checks: finite values, fractions (``balanced_accuracy``,
          ``precision``, ``recall``, ``accuracy``, ``f1``) in [0, 1], a known metric spelt
          another way (``balanced-accuracy``) refused; other snake_case names are stored.
        - `step`: the step index to write (default: after the last). Writing an existing step with
          the same masks again only adds metrics not stored yet (a no-op otherwise); different
          masks or metric values raise :class:`StepError` unless `replace` is True, which replaces
          the step (its masks, metrics and events go, an event of kind ``replace`` records it) or
          the differing metric values.
        """
        self._require_writable()
        given = _masks.step_masks(masks)
        split = _metrics.check_split(split)
        if not isinstance(replace, bool):
            raise StepError(f"replace must be True or False, got {replace!r}")
        if step is not None:
            if isinstance(step, bool):
                raise StepError(f"step must be an integer, got {step!r}")
            try:
                step = operator.index(step)
            except TypeError:
                raise StepError(f"step must be an integer, got {step!r}") from None
            if step < 0:
                raise StepError(f"step must be 0 or more, got {step}")
        elif replace:
            raise StepError("replace=True needs step= (the index of the step to replace)")
        first = next(iter(given.values()))
        layers = self._layers or [Layer(name, tuple(a.shape)) for name, a in first.items()]
        subs = self._subnetworks or list(given)
        blobs, ones = self._packed(given, layers, subs)
        values = _metrics.metric_values(metrics, subs)
        params = sum(l.numel for l in layers)
        sparsity = 0.0
        for per_layer in ones:   # summed in subnetwork order, as the CLI does
            sparsity += 0.0 if params == 0 else 1 - sum(per_layer) / params
        sparsity /= len(subs)
        before = (self._id, self._layers, self._subnetworks, self._method, self._config)
        self._layers, self._subnetworks = layers, subs
        try:
            with self._store._writing() as conn:
                new_lease = self._create_or_adopt(conn) if self._id is None else self._hold(conn)
                result = self._write_step(conn, step, replace, blobs, ones, values, split, sparsity)
        except BaseException:
            # Rolled back: no run, step or lease row of this call exists.
            self._id, self._layers, self._subnetworks, self._method, self._config = before
            raise
        self._started(new_lease)
        return result

    def _packed(self, given: dict[str, _masks.LayerMasks], layers: list[Layer], subs: list[str]
                ) -> tuple[list[list[bytes]], list[list[int]]]:
        if set(given) != set(subs):
            raise MaskError(_differences("subnetworks", subs, list(given)))
        names = [l.name for l in layers]
        blobs: list[list[bytes]] = []
        ones: list[list[int]] = []
        for sub in subs:
            per = given[sub]
            if set(per) != set(names):
                raise MaskError(f"subnetwork '{sub}': " + _differences("layers", names, list(per)))
            row_blobs, row_ones = [], []
            for layer in layers:
                a = per[layer.name]
                if tuple(a.shape) != layer.shape:
                    raise MaskError(f"mask '{sub}/{layer.name}' has shape {tuple(a.shape)}; the run's layer has {layer.shape}")
                blob, n = _bits.pack(a)
                row_blobs.append(blob)
                row_ones.append(n)
            blobs.append(row_blobs)
            ones.append(row_ones)
        return blobs, ones

    def _write_step(self, conn: sqlite3.Connection, step: int | None, replace: bool, blobs: list[list[bytes]],
                    ones: list[list[int]], values: list[_metrics.MetricValue], split: str, sparsity: float) -> Step:
        rid = self._id
        stored = [r[0] for r in conn.execute("SELECT idx FROM step WHERE run_id = ? ORDER BY idx", (rid,))]
        after = (stored[-1] + 1) if stored else 0
        index = after if step is None else step
        now = _time.now()
        if index in stored:
            same = self._stored_blobs(conn, index) == {(s, l): b for s, row in enumerate(blobs) for l, b in enumerate(row)}
            if not same and not replace:
                raise StepError(f"step {index} of run '{self.name}' is stored with different masks; "
                                "pass replace=True to replace it")
            if same:
                self._merge_metrics(conn, index, values, split, replace)
                return self._step(conn, index)
            # As `ticketscope import --step N --replace`: the old step's masks, metrics and events
            # describe other masks, so they go (the foreign keys cascade from the step row).
            dropped = conn.execute("SELECT count(*) FROM metric WHERE run_id = ? AND step_idx = ?", (rid, index)).fetchone()[0]
            conn.execute("DELETE FROM event WHERE run_id = ? AND step_idx = ?", (rid, index))
            conn.execute("DELETE FROM step WHERE run_id = ? AND idx = ?", (rid, index))
            conn.execute("INSERT INTO step (run_id, idx, phase, target_sparsity, sparsity, created_at) "
                         "VALUES (?, ?, 'imported', NULL, ?, ?)", (rid, index, sparsity, now))
            conn.execute("INSERT INTO event (run_id, step_idx, kind, detail, at) VALUES (?, ?, 'replace', ?, ?)",
                         (rid, index, f"masks of step {index} replaced; {dropped} metric values dropped", now))
        elif index > after:
            raise StepError(f"step {index} would leave a gap: run '{self.name}' "
                            + (f"has steps {stored[0]}…{stored[-1]}; the next is {after}" if stored else "has no steps; the first is 0"))
        else:
            conn.execute("INSERT INTO step (run_id, idx, phase, target_sparsity, sparsity, created_at) "
                         "VALUES (?, ?, 'imported', NULL, ?, ?)", (rid, index, sparsity, now))
        conn.executemany("INSERT INTO mask (run_id, step_idx, subnetwork_idx, layer_idx, bits, ones) VALUES (?, ?, ?, ?, ?, ?)",
                         ((rid, index, s, l, blobs[s][l], ones[s][l]) for s in range(len(blobs)) for l in range(len(blobs[s]))))
        self._merge_metrics(conn, index, values, split, replace=True)
        return self._step(conn, index)

    def _stored_blobs(self, conn: sqlite3.Connection, index: int) -> dict[tuple[int, int], bytes]:
        return {(s, l): bytes(b) for s, l, b in conn.execute(
            "SELECT subnetwork_idx, layer_idx, bits FROM mask WHERE run_id = ? AND step_idx = ?", (self._id, index))}

    def _merge_metrics(self, conn: sqlite3.Connection, index: int, values: list[_metrics.MetricValue], split: str,
                       replace: bool) -> None:
        assert self._subnetworks is not None
        for v in values:
            sub = None if v.subnetwork is None else self._subnetworks.index(v.subnetwork)
            key = (self._id, index, -1 if sub is None else sub, split, v.name)
            row = conn.execute("SELECT value FROM metric WHERE run_id = ? AND step_idx = ? AND IFNULL(subnetwork_idx, -1) = ? "
                               "AND split = ? AND name = ?", key).fetchone()
            if row is not None and row[0] == v.value:
                continue
            if row is not None:
                if not replace:
                    who = "the run" if sub is None else f"'{v.subnetwork}'"
                    raise StepError(f"step {index} already has {split} {v.name} = {row[0]} for {who}; "
                                    f"pass replace=True to store {v.value}")
                conn.execute("UPDATE metric SET value = ? WHERE run_id = ? AND step_idx = ? AND IFNULL(subnetwork_idx, -1) = ? "
                             "AND split = ? AND name = ?", (v.value, *key))
            else:
                conn.execute("INSERT INTO metric (run_id, step_idx, subnetwork_idx, split, name, value) VALUES (?, ?, ?, ?, ?, ?)",
                             (self._id, index, sub, split, v.name, v.value))

    def _step(self, conn: sqlite3.Connection, index: int) -> Step:
        row = conn.execute("SELECT idx, phase, target_sparsity, sparsity, created_at FROM step WHERE run_id = ? AND idx = ?",
                           (self._id, index)).fetchone()
        if row is None:
            raise StepError(self._unknown_step(conn, index))
        return Step(*row)

    def _unknown_step(self, conn: sqlite3.Connection, index: int) -> str:
        stored = [r[0] for r in conn.execute("SELECT idx FROM step WHERE run_id = ? ORDER BY idx", (self._id,))]
        return f"run '{self.name}' has no step {index}" + (f" (steps {stored[0]}…{stored[-1]})" if stored else " (no steps yet)")

    # -- reading -------------------------------------------------------------------------------

    def steps(self) -> list[Step]:
        """The stored steps in order."""
        if self._id is None:
            return []
        with self._store._reading() as conn:
            return [Step(*r) for r in conn.execute(
                "SELECT idx, phase, target_sparsity, sparsity, created_at FROM step WHERE run_id = ? ORDER BY idx", (self._id,))]

    def masks(self, step: int | None = None) -> dict[str, dict[str, np.ndarray]]:
        """Every subnetwork's masks at `step` (default: the last) as ``{subnetwork: {layer: bool
        array}}``, in the run's order, each array in its layer's shape."""
        if self._id is None or self._layers is None or self._subnetworks is None:
            raise StepError(f"run '{self.name}' has no steps yet")
        with self._store._reading() as conn:
            if step is None:
                row = conn.execute("SELECT max(idx) FROM step WHERE run_id = ?", (self._id,)).fetchone()
                if row[0] is None:
                    raise StepError(f"run '{self.name}' has no steps yet")
                step = int(row[0])
            try:
                index = operator.index(step)
            except TypeError:
                raise StepError(f"step must be an integer, got {step!r}") from None
            self._step(conn, index)
            rows = self._stored_blobs(conn, index)
        out: dict[str, dict[str, np.ndarray]] = {}
        for s, sub in enumerate(self._subnetworks):
            out[sub] = {}
            for l, layer in enumerate(self._layers):
                blob = rows.get((s, l))
                if blob is None:
                    raise StoreError(f"step {index} of run '{self.name}' has no mask row for '{sub}/{layer.name}'")
                out[sub][layer.name] = _bits.unpack(blob, layer.shape, layer=layer.name)
        if len(rows) != len(self._subnetworks) * len(self._layers):
            raise StoreError(f"step {index} of run '{self.name}' has {len(rows)} mask rows, expected "
                             f"{len(self._subnetworks) * len(self._layers)}")
        return out

    def check(self, rule: str, **options: Any) -> _cli.CheckResult:
        """Judges the latest step against a stop rule with ``ticketscope check --json`` (the binary
        from ``$TICKETSCOPE_BIN`` or PATH) and returns its verdict: ``.stop``, ``.fired``,
        ``.value`` (and ``.step``, ``.sparsity``, ``.message``). Options are the command's, with
        underscores: ``threshold``, ``ratio``, ``min_size``. See docs/stop-rules.md for rules."""
        return _cli.check(self._store.path, self.name, rule, options)

    # -- closing -------------------------------------------------------------------------------

    def _require_writable(self) -> None:
        if self._closed:
            raise RunError(f"run '{self.name}' is closed")
        self._store._require_open()
        if self._store.readonly:
            raise StoreError(f"the store {self._store.path} was opened read-only")

    def close(self) -> None:
        """Releases the writer lease (others may write the run again). Idempotent."""
        self._closed = True
        if self._lease is not None:
            self._lease.release()
            self._lease = None

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Run({self.name!r}, store={self._store.path!r})"
