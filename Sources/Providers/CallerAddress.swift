import Foundation
import HTTPClient

/// This machine's public address as the internet sees it, for the security group's SSH rule.
public struct CallerAddress: Sendable {
    /// The service that answers with the caller's address.
    public static let service = URL(string: "https://checkip.amazonaws.com/")!

    /// Why the address could not be found: facts only, the CLI words the advice.
    public struct LookupError: Error, Sendable, CustomStringConvertible {
        /// The service asked.
        public var host: String
        /// The HTTP status it answered with, when it answered.
        public var status: Int?
        /// The transport's error when it did not answer.
        public var detail: String?

        public init(host: String, status: Int?, detail: String?) {
            self.host = host
            self.status = status
            self.detail = detail
        }

        public var description: String {
            if let status { return "\(host) answered HTTP \(status)" }
            return "\(host) did not answer: \(detail ?? "")"
        }
    }

    let environment: [String: String]
    let service: URL

    /// `environment` carries the proxy settings curl honours; `service` is replaceable for tests.
    public init(environment: [String: String], service: URL = CallerAddress.service) {
        self.environment = environment
        self.service = service
    }

    /// `A.B.C.D/32`, asked of the service.
    public func cidr() throws -> String {
        let transport = CurlTransport(connectTimeout: 5, timeout: 10, environment: environment)
        let host = service.host ?? ""
        let response: HTTPResponse
        do {
            response = try transport.send(HTTPRequest(method: "GET", url: service))
        } catch {
            throw LookupError(host: host, status: nil, detail: "\(error)")
        }
        let text = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = text.split(separator: ".")
        guard response.status == 200, parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else {
            throw LookupError(host: host, status: response.status, detail: nil)
        }
        return text + "/32"
    }
}
