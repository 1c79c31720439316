// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ess",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ess", targets: ["ess"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // C at the bottom: libssh2 through the system's pkg-config.
        .systemLibrary(
            name: "CLibSSH2",
            pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"])]
        ),
        // libssh2 sessions, channels, host keys and fan-out on threads.
        .target(name: "SSH", dependencies: ["CLibSSH2", "Platform"]),
        // Provider-neutral values: nodes, reservations, the state file schema, the node state machine.
        .target(name: "ClusterModel"),
        // Provider-neutral job values: the spec and its checks, the execution and slice state
        // machines and the schedule that drives them, the slicers. No I/O: file systems come in
        // through protocols, time with events.
        .target(name: "JobModel", dependencies: ["ClusterModel"]),
        // The master's records as plain values: jobs, executions, slices, history, API clusters,
        // subscriptions, deliveries, attempts, outbox events; what the stores take and give back.
        .target(name: "MasterModel", dependencies: ["JobModel", "ClusterModel"]),
        // The master's SQLite database (GRDB, WAL, migrations) and a store per aggregate over it:
        // executions, clusters, notifications. The only target with SQL and records.
        .target(name: "JobStore", dependencies: ["MasterModel", "JobModel", "ClusterModel", .product(name: "GRDB", package: "GRDB.swift")]),
        // Runs executions: one controller per execution drives the state machines over workers.
        .target(name: "Jobs", dependencies: ["JobModel", "JobStore", "MasterModel", "ClusterModel", "Platform"]),
        // The master's wire format: the documents its HTTP API answers with (Teraslice's field
        // names), written by the server and read by the `ess job` client. Values only.
        .target(name: "JobAPI", dependencies: ["JobModel"]),
        // Notifications: subscriptions, the outbox dispatcher, signed webhooks and mail over libcurl.
        .target(
            name: "Notifications",
            dependencies: ["JobStore", "MasterModel", "JobModel", "JobAPI", "HTTPClient", "Platform", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The master's HTTP server (Hummingbird 2): the `/v1` and `/txt` routes over `JobMaster`,
        // thin, with one renderer of answers and errors.
        .target(
            name: "ESSServer",
            dependencies: [
                "Jobs", "MasterModel", "JobModel", "JobAPI", "ClusterModel", "Notifications", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"), .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The OpenAPI document, embedded in the binary at build time (PackageResources.openapi_json).
            resources: [.embedInCode("OpenAPI/openapi.json")]
        ),
        // POSIX at the bottom: file locks, atomic files, child processes, private files and folders.
        .target(name: "CPlatform"),
        .target(name: "Platform", dependencies: ["CPlatform"]),
        // C at the bottom: libcurl through the system's pkg-config.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // AWS Signature V4: a pure value type, the clock passed in.
        .target(name: "AWSSigV4", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // libcurl behind a small transport protocol.
        .target(name: "HTTPClient", dependencies: ["CCurl"]),
        // The `ess job` client of the master: one call per route over libcurl, finding the
        // master (ESS_MASTER, .conf/master.json, or start one), waiting with backoff.
        .target(name: "JobClient", dependencies: ["HTTPClient", "JobAPI", "JobModel"]),
        // What every AWS client shares: the configuration (credentials, region, endpoints) found
        // as the AWS CLI finds it, the retry policy and the adaptive rate limiter, XML trees.
        .target(name: "AWSCore", dependencies: ["AWSSigV4", "HTTPClient"]),
        // The EC2 Query API client: requests, XML decoding, errors.
        .target(
            name: "EC2",
            dependencies: [
                "AWSCore", "AWSSigV4", "HTTPClient",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The S3 REST client the master uses: listings, reads, puts, copies, deletes, presigned URLs.
        .target(
            name: "S3",
            dependencies: [
                "AWSCore", "AWSSigV4", "HTTPClient",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Providers behind one protocol: local (sshd nodes on loopback), ec2, custom.
        .target(
            name: "Providers",
            dependencies: [
                "ClusterModel", "Platform", "AWSCore", "EC2", "HTTPClient",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Stores (reservation.json, keys, cluster registry) and the orchestration of every command.
        .target(
            name: "ESSCore",
            dependencies: [
                "ClusterModel", "SSH", "Platform",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The master, built by one function from one configuration value: the store, the
        // executions, the API clusters, the notification dispatcher and the HTTP server as
        // services of one application that start and stop in order.
        .target(
            name: "ESSMaster",
            dependencies: [
                "ESSServer", "Jobs", "JobModel", "JobWorkers", "JobStore", "Notifications", "ESSCore", "ClusterModel", "Platform", "AWSCore", "S3", "HTTPClient",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The command tree and output rendering, as a library so tests can reach it.
        .target(
            name: "ESSCLI",
            dependencies: [
                "ESSCore", "Providers", "ClusterModel", "AWSCore", "EC2", "SSH", "Platform", "ESSServer", "ESSMaster", "Jobs",
                "JobClient", "JobAPI", "JobModel", "HTTPClient", "Notifications",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The real workers of a job: the directory's cluster nodes over one SSH connection each.
        .target(name: "JobWorkers", dependencies: ["Jobs", "JobModel", "ESSCore", "SSH", "ClusterModel", "Platform", "Providers"]),
        .executableTarget(name: "ess", dependencies: ["ESSCLI"]),

        // What every test target shares: moto_server, sshd configured as a local node, free
        // loopback ports, temporary folders and child processes, each written once.
        .target(
            name: "TestSupport",
            dependencies: ["Platform", "Providers", "SSH", "HTTPClient", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "ClusterModelTests", dependencies: ["ClusterModel", "TestSupport"]),
        .testTarget(name: "JobModelTests", dependencies: ["JobModel", "TestSupport"]),
        .testTarget(name: "MasterModelTests", dependencies: ["MasterModel", "JobModel", "ClusterModel"]),
        // Workers in memory for the unit tests of the controller, the master and the server.
        .target(name: "JobsTestSupport", dependencies: ["Jobs", "JobModel", "JobStore"], path: "Tests/JobsTestSupport"),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "JobStore", "MasterModel", "JobModel", "ClusterModel", "JobsTestSupport", "TestSupport"]),
        .testTarget(
            name: "ESSServerTests",
            dependencies: [
                "ESSServer", "ESSMaster", "Jobs", "JobStore", "JobModel", "JobAPI", "HTTPClient", "JobsTestSupport", "TestSupport", "Platform",
                "Notifications", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ESSMasterTests",
            dependencies: [
                "ESSMaster", "ESSServer", "JobStore", "MasterModel", "JobModel", "JobAPI", "HTTPClient", "JobsTestSupport", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "JobStoreTests", dependencies: ["JobStore", "MasterModel", "JobModel", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "SSHTests", dependencies: ["SSH", "TestSupport"]),
        .testTarget(
            name: "JobWorkersTests",
            dependencies: ["JobWorkers", "Jobs", "JobStore", "JobModel", "ESSCore", "ClusterModel", "SSH", "Platform", "JobsTestSupport", "TestSupport"]
        ),
        .testTarget(
            name: "ESSCoreTests",
            dependencies: ["ESSCore", "ClusterModel", "Providers", "Platform", "SSH", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "ESSCLITests",
            dependencies: [
                "ESSCLI", "ESSCore", "AWSCore", "EC2", "Providers", "SSH", "TestSupport", "JobClient", "JobAPI", "JobModel", "HTTPClient", "ClusterModel",
                "Platform", "Jobs", "ESSMaster",
            ]
        ),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4", "TestSupport"]),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "TestSupport"]),
        .testTarget(
            name: "S3Tests",
            dependencies: [
                "S3", "AWSCore", "AWSSigV4", "HTTPClient", "ESSMaster", "Jobs", "JobModel", "TestSupport", "Platform",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "EC2Tests",
            dependencies: [
                "AWSCore", "EC2", "AWSSigV4", "HTTPClient", "Providers", "ClusterModel", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "EndToEndTests", dependencies: ["ess", "AWSCore", "ClusterModel", "Platform", "Providers", "TestSupport", "JobStore", "MasterModel", "JobModel", "JobAPI"]
        ),
        .testTarget(name: "JobEndToEndTests", dependencies: ["ess", "Platform", "TestSupport"]),
        .testTarget(
            name: "NotificationsTests",
            dependencies: ["Notifications", "JobStore", "MasterModel", "JobModel", "JobAPI", "ClusterModel", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
