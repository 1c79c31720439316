import JobModel
import XCTest

/// The `s3` slicer's choice of objects and its lazy listing, against an in-memory bucket.
final class S3SlicerTests: XCTestCase {
    func makeSlicer(_ url: String, _ bucket: MemoryBucket, match: String? = nil, perSlice: Int = 1, splitBytes: Int64? = nil, pageSize: Int = 1000) -> S3Slicer {
        let location = try! S3Location.parse(url).get()
        return S3Slicer(location: location, input: S3Input(url: url, match: match, perSlice: perSlice, splitBytes: splitBytes), lister: bucket, pageSize: pageSize)
    }

    func inputs(_ url: String, _ bucket: MemoryBucket, match: String? = nil, pageSize: Int = 1000) throws -> [String] {
        var slicer = makeSlicer(url, bucket, match: match, pageSize: pageSize)
        return try drain(&slicer, batch: 4).map { $0.values["input"]! }
    }

    func testTheFirstSliceOf20000KeysListsOnePage() throws {
        let bucket = MemoryBucket((0..<20_000).map { (String(format: "day/%05d.gz", $0), [UInt8(ascii: "x")]) })
        var slicer = makeSlicer("s3://logs/day/", bucket)
        let first = try slicer.next(max: 1)
        XCTAssertEqual(first, [SliceInput(index: 0, values: ["input": "s3://logs/day/00000.gz"], objects: [ObjectPiece(bucket: "logs", key: "day/00000.gz")])])
        XCTAssertEqual(bucket.lists.count, 1)
        XCTAssertEqual(bucket.lists.first?.prefix, "day/")
        XCTAssertNil(bucket.lists.first?.startAfter)
        XCTAssertEqual(bucket.lists.first?.maxKeys, 1000)
        XCTAssertEqual(slicer.cursor, SlicerCursor(nextIndex: 1, lastPath: "day/00000.gz"))

        XCTAssertEqual(try slicer.next(max: 1000).count, 1000)
        XCTAssertEqual(bucket.lists.map(\.startAfter), [nil, "day/00999.gz"], "the next page after the last key seen, when needed")
        let rest = try drain(&slicer, batch: 1000)
        XCTAssertEqual(rest.count, 18_999)
        XCTAssertEqual(rest.last?.index, 19_999)
        XCTAssertEqual(bucket.lists.count, 20, "each page listed once")
        XCTAssertTrue(bucket.reads.isEmpty)
    }

    func testAKeyWithoutASlashIsAPrefixAsS3TreatsIt() throws {
        let bucket = MemoryBucket(texts: ["logs/2026-12-01/a.gz": "a", "logs/2026-12-01.gz": "b", "logs/2026-12-010/c.gz": "c", "logs/2026-12-02/d.gz": "d"])
        XCTAssertEqual(try inputs("s3://logs/logs/2026-12-01", bucket), ["s3://logs/logs/2026-12-01.gz", "s3://logs/logs/2026-12-01/a.gz", "s3://logs/logs/2026-12-010/c.gz"])
        XCTAssertEqual(try inputs("s3://logs/logs/2026-12-01", bucket, match: "*.gz").count, 3, "a name pattern sees each object's own name")
        XCTAssertEqual(try inputs("s3://logs/logs/2026-12-01", bucket, match: "[a-c].gz"), ["s3://logs/logs/2026-12-01/a.gz", "s3://logs/logs/2026-12-010/c.gz"])
        XCTAssertEqual(try inputs("s3://logs/logs/2026-12-01", bucket, match: "*/a.gz"), [], "the rest is `0/c.gz` or, the slash dropped, `a.gz`")
        XCTAssertEqual(try inputs("s3://logs/logs/2026-12-01/", bucket), ["s3://logs/logs/2026-12-01/a.gz"])
        XCTAssertEqual(try inputs("s3://logs", bucket).count, 4)
        XCTAssertEqual(try inputs("s3://logs/", bucket).count, 4)
    }

    func testAURLThatNamesAnObjectIsThatObjectAlone() throws {
        let bucket = MemoryBucket(texts: ["data/file.csv": "1,2\n3,4\n", "data/file.csv.bak": "old", "data/file.csv/x": "x", "data/empty": ""])
        var one = makeSlicer("s3://logs/data/file.csv", bucket, match: "*.gz")
        XCTAssertEqual(try one.next(max: 10).map { $0.values["input"] }, ["s3://logs/data/file.csv"])
        XCTAssertTrue(one.cursor.finished, "known without listing more")
        XCTAssertEqual(bucket.lists.count, 1)
        var split = makeSlicer("s3://logs/data/file.csv", bucket, splitBytes: 4)
        XCTAssertEqual(try drain(&split, batch: 1).compactMap { $0.objects?.first }, [ObjectPiece(bucket: "logs", key: "data/file.csv", offset: 0, length: 4), ObjectPiece(bucket: "logs", key: "data/file.csv", offset: 4, length: 4)])
        XCTAssertEqual(try inputs("s3://logs/data/empty", bucket), ["s3://logs/data/empty"], "an empty object is data")
    }

    func testFoldersAreLeftOutAndEmptyObjectsKept() throws {
        let bucket = MemoryBucket([
            ("d/", []), ("d/sub/", []), ("d/a.txt", Array("abc".utf8)), ("d/empty.txt", []), ("d/old_$folder$", []),
            ("d/made", []), ("d/made/x.txt", Array("xy".utf8)), ("d/odd/", Array("five!".utf8)), ("d/zz", []),
        ])
        for pageSize in [1, 2, 3, 4, 1000] {
            XCTAssertEqual(
                try inputs("s3://logs/d/", bucket, pageSize: pageSize), ["s3://logs/d/a.txt", "s3://logs/d/empty.txt", "s3://logs/d/made/x.txt", "s3://logs/d/zz"],
                "pages of \(pageSize)")
        }
        XCTAssertEqual(try inputs("s3://logs/d/made", bucket), ["s3://logs/d/made/x.txt"], "a zero-byte folder is not the object the URL names")
    }

    func testAMatchWithoutASlashTakesNamesAtAnyDepthAndOneWithSlashesGoesComponentByComponent() throws {
        let bucket = MemoryBucket(texts: ["p/a.gz": "", "p/b.txt": "", "p/sub/c.gz": "", "p/sub/deeper/d.gz": "", "p/.hidden.gz": "", "p/sub/e.txt": ""])
        XCTAssertEqual(try inputs("s3://logs/p/", bucket, match: "*.gz"), ["s3://logs/p/a.gz", "s3://logs/p/sub/c.gz", "s3://logs/p/sub/deeper/d.gz"])
        XCTAssertEqual(try inputs("s3://logs/p/", bucket, match: "*/*.gz"), ["s3://logs/p/sub/c.gz"])
        XCTAssertEqual(try inputs("s3://logs/p/", bucket, match: "sub/*"), ["s3://logs/p/sub/c.gz", "s3://logs/p/sub/e.txt"])
        XCTAssertEqual(try inputs("s3://logs/p/", bucket, match: ".*"), ["s3://logs/p/.hidden.gz"])
        XCTAssertEqual(try inputs("s3://logs/p/", bucket, match: "b.txt"), ["s3://logs/p/b.txt"])
    }

    func testMatchFiltersAcrossPagesThatMatchNothing() throws {
        let keys = (0..<20).map { String(format: "p/k%02d.txt", $0) } + ["p/k01.gz", "p/k15.gz"]
        let bucket = MemoryBucket(keys.map { ($0, Array("data".utf8)) })
        var slicer = makeSlicer("s3://logs/p/", bucket, match: "*.gz", pageSize: 3)
        XCTAssertEqual(try slicer.next(max: 1).map { $0.values["input"] }, ["s3://logs/p/k01.gz"])
        XCTAssertEqual(bucket.lists.count, 1)
        XCTAssertEqual(try slicer.next(max: 1).map { $0.values["input"] }, ["s3://logs/p/k15.gz"])
        XCTAssertEqual(bucket.lists.count, 6, "pages with no match listed through, no further")
        XCTAssertEqual(slicer.cursor, SlicerCursor(nextIndex: 2, lastPath: "p/k15.gz"))
        XCTAssertEqual(try slicer.next(max: 1), [])
        XCTAssertTrue(slicer.cursor.finished)
        XCTAssertEqual(bucket.lists.count, 8)
    }

    func testPerSliceGroupsObjectsAcrossPageBoundaries() throws {
        let bucket = MemoryBucket((1...7).map { ("in/\($0)", Array("\($0)".utf8)) })
        var slicer = makeSlicer("s3://logs/in/", bucket, perSlice: 3, pageSize: 2)
        let first = try slicer.next(max: 1)
        XCTAssertEqual(first.first?.values["input"], "s3://logs/in/1 s3://logs/in/2 s3://logs/in/3")
        XCTAssertEqual(first.first?.objects, ["in/1", "in/2", "in/3"].map { ObjectPiece(bucket: "logs", key: $0) })
        XCTAssertEqual(slicer.cursor.lastPath, "in/3")
        XCTAssertEqual(bucket.lists.map(\.startAfter), [nil, "in/2"])
        let rest = try drain(&slicer, batch: 5)
        XCTAssertEqual(rest.map { $0.values["input"]! }, ["s3://logs/in/4 s3://logs/in/5 s3://logs/in/6", "s3://logs/in/7"])
        XCTAssertEqual(rest.map(\.index), [1, 2])
    }

    func testAPrefixWithNothingMatchingFinishesWithNoSlice() throws {
        let bucket = MemoryBucket(texts: ["p/a.txt": "a", "p/b.txt": "b", "p/folder/": "", "q/c.gz": "c"])
        for (url, match) in [("s3://logs/p/", "*.gz"), ("s3://logs/none/", nil), ("s3://logs/p/folder/", nil)] {
            var slicer = makeSlicer(url, bucket, match: match, pageSize: 1)
            XCTAssertEqual(try slicer.next(max: 5), [], url)
            XCTAssertTrue(slicer.cursor.finished, url)
            XCTAssertEqual(slicer.cursor.nextIndex, 0)
        }
    }

    func testKeysWithSpacesAndUnicodeKeepTheirBytes() throws {
        let composed = "in/caf\u{E9}.gz", decomposed = "in/cafe\u{301}.gz"
        let bucket = MemoryBucket([
            ("in/my file.gz", [1]), (composed, [2]), (decomposed, [3]), ("in/日本語/データ.gz", [4]), ("in/emoji 🎉.gz", [5]), ("in/skip.txt", [6]),
        ])
        var slicer = makeSlicer("s3://logs/in/", bucket, match: "*.gz", pageSize: 2)
        let slices = try drain(&slicer, batch: 2)
        let keys = slices.compactMap { $0.objects?.first?.key }
        XCTAssertEqual(keys.map { Array($0.utf8) }, [decomposed, composed, "in/emoji 🎉.gz", "in/my file.gz", "in/日本語/データ.gz"].map { Array($0.utf8) }, "S3's byte order, both spellings of café")
        XCTAssertEqual(slices.map { Array($0.values["input"]!.utf8) }, keys.map { Array("s3://logs/\($0)".utf8) })
        XCTAssertEqual(slices.compactMap { $0.objects?.first }.map { bucket.bytes(of: $0) }, [[3], [2], [5], [1], [4]])
        var exact = makeSlicer("s3://logs/" + decomposed, bucket)
        XCTAssertEqual(try drain(&exact, batch: 1).compactMap { $0.objects?.first.map { Array($0.key.utf8) } }, [Array(decomposed.utf8)])
    }
}
