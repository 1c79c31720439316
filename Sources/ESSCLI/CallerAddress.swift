import ESSCore
import Foundation
import HTTPClient

/// This machine's public address as the internet sees it, for the security group's SSH rule.
enum CallerAddress {
    static let service = URL(string: "https://checkip.amazonaws.com/")!

    /// `A.B.C.D/32`, asked of checkip.amazonaws.com; an error that says how to set it instead.
    static func cidr(environment: [String: String]) throws -> String {
        let transport = CurlTransport(connectTimeout: 5, timeout: 10, environment: environment)
        let advice = "set the CIDR allowed to SSH with --ssh-cidr or ESS_SSH_CIDR (e.g. 203.0.113.7/32)"
        let response: HTTPResponse
        do {
            response = try transport.send(HTTPRequest(method: "GET", url: service))
        } catch {
            throw ESSError.failure("could not find this machine's public address (\(service.host ?? "") did not answer: \(error)); \(advice)")
        }
        let text = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = text.split(separator: ".")
        guard response.status == 200, parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else {
            throw ESSError.failure("could not find this machine's public address (\(service.host ?? "") answered HTTP \(response.status)); \(advice)")
        }
        return text + "/32"
    }
}
