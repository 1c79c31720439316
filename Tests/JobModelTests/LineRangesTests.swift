import JobModel
import XCTest

/// A small deterministic generator (SplitMix64), so random cases are the same on every run.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Hadoop's line alignment of byte ranges: pieces own the lines that start in their range.
final class LineRangesTests: XCTestCase {
    func texts(_ text: String, _ rangeBytes: Int64) -> [String] {
        let bytes = Array(text.utf8)
        return LineRanges.pieces(of: bytes, rangeBytes: rangeBytes).map { String(decoding: bytes[Int($0.lowerBound)..<Int($0.upperBound)], as: UTF8.self) }
    }

    func testALineThatStraddlesABoundaryGoesWholeToTheRangeItStartsIn() {
        // Ranges [0,4) [4,8) [8,12) [12,13): "abc\n" starts at 0, "defgh\n" at 4, "ij\n" at 10.
        XCTAssertEqual(texts("abc\ndefgh\nij\n", 4), ["abc\n", "defgh\n", "ij\n", ""])
        // "ab\n" at 0, "cdef\n" at 3 straddles 4, "g\n" at 8.
        XCTAssertEqual(texts("ab\ncdef\ng\n", 4), ["ab\ncdef\n", "", "g\n"])
    }

    func testABoundaryJustAfterANewlineStartsTheNextRange() {
        XCTAssertEqual(texts("abc\ndef\nghi\n", 4), ["abc\n", "def\n", "ghi\n"])
        XCTAssertEqual(LineRanges.lineStart(atOrAfter: 4, size: 8, read: reader(Array("abc\ndef\n".utf8))), 4)
    }

    func testALastLineWithoutANewlineEndsAtTheObjectsEnd() {
        XCTAssertEqual(texts("one\ntwo\nthree", 5), ["one\ntwo\n", "three", ""])
        XCTAssertEqual(texts("no newline at all", 4), ["no newline at all", "", "", "", ""])
    }

    func testCRLFLinesKeepTheirCarriageReturn() {
        XCTAssertEqual(texts("ab\r\ncd\r\nef\r\n", 4), ["ab\r\n", "cd\r\n", "ef\r\n"])
        XCTAssertEqual(texts("ab\r\ncd\r\nef\r\n", 3), ["ab\r\n", "cd\r\n", "ef\r\n", ""], "boundaries between `\\r` and `\\n`")
        XCTAssertEqual(texts("ab\r\ncd\r\nef\r\n", 5), ["ab\r\ncd\r\n", "ef\r\n", ""])
    }

    func testALineLongerThanARangeLeavesTheRangesItCoversEmpty() {
        XCTAssertEqual(texts("ab\n0123456789\nc\n", 3), ["ab\n", "0123456789\n", "", "", "c\n", ""])
        let bytes = Array("ab\n0123456789\nc\n".utf8)
        var reads: [Int64] = []
        var cutter = LineRanges(size: Int64(bytes.count), rangeBytes: 3)
        while cutter.next(read: { offset, count in
            reads.append(offset)
            return self.reader(bytes)(offset, count)
        }) != nil {}
        XCTAssertEqual(reads, [2, 5, 14], "none for 9 and 12: the line start found for 6 (at 14) serves them")
    }

    func testAnEmptyObjectIsOneEmptyPiece() {
        XCTAssertEqual(LineRanges.pieces(of: [], rangeBytes: 4), [0..<0])
    }

    func testAOneByteObjectIsOnePiece() {
        XCTAssertEqual(LineRanges.pieces(of: [UInt8(ascii: "x")], rangeBytes: 4), [0..<1])
        XCTAssertEqual(LineRanges.pieces(of: [UInt8(ascii: "\n")], rangeBytes: 1), [0..<1])
    }

    func testARangeLargerThanTheObjectIsTheWholeObject() {
        XCTAssertEqual(texts("a\nb\nc", 1000), ["a\nb\nc"])
        XCTAssertEqual(texts("a\nb\nc", 5), ["a\nb\nc"])
    }

    func testLineStartWidensItsReadsUntilANewlineAndReadsSmallAtFirst() {
        var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 1000)
        bytes[900] = UInt8(ascii: "\n")
        var reads: [Range<Int64>] = []
        let start = LineRanges.lineStart(atOrAfter: 10, size: 1000, firstRead: 16) { offset, count in
            reads.append(offset..<offset + Int64(count))
            return Array(bytes[Int(offset)..<Int(offset) + count])
        }
        XCTAssertEqual(start, 901)
        XCTAssertEqual(reads.first, 9..<25, "from the byte before the offset")
        XCTAssertEqual(reads.map(\.count), [16, 32, 64, 128, 256, 495], "doubling, the last cut at the end")
        XCTAssertTrue(zip(reads, reads.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "no byte read twice")
        XCTAssertEqual(LineRanges.lineStart(atOrAfter: 10, size: 1000, firstRead: 16, read: reader(Array(repeating: UInt8(ascii: "x"), count: 1000))), 1000)
    }

    func testResumingAtANominalStartMakesTheSamePiecesAsGoingOn() {
        let bytes = Array("alpha\nbe\ngamma delta\n\nepsilon\nz".utf8)
        let all = LineRanges.pieces(of: bytes, rangeBytes: 4)
        for skip in 0..<all.count {
            var cutter = LineRanges(size: Int64(bytes.count), rangeBytes: 4, from: Int64(skip) * 4)
            var rest: [Range<Int64>] = []
            while let piece = cutter.next(read: reader(bytes)) { rest.append(piece) }
            XCTAssertEqual(rest, Array(all.dropFirst(skip)), "from range \(skip)")
        }
    }

    /// For random texts (short and long lines, CRLF, blank lines, with and without a last
    /// newline) and every range size: the pieces are the object, in order, each byte once; each
    /// begins and ends at a line start (or the end); each is the lines starting in its range.
    func testPiecesAreTheObjectCutAtLineStartsForRandomTexts() {
        var random = SeededRandom(state: 20)
        for _ in 0..<300 {
            let bytes = randomText(&random)
            let lineStarts = Set(([0] + bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }.map { $0 + 1 }).filter { $0 < bytes.count })
            for rangeBytes in 1...(bytes.count + 2) {
                let pieces = LineRanges.pieces(of: bytes, rangeBytes: Int64(rangeBytes))
                XCTAssertEqual(pieces.count, max(1, (bytes.count + rangeBytes - 1) / rangeBytes))
                XCTAssertEqual(pieces.flatMap { bytes[Int($0.lowerBound)..<Int($0.upperBound)] }, bytes)
                for (number, piece) in pieces.enumerated() {
                    let low = Int(piece.lowerBound), high = Int(piece.upperBound)
                    XCTAssertTrue(lineStarts.contains(low) || low == bytes.count)
                    XCTAssertTrue(lineStarts.contains(high) || high == bytes.count)
                    let nominal = number * rangeBytes..<(number + 1) * rangeBytes
                    XCTAssertEqual(Set(lineStarts.filter { (low..<high).contains($0) }), Set(lineStarts.filter(nominal.contains)))
                }
            }
        }
    }

    func randomText(_ random: inout SeededRandom) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...8, using: &random) {
            let length = [0, 1, 2, 5, 17][Int.random(in: 0..<5, using: &random)]
            bytes += (0..<length).map { _ in UInt8.random(in: UInt8(ascii: "a")...UInt8(ascii: "z"), using: &random) }
            bytes += Bool.random(using: &random) ? [UInt8(ascii: "\n")] : [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        }
        if Bool.random(using: &random) { bytes += Array("tail".utf8) }
        return bytes
    }

    func reader(_ bytes: [UInt8]) -> (Int64, Int) -> [UInt8] {
        { offset, count in Array(bytes[Int(offset)..<min(bytes.count, Int(offset) + count)]) }
    }
}
