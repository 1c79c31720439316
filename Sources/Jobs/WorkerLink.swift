import Foundation
import JobModel

/// One slice's command as a worker runs it.
public struct SliceRun: Sendable, Equatable {
    public var index: Int64
    /// The command with its placeholders substituted, for `/bin/sh -c`.
    public var command: String
    /// Bytes of a file on the master to stream as standard input.
    public var stdin: ByteRange?
    /// Seconds it may run; nil: no limit.
    public var timeout: Double?
    /// Where to keep its standard output on the master while it runs (the controller appends
    /// it to a segment only if the slice completes); nil: discard.
    public var output: SliceOutput?
    /// A file on the worker to fetch as the slice's output (`output: file`).
    public var remoteOutput: String?
    /// Objects the worker fetches itself (presigned GETs), streamed in order to the command's
    /// standard input.
    public var fetches: [ObjectFetch]
    /// Where the worker puts the command's standard output itself (a presigned PUT).
    public var upload: ObjectUpload?

    public init(
        index: Int64, command: String, stdin: ByteRange? = nil, timeout: Double? = nil, output: SliceOutput? = nil, remoteOutput: String? = nil,
        fetches: [ObjectFetch] = [], upload: ObjectUpload? = nil
    ) {
        self.index = index
        self.command = command
        self.stdin = stdin
        self.timeout = timeout
        self.output = output
        self.remoteOutput = remoteOutput
        self.fetches = fetches
        self.upload = upload
    }
}

/// An object (or a range of it) a worker fetches with a presigned GET. The URL carries a
/// signature: it goes to the worker and nowhere else (no log, no history, no error text).
public struct ObjectFetch: Sendable, Equatable {
    /// The presigned URL.
    public var url: String
    /// `s3://bucket/key`, for messages.
    public var name: String
    /// The first byte and how many; nil: the whole object. A length of 0 fetches nothing.
    public var offset: Int64
    public var length: Int64?

    public init(url: String, name: String, offset: Int64 = 0, length: Int64? = nil) {
        self.url = url
        self.name = name
        self.offset = offset
        self.length = length
    }
}

/// Where a worker puts a slice's standard output with a presigned PUT, once the command exited
/// 0; an output over `maxBytes` fails the slice and nothing is put.
public struct ObjectUpload: Sendable, Equatable {
    /// The presigned URL (a secret, as `ObjectFetch.url`).
    public var url: String
    /// `s3://bucket/key` of the staging object, for messages.
    public var name: String
    public var maxBytes: Int64

    /// S3's limit for one PUT: 5 GiB.
    public static let singlePutLimit: Int64 = 5 << 30

    public init(url: String, name: String, maxBytes: Int64 = ObjectUpload.singlePutLimit) {
        self.url = url
        self.name = name
        self.maxBytes = maxBytes
    }
}

/// A running slice: its remote process group can be ended, and whether its command has
/// started on the worker can be awaited (a slice is sent before its command starts there).
public protocol SliceHandle: Sendable {
    /// TERM when `force` is false, KILL when true.
    func end(force: Bool)
    /// Waits until the command started on the worker, or the slice ended, or `deadline`;
    /// false only at the deadline.
    func awaitStart(until deadline: Date) -> Bool
}

extension SliceHandle {
    /// A handle whose slices start the moment they are sent (workers in memory).
    public func awaitStart(until deadline: Date) -> Bool { true }
}

/// One worker as the controller uses it: one connection for the whole execution, no new
/// connection or handshake per slice. `start` returns at once; `finished` is called exactly once, from any thread.
public protocol WorkerLink: AnyObject, Sendable {
    var name: String { get }
    /// Slices at once on this worker.
    var slots: Int { get }
    func start(_ run: SliceRun, finished: @escaping @Sendable (SliceResult) -> Void) -> any SliceHandle
    /// The regular files a glob matches on the worker (for `remote` inputs), relative paths
    /// taken from its home.
    func list(_ pattern: String) throws -> [String]
    /// Removes the execution's folder on the worker (after it completed: its outputs are on
    /// the master). Best effort; a worker that does not answer keeps it.
    func removeFolder()
    /// Closes the connection (in-flight slices end as `lost`).
    func close()
    /// Lets the worker go at the execution's end: removes its folder first when
    /// `removingFolder`, then closes; calls `done` once it did, from any thread. Returns at once.
    func release(removingFolder: Bool, done: @escaping @Sendable () -> Void)
}

extension WorkerLink {
    /// Removes the folder and closes on the calling thread, then calls `done`.
    public func release(removingFolder: Bool, done: @escaping @Sendable () -> Void) {
        if removingFolder { removeFolder() }
        close()
        done()
    }
}

/// A node of the cluster as a worker, whether or not an execution uses it.
public struct WorkerNode: Sendable, Equatable {
    /// The name links use (the node's instance id).
    public var name: String
    public var hostname: String
    /// Slices at once it takes when a spec names no `slots` (its cpus).
    public var slots: Int

    public init(name: String, hostname: String, slots: Int) {
        self.name = name
        self.hostname = hostname
        self.slots = slots
    }
}

/// Connects an execution to its workers and prepares its folder on each.
public protocol WorkerSource: Sendable {
    /// The workers the spec asks for, connected; an error when none can be used.
    func connect(exID: Int64, spec: JobSpec) throws -> [any WorkerLink]
    /// The cluster's nodes that could be workers, each with the slots an execution gets on it
    /// when its spec names none (a source may have to ask a node the first time).
    func inventory() throws -> [WorkerNode]
    /// How many workers an execution of `spec` on API cluster `clusterID` (nil: the master's
    /// own) would connect to now, counted from the record (no connection made). A source of one
    /// cluster answers for its own.
    func workerCount(for spec: JobSpec, on clusterID: Int64?) throws -> Int
    /// Changes whenever what `inventory` and `workerCount` answer may have changed; cheap enough
    /// to read on every request.
    var inventoryStamp: UInt64 { get }
}

extension WorkerSource {
    /// The inventory's nodes, at most the spec's `workers`.
    public func workerCount(for spec: JobSpec, on clusterID: Int64?) throws -> Int {
        min(try inventory().count, spec.workers ?? Int.max)
    }

    /// A source whose nodes never change.
    public var inventoryStamp: UInt64 { 0 }
}
