import Foundation
import Testing
import TensorFiles

/// Files that are missing, empty, unrecognisable, or damaged zip containers.
@Suite struct BadFileTests {
    @Test func missingFile() throws {
        try withTemporaryDirectory { directory in
            expectReadError(directory + "/nope.npz", mentions: ["no such file"])
        }
    }

    @Test func directoryIsNotReadable() throws {
        try withTemporaryDirectory { directory in
            expectReadError(directory, mentions: ["is a directory"])
        }
    }

    @Test func emptyFile() throws {
        try withTemporaryDirectory { directory in
            for name in ["empty.npz", "empty.npy", "empty.safetensors", "empty"] {
                try writeBytes([], to: directory + "/" + name)
                expectReadError(directory + "/" + name, mentions: ["empty"])
            }
        }
    }

    @Test func unrecognisedContent() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/notes.txt"
            try writeBytes(Array("hello, tensors\n".utf8), to: path)
            expectReadError(path, mentions: ["not a .npy, .npz or safetensors file"])
        }
    }

    @Test func extensionDecidesForUnrecognisedContent() throws {
        try withTemporaryDirectory { directory in
            try writeBytes(Array("hello, tensors\n".utf8), to: directory + "/a.npz")
            expectReadError(directory + "/a.npz", mentions: ["zip archive is truncated or damaged"])
            try writeBytes(Array("hello, tensors\n".utf8), to: directory + "/a.npy")
            expectReadError(directory + "/a.npy", mentions: ["tensor 'a'", "not a .npy array"])
        }
    }

    @Test(arguments: [false, true])
    func truncatedNPZ(compressed: Bool) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/full.npz"
            let tensors = [
                try randomTensor(name: "a", dtype: .float32, shape: [300], seed: 1),
                try randomTensor(name: "b", dtype: .bool, shape: [70], seed: 2),
            ]
            try NPZWriter.write(tensors, to: path, compressed: compressed)
            let bytes = try readBytes(path)
            for length in [bytes.count - 1, bytes.count - 22, bytes.count - 60, bytes.count / 2, 100, 30, 4] {
                let cut = directory + "/cut-\(length).npz"
                try writeBytes(Array(bytes.prefix(length)), to: cut)
                expectReadError(cut, mentions: ["zip archive is truncated or damaged"])
            }
        }
    }

    @Test func corruptStoredEntryFailsItsChecksum() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/m.npz"
            try NPZWriter.write([try NamedTensor(name: "m", shape: [256], floats: Array(repeating: 1, count: 256))], to: path)
            var bytes = try readBytes(path)
            bytes[500] ^= 0x40  // inside the float data
            try writeBytes(bytes, to: path)
            expectReadError(path, mentions: ["entry 'm.npy'", "CRC-32"])
        }
    }

    @Test func corruptDeflateDataIsReportedNotLoopedOn() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/m.npz"
            let tensor = try randomTensor(name: "m", dtype: .float32, shape: [2000], seed: 3)
            try NPZWriter.write([tensor], to: path, compressed: true)
            let original = try readBytes(path)
            for (start, fill) in [(120, UInt8(0xFF)), (200, 0x00), (1000, 0x5A)] {
                var bytes = original
                for index in start..<start + 64 { bytes[index] = fill }
                try writeBytes(bytes, to: path)
                expectReadError(path, mentions: ["zip archive is truncated or damaged", "entry 'm.npy'"])
            }
        }
    }

    @Test func duplicateZipEntries() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/dup.npz"
            try NPZWriter.write([
                try NamedTensor(name: "a", shape: [1], bools: [true]), try NamedTensor(name: "b", shape: [1], bools: [false]),
            ], to: path)
            try writeBytes(replacingBytes("b.npy", with: "a.npy", in: try readBytes(path)), to: path)
            expectReadError(path, mentions: ["duplicate zip entry 'a.npy'"])
        }
    }

    @Test func nonNPYZipEntry() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/odd.npz"
            try NPZWriter.write([try NamedTensor(name: "b", shape: [1], bools: [true])], to: path)
            try writeBytes(replacingBytes("b.npy", with: "b.txt", in: try readBytes(path)), to: path)
            expectReadError(path, mentions: ["zip entry 'b.txt' is not a .npy array"])
        }
    }
}
