import AWSCore
import Foundation

/// An error EC2 answered with: the code and message of its XML error document, the request
/// id to quote to AWS support, and the HTTP status.
public struct EC2Error: AWSServiceError, Equatable, CustomStringConvertible {
    public var action: String
    public var code: String
    public var message: String
    public var requestID: String?
    public var httpStatus: Int

    public init(action: String, code: String, message: String, requestID: String?, httpStatus: Int) {
        self.action = action
        self.code = code
        self.message = message
        self.requestID = requestID
        self.httpStatus = httpStatus
    }

    public var description: String {
        let id = requestID.map { ", request id \($0)" } ?? ""
        return "EC2 \(action) failed: \(code): \(message) (HTTP \(httpStatus)\(id))"
    }

    /// The code EC2Error uses for a response that is not an EC2 XML document at all.
    public static let unreadableResponse = "UnreadableResponse"

    /// Decodes EC2's error document, `<Response><Errors><Error><Code>…` (or moto's
    /// `<ErrorResponse>`). A body that is not one becomes `UnreadableResponse` with the status.
    public static func decode(action: String, status: Int, body: Data, requestIDHeader: String? = nil) -> EC2Error {
        guard let tree = XMLTree.parse(body), let error = tree.first(named: "Error"), let code = error.string("Code") else {
            let snippet = String(decoding: body.prefix(120), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
            return EC2Error(
                action: action, code: unreadableResponse,
                message: "the endpoint answered HTTP \(status) with a body that is not an EC2 response: \(snippet)",
                requestID: requestIDHeader, httpStatus: status)
        }
        let requestID = tree.string("RequestID") ?? tree.string("RequestId") ?? tree.first(named: "RequestID")?.text ?? requestIDHeader
        return EC2Error(action: action, code: code, message: error.string("Message") ?? "", requestID: requestID, httpStatus: status)
    }
}
