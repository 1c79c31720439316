import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import JobAPI
import Jobs
import Logging
import Notifications
import ServiceLifecycle

/// Builds the master's HTTP application: the `/v1` and `/txt` routes of the contract over one
/// `JobMaster` behind the `AccessGate` (token or Host check, failure limit, body read in time),
/// every error through `ErrorAnswer`, bodies over 1 MB refused with 413, optionally over TLS.
public enum MasterServer {
    /// What `GET /v1` says of this master, and where it listens.
    public struct Identity: Sendable {
        public var directory: String
        public var pid: Int32
        public var started: Date
        /// Bound by its builder once the server listens (an execution's `slicer_port`).
        public var address: ListenAddress

        public init(
            directory: String, pid: Int32, started: Date,
            address: ListenAddress = ListenAddress(ServerSettings(host: "127.0.0.1", port: 0, access: .openOnLoopback(hosts: [])))
        ) {
            self.directory = directory
            self.pid = pid
            self.started = started
            self.address = address
        }
    }

    /// The router with every route, for an application or an in-process test; `secure`: the
    /// master serves TLS (the dialects' `url` fields say `https`).
    public static func router(master: JobMaster, notifier: Notifier, identity: Identity, secure: Bool = false) -> Router<BasicRequestContext> {
        routes(master: master, notifier: notifier, identity: identity, secure: secure).router
    }

    /// The router and the table of its routes (which the contract test compares with the
    /// OpenAPI document).
    static func routes(master: JobMaster, notifier: Notifier, identity: Identity, secure: Bool = false) -> (router: Router<BasicRequestContext>, table: RouteTable) {
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        let table = RouteTable()
        router.add(middleware: ErrorMiddleware(table: table))
        let routes = RouteBuilder(router: router, table: table)
        let about = MasterDocument(
            name: ServerVersion.name, version: ServerVersion.version, directory: identity.directory, pid: identity.pid,
            started: APIDate.string(identity.started))
        ClusterRoutes(master: master, about: about).add(to: routes)
        ClusterResourceRoutes(clusters: master.clusters).add(to: routes)
        JobRoutes(master: master, hosts: notifier.hosts, cache: DocumentCache(revision: { master.revision }), address: identity.address)
            .add(to: routes)
        ExecutionRoutes(master: master, address: identity.address).add(to: routes)
        TextRoutes(master: master).add(to: routes)
        ContractRoutes().add(to: routes)
        XplentyRoutes(master: master, scheme: secure ? "https" : "http", address: identity.address).add(to: routes)
        AgaveRoutes(master: master, hosts: notifier.hosts, address: identity.address).add(to: routes)
        NotificationRoutes(notifier: notifier).add(to: routes)
        AgaveNotificationRoutes(notifier: notifier, master: master).add(to: routes)
        return (router, table)
    }

    /// The application listening as `settings` say (port 0: a free one), the access gate
    /// around the router, `services` run beside the server (started first, stopped after it, in
    /// reverse order); `onListening` gets the port actually bound once the server accepts
    /// connections. Throws `ServerSettings.TLSFileError` when the TLS files cannot be used.
    public static func application(
        master: JobMaster, notifier: Notifier, identity: Identity, settings: ServerSettings, services: [any Service] = [], logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let gate = AccessGate(
            inner: router(master: master, notifier: notifier, identity: identity, secure: settings.tls != nil).buildResponder(),
            policy: settings.access, limiter: FailureLimiter(burst: settings.failureLimit.burst, perSecond: settings.failureLimit.perSecond), bodyTimeout: settings.readTimeout)
        let http1 = HTTPServerBuilder.http1(configuration: .init(idleTimeout: .milliseconds(Int64(settings.readTimeout * 1000))))
        let server = try settings.tlsConfiguration().map { try HTTPServerBuilder.tls(http1, tlsConfiguration: $0) } ?? http1
        let configuration = ApplicationConfiguration(
            address: .hostname(settings.host, port: settings.port), serverName: "ess",
            availableConnectionsDelegate: MaximumAvailableConnections(settings.maxConnections, logger: logger))
        return Application(
            responder: gate, server: server, configuration: configuration, services: services,
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? settings.port) },
            logger: logger)
    }
}
