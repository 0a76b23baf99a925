import Foundation
import Testing
import TensorFiles

/// The ways TensorFiles can write a file.
enum WrittenFormat: CaseIterable, CustomStringConvertible {
    case npzStored, npzCompressed, safetensors

    var description: String { "\(self.fileFormat)\(self == .npzCompressed ? " (deflated)" : "")" }

    var fileFormat: TensorFileFormat { self == .safetensors ? .safetensors : .npz }

    func write(_ tensors: [NamedTensor], to path: String, metadata: [String: String] = [:]) throws {
        switch self {
        case .npzStored: try NPZWriter.write(tensors, to: path)
        case .npzCompressed: try NPZWriter.write(tensors, to: path, compressed: true)
        case .safetensors: try SafetensorsWriter.write(tensors, metadata: metadata, to: path)
        }
    }
}

@Suite struct RoundTripTests {
    @Test(arguments: TensorDType.allCases, [[], [0], [1], [63], [64], [65], [1000], [2, 0, 3], [3, 5, 7]])
    func singleTensor(dtype: TensorDType, shape: [Int]) throws {
        let tensor = try randomTensor(name: "layer.\(dtype)", dtype: dtype, shape: shape, seed: UInt64(shape.count * 1009 + shape.reduce(1, *)))
        try withTemporaryDirectory { directory in
            for format in WrittenFormat.allCases where format == .safetensors || dtype != .bfloat16 {
                let path = directory + "/t-\(format).\(format.fileFormat)"
                try format.write([tensor], to: path)
                let file = try TensorFileReader.read(path: path)
                #expect(file.format == format.fileFormat, "\(format)")
                #expect(file.path == path)
                #expect(file.tensors == [tensor], "\(format)")
                #expect(try file.tensors.first?.keptBits() == tensor.keptBits())
            }
        }
    }

    @Test(arguments: WrittenFormat.allCases)
    func manyTensorsKeepTheirOrder(format: WrittenFormat) throws {
        var tensors: [NamedTensor] = []
        for (index, dtype) in TensorDType.allCases.enumerated() where format == .safetensors || dtype != .bfloat16 {
            tensors.append(try randomTensor(name: "z\(index)/\(dtype)", dtype: dtype, shape: [index + 1, 3], seed: UInt64(index)))
        }
        tensors.append(try NamedTensor(name: "a scalar", shape: [], floats: [-0.0]))
        tensors.append(try NamedTensor(name: "empty", shape: [0], bools: []))
        tensors.append(try NamedTensor(name: "naïve \"quoted\"", shape: [2], bools: [true, false]))
        try withTemporaryDirectory { directory in
            let path = directory + "/many"
            try format.write(tensors, to: path)
            #expect(try TensorFileReader.read(path: path).tensors == tensors)
        }
    }

    @Test func safetensorsMetadataRoundTrips() throws {
        let metadata = ["format": "np", "note": "tab\tquote\" backslash\\ newline\n \u{1} é 😀", "": "empty key"]
        try withTemporaryDirectory { directory in
            let path = directory + "/meta.safetensors"
            try SafetensorsWriter.write([try NamedTensor(name: "m", shape: [1], bools: [true])], metadata: metadata, to: path)
            let file = try TensorFileReader.read(path: path)
            #expect(file.metadata == metadata)
        }
    }

    @Test func emptyFilesRoundTrip() throws {
        try withTemporaryDirectory { directory in
            for format in WrittenFormat.allCases {
                let path = directory + "/empty-\(format)"
                try format.write([], to: path)
                let file = try TensorFileReader.read(path: path)
                #expect(file.tensors.isEmpty && file.metadata.isEmpty && file.format == format.fileFormat)
            }
        }
    }

    @Test func formatIsDetectedByContentNotExtension() throws {
        let tensor = try NamedTensor(name: "m", shape: [3], bools: [true, false, true])
        try withTemporaryDirectory { directory in
            try NPZWriter.write([tensor], to: directory + "/zip.safetensors")
            #expect(try TensorFileReader.read(path: directory + "/zip.safetensors").format == .npz)
            try SafetensorsWriter.write([tensor], to: directory + "/st.npz")
            #expect(try TensorFileReader.read(path: directory + "/st.npz").format == .safetensors)
        }
    }

    @Test(arguments: WrittenFormat.allCases)
    func writesReplaceAtomicallyAndLeaveNoTemporaryFiles(format: WrittenFormat) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/masks.bin"
            try format.write([try NamedTensor(name: "old", shape: [1], bools: [false])], to: path)
            let new = try NamedTensor(name: "new", shape: [2], floats: [1, 0])
            try format.write([new], to: path)
            #expect(try TensorFileReader.read(path: path).tensors == [new])
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["masks.bin"])
        }
    }
}

@Suite struct WriterErrorTests {
    @Test(arguments: WrittenFormat.allCases)
    func duplicateNamesAreRejected(format: WrittenFormat) throws {
        let tensor = try NamedTensor(name: "dup", shape: [1], bools: [true])
        try withTemporaryDirectory { directory in
            let path = directory + "/dup"
            expectTensorFileError(path: path, mentions: ["tensor 'dup'", "duplicate tensor name"]) {
                try format.write([tensor, tensor], to: path)
            }
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func metadataKeyIsReservedInSafetensors() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/x.safetensors"
            expectTensorFileError(path: path, mentions: ["tensor '__metadata__'", "reserved"]) {
                try SafetensorsWriter.write([try NamedTensor(name: "__metadata__", shape: [], floats: [1])], to: path)
            }
        }
    }

    @Test(arguments: WrittenFormat.allCases)
    func unwritableDestinationIsReported(format: WrittenFormat) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/missing-dir/out"
            expectTensorFileError(path: path, mentions: ["cannot write"]) {
                try format.write([try NamedTensor(name: "m", shape: [], bools: [true])], to: path)
            }
        }
    }
}
