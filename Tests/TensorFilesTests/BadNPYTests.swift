import Foundation
import Testing
import TensorFiles

/// Damaged or unsupported .npy files; the tensor is named after the file ("arr").
@Suite struct BadNPYTests {
    private let floatHeader = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"
    private let floatPayload: [UInt8] = [0, 0, 128, 63, 0, 0, 0, 0, 0, 0, 0, 64]

    private func expectNPYError(_ bytes: [UInt8], mentions fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/arr.npy"
            try writeBytes(bytes, to: path)
            expectReadError(path, mentions: ["tensor 'arr'"] + fragments, sourceLocation: sourceLocation)
        }
    }

    @Test func validBaseline() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/arr.npy"
            try writeBytes(npyBytes(header: floatHeader, payload: floatPayload), to: path)
            #expect(try TensorFileReader.read(path: path).tensors == [try NamedTensor(name: "arr", shape: [3], floats: [1, 0, 2])])
            try writeBytes(npyBytes(header: floatHeader, payload: floatPayload, version: 2), to: path)
            #expect(try TensorFileReader.read(path: path).tensors.first?.shape == [3])
        }
    }

    @Test func truncatedPayload() throws {
        for cut in [1, 4, 12] {
            try expectNPYError(npyBytes(header: floatHeader, payload: Array(floatPayload.dropLast(cut))),
                               mentions: ["truncated .npy data", "expected 12 bytes, found \(12 - cut)"])
        }
    }

    @Test func trailingBytes() throws {
        try expectNPYError(npyBytes(header: floatHeader, payload: floatPayload + [1, 2]), mentions: ["2 unexpected bytes"])
    }

    @Test func truncatedHeader() throws {
        let bytes = npyBytes(header: floatHeader, payload: floatPayload)
        for length in [7, 9, 40] {
            try expectNPYError(Array(bytes.prefix(length)), mentions: ["truncated .npy header"])
        }
        var longHeader = bytes
        longHeader[8] = 0xFF
        longHeader[9] = 0xFF
        try expectNPYError(longHeader, mentions: ["truncated .npy header", "65535"])
    }

    @Test func unsupportedVersion() throws {
        try expectNPYError(npyBytes(header: floatHeader, payload: floatPayload, version: 9), mentions: ["unsupported .npy format version 9.0"])
    }

    @Test(arguments: [
        "{'descr' '<f4', 'fortran_order': False, 'shape': (3,), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), ",
        "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (3,), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3, x), }",
        "{'descr': '<f4', 'fortran_order': False, }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'extra': True, }",
        "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
        "{'descr': True, 'fortran_order': False, 'shape': (3,), }",
        "{'descr': '<f4, 'fortran_order': False, 'shape': (3,), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), } junk",
        "('descr', '<f4')",
        "",
    ])
    func garbledHeader(header: String) throws {
        try expectNPYError(npyBytes(header: header, payload: floatPayload), mentions: ["garbled .npy header"])
    }

    @Test(arguments: ["<c16", "<U4", "|O", ">c8", "|f4", "<c8", "<M8[s]", "f4", "|i4"])
    func unsupportedDescr(descr: String) throws {
        try expectNPYError(npyBytes(header: "{'descr': '\(descr)', 'fortran_order': False, 'shape': (3,), }", payload: floatPayload),
                           mentions: ["unsupported dtype '\(descr)'"])
    }

    @Test func structuredDtypeIsUnsupported() throws {
        try expectNPYError(
            npyBytes(header: "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), }", payload: floatPayload),
            mentions: ["unsupported dtype", "structured"])
    }

    @Test func negativeAndOverflowingShapes() throws {
        let shapes = [("(-1,)", "negative dimension -1"), ("(3, -2)", "negative dimension -2"),
                      ("(4611686018427387904, 4)", "too large"), ("(99999999999999999999,)", "out of range")]
        for (shape, problem) in shapes {
            try expectNPYError(npyBytes(header: "{'descr': '|u1', 'fortran_order': False, 'shape': \(shape), }", payload: []),
                               mentions: [problem])
        }
    }

    @Test func boolBytesMustBeZeroOrOne() throws {
        try expectNPYError(npyBytes(header: "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", payload: [1, 2, 0]),
                           mentions: ["bool element 1 has byte value 2"])
    }

    @Test func python2LongSuffixAndDoubleQuotesAreAccepted() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/old.npy"
            try writeBytes(npyBytes(header: "{\"descr\": \"|u1\", \"fortran_order\": False, \"shape\": (2L, 1L), }", payload: [5, 0]), to: path)
            #expect(try TensorFileReader.read(path: path).tensors == [try NamedTensor(name: "old", dtype: .uint8, shape: [2, 1], data: [5, 0])])
        }
    }
}
