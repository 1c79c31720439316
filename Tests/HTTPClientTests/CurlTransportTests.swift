import Foundation
import HTTPClient
import TestSupport
import XCTest

final class CurlTransportTests: XCTestCase {
    var servers: [TestHTTPServer] = []

    override func tearDown() {
        servers.forEach { $0.stop() }
        servers = []
    }

    func server(silent: Bool = false, reply: @escaping (String) -> String = { _ in "ok" }) throws -> TestHTTPServer {
        let made = try TestHTTPServer(silent: silent, reply: reply)
        servers.append(made)
        return made
    }

    func testPostsBodyAndHeadersAndKeepsTheConnectionAlive() throws {
        let target = try server { "answer to \($0)" }
        let transport = CurlTransport(environment: [:])
        let url = URL(string: "http://127.0.0.1:\(target.port)/path")!
        for number in 1...3 {
            let response = try transport.send(
                HTTPRequest(method: "POST", url: url, headers: [(name: "X-Number", value: "\(number)")], body: Data("n=\(number)".utf8)))
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(String(decoding: response.body, as: UTF8.self), "answer to POST /path HTTP/1.1")
            XCTAssertEqual(response.headers["x-test"], "yes")
        }
        let get = try transport.send(HTTPRequest(method: "GET", url: url))
        XCTAssertEqual(String(decoding: get.body, as: UTF8.self), "answer to GET /path HTTP/1.1")
        XCTAssertEqual(target.connections, 1)
        let requests = target.requests
        XCTAssertEqual(requests.count, 4)
        XCTAssertEqual(requests.map(\.body), ["n=1", "n=2", "n=3", ""])
        XCTAssertEqual(requests[2].headers["x-number"], "3")
        XCTAssertEqual(requests[0].headers["host"], "127.0.0.1:\(target.port)")
        XCTAssertNil(requests[0].headers["expect"])
    }

    func testConnectFailureSaysSo() throws {
        let closed = try server(silent: true)
        closed.stop()
        let transport = CurlTransport(connectTimeout: 2, timeout: 5, environment: [:])
        XCTAssertThrowsError(try transport.send(HTTPRequest(method: "GET", url: URL(string: "http://127.0.0.1:\(closed.port)/")!))) { error in
            let failure = error as? HTTPTransportError
            XCTAssertEqual(failure?.kind, .connect)
            XCTAssertEqual(failure?.isConnectionFailure, true)
            XCTAssertTrue("\(error)".contains("could not connect to http://127.0.0.1:\(closed.port)/"), "\(error)")
            XCTAssertFalse(failure?.detail.isEmpty ?? true)
        }
    }

    func testSilentServerTimesOut() throws {
        let silent = try server(silent: true)
        let transport = CurlTransport(connectTimeout: 1, timeout: 0.3, environment: [:])
        XCTAssertThrowsError(try transport.send(HTTPRequest(method: "GET", url: URL(string: "http://127.0.0.1:\(silent.port)/")!))) { error in
            XCTAssertEqual((error as? HTTPTransportError)?.kind, .timeout, "\(error)")
        }
    }

    func testProxyFromTheGivenEnvironmentAndNoProxy() throws {
        let proxy = try server { _ in "via proxy" }
        let target = try server { _ in "direct" }
        let url = URL(string: "http://127.0.0.1:\(target.port)/x")!
        let proxied = CurlTransport(environment: ["http_proxy": "http://127.0.0.1:\(proxy.port)"])
        XCTAssertEqual(String(decoding: try proxied.send(HTTPRequest(method: "GET", url: url)).body, as: UTF8.self), "via proxy")
        XCTAssertEqual(proxy.requests.first?.requestLine, "GET http://127.0.0.1:\(target.port)/x HTTP/1.1")

        let bypassed = CurlTransport(environment: ["HTTP_PROXY": "http://127.0.0.1:\(proxy.port)", "NO_PROXY": "127.0.0.1"])
        XCTAssertEqual(String(decoding: try bypassed.send(HTTPRequest(method: "GET", url: url)).body, as: UTF8.self), "direct")
        XCTAssertEqual(proxy.requests.count, 1)
        XCTAssertEqual(target.requests.count, 1)
    }

    func testProxySettingsReadTheRightVariables() {
        let settings = ProxySettings(environment: [
            "HTTPS_PROXY": "http://upper:1", "https_proxy": "http://lower:1", "http_proxy": "http://plain:2", "no_proxy": "localhost",
        ])
        XCTAssertEqual(settings.proxy(for: URL(string: "https://ec2.us-east-1.amazonaws.com")!), "http://upper:1")
        XCTAssertEqual(settings.proxy(for: URL(string: "http://127.0.0.1:5000")!), "http://plain:2")
        XCTAssertEqual(settings.noProxy, "localhost")
        XCTAssertEqual(ProxySettings(environment: ["https_proxy": "http://lower:1", "HTTPS_PROXY": ""]).httpsProxy, "http://lower:1")
        XCTAssertNil(ProxySettings(environment: [:]).proxy(for: URL(string: "https://x")!))
    }

    func testHostHeaderOmitsDefaultPorts() {
        XCTAssertEqual(HTTPRequest(method: "GET", url: URL(string: "https://ec2.us-east-1.amazonaws.com/")!).hostHeader, "ec2.us-east-1.amazonaws.com")
        XCTAssertEqual(HTTPRequest(method: "GET", url: URL(string: "https://h:443/")!).hostHeader, "h")
        XCTAssertEqual(HTTPRequest(method: "GET", url: URL(string: "http://127.0.0.1:5000/")!).hostHeader, "127.0.0.1:5000")
    }
}
