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
    ],
    targets: [
        // C at the bottom: libssh2 through the system's pkg-config.
        .systemLibrary(
            name: "CLibSSH2",
            pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"])]
        ),
        // libssh2 sessions, channels, host keys and fan-out on threads.
        .target(name: "SSH", dependencies: ["CLibSSH2"]),
        // Provider-neutral values: nodes, reservations, the state file schema, the node state machine.
        .target(name: "ClusterModel"),
        // POSIX at the bottom: file locks, atomic files, child processes, private files and folders.
        .target(name: "CPlatform"),
        .target(name: "Platform", dependencies: ["CPlatform"]),
        // Providers behind one protocol: local (sshd nodes on loopback), custom.
        .target(name: "Providers", dependencies: ["ClusterModel", "Platform"]),
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
                "ESSCore", "Providers", "ClusterModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "ess", dependencies: ["ESSCLI"]),

        .testTarget(name: "ClusterModelTests", dependencies: ["ClusterModel"]),
        .testTarget(name: "SSHTests", dependencies: ["SSH", "ESSCore", "Providers"]),
        .testTarget(name: "ESSCoreTests", dependencies: ["ESSCore", "ClusterModel", "Providers", "Platform", "SSH"]),
        .testTarget(name: "EndToEndTests", dependencies: ["ess", "ClusterModel", "Platform", "Providers"]),
    ],
    swiftLanguageModes: [.v6]
)
