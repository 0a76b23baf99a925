// zlib, for decompressing .tar.gz dataset archives (Sources/DatasetFetch/GzipDecoder.swift).
#include <zlib.h>
