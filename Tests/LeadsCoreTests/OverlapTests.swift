import Testing

@testable import LeadsCore

/// Overlapping claims are decided from the patterns' shape, reported once per pair, and bounded.
struct OverlapTests {
  static func service(_ id: String, _ patterns: [String]) -> RegistryFile {
    let list = patterns.map { "'\($0)'" }.joined(separator: ", ")
    return RegistryFile(
      path: "registry/\(id).md",
      content: .bytes(Array("---\nkind: service\nlead: \(id)@example.com\npaths: [\(list)]\n---\n".utf8)))
  }

  static func overlaps(_ files: [RegistryFile], tracked: [String]) -> [Diagnostic] {
    Linter.lint(LintInput(files: files, trackedFiles: PathTable(tracked + files.map(\.path)))).diagnostics
      .filter {
        $0.rule == .overlappingServices
      }
  }

  @Test(arguments: [
    ("/lib/", "/lib/core/", true), ("/lib", "/lib/core/", true), ("/lib/**", "/lib/core/", true),
    ("lib/core/", "lib/core/test/", true), ("/lib/", "/lib/*.c", true), ("/lib/", "lib/**/test/", true),
    ("/lib/", "/lib/", false), ("/lib/core/", "/lib/", false), ("/lib/*", "/lib/core/", false),
    ("lib/", "/lib/core/", false), ("*.c", "/lib/", false), ("/lib/", "*.c", false),
    ("/li*/", "/lib/core/", false),
    ("/lib/", "/libs/core/", false),
  ])
  func containmentIsReadFromTheShape(_ outer: String, _ inner: String, _ expected: Bool) throws {
    let a = try #require(CodeownersPattern(outer))
    let b = try #require(CodeownersPattern(inner))
    #expect(a.contains(b) == expected, "\(outer) contains \(inner)")
  }

  @Test func nestedFoldersAreNoOverlapWhateverFilesExist() {
    // lib/ holds only core/: both patterns match the same files, and the nested one still owns them.
    let files = [OverlapTests.service("lib", ["/lib/"]), OverlapTests.service("core", ["/lib/core/"])]
    #expect(OverlapTests.overlaps(files, tracked: ["lib/core/a.c", "lib/core/b.c"]).isEmpty)
    #expect(OverlapTests.overlaps(files, tracked: ["lib/core/a.c", "lib/x.c"]).isEmpty)
  }

  @Test func crossCuttingAndEqualPatternsOverlap() {
    let crossCutting = [OverlapTests.service("lib", ["/lib/"]), OverlapTests.service("c", ["*.c"])]
    #expect(OverlapTests.overlaps(crossCutting, tracked: ["lib/a.c", "lib/b.c"]).count == 1)
    let equal = [OverlapTests.service("one", ["/lib/"]), OverlapTests.service("two", ["/lib/"])]
    let found = OverlapTests.overlaps(equal, tracked: ["lib/a.c", "lib/b.c"])
    #expect(found.count == 1)
    #expect(found.first?.path == "registry/two.md")
  }

  @Test func manyServicesOnOnePatternAreReportedWithACap() {
    let files = (0..<2_000).map { OverlapTests.service("s\($0)", ["/lib/"]) }
    let found = OverlapTests.overlaps(files, tracked: ["lib/core/x.c", "lib/y.c"])
    #expect(found.count == OverlappingServicesRule.findingsPerPattern + 1)
    #expect(found.last?.message.contains("1989 more claims") == true, "\(found.last?.message ?? "")")
    // Each pair once: the same two services are never reported twice.
    let pairs = found.dropLast().map(\.message)
    #expect(Set(pairs).count == pairs.count)
  }
}
