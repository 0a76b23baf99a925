import Datasets
import Foundation
import Testing

@Suite("dataset registrations")
struct RegistrationTests {
    @Test("pinned archives: official https address, 64 hex digits, sizes, the directory the readers look for")
    func pinned() throws {
        for dataset in CIFAR.allCases {
            let archive = dataset.archive
            #expect(archive.url.scheme == "https" && archive.url.host == "www.cs.toronto.edu")
            #expect(archive.sha256.count == 64 && archive.sha256.allSatisfy { "0123456789abcdef".contains($0) })
            #expect(archive.byteCount > 160_000_000 && archive.format == .tarGzip)
            #expect(archive.url(mirror: URL(string: "http://127.0.0.1:8/m/")!).absoluteString == "http://127.0.0.1:8/m/\(archive.fileName)")
        }
        #expect(CIFAR.cifar10.archive.fileName == "cifar-10-binary.tar.gz" && CIFAR.cifar10.archive.directoryName == "cifar-10-batches-bin")
        #expect(CIFAR.cifar100.archive.fileName == "cifar-100-binary.tar.gz" && CIFAR.cifar100.archive.directoryName == "cifar-100-binary")
    }

    @Test("the data root: $TICKETSCOPE_DATA, else ./data; the registration's directory is found there")
    func root() throws {
        #expect(CIFAR.root(environment: [:]) == "data" && CIFAR.root(environment: [CIFAR.environmentVariable: ""]) == "data")
        #expect(CIFAR.root(environment: [CIFAR.environmentVariable: "/x"]) == "/x")
        try withTemporaryDirectory { root in
            let directory = join(root, CIFAR.cifar10.archive.directoryName)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            #expect(try CIFAR.cifar10.locate(environment: [CIFAR.environmentVariable: root]) == directory)
        }
    }

    @Test("layout check: missing files, partial records, wrong name counts")
    func layout() throws {
        try withTemporaryDirectory { directory in
            try makeCIFAR10(in: directory)
            #expect(CIFAR.cifar10.layoutProblem(in: directory) == "data_batch_1.bin is missing")
            for batch in 1...5 { try writeRecords([[UInt8(batch)]], firstImage: batch, to: join(directory, "data_batch_\(batch).bin")) }
            #expect(CIFAR.cifar10.layoutProblem(in: directory) == nil)
            try Data(count: 3074).write(to: URL(fileURLWithPath: join(directory, "test_batch.bin")))
            #expect(CIFAR.cifar10.layoutProblem(in: directory) == "test_batch.bin holds 3074 bytes, not a whole number of 3073-byte records")
            try writeRecords([[4]], firstImage: 0, to: join(directory, "test_batch.bin"))
            try writeText("one\ntwo\n", to: join(directory, "batches.meta.txt"))
            #expect(CIFAR.cifar10.layoutProblem(in: directory) == "batches.meta.txt: 2 class names, expected 10")
        }
        try withTemporaryDirectory { directory in
            try makeCIFAR100(in: directory)
            #expect(CIFAR.cifar100.layoutProblem(in: directory) == nil)
            try FileManager.default.removeItem(atPath: join(directory, "test.bin"))
            #expect(CIFAR.cifar100.layoutProblem(in: directory) == "test.bin is missing")
        }
    }
}
