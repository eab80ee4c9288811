import Foundation
import Testing

/// Objects and indexes git writes only when asked to (`git hash-object --literally`, damaged copies of an
/// index git wrote): leads answers as git does where git reads them, and with a `leads:` error naming the
/// object where git refuses them; never a signal, a hang, a runaway allocation or a silently wrong answer.
struct HostileGitDataTests {
  static let anna = "Anna <anna@example.com>"

  /// A registry whose checkout service Anna has led since 2025-09-01.
  static func repository() throws -> Fixture {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.commit("registry", by: anna, on: "2025-09-01")
    return fixture
  }

  /// Writes `bytes` as an object of `type` without git's checks; returns its id.
  static func object(_ fixture: Fixture, _ type: String, _ bytes: [UInt8]) throws -> String {
    let scratch = fixture.root.appendingPathComponent(".git/leads-test-object")
    try Data(bytes).write(to: scratch)
    defer { try? FileManager.default.removeItem(at: scratch) }
    return try fixture.git(["hash-object", "-w", "--literally", "-t", type, scratch.path])
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// A commit on top of HEAD with `tree`, the given author and committer lines; HEAD moves to it.
  @discardableResult
  static func commit(
    _ fixture: Fixture, tree: String, author: String = "Anna <anna@example.com> 1767225600 +0000",
    committer: String = "Anna <anna@example.com> 1767225600 +0000"
  ) throws -> String {
    let parent = try fixture.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    let text = "tree \(tree)\nparent \(parent)\nauthor \(author)\ncommitter \(committer)\n\nhostile\n"
    let id = try object(fixture, "commit", Array(text.utf8))
    try fixture.git(["update-ref", "HEAD", id])
    return id
  }

  static func headTree(_ fixture: Fixture) throws -> String {
    try fixture.git(["rev-parse", "HEAD^{tree}"]).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The raw bytes of an object.
  static func raw(_ fixture: Fixture, _ id: String, _ type: String) throws -> [UInt8] {
    let file = fixture.root.appendingPathComponent(".git/leads-test-raw")
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try run(
      "/bin/sh", ["-c", "git cat-file \(type) \(id) > '\(file.path)'"], in: fixture.root,
      environment: Fixture.gitEnvironment)
    #expect(result.status == 0, "\(result.stderr)")
    return [UInt8](try Data(contentsOf: file))
  }

  static func expectAnswered(_ result: Run, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 0 || result.status == 1, "\(result.stderr)", sourceLocation: sourceLocation)
  }

  @Test func timesThatOverflowOrAreNegativeAreDatedAsGitDatesThem() throws {
    for (author, committer) in [
      ("-9223372036854775808", "1767225600"), ("9223372036854775807", "-5"), ("1767225600", "-1"),
    ] {
      let fixture = try HostileGitDataTests.repository()
      try HostileGitDataTests.commit(
        fixture, tree: try HostileGitDataTests.headTree(fixture),
        author: "Anna <anna@example.com> \(author) +0000",
        committer: "Anna <anna@example.com> \(committer) +0000")
      for command in [["lint", "--no-cache"], ["show"], ["log"], ["report", "-o", "-"]] {
        let result = try fixture.leads(command + ["--now", "2026-01-15"])
        HostileGitDataTests.expectAnswered(result)
        #expect(!result.stderr.contains("Fatal error"), "\(command): \(result.stderr)")
      }
    }
    // A time past 2^63: git logs the commit (dated 1970); libgit2 refuses it, and the error names the commit.
    let fixture = try HostileGitDataTests.repository()
    let commit = try HostileGitDataTests.commit(
      fixture, tree: try HostileGitDataTests.headTree(fixture),
      committer: "Anna <anna@example.com> 99999999999999999999999 +0000")
    #expect(try fixture.git(["log", "-1", "--format=%cd", "--date=unix"]) == "0\n")
    for command in [["lint", "--no-cache"], ["show"], ["log"]] {
      let result = try fixture.leads(command + ["--now", "2026-01-15"])
      #expect(result.status == 2, "\(command): \(result.stderr)")
      #expect(
        result.stderr.hasPrefix("leads: ") && result.stderr.contains(commit), "\(command): \(result.stderr)")
    }
  }

  @Test func treesGitRefusesAreErrorsNamingTheTree() throws {
    let fixture = try HostileGitDataTests.repository()
    let tree = try HostileGitDataTests.headTree(fixture)
    let good = try HostileGitDataTests.raw(fixture, tree, "tree")
    // Entries in git's order: registry/ and services/ follow "a" names; swap two to unsort them.
    let blob = Array(good.suffix(20))
    func entry(_ mode: String, _ name: String) -> [UInt8] { Array("\(mode) \(name)".utf8) + [0] + blob }
    let damaged: [(String, [UInt8])] = [
      ("not sorted", entry("100644", "zeta") + entry("100644", "alpha")),
      ("not an octal number", entry("10064x", "alpha")),
      ("cut short", Array(entry("100644", "alpha").dropLast(5))),
      ("empty name", entry("100644", "")),
    ]
    for (reason, bytes) in damaged {
      let broken = try HostileGitDataTests.object(fixture, "tree", bytes)
      // A commit in the window whose tree is damaged: the walk must not read it as "everything changed".
      try HostileGitDataTests.commit(fixture, tree: broken)
      let result = try fixture.leads(["lint", "--no-cache", "--now", "2026-01-15"])
      #expect(result.status == 2, "\(reason): \(result.stdout)\(result.stderr)")
      #expect(result.stderr.hasPrefix("leads: "), "\(reason): \(result.stderr)")
      #expect(result.stderr.contains(broken), "\(reason): \(result.stderr)")
      try fixture.git(["reset", "-q", "--soft", "HEAD~1"])
    }
    // A commit whose tree line names a blob is refused as git refuses it.
    try HostileGitDataTests.commit(
      fixture,
      tree: try fixture.git(["rev-parse", "HEAD:registry/people/anna.md"])
        .trimmingCharacters(in: .whitespacesAndNewlines))
    let notATree = try fixture.leads(["lint", "--no-cache", "--now", "2026-01-15"])
    #expect(notATree.status == 2, "\(notATree.stdout)\(notATree.stderr)")
    #expect(notATree.stderr.hasPrefix("leads: "))
  }

  @Test func aZeroPaddedFolderModeIsAFolder() throws {
    let fixture = try HostileGitDataTests.repository()
    // Rewrite the registry's commit with "040000" for every folder, which git reads as a folder.
    let tree = try HostileGitDataTests.headTree(fixture)
    let bytes = try HostileGitDataTests.raw(fixture, tree, "tree")
    var padded: [UInt8] = []
    var position = 0
    while position < bytes.count {
      if bytes[position...].starts(with: Array("40000 ".utf8)) { padded.append(UInt8(ascii: "0")) }
      let nul = bytes[position...].firstIndex(of: 0)!
      padded += bytes[position...(nul + 20)]
      position = nul + 21
    }
    let paddedTree = try HostileGitDataTests.object(fixture, "tree", padded)
    #expect(try fixture.git(["ls-tree", paddedTree]).contains("040000 tree"))
    try fixture.git(["update-ref", "-d", "HEAD"])
    let root = try HostileGitDataTests.object(
      fixture, "commit",
      Array(
        "tree \(paddedTree)\nauthor \(HostileGitDataTests.anna) 1756728000 +0000\ncommitter \(HostileGitDataTests.anna) 1756728000 +0000\n\nregistry\n"
          .utf8))
    try fixture.git(["update-ref", "HEAD", root])
    try fixture.write("services/checkout/main.swift", "print(3)\n")
    try fixture.commit("recent change", by: HostileGitDataTests.anna, on: "2026-01-10")
    let show = try fixture.leads(["show", "--format", "json", "--now", "2026-01-15"])
    #expect(show.status == 0, "\(show.stderr)")
    #expect(show.stdout.contains("\"lead_since\" : \"2025-09-01\""), "\(show.stdout)")
  }

  @Test func headAtAnAnnotatedTagIsReadAsItsCommit() throws {
    let fixture = try HostileGitDataTests.repository()
    try fixture.git(["tag", "-a", "v1", "-m", "release"])
    let tag = try fixture.git(["rev-parse", "v1"]).trimmingCharacters(in: .whitespacesAndNewlines)
    try Data("\(tag)\n".utf8).write(to: fixture.root.appendingPathComponent(".git/HEAD"))
    for command in [["lint", "--no-cache"], ["show"], ["log"]] {
      let result = try fixture.leads(command + ["--now", "2026-01-15"])
      HostileGitDataTests.expectAnswered(result)
      #expect(
        !result.stderr.contains("leads:") || result.stderr.contains("note"), "\(command): \(result.stderr)")
    }
  }

  @Test func aDamagedIndexIsAnErrorForEveryCommandAndTheHook() throws {
    let fixture = try HostileGitDataTests.repository()
    let index = fixture.root.appendingPathComponent(".git/index")
    let good = try Data(contentsOf: index)
    // 32 bytes claiming 0xFFFFFFFF entries, as the index and through GIT_INDEX_FILE (relative to the top).
    let huge = Data(
      Array("DIRC".utf8) + [0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 20))
    try huge.write(to: fixture.root.appendingPathComponent("huge-index"))
    for (environment, folder) in [([:], nil), (["GIT_INDEX_FILE": "huge-index"], "registry")] {
      if environment.isEmpty { try huge.write(to: index) }
      for command in [["lint", "--no-history"], ["hook", "run"], ["who", "registry"], ["codeowners"]] {
        let result = try fixture.leads(command, in: folder, environment: environment)
        #expect(result.status == 2, "\(command) \(environment): \(result.stderr)")
        #expect(result.stderr.contains("4294967295 entries"), "\(command): \(result.stderr)")
      }
      try good.write(to: index)
    }
    // An entry whose path length runs past its path: the hook stops, naming the index, never passes silently.
    var bytes = [UInt8](good)
    bytes[12 + 61] = bytes[12 + 61] &+ 3
    try Data(bytes).write(to: index)
    let hook = try fixture.leads(["hook", "run"])
    #expect(hook.status == 2, "\(hook.stderr)")
    #expect(
      hook.stderr.contains("cannot read the git index") && hook.stderr.contains("bytes long"),
      "\(hook.stderr)")
  }

  @Test func splitAndSparseIndexesWorkInEveryCommandAndTheHook() throws {
    let fixture = try HostileGitDataTests.repository()
    #expect(try fixture.leads(["hook", "install"]).status == 0)
    try fixture.git(["config", "core.splitIndex", "true"])
    try fixture.git(["update-index", "--split-index"])
    try fixture.write("services/search/more.swift", "x\n")
    try fixture.git(["add", "-A"])
    let committed = try fixture.commitThroughHooks("with a split index")
    #expect(committed.status == 0, "\(committed.stderr)")
    HostileGitDataTests.expectAnswered(try fixture.leads(["lint", "--now", "2026-01-15"]))
    try fixture.git(["config", "core.splitIndex", "false"])
    try fixture.git(["update-index", "--no-split-index"])
    let generated = try fixture.leads(["codeowners"]).stdout
    #expect(generated.contains("/services/checkout/ "), "\(generated)")
    try fixture.git(["sparse-checkout", "set", "--cone", "--sparse-index", "registry"])
    // Files outside the cone are still tracked: CODEOWNERS keeps every generated line.
    #expect(try fixture.leads(["codeowners"]).stdout == generated)
    let sparse = try fixture.leads(["lint", "--no-history", "--format", "json", "--now", "2026-01-15"])
    #expect(sparse.status == 0, "\(sparse.stdout)\(sparse.stderr)")
    #expect(try Finding.parse(json: sparse.stdout).isEmpty, "patterns still match files outside the cone")
    try fixture.write(
      "registry/people/anna.md",
      "---\nkind: person\nname: Anna\nemails: [anna@example.com]\nhandle: '@anna'\nleft: 2026-01-01\n---\n")
    try fixture.git(["add", "-A"])
    let stopped = try fixture.commitThroughHooks("anna left")
    #expect(stopped.status != 0)
    #expect(stopped.stderr.contains("[departed-lead]"), "\(stopped.stderr)")
  }
}
