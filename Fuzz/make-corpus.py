"""Writes the seed corpora of the fuzz targets (scripts/fuzz.sh): small valid inputs of each format."""
import gzip, io, json, os, struct, sys, tarfile, wave, zipfile, zlib

import numpy as np

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

def put(target, name, data):
    os.makedirs(os.path.join(root, target), exist_ok=True)
    with open(os.path.join(root, target, name), "wb") as f:
        f.write(data)

# npz: stored and deflated, bool and float masks.
for compressed in (False, True):
    buf = io.BytesIO()
    arrays = {"cat/conv1.weight": np.array([[1, 0, 1], [0, 1, 1]], dtype=bool), "dog/conv1.weight": np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)}
    (np.savez_compressed if compressed else np.savez)(buf, **arrays)
    put("npz", f"masks-{'deflated' if compressed else 'stored'}.npz", buf.getvalue())

# safetensors: header length, JSON header with metadata, data.
def safetensors(tensors, metadata):
    header, data = {"__metadata__": metadata}, b""
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + data
put("safetensors", "masks.safetensors", safetensors(
    {"cat/fc": ("BOOL", [2, 2], bytes([1, 0, 0, 1])), "dog/fc": ("F16", [2], np.array([0.5, 0], np.float16).tobytes())}, {"layers": "fc"}))
put("safetensors", "u8.safetensors", safetensors({"a/w": ("U8", [3], bytes([0, 2, 0]))}, {}))

# CIFAR: two CIFAR-10 records (label + 3,072 pixels).
put("cifar", "two-records.bin", bytes([3]) + bytes(range(256)) * 12 + bytes([7]) + bytes(3072))

# WAV: PCM 16-bit mono and stereo, 8-bit, float 32.
for channels, width in ((1, 2), (2, 2), (1, 1)):
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(channels); w.setsampwidth(width); w.setframerate(8000)
        w.writeframes(bytes((i * 37) % 256 for i in range(64 * channels * width)))
    put("wav", f"pcm{8 * width}-{channels}ch.wav", buf.getvalue())
samples = np.sin(np.arange(64) / 4).astype("<f4").tobytes()
fmt = struct.pack("<HHIIHH", 3, 1, 8000, 32000, 4, 32)
put("wav", "float32.wav", b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(samples)) + b"WAVE"
    + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(samples)) + samples)

# PNG: 4×3 RGB and a 2×2 palette-free grey image.
def png(width, height, colour_type, rows):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
put("png", "rgb-4x3.png", png(4, 3, 2, [bytes((x * 60 + y * 20 + c * 7) % 256 for x in range(4) for c in range(3)) for y in range(3)]))
put("png", "grey-2x2.png", png(2, 2, 0, [b"\x00\xff", b"\x80\x40"]))

# Stop rules.
for i, rule in enumerate(["onset", "mean-jaccard>0.5", "mean-lift@deep>=2,onset@shallow", "max-jaccard@middle<0.9"]):
    put("stoprule", f"rule{i}.txt", rule.encode())

# Configs: the shipped tiny one and a variant.
configs = os.path.join(os.path.dirname(root), "..", "configs")
with open(os.path.join(configs, "synthetic-rtl-tiny.json"), "rb") as f:
    put("config", "synthetic-rtl-tiny.json", f.read())
put("config", "imp-single.json", json.dumps({"method": "imp-single", "dataset": "synthetic", "partition": "class", "prune_weights": 100,
    "target_sparsities": [0.5], "extraction_epochs": 1, "retraining_epochs": 1, "batch_size": 8, "learning_rate": 0.01, "seed": 3,
    "validation_fraction": 0.1, "augment": True}).encode())

# targz: small archives in GNU and pax format (a directory, files, a long member name), gzipped and bare.
for fmt, label in ((tarfile.GNU_FORMAT, "gnu"), (tarfile.PAX_FORMAT, "pax")):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=fmt) as tar:
        for name, data in (("d/", None), ("d/a.bin", bytes(range(256)) * 3), ("d/" + "n" * 120 + ".txt", b"long name\n")):
            info = tarfile.TarInfo(name)
            info.mtime = 0
            if data is None:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    put("targz", f"{label}.tar", raw.getvalue())
    put("targz", f"{label}.tar.gz", gzip.compress(raw.getvalue(), mtime=0))
