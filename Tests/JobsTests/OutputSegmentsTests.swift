import Foundation
import MasterModel
import XCTest

@testable import Jobs

/// Outputs kept while slices run and appended whole to segments, read back from their places.
final class OutputSegmentsTests: XCTestCase {
    var root: String!
    var folder: OutputFolder!

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "segments-\(UUID().uuidString)"
        folder = OutputFolder(root: root, exID: 4)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    func output(_ bytes: [UInt8], memoryLimit: Int = 1 << 20, chunk: Int = 7) -> SliceOutput {
        let output = SliceOutput(spillFolder: NSTemporaryDirectory(), memoryLimit: memoryLimit)
        var at = 0
        while at < bytes.count {
            let end = min(bytes.count, at + chunk)
            XCTAssertNil(bytes[at..<end].withUnsafeBytes { output.write($0) })
            at = end
        }
        return output
    }

    func read(_ place: OutputPlace, _ index: Int64 = 0) throws -> [UInt8] {
        Array(try XCTUnwrap(folder.source(of: index, place: place)).read())
    }

    func testOutputsAreAppendedWholeAndReadBackFromTheirPlaces() throws {
        let segments = OutputSegments(folder: folder)
        let small = Array("hello\n".utf8)
        let binary: [UInt8] = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        // Past its memory limit an output spills to an unnamed file; it reads back the same.
        let spilled = output(binary, memoryLimit: 1000, chunk: 333)
        XCTAssertEqual(spilled.count, 50_000)
        XCTAssertEqual(Array(try spilled.bytes()), binary)
        let places = try [output(small), output([]), spilled, output(Array("no newline".utf8))].map { try segments.append($0) }
        try segments.sync()
        XCTAssertEqual(places.map(\.segment), Array(repeating: "segment-1", count: 4))
        XCTAssertEqual(places.map(\.offset), [0, 6, 6, 50_006])
        XCTAssertEqual(places.map(\.length), [6, 0, 50_000, 10])
        XCTAssertEqual(try read(places[0]), small)
        XCTAssertEqual(try read(places[1]), [])
        XCTAssertEqual(try read(places[2]), binary)
        XCTAssertEqual(try read(places[3]), Array("no newline".utf8))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.folder)
        XCTAssertEqual(names, ["segment-1"], "nothing spilled is left behind")
    }

    func testANewWriterNeverAppendsAfterWhatAnotherLeft() throws {
        let first = OutputSegments(folder: folder)
        let kept = try first.append(output(Array("kept\n".utf8)))
        try first.sync()
        // A master killed between an append and its commit leaves bytes no place names.
        _ = try first.append(output(Array("torn half".utf8)))
        first.close()
        let second = OutputSegments(folder: folder)
        let next = try second.append(output(Array("next\n".utf8)))
        XCTAssertEqual(next, OutputPlace(segment: "segment-2", offset: 0, length: 5))
        XCTAssertEqual(try read(kept), Array("kept\n".utf8))
        XCTAssertEqual(try read(next), Array("next\n".utf8))
    }

    func testASegmentPastItsLimitIsFollowedByANewOne() throws {
        let segments = OutputSegments(folder: folder, segmentLimit: 10)
        let places = try (0..<3).map { _ in try segments.append(output(Array("0123456789ab".utf8))) }
        XCTAssertEqual(places.map(\.segment), ["segment-1", "segment-2", "segment-3"])
        for place in places { XCTAssertEqual(try read(place), Array("0123456789ab".utf8)) }
    }

    func testAResetOutputStartsOver() throws {
        let kept = output(Array(repeating: 1, count: 5000), memoryLimit: 100)
        kept.reset()
        XCTAssertEqual(kept.count, 0)
        XCTAssertNil(Array("again".utf8).withUnsafeBytes { kept.write($0) })
        XCTAssertEqual(Array(try kept.bytes()), Array("again".utf8))
    }

    func testAnOlderMastersFileIsStillReadAndNothingIsNone() throws {
        try folder.prepare()
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: folder.legacy(3)))
        XCTAssertEqual(try folder.source(of: 3, place: nil)?.read(), Data("old\n".utf8))
        XCTAssertNil(folder.source(of: 5, place: nil))
    }
}
