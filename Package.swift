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
        // machines, the slicers. No I/O: file systems come in through protocols.
        .target(name: "JobModel", dependencies: ["ClusterModel"]),
        // The master's SQLite store (GRDB): jobs, executions, slices, history; migrations.
        .target(name: "JobStore", dependencies: ["JobModel", "ClusterModel", .product(name: "GRDB", package: "GRDB.swift")]),
        // Runs executions: one controller per execution drives the state machines over workers.
        .target(name: "Jobs", dependencies: ["JobModel", "JobStore", "ClusterModel", "Platform"]),
        // The master's wire format: the documents its HTTP API answers with (Teraslice's field
        // names), written by the server and read by the `ess job` client. Values only.
        .target(name: "JobAPI", dependencies: ["JobModel"]),
        // Notifications: subscriptions, the outbox dispatcher, signed webhooks and mail over libcurl.
        .target(
            name: "Notifications",
            dependencies: ["JobStore", "JobModel", "JobAPI", "HTTPClient", "Platform", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The master's HTTP server (Hummingbird 2): the `/v1` and `/txt` routes over `JobMaster`,
        // thin, with one renderer of answers and errors.
        .target(
            name: "ESSServer",
            dependencies: [
                "Jobs", "JobStore", "JobModel", "JobAPI", "ClusterModel", "Notifications", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"), .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The OpenAPI document's source; Scripts/openapi writes it into OpenAPIDocument.swift.
            exclude: ["OpenAPI"]
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
        // The EC2 Query API client: configuration, requests, XML decoding, errors, retries.
        .target(
            name: "EC2",
            dependencies: [
                "AWSSigV4", "HTTPClient",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Providers behind one protocol: local (sshd nodes on loopback), ec2, custom.
        .target(
            name: "Providers",
            dependencies: [
                "ClusterModel", "Platform", "EC2", "HTTPClient",
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
        // The command tree and output rendering, as a library so tests can reach it.
        .target(
            name: "ESSCLI",
            dependencies: [
                "ESSCore", "Providers", "ClusterModel", "EC2", "SSH", "Platform", "ESSServer", "Jobs", "JobWorkers",
                "JobStore", "JobClient", "JobAPI", "JobModel", "HTTPClient", "Notifications",
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
            dependencies: ["Platform", "Providers", "SSH"],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "ClusterModelTests", dependencies: ["ClusterModel", "TestSupport"]),
        .testTarget(name: "JobModelTests", dependencies: ["JobModel", "TestSupport"]),
        // Workers in memory for the unit tests of the controller, the master and the server.
        .target(name: "JobsTestSupport", dependencies: ["Jobs", "JobModel"], path: "Tests/JobsTestSupport"),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "JobStore", "JobModel", "ClusterModel", "JobsTestSupport", "TestSupport"]),
        .testTarget(
            name: "ESSServerTests",
            dependencies: [
                "ESSServer", "Jobs", "JobStore", "JobModel", "JobAPI", "HTTPClient", "JobsTestSupport", "TestSupport", "Platform",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "JobStoreTests", dependencies: ["JobStore", "JobModel", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "SSHTests", dependencies: ["SSH", "TestSupport"]),
        .testTarget(
            name: "JobWorkersTests",
            dependencies: ["JobWorkers", "Jobs", "JobStore", "JobModel", "ESSCore", "ClusterModel", "SSH", "Platform", "TestSupport"]
        ),
        .testTarget(
            name: "ESSCoreTests",
            dependencies: ["ESSCore", "ClusterModel", "Providers", "Platform", "SSH", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "ESSCLITests",
            dependencies: [
                "ESSCLI", "ESSCore", "EC2", "Providers", "SSH", "TestSupport", "JobClient", "JobAPI", "JobModel", "HTTPClient", "ClusterModel",
                "Platform", "Jobs",
            ]
        ),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4", "TestSupport"]),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "TestSupport"]),
        .testTarget(
            name: "EC2Tests",
            dependencies: [
                "EC2", "AWSSigV4", "HTTPClient", "Providers", "ClusterModel", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["ess", "ClusterModel", "Platform", "Providers", "TestSupport", "JobStore", "JobModel", "JobAPI"]),
        .testTarget(name: "JobEndToEndTests", dependencies: ["ess", "Platform", "TestSupport"]),
        .testTarget(
            name: "NotificationsTests",
            dependencies: ["Notifications", "JobStore", "JobModel", "JobAPI", "ClusterModel", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
