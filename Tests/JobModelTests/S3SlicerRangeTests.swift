import Foundation
import JobModel
import XCTest

/// The `s3` slicer's line-aligned ranges, its reads, and its cursor.
final class S3SlicerRangeTests: XCTestCase {
    func makeSlicer(_ url: String, _ bucket: MemoryBucket, _ input: S3Input, pageSize: Int, cursor: SlicerCursor = SlicerCursor()) -> S3Slicer {
        S3Slicer(location: try! S3Location.parse(url).get(), input: input, lister: bucket, cursor: cursor, pageSize: pageSize)
    }

    func testSplitBytesCutsEachObjectIntoLineAlignedRanges() throws {
        let texts = ["s/a.txt": "one\ntwo\nthree\nfour\nfive\n", "s/b.txt": "", "s/c.txt": "a line longer than two ranges\n", "s/d.log": "x\n"]
        let bucket = MemoryBucket(texts: texts)
        var slicer = makeSlicer("s3://logs/s/", bucket, S3Input(url: "", match: "*.txt", splitBytes: 8), pageSize: 2)
        let slices = try drain(&slicer, batch: 3)
        XCTAssertEqual(slices.map(\.index), Array(0..<Int64(slices.count)))
        for key in ["s/a.txt", "s/b.txt", "s/c.txt"] {
            let mine = slices.filter { $0.objects?.first?.key == key }
            let size = texts[key]!.utf8.count
            XCTAssertEqual(mine.count, max(1, (size + 7) / 8), key)
            XCTAssertTrue(mine.allSatisfy { $0.values == ["input": "s3://logs/\(key)"] && $0.objects?.count == 1 })
            XCTAssertEqual(String(decoding: mine.flatMap { bucket.bytes(of: $0.objects![0]) }, as: UTF8.self), texts[key], key)
        }
        XCTAssertEqual(slices.compactMap { $0.objects?.first }.filter { $0.key == "s/b.txt" }, [ObjectPiece(bucket: "logs", key: "s/b.txt", offset: 0, length: 0)])
        XCTAssertEqual(
            slices.compactMap { $0.objects?.first }.filter { $0.key == "s/a.txt" }.map { [$0.offset, $0.length!] }, [[0, 8], [8, 11], [19, 5]],
            "`three` starts at 8 and `four` at 14, in the second range; `five` at 19 (past 16), in the third")
        XCTAssertFalse(slices.contains { $0.objects?.first?.key == "s/d.log" })
    }

    func testEachBoundaryIsFoundOnceWithSmallReads() throws {
        let line = Array("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop\n".utf8)
        let big = Array([[UInt8]](repeating: line, count: 10_485).joined())  // just under 1 MiB: four ranges
        let bucket = MemoryBucket([("big", big), ("small", Array((0..<100).map { String(format: "line %04d\n", $0) }.joined().utf8))])
        var slicer = makeSlicer("s3://logs/", bucket, S3Input(url: "", splitBytes: 256 * 1024), pageSize: 1000)
        let slices = try drain(&slicer, batch: 2)
        XCTAssertEqual(slices.count, 4 + 1)
        XCTAssertEqual(bucket.reads.count, 3, "one read for each boundary inside `big`, none for `small`")
        XCTAssertTrue(bucket.reads.allSatisfy { $0.count <= LineRanges.firstRead })
        XCTAssertEqual(slices.prefix(4).flatMap { bucket.bytes(of: $0.objects![0]) }, big)

        let tenths = MemoryBucket([("t", Array((0..<100).map { String(format: "line %04d\n", $0) }.joined().utf8))])
        var ranges = makeSlicer("s3://logs/t", tenths, S3Input(url: "", splitBytes: 100), pageSize: 1000)
        XCTAssertEqual(try drain(&ranges, batch: 1).count, 10)
        XCTAssertEqual(tenths.reads.map(\.offset), (1...9).map { Int64($0 * 100 - 1) }, "each boundary read once, from the byte before it")
    }

    func testTheCursorNamesTheLastWholeKeyAndTheNextRange() throws {
        let bucket = MemoryBucket(texts: ["k/1": "aa\nbb\n", "k/2": "cc\ndd\nee\n"])
        var slicer = makeSlicer("s3://logs/k/", bucket, S3Input(url: "", splitBytes: 3), pageSize: 1)
        _ = try slicer.next(max: 1)
        XCTAssertEqual(slicer.cursor, SlicerCursor(nextIndex: 1, offset: 3))
        _ = try slicer.next(max: 1)
        XCTAssertEqual(slicer.cursor, SlicerCursor(nextIndex: 2, lastPath: "k/1"))
        _ = try slicer.next(max: 2)
        XCTAssertEqual(slicer.cursor, SlicerCursor(nextIndex: 4, offset: 6, lastPath: "k/1"))
        _ = try slicer.next(max: 2)
        XCTAssertEqual(slicer.cursor, SlicerCursor(nextIndex: 5, lastPath: "k/2", finished: true))
    }

    /// Stop after every batch, store the cursor (as JSON), build a new slicer from it on a fresh
    /// bucket, and let it finish: it makes exactly the slices the first made after that batch.
    func testEveryReportedCursorResumesToTheSameSlices() throws {
        var random = SeededRandom(state: 7)
        var objects: [(String, [UInt8])] = [
            ("r/", []), ("r/a.txt", text(&random)), ("r/b.gz", text(&random)), ("r/c.txt", []), ("r/dir", []), ("r/dir/d.txt", text(&random)),
            ("r/dir/e.txt", text(&random)), ("r/f_$folder$", []), ("r/g.txt", text(&random)), ("r/h.txt", Array("no newline at all".utf8)),
        ]
        objects += (0..<4).map { (String(format: "r/z%d.txt", $0), text(&random)) }
        let cases: [(url: String, input: S3Input)] =
            [1, 2, 3].flatMap { per in [nil, "*.txt"].map { ("s3://logs/r/", S3Input(url: "", match: $0, perSlice: per)) } }
            + [1, 3, 7, 50].flatMap { bytes in [nil, "*.txt"].map { ("s3://logs/r", S3Input(url: "", match: $0, splitBytes: bytes)) } }
            + [("s3://logs/r/a.txt", S3Input(url: "", splitBytes: 4)), ("s3://logs/r/dir", S3Input(url: "", perSlice: 1))]
        var resumed = 0
        for (url, input) in cases {
            for pageSize in [1, 2, 3, 1000] {
                for batch in [1, 2, 3] {
                    var first = makeSlicer(url, MemoryBucket(objects), input, pageSize: pageSize)
                    var made: [SliceInput] = []
                    var stops: [(cursor: SlicerCursor, count: Int)] = [(first.cursor, 0)]
                    while !first.cursor.finished {
                        made += try first.next(max: batch)
                        stops.append((first.cursor, made.count))
                    }
                    XCTAssertEqual(made.map(\.index), Array(0..<Int64(made.count)))
                    for stop in stops {
                        let stored = try JSONDecoder().decode(SlicerCursor.self, from: JSONEncoder().encode(stop.cursor))
                        var again = makeSlicer(url, MemoryBucket(objects), input, pageSize: pageSize, cursor: stored)
                        let rest = try drain(&again, batch: batch == 1 ? 2 : 1)
                        XCTAssertEqual(rest, Array(made[stop.count...]), "\(url) \(input) pages of \(pageSize), batches of \(batch), after \(stop.count)")
                        resumed += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(resumed, 2000)
    }

    func text(_ random: inout SeededRandom) -> [UInt8] {
        (0..<Int.random(in: 0...6, using: &random)).flatMap { _ in
            Array(repeating: UInt8(ascii: "w"), count: Int.random(in: 0...9, using: &random)) + (Bool.random(using: &random) ? [10] : [13, 10])
        }
    }
}
