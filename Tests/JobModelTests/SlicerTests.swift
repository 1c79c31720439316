import JobModel
import XCTest

/// Bytes in memory, read as a file would be.
struct MemoryBytes: ByteSource {
    let bytes: [UInt8]
    func read(at offset: Int64, count: Int) throws -> [UInt8] {
        let start = min(Int(offset), bytes.count)
        return Array(bytes[start..<min(bytes.count, start + count)])
    }
}

/// A file tree as a table of paths; folders are implied by their files.
struct MemoryTree: DirectoryLister {
    let files: Set<String>

    func names(in directory: String) -> [String] {
        let prefix = directory == "." ? "" : (directory.hasSuffix("/") ? directory : directory + "/")
        return Array(Set(files.compactMap { path -> String? in
            guard path.hasPrefix(prefix) else { return nil }
            return path.dropFirst(prefix.count).split(separator: "/").first.map(String.init)
        }))
    }

    func isDirectory(_ path: String) -> Bool { files.contains { $0.hasPrefix(path + "/") } }
    func isRegularFile(_ path: String) -> Bool { files.contains(path) }
}

extension XCTestCase {
    /// Every slice a slicer has left, `batch` at a time; it must end finished.
    func drain<S: Slicer>(_ slicer: inout S, batch: Int) throws -> [SliceInput] {
        var all: [SliceInput] = []
        while true {
            let made = try slicer.next(max: batch)
            if made.isEmpty { break }
            XCTAssertLessThanOrEqual(made.count, batch)
            all += made
        }
        XCTAssertTrue(slicer.cursor.finished)
        return all
    }
}

/// Slicers: lazy batches, resumable from their cursor, nothing made twice.
final class SlicerTests: XCTestCase {
    func testRangeCoversEveryIntegerOnce() throws {
        var slicer = RangeSlicer(start: -5, end: 21, perSlice: 10)
        XCTAssertEqual(slicer.total, 3)
        XCTAssertEqual(slicer.expectedTotal, 3)
        let slices = try drain(&slicer, batch: 2)
        XCTAssertEqual(slices.map { [$0.values["start"]!, $0.values["end"]!] }, [["-5", "4"], ["5", "14"], ["15", "21"]])
        XCTAssertEqual(slices.map(\.index), [0, 1, 2])
    }

    func testRangeResumesFromItsCursor() throws {
        var first = RangeSlicer(start: 1, end: 1_000_000_000, perSlice: 1)
        _ = try first.next(max: 1000)
        var resumed = RangeSlicer(start: 1, end: 1_000_000_000, perSlice: 1, cursor: first.cursor)
        let next = try resumed.next(max: 1)
        XCTAssertEqual(next.first?.index, 1000)
        XCTAssertEqual(next.first?.values["start"], "1001")
    }

    func testListResumes() throws {
        var slicer = ListSlicer(values: ["a", "b", "c"])
        XCTAssertEqual(slicer.expectedTotal, 3)
        XCTAssertEqual(try slicer.next(max: 2).map { $0.values["input"] }, ["a", "b"])
        var resumed = ListSlicer(values: ["a", "b", "c"], cursor: slicer.cursor)
        XCTAssertEqual(try drain(&resumed, batch: 5).map { $0.values["input"] }, ["c"])
    }

    func testLinesSplitAcrossBlocksAndCountAPartialLastLine() throws {
        let text = (1...7).map { "line \($0)" }.joined(separator: "\n")
        let source = MemoryBytes(bytes: Array(text.utf8))
        var slicer = LineSlicer(path: "big.txt", perSlice: 3, source: source, blockSize: 4)
        let slices = try drain(&slicer, batch: 10)
        let pieces = slices.map { slice -> String in
            let range = slice.stdin!
            return String(decoding: source.bytes[Int(range.offset)..<Int(range.offset + range.length!)], as: UTF8.self)
        }
        XCTAssertEqual(pieces, ["line 1\nline 2\nline 3\n", "line 4\nline 5\nline 6\n", "line 7"])
        XCTAssertEqual(pieces.joined(), text, "every byte in exactly one slice")
    }

    func testLinesOfAnEmptyFileMakeNoSlice() throws {
        var slicer = LineSlicer(path: "e", perSlice: 3, source: MemoryBytes(bytes: []))
        XCTAssertEqual(try drain(&slicer, batch: 1), [])
        var whole = LineSlicer(path: "w", perSlice: 2, source: MemoryBytes(bytes: Array("a\nb\n".utf8)))
        XCTAssertEqual(try drain(&whole, batch: 9).count, 1)
    }

    func testFilesWalkSortedLazilyAndResume() throws {
        let tree = MemoryTree(files: ["data/b.csv", "data/a.csv", "data/.hidden.csv", "data/sub/c.csv", "data/z.txt", "logs/x/1.log", "logs/y/2.log", "logs/y/3.log"])
        var slicer = FileSlicer(patterns: ["data/*.csv", "logs/*/*.log"], lister: tree)
        let first = try slicer.next(max: 3)
        XCTAssertEqual(first.map { $0.values["input"] }, ["data/a.csv", "data/b.csv", "logs/x/1.log"])
        var resumed = FileSlicer(patterns: ["data/*.csv", "logs/*/*.log"], lister: tree, cursor: slicer.cursor)
        XCTAssertEqual(try drain(&resumed, batch: 1).map { $0.values["input"] }, ["logs/y/2.log", "logs/y/3.log"])
        XCTAssertEqual(FileSlicer.unmatched(["data/*.csv", "nothing/*"], lister: tree), "nothing/*")
    }

    func testGlobPatterns() {
        XCTAssertTrue(GlobPattern("*.c[sv]v").matches("a.csv"))
        XCTAssertTrue(GlobPattern("file?[0-9]").matches("fileA7"))
        XCTAssertFalse(GlobPattern("[!a]*").matches("abc"))
        XCTAssertTrue(GlobPattern(#"a\*b"#).matches("a*b"))
        XCTAssertFalse(GlobPattern("*").matches(".bashrc"))
        XCTAssertTrue(GlobPattern(".*").matches(".bashrc"))
        XCTAssertTrue(GlobPattern("*a*b*").matches("xxaYYbZ"))
        XCTAssertFalse(GlobPattern("*a*b").matches("xxaYYbZ"))
    }
}
