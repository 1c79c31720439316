import ESSServer
import Foundation
import Hummingbird
import Jobs
import JobStore
import Notifications
import ServiceLifecycle

/// Builds the master from its configuration: the store, the worker sources, the cluster
/// controller, the execution core (`JobMaster`), the notification dispatcher and the HTTP API,
/// wired once, here. `ess serve` and the tests both build it with this function.
/// Throws `MasterBuildError` when the store or the TLS files cannot be used.
public func buildMaster(_ configuration: MasterConfiguration) throws -> Master {
    let database: MasterDatabase
    do {
        database = try MasterDatabase(path: configuration.storePath)
    } catch {
        throw MasterBuildError.store(path: configuration.storePath, reason: "\(error)")
    }
    let workers = configuration.workers
    let describe = configuration.describeError
    let connections = workers.connections()
    let source = ClusterWorkerSource(
        own: try workers.source(for: configuration.directory, connections: connections, describe: describe), database: database
    ) { folder in
        try workers.source(for: folder, connections: connections, describe: describe)
    }
    let provisioner: any ClusterProvisioner = configuration.clusters.folders.map { FolderProvisioner(folders: $0) } ?? NoProvisioner()
    let clusters = ClusterController(
        database: database, directory: configuration.directory, provisioner: provisioner, maxNodes: configuration.clusters.maxNodes,
        now: configuration.now)
    let jobs = JobMaster(
        database: database, source: source, outputRoot: configuration.outputRoot, directory: configuration.directory,
        batchSize: configuration.executions.batchSize, flushDelay: configuration.executions.flushDelay, now: configuration.now,
        clusters: clusters, objectStores: configuration.objectStores)
    let notifications = configuration.notifications
    let settings = configuration.server
    let address = ListenAddress(settings)
    let dispatcher = NotificationDispatcher(
        database: database, subjects: MasterSubjects(master: jobs, address: address), hosts: notifications.hosts, mail: notifications.mail,
        retention: notifications.retention, now: configuration.now)
    let executions = ExecutionService(jobs: jobs, onReady: configuration.onReady) { connections?.close() }
    let notifier = NotificationService(dispatcher: dispatcher, after: executions.stopped)
    let services: [any Service] = [StoreService(database: database, after: notifier.stopped), notifier, executions]
    let identity = MasterServer.Identity(directory: configuration.directory, pid: getpid(), started: configuration.now(), address: address)
    let application: any ApplicationProtocol
    do {
        application = try MasterServer.application(
            master: jobs, notifier: Notifier(database: database, hosts: notifications.hosts, now: configuration.now), identity: identity,
            settings: settings, services: services,
            logger: configuration.logger
        ) { port in
            address.bind(port)
            executions.listening(at: address.url)
        }
    } catch let error as ServerSettings.TLSFileError {
        connections?.close()
        throw MasterBuildError.tlsFile(path: error.path, detail: error.detail)
    }
    return Master(application: application, jobs: jobs, configuration: configuration, executions: executions)
}

/// Why a master could not be built, as facts (the CLI words them).
public enum MasterBuildError: Error, Sendable, Equatable {
    /// The store cannot be opened or migrated.
    case store(path: String, reason: String)
    /// A TLS file cannot be used.
    case tlsFile(path: String, detail: String)
}
