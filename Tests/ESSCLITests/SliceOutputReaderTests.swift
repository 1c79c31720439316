@testable import ESSCLI
import Foundation
import HTTPClient
import JobAPI
import JobClient
import TestSupport
import XCTest

/// `ess job logs`: each completed slice once, in index order, listings resuming after what settled.
final class SliceOutputReaderTests: XCTestCase {
    private func slice(_ index: Int64, _ state: String) -> SliceDocument {
        SliceDocument(ex_id: "4", slice: index, state: state, attempts: 1, worker: "i-1", exitCode: nil, error: nil, stderr: nil,
                      input: [:], startedAt: nil, endedAt: nil)
    }

    func testEachCompletedSliceIsPrintedOnceAndListingsStartAfterWhatSettled() throws {
        let rounds = Rounds([
            [slice(0, "completed"), slice(1, "start"), slice(2, "completed")],
            [slice(1, "completed"), slice(2, "completed"), slice(3, "error"), slice(4, "pending")],
        ])
        let transport = ScriptedTransport { request in
            let path = request.url.path
            if path.hasSuffix("/output") {
                let index = path.split(separator: "/").dropLast().last.map(String.init) ?? "?"
                return index == "2" ? HTTPResponse(status: 404, body: Data(#"{"error": {"code": "not_found", "message": "none"}}"#.utf8))
                    : HTTPResponse(status: 200, body: Data("out \(index)".utf8))
            }
            return HTTPResponse(status: 200, body: try! JSONEncoder().encode(rounds.next(query: request.url.query ?? "")))
        }
        let printed = Printed()
        var reader = SliceOutputReader(client: MasterClient(baseURL: "http://127.0.0.1:1", transport: transport), exID: "4") { printed.add($0) }
        try reader.printCompleted()
        XCTAssertEqual(reader.floor, 0)
        try reader.printCompleted()
        XCTAssertEqual(reader.floor, 3)
        XCTAssertEqual(printed.text, "==> slice 0 <==\nout 0\n==> slice 2 <==\n==> slice 1 <==\nout 1\n")
        XCTAssertEqual(rounds.queries, ["size=1000", "after=0&size=1000"])
    }
}

private final class Rounds: @unchecked Sendable {
    private let lock = NSLock()
    private var pages: [[SliceDocument]]
    private(set) var queries: [String] = []

    init(_ pages: [[SliceDocument]]) {
        self.pages = pages
    }

    func next(query: String) -> [SliceDocument] {
        lock.withLock {
            queries.append(query)
            return pages.isEmpty ? [] : pages.removeFirst()
        }
    }
}

private final class Printed: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func add(_ more: Data) { lock.withLock { data += more } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
