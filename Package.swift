// swift-tools-version:6.0
import PackageDescription

// `scripts/release` links a libgit2 built without network transports: it has no TLS library whose CA loading
// CNoCertificates stands in for, so the release leaves that target out.
let libgit2WithoutNetwork = Context.environment["LEADS_LIBGIT2_WITHOUT_NETWORK"] == "1"

let package = Package(
  name: "leads",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "leads", targets: ["leads"]),
    .library(name: "LeadsCore", targets: ["LeadsCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibGit2",
      pkgConfig: "libgit2",
      providers: [.apt(["libgit2-dev"])]
    ),
    // Keeps libgit2 from parsing the system's CA certificates at start-up; see its source for why. It works by
    // ELF symbol interposition, so it is linked into the executable only, and only on Linux.
    .target(name: "CNoCertificates"),
    // fork and exec with the child tied to its parent's life (PR_SET_PDEATHSIG), which posix_spawn cannot do.
    .target(name: "CSpawn"),
    // Repository paths in one buffer, searched in byte order: shared by the index reader and the linter.
    .target(name: "PathBuffer"),
    .target(name: "LeadsGit", dependencies: ["CLibGit2", "CSpawn", "PathBuffer"]),
    .target(name: "LeadsCore", dependencies: ["Yams", "PathBuffer"]),
    .target(name: "LeadsKit", dependencies: ["LeadsCore", "LeadsGit", "PathBuffer"]),
    .executableTarget(
      name: "leads",
      dependencies: [
        "LeadsKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
        + (libgit2WithoutNetwork
          ? [] : [.target(name: "CNoCertificates", condition: .when(platforms: [.linux]))])
    ),
    .testTarget(name: "LeadsCoreTests", dependencies: ["LeadsCore", "Yams"], exclude: ["Golden"]),
    .testTarget(name: "LeadsGitTests", dependencies: ["LeadsGit"]),
    .testTarget(name: "LeadsKitTests", dependencies: ["LeadsKit", "LeadsGit"], exclude: ["Golden"]),
    .testTarget(name: "LeadsCLITests", dependencies: ["leads"]),
  ]
)
