import Foundation
import HTTPClient
import XCTest

/// A real `moto_server` on a free loopback port, for one test class. Stopped by its own pid.
final class MotoServer {
    let port: Int
    let process = Process()
    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// `environment` adds to the test's own (e.g. `INITIAL_NO_AUTH_ACTION_COUNT=0` turns on auth).
    init(environment: [String: String] = [:]) throws {
        port = LoopbackPort.free()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["moto_server", "-H", "127.0.0.1", "-p", "\(port)"]
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try waitUntilAnswering()
    }

    private func waitUntilAnswering() throws {
        let transport = CurlTransport(connectTimeout: 1, timeout: 2, proxy: ProxySettings())
        let deadline = Date().addingTimeInterval(30)
        let url = URL(string: "\(endpoint)/moto-api/")!
        while Date() < deadline {
            if (try? transport.send(HTTPRequest(method: "GET", url: url))) != nil { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw MotoStartFailure(port: port)
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

struct MotoStartFailure: Error, CustomStringConvertible {
    let port: Int
    var description: String { "moto_server did not answer on 127.0.0.1:\(port) within 30 s; is PyPI moto[server] installed?" }
}
