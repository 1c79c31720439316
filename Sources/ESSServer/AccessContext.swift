import Hummingbird
import Logging
import NIOCore

/// The request context of the access gate: the core storage, and the connection the gate
/// reads the client's address from; `basic` is the router's context for the same request.
struct AccessContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The client's IP address, the key of the failure limit.
    var clientAddress: String { channel.remoteAddress?.ipAddress ?? "unknown" }

    /// The router's context for this request.
    var basic: BasicRequestContext { BasicRequestContext(source: .init(channel: channel, logger: logger)) }
}
