@testable import ESSServer
import Foundation
import JobAPI
import JobStore
import Jobs
import JobsTestSupport
import Notifications
import TestSupport
import XCTest

/// The OpenAPI document against the server: the copy the binary serves is the committed file,
/// every native route is documented and every documented operation is a route, and each
/// operation documents the error answers its kind of request can get.
final class OpenAPIContractTests: XCTestCase {
    static var committedPath: String { PythonClients.packageRoot + "/Sources/ESSServer/OpenAPI/openapi.json" }

    func document() throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
    }

    /// `METHOD /path` with every parameter segment as `{}`, for both notations.
    static func normalized(_ method: String, _ path: String) -> String {
        let segments = path.split(separator: "/").map { $0.hasPrefix(":") || $0.hasPrefix("{") ? "{}" : String($0) }
        return method.uppercased() + " /" + segments.joined(separator: "/")
    }

    func documentedOperations() throws -> [String: [String: Any]] {
        let paths = try XCTUnwrap(try document()["paths"] as? [String: [String: Any]])
        var operations: [String: [String: Any]] = [:]
        for (path, item) in paths {
            for (method, operation) in item where method != "parameters" {
                operations[Self.normalized(method, path)] = try XCTUnwrap(operation as? [String: Any], "\(method) \(path)")
            }
        }
        return operations
    }

    func testTheServedDocumentIsTheCommittedFile() throws {
        let committed = try String(contentsOfFile: Self.committedPath, encoding: .utf8)
        XCTAssertEqual(OpenAPIDocument.json, committed, "the binary does not embed the committed file")
        let document = try document()
        XCTAssertEqual(document["openapi"] as? String, "3.1.0")
        XCTAssertEqual((document["info"] as? [String: Any])?["version"] as? String, ServerVersion.version)
    }

    func testEveryNativeRouteIsDocumentedAndEveryOperationIsARoute() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let identity = MasterServer.Identity(directory: server.folder.path, pid: getpid(), started: Date())
        let notifier = Notifier(database: try MasterDatabase(path: server.folder.path + "/ess.db"))
        let table = MasterServer.routes(master: server.master, notifier: notifier, identity: identity).table
        let native = Set(table.routes.filter { $0.pattern.hasPrefix("/v1") || $0.pattern.hasPrefix("/txt") }.map { Self.normalized($0.method, $0.pattern) })
        let documented = Set(try documentedOperations().keys)
        XCTAssertGreaterThan(native.count, 30)
        XCTAssertEqual(native.subtracting(documented).sorted(), [], "routes missing from Sources/ESSServer/OpenAPI/openapi.json")
        XCTAssertEqual(documented.subtracting(native).sorted(), [], "documented operations the server does not have")
    }

    func testEachOperationDocumentsItsErrors() throws {
        let responses = try XCTUnwrap((try document()["components"] as? [String: Any])?["responses"] as? [String: Any])
        XCTAssertEqual(
            Set(responses.keys),
            ["BadRequest", "Unauthorized", "NotFound", "MethodNotAllowed", "Conflict", "TooLarge", "Unprocessable", "TooManyRequests"])
        for (name, operation) in try documentedOperations() {
            let statuses = Set(try XCTUnwrap(operation["responses"] as? [String: Any], name).keys)
            XCTAssertTrue(statuses.contains { $0.hasPrefix("2") }, "\(name) documents no success")
            let open = name == "GET /v1"
            XCTAssertEqual(statuses.isSuperset(of: ["401", "429"]), !open, "\(name): 401 and 429 on every route that needs the token")
            XCTAssertEqual(name.contains("{}"), statuses.contains("404"), "\(name): 404 exactly where the path names something")
            if name.hasPrefix("POST") || name.hasPrefix("PUT"), operation["requestBody"] != nil {
                XCTAssertTrue(statuses.isSuperset(of: ["400", "413"]), "\(name): a body can be malformed or too large")
            }
        }
    }

    func testTheMasterServesTheDocument() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let response = try server.call("GET", "/v1/openapi.json")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.headers["content-type"], "application/json; charset=utf-8")
        XCTAssertEqual(String(decoding: response.body, as: UTF8.self), try String(contentsOfFile: Self.committedPath, encoding: .utf8))
    }
}
