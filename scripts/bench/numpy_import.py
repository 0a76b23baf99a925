#!/usr/bin/env python3
"""The NumPy + sqlite3 baseline of scripts/bench_import.sh: store every mask of every file as packed bits.
Usage: numpy_import.py DB FILE..."""
import sqlite3, sys
import numpy as np
from safetensors.numpy import load_file

db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE IF NOT EXISTS mask (step INTEGER, subnetwork TEXT, layer TEXT, bits BLOB, ones INTEGER,"
           " PRIMARY KEY (step, subnetwork, layer))")
for step, path in enumerate(sys.argv[2:]):
    rows = []
    for key, mask in load_file(path).items():
        sub, layer = key.split("/", 1)
        bits = np.packbits(mask.reshape(-1), bitorder="little")
        bits = np.pad(bits, (0, -len(bits) % 8))  # whole 64-bit words, as TicketScope stores them
        rows.append((step, sub, layer, bits.tobytes(), int(np.count_nonzero(mask))))
    db.executemany("INSERT INTO mask VALUES (?, ?, ?, ?, ?)", rows)
    db.commit()
db.close()
