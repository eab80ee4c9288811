import Testing

@testable import LeadsGit

/// The filter looks prefixes up by a path's ancestors: it must answer as a scan of every prefix does.
struct PathFilterTests {
  static let prefixes = [
    "registry/", "src/d0001/", "src/d0002/", "src/lib", "docs/guide.md", "a/b/c/", "src/d00", "tools/x/y",
  ]
  static let paths = [
    "registry/a.md", "registry", "src/d0001/f.txt", "src/d0001", "src/d0003/f.txt", "src/lib",
    "src/lib/x.swift",
    "src/library/x", "docs/guide.md", "docs/guide.md.bak", "docs/other.md", "a/b/c/d/e.txt", "a/b/x", "a/b",
    "src/d00/f", "src/d00", "src/d0001x/f", "tools/x/y/z", "tools/x/yz", "tools/x", "", "/", "ü/ß",
  ]

  /// The plain rule, prefix by prefix.
  static func wantsFile(_ path: String, _ prefixes: [String]) -> Bool {
    prefixes.contains { $0.hasSuffix("/") ? path.hasPrefix($0) : (path == $0 || path.hasPrefix($0 + "/")) }
  }

  @Test func filesAreWantedExactlyAsByAScan() {
    let filter = PathFilter(everything: false, prefixes: PathFilterTests.prefixes)
    for path in PathFilterTests.paths {
      #expect(filter.wantsFile(path) == PathFilterTests.wantsFile(path, PathFilterTests.prefixes), "\(path)")
    }
    #expect(PathFilter.all.wantsFile("anything/at/all"))
  }

  @Test func aFolderIsOpenedWhenAndOnlyWhenSomethingBelowItCanBeWanted() {
    let filter = PathFilter(everything: false, prefixes: PathFilterTests.prefixes)
    for folder in [
      "registry", "src", "src/d0001", "src/d0003", "src/lib", "src/lib/inner", "docs", "a", "a/b", "a/b/c/d",
      "tools",
      "tools/x", "tools/x/y", "tools/x/yz", "src/d00", "src/d0001x", "zzz", "reg",
    ] {
      // Wanted below the folder: a prefix inside it, or the folder inside a prefix.
      let below =
        PathFilterTests.prefixes.contains { $0.hasPrefix(folder + "/") }
        || PathFilterTests.wantsFile(folder + "/x", PathFilterTests.prefixes)
      #expect(filter.wantsFolder(folder) == below, "\(folder)")
    }
  }
}
