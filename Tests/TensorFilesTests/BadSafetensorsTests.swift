import Foundation
import Testing
import TensorFiles

/// Damaged or unsupported safetensors files, built from valid bytes or from a header written by hand.
@Suite struct BadSafetensorsTests {
    private func expectSafetensorsError(
        header: String, data: [UInt8] = [], mentions fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try expectSafetensorsError(safetensorsBytes(header: header, data: data), mentions: fragments, sourceLocation: sourceLocation)
    }

    private func expectSafetensorsError(
        _ bytes: [UInt8], mentions fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/bad.safetensors"
            try writeBytes(bytes, to: path)
            expectReadError(path, mentions: fragments, sourceLocation: sourceLocation)
        }
    }

    private func validBytes() throws -> [UInt8] {
        var result: [UInt8] = []
        try withTemporaryDirectory { directory in
            let path = directory + "/ok.safetensors"
            try SafetensorsWriter.write([try NamedTensor(name: "w", shape: [2, 2], floats: [1, 0, 0, 2])], metadata: ["k": "v"], to: path)
            result = try readBytes(path)
        }
        return result
    }

    @Test func handWrittenHeaderBaseline() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/ok.safetensors"
            let header = #" {"b":{"dtype":"U8","shape":[2],"data_offsets":[2,4],"extra":null},"a":{"data_offsets":[0,2],"shape":[2,1],"dtype":"I8"},"__metadata__":{"k":"\u00e9\ud83d\ude00\n"}}  "#
            try writeBytes(safetensorsBytes(header: header, data: [0xFF, 0, 1, 0]), to: path)
            let file = try TensorFileReader.read(path: path)
            #expect(file.tensors.map(\.name) == ["b", "a"])
            #expect(file.tensors[1] == (try NamedTensor(name: "a", dtype: .int8, shape: [2, 1], data: [0xFF, 0])))
            #expect(file.metadata == ["k": "é😀\n"])
        }
    }

    @Test func tooShort() throws {
        try expectSafetensorsError([1, 0, 0], mentions: ["too short for a safetensors file"])
    }

    @Test func headerLengthLargerThanFile() throws {
        var bytes = try validBytes()
        for length in [UInt64(bytes.count - 7), UInt64(bytes.count) * 1000, UInt64.max] {
            for index in 0..<8 { bytes[index] = UInt8(truncatingIfNeeded: length >> UInt64(8 * index)) }
            try expectSafetensorsError(bytes, mentions: ["header length \(length) exceeds"])
        }
    }

    @Test func truncatedDataSection() throws {
        let bytes = try validBytes()
        try expectSafetensorsError(Array(bytes.dropLast(3)), mentions: ["tensor 'w'", "outside the 13-byte data section"])
    }

    @Test(arguments: [
        #"{"w": {"dtype": "F32""#, #"{"w" 1}"#, #"{"w": tru}"#, #"{"w": [1, 2,]}"#, #"{"w": 01}"#, #"{"w": 1.}"#,
        #"{"w": "a\qb"}"#, "{\"w\": \"a\u{1}b\"}", #"{"w": "\ud800"}"#, #"{"w": "\udc00x"}"#, #"{"w": "\u12G4"}"#,
        #"{"w": 1} {}"#, #"{'w': 1}"#, #"{"w": -}"#, #"{"w": 1e}"#, #"{"w": "a"#,
    ])
    func headerIsNotValidJSON(header: String) throws {
        try expectSafetensorsError(header: header, mentions: ["safetensors header is not valid JSON"])
    }

    @Test func headerIsNotUTF8() throws {
        var bytes = safetensorsBytes(header: #"{"w": "ab"}"#, data: [])
        bytes[bytes.count - 3] = 0xFF
        try expectSafetensorsError(bytes, mentions: ["not valid JSON", "UTF-8"])
    }

    @Test func deepNestingIsRejectedWithoutCrashing() throws {
        let header = "{\"w\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        try expectSafetensorsError(header: header, mentions: ["not valid JSON", "nesting deeper than"])
    }

    @Test(arguments: [#"[1, 2]"#, #""text""#, "null", "12"])
    func headerJSONIsNotAnObject(header: String) throws {
        try expectSafetensorsError(header: header, mentions: ["header JSON is not an object"])
    }

    @Test(arguments: ["dtype", "shape", "data_offsets"])
    func missingField(field: String) throws {
        let fields = [#""dtype":"U8""#, #""shape":[2]"#, #""data_offsets":[0,2]"#].filter { !$0.hasPrefix("\"\(field)\"") }
        try expectSafetensorsError(header: "{\"m\":{\(fields.joined(separator: ","))}}", data: [1, 0],
                                   mentions: ["tensor 'm'", "missing '\(field)'"])
    }

    @Test(arguments: [
        (#"{"m":{"dtype":"U8","shape":[2],"data_offsets":[0,5]}}"#, "outside the 2-byte data section"),
        (#"{"m":{"dtype":"U8","shape":[2],"data_offsets":[2,0]}}"#, "begin after end"),
        (#"{"m":{"dtype":"U8","shape":[3],"data_offsets":[0,2]}}"#, "needs 3"),
        (#"{"m":{"dtype":"F16","shape":[2],"data_offsets":[0,2]}}"#, "needs 4"),
        (#"{"m":{"dtype":"U8","shape":[2],"data_offsets":[0]}}"#, "'data_offsets' must be two non-negative integers"),
        (#"{"m":{"dtype":"U8","shape":[2],"data_offsets":[-1,1]}}"#, "'data_offsets' must be two non-negative integers"),
        (#"{"m":{"dtype":"U8","shape":[2],"data_offsets":[0,99999999999999999999]}}"#, "'data_offsets' must be two"),
        (#"{"m":{"dtype":"U8","shape":[-2],"data_offsets":[0,2]}}"#, "negative dimension -2"),
        (#"{"m":{"dtype":"U8","shape":[4611686018427387904,4],"data_offsets":[0,2]}}"#, "too large"),
        (#"{"m":{"dtype":"U8","shape":[1.5],"data_offsets":[0,2]}}"#, "'shape' entries must be integers"),
        (#"{"m":{"dtype":"U8","shape":2,"data_offsets":[0,2]}}"#, "'shape' is not an array"),
        (#"{"m":{"dtype":8,"shape":[2],"data_offsets":[0,2]}}"#, "'dtype' is not a string"),
        (#"{"m":[1]}"#, "header entry is not an object"),
        (#"{"m":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}"#, "bool element 0 has byte value 2"),
    ])
    func invalidTensorEntry(header: String, problem: String) throws {
        try expectSafetensorsError(header: header, data: [2, 0], mentions: ["tensor 'm'", problem])
    }

    @Test(arguments: ["C64", "F8_E5M2", "F4", "F8_E4M3", "bool", ""])
    func unsupportedDType(dtype: String) throws {
        try expectSafetensorsError(header: "{\"m\":{\"dtype\":\"\(dtype)\",\"shape\":[2],\"data_offsets\":[0,2]}}", data: [1, 0],
                                   mentions: ["tensor 'm'", "unsupported dtype '\(dtype)'"])
    }

    @Test func namesWithLineBreaksStayOnOneLine() throws {
        try expectSafetensorsError(header: #"{"a\nb\u2028c":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}"#, data: [0, 0, 0, 0, 0, 0, 0, 0],
                                   mentions: [#"tensor 'a\nb\u{2028}c'"#, "unsupported dtype 'C64'"])
    }

    @Test func duplicateKeys() throws {
        let tensor = #"{"dtype":"U8","shape":[1],"data_offsets":[0,1]}"#
        try expectSafetensorsError(header: "{\"m\":\(tensor),\"n\":\(tensor),\"m\":\(tensor)}", data: [1],
                                   mentions: ["duplicate key 'm'"])
        try expectSafetensorsError(header: #"{"__metadata__":{"a":"1","a":"2"}}"#, mentions: ["duplicate key 'a'"])
        try expectSafetensorsError(header: "{\"m\":{\"dtype\":\"U8\",\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", data: [1],
                                   mentions: ["duplicate key 'dtype'"])
        // Keys equal only after escape decoding are duplicates too.
        try expectSafetensorsError(header: "{\"m\":\(tensor),\"\\u006d\":\(tensor)}", data: [1], mentions: ["duplicate key 'm'"])
    }

    @Test func metadataMustMapStringsToStrings() throws {
        try expectSafetensorsError(header: #"{"__metadata__":{"epochs":3}}"#, mentions: ["'__metadata__' value for 'epochs' is not a string"])
        try expectSafetensorsError(header: #"{"__metadata__":["a"]}"#, mentions: ["'__metadata__' is not an object"])
    }
}
