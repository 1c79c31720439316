import ESSCore
import Foundation
import XCTest

/// `LineSplitter`: the lines of `ess cluster run`'s live output, whatever the chunks.
final class LineSplitterTests: XCTestCase {
    typealias Line = LineSplitter.Line

    /// Feeds `bytes` cut at `cuts` (offsets), then finishes.
    func split(_ bytes: [UInt8], at cuts: [Int] = [], limit: Int = 64 * 1024) -> [Line] {
        var splitter = LineSplitter(limit: limit)
        var lines: [Line] = []
        var start = 0
        for cut in cuts.sorted() + [bytes.count] where cut >= start {
            lines += splitter.split(Data(bytes[start..<cut]))
            start = cut
        }
        return lines + splitter.finish()
    }

    func split(_ text: String, at cuts: [Int] = [], limit: Int = 64 * 1024) -> [Line] {
        split(Array(text.utf8), at: cuts, limit: limit)
    }

    func lines(_ texts: String...) -> [Line] { texts.map { Line(Data($0.utf8)) } }

    func testWholeLinesComeOutWithoutTheirNewline() {
        XCTAssertEqual(split("one\ntwo\n\nthree\n"), lines("one", "two", "", "three"))
        XCTAssertEqual(split(""), [])
        XCTAssertEqual(split("\n"), lines(""))
    }

    func testALineIsHandedOutOnlyOnceItsNewlineArrives() {
        var splitter = LineSplitter()
        XCTAssertEqual(splitter.split(Data("par".utf8)), [])
        XCTAssertEqual(splitter.split(Data("tial\nnext".utf8)), lines("partial"))
        XCTAssertEqual(splitter.split(Data("\n".utf8)), lines("next"))
        XCTAssertEqual(splitter.finish(), [])
    }

    func testAFinalLineWithoutNewlineComesOutAtTheEnd() {
        var splitter = LineSplitter()
        XCTAssertEqual(splitter.split(Data("a\nno newline".utf8)), lines("a"))
        XCTAssertEqual(splitter.finish(), lines("no newline"))
        XCTAssertEqual(splitter.finish(), [], "finishing twice gives nothing more")
    }

    func testCRLFEndsALineAndALoneCarriageReturnStays() {
        XCTAssertEqual(split("dos\r\nunix\nbar\r50%\rdone\r\n"), lines("dos", "unix", "bar\r50%\rdone"))
        XCTAssertEqual(split("dos\r\n", at: [4]), lines("dos"), "the \\r and \\n in different chunks")
        XCTAssertEqual(split("last\r"), lines("last"))
    }

    func testEveryWayOfCuttingTheChunksGivesTheSameLines() {
        let text = "alpha\r\nβeta\n\nγάμμα without end\r\n" + String(repeating: "x", count: 40) + "\nend"
        let bytes = Array(text.utf8)
        let whole = split(bytes, limit: 16)
        XCTAssertEqual(whole.count, 9, "\(whole)")
        for cut in 0...bytes.count {
            XCTAssertEqual(split(bytes, at: [cut], limit: 16), whole, "one cut at \(cut)")
        }
        for first in 0...bytes.count {
            for second in first...bytes.count where split(bytes, at: [first, second], limit: 16) != whole {
                XCTFail("cuts at \(first) and \(second)")
            }
        }
        let oneByteAtATime = Array(0...bytes.count)
        XCTAssertEqual(split(bytes, at: oneByteAtATime, limit: 16), whole)
    }

    func testAHugeLineComesOutInBoundedPiecesMarkedAsContinuations() {
        let huge = Array(repeating: UInt8(ascii: "x"), count: 200_000)
        var splitter = LineSplitter(limit: 64 * 1024)
        var pieces: [Line] = []
        for start in stride(from: 0, to: huge.count, by: 1000) {
            pieces += splitter.split(Data(huge[start..<min(start + 1000, huge.count)]))
        }
        XCTAssertEqual(pieces.map(\.bytes.count), [65_536, 65_536, 65_536], "handed out while the line still goes on")
        pieces += splitter.split(Data("\nnext\n".utf8))
        XCTAssertEqual(pieces.map(\.bytes.count), [65_536, 65_536, 65_536, 3392, 4])
        XCTAssertEqual(pieces.map(\.isContinuation), [false, true, true, true, false])
        XCTAssertEqual(pieces.dropLast().reduce(Data(), { $0 + $1.bytes }), Data(huge), "nothing lost, nothing added")
    }

    func testALineOfExactlyTheLimitIsNotCut() {
        XCTAssertEqual(split(String(repeating: "y", count: 16) + "\n", limit: 16), lines(String(repeating: "y", count: 16)))
        XCTAssertEqual(split(String(repeating: "y", count: 16) + "\r\n", at: [16, 17], limit: 16), lines(String(repeating: "y", count: 16)))
        XCTAssertEqual(split(String(repeating: "y", count: 16), limit: 16), lines(String(repeating: "y", count: 16)))
    }

    func testPiecesAreNotCutInsideAUTF8Character() {
        // 15 ASCII bytes, then a 4-byte emoji across the 16-byte limit: the first piece stops before it.
        let text = String(repeating: "a", count: 15) + "😀" + String(repeating: "b", count: 20) + "\n"
        let pieces = split(text, limit: 16)
        XCTAssertEqual(pieces.map { String(decoding: $0.bytes, as: UTF8.self) }, [String(repeating: "a", count: 15), "😀" + String(repeating: "b", count: 12), String(repeating: "b", count: 8)])
        XCTAssertTrue(pieces.allSatisfy { String(validating: $0.bytes, as: UTF8.self) != nil })
    }

    func testInvalidUTF8AndBinaryBytesPassThroughUntouched() {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0x41, 0xC3, 0x0A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x1B, 0x5B]
        let pieces = split(bytes, limit: 4)
        XCTAssertEqual(pieces.map { Array($0.bytes) }, [[0xFF, 0xFE, 0x00, 0x41], [0xC3], [0x80, 0x80, 0x80, 0x80], [0x80, 0x80, 0x80, 0x80], [0x1B, 0x5B]])
        XCTAssertEqual(pieces.map(\.isContinuation), [false, true, false, true, true], "no sequence start found: cut at the limit")
    }
}
