import Foundation
import Testing
@testable import AtomicFile

@Suite struct AtomicFileTests {
    private func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func replacesTheFileAndLeavesNothingElse() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write(Data("old".utf8), to: dir + "/a.txt")
        try AtomicFile.write(Data("new, longer".utf8), to: dir + "/a.txt")
        try AtomicFile.write(Data(), to: dir + "/empty")
        #expect(try String(contentsOfFile: dir + "/a.txt", encoding: .utf8) == "new, longer")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["a.txt", "empty"])
        #expect(FileManager.default.contents(atPath: dir + "/empty") == Data())
    }

    @Test func aFailedRenameKeepsTheOldTargetAndRemovesTheTemporaryFile() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A non-empty directory cannot be renamed over: the temporary file was written, then must go.
        try FileManager.default.createDirectory(atPath: dir + "/taken/child", withIntermediateDirectories: true)
        #expect(throws: AtomicFileError.self) { try AtomicFile.write(Data("x".utf8), to: dir + "/taken") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["taken"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/taken") == ["child"])
    }

    @Test func aMissingDirectoryIsOneLineNamingTheFile() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/no/such/file.txt"
        do {
            try AtomicFile.write(Data("x".utf8), to: path)
            Issue.record("writing into a missing directory succeeded")
        } catch let error as AtomicFileError {
            #expect(error.path == path && error.reason == "No such file or directory")
            #expect(error.description == "cannot write '\(path)': No such file or directory")
        }
    }
}
