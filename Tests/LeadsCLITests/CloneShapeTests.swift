import Foundation
import Testing

/// The clones CI really makes — blobless, treeless, shallow, sparse — give the answers a full clone gives, or
/// say exactly what they cannot know.
struct CloneShapeTests {
  static let now = "2026-05-31"
  static let anna = "Anna <anna@example.com>"
  static let andy = "Andy <andy@example.com>"

  /// Anna created the registry and then stopped working on checkout; Andy works on everything. Anna's last
  /// commit (docs only) is where a shallow clone of depth `shallowDepth` is cut.
  static func source() throws -> Fixture {
    let fixture = try Fixture()
    try fixture.git(["config", "uploadpack.allowFilter", "true"])
    try fixture.git(["config", "uploadpack.allowAnySHA1InWant", "true"])
    try fixture.writeValidRegistry()
    try fixture.commit("registry", by: anna, on: "2026-01-01")
    try fixture.write("services/checkout/main.swift", "print(10)\n")
    try fixture.commit("checkout work", by: anna, on: "2026-01-10")
    let generated = try fixture.leads(["codeowners", "--write"])
    #expect(generated.status == 0, "\(generated.stderr)")
    try fixture.commit("CODEOWNERS", by: andy, on: "2026-02-01")
    try fixture.write(
      "registry/services/search.md",
      "---\nkind: service\ntitle: Search\nlead: andy@example.com\nbackup: ['@anna']\npaths:\n  - /services/search/\n---\n"
    )
    try fixture.commit("search title", by: andy, on: "2026-02-15")
    try fixture.write("docs/notes.md", "notes\n")
    try fixture.commit("notes", by: anna, on: "2026-03-20")
    for (day, file) in [("04-02", "services/checkout/main.swift"), ("04-20", "services/search/index.swift")] {
      try fixture.write(file, "print(\"\(day)\")\n")
      try fixture.commit("work", by: andy, on: "2026-\(day)")
    }
    return fixture
  }

  /// Commits from HEAD down to Anna's docs commit, inclusive.
  static let shallowDepth = 3

  static func clone(_ source: Fixture, _ options: [String]) throws -> URL {
    let target = source.root.appendingPathComponent("clone-\(UUID().uuidString)")
    try source.git(["clone", "-q"] + options + ["file://" + source.root.path, target.path])
    return target
  }

  struct Answers: Equatable {
    var lintStatus: Int32
    var diagnostics: [String]
    var entries: [String]
    var stderr: String
  }

  /// Lint and show, as comparable lines: each finding with its message, each entry with its derived facts.
  static func answers(in folder: URL, exactTenure: Bool = true) throws -> Answers {
    let lint = try run(
      leadsExecutable, ["lint", "--format", "json", "--now", now, "--no-cache"], in: folder)
    let lintObject = try #require(
      try JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [String: Any])
    let diagnostics = try #require(lintObject["diagnostics"] as? [[String: Any]]).map { item in
      "\(item["path"]!):\(item["line"]!) [\(item["rule"]!)] \(item["message"]!)"
    }
    let show = try run(leadsExecutable, ["show", "--format", "json", "--now", now, "--no-cache"], in: folder)
    #expect(show.status == 0, "\(show.stderr)")
    let showObject = try #require(
      try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
    let entries = try #require(showObject["entries"] as? [[String: Any]]).map { entry in
      let since = exactTenure ? "\(entry["lead_since"] ?? "-") exact=\(entry["lead_since_exact"] ?? "-")" : ""
      return "\(entry["id"]!) lead=\(entry["lead"] ?? "-") \(since) last=\(entry["last_activity"] ?? "-")"
    }
    return Answers(
      lintStatus: lint.status, diagnostics: diagnostics.sorted(), entries: entries.sorted(),
      stderr: lint.stderr)
  }

  @Test func bloblessCloneAnswersLikeAFullClone() throws {
    let source = try CloneShapeTests.source()
    let full = try CloneShapeTests.answers(in: source.root)
    #expect(full.diagnostics.contains { $0.contains("[forgotten-lead]") }, "\(full.diagnostics)")
    let blobless = try CloneShapeTests.clone(source, ["--filter=blob:none"])
    #expect(
      try source.git(["rev-list", "--objects", "--missing=print", "--all"], in: blobless).contains("?"))
    let answers = try CloneShapeTests.answers(in: blobless)
    #expect(answers.lintStatus == full.lintStatus, "\(answers.stderr)")
    #expect(answers.diagnostics == full.diagnostics)
    #expect(answers.entries == full.entries)
    // A second run, now with the history cache, says the same.
    let cached = try run(
      leadsExecutable, ["show", "--format", "json", "--now", CloneShapeTests.now], in: blobless)
    #expect(cached.status == 0, "\(cached.stderr)")
  }

  @Test func treelessCloneDegradesLikeAShallowCloneWithANote() throws {
    let source = try CloneShapeTests.source()
    let full = try CloneShapeTests.answers(in: source.root)
    let treeless = try CloneShapeTests.clone(source, ["--filter=tree:0"])
    let answers = try CloneShapeTests.answers(in: treeless, exactTenure: false)
    #expect(answers.lintStatus == 0, "\(answers.stderr)")
    #expect(answers.stderr.contains("history is truncated at"), "\(answers.stderr)")
    // Nothing a full clone would not say: no false alarm from what the clone lacks.
    #expect(Set(answers.diagnostics).isSubset(of: Set(full.diagnostics)), "\(answers.diagnostics)")
  }

  @Test func shallowBoundaryIsNobodysActivity() throws {
    let source = try CloneShapeTests.source()
    let full = try CloneShapeTests.answers(in: source.root, exactTenure: false)
    let shallow = try CloneShapeTests.clone(source, ["--depth", "\(CloneShapeTests.shallowDepth)"])
    let oldest = try source.git(["log", "--reverse", "--format=%an %s"], in: shallow).split(separator: "\n")
      .first
    #expect(oldest == "Anna notes")
    let answers = try CloneShapeTests.answers(in: shallow, exactTenure: false)
    #expect(answers.stderr.contains("history is truncated at 2026-03-20"), "\(answers.stderr)")
    // Anna's boundary commit did not touch checkout: she has no activity there in either clone.
    #expect(answers.entries == full.entries)
    let forgotten = full.diagnostics.filter { $0.contains("[forgotten-lead]") }
    #expect(!forgotten.isEmpty)
    #expect(forgotten.allSatisfy { answers.diagnostics.contains($0) }, "\(answers.diagnostics)")
  }

  /// CI's usual shape: a depth-1 clone of main, and a branch one commit ahead of it. The merge base is the
  /// clone's boundary commit itself; finding it must not walk into parents the clone never fetched.
  @Test func aBranchOfADepthOneCloneFindsItsMergeBase() throws {
    let source = try CloneShapeTests.source()
    let main = try source.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    let shallow = try CloneShapeTests.clone(source, ["--depth", "1"])
    try source.git(["checkout", "-q", "-b", "topic"], in: shallow)
    try Data("more\n".utf8).write(to: shallow.appendingPathComponent("docs/notes.md"))
    try source.git(["commit", "-q", "-am", "topic work"], in: shallow)
    let linted = try run(
      leadsExecutable,
      ["lint", "--format", "json", "--now", CloneShapeTests.now, "--new-since", "origin/main"],
      in: shallow)
    #expect(linted.status != 2, "\(linted.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(linted.stdout.utf8)) as? [String: Any])
    let newSince = try #require(object["new_since"] as? [String: Any], "\(linted.stdout)")
    #expect(newSince["merge_base"] as? String == main)
    #expect(newSince["new"] as? Int == 0)
  }

  @Test func sparseCheckoutWithoutTheRegistryReadsItFromTheIndex() throws {
    let source = try CloneShapeTests.source()
    let sparse = try CloneShapeTests.clone(source, ["--no-checkout"])
    try source.git(["sparse-checkout", "set", "--cone", "services"], in: sparse)
    try source.git(["checkout", "-q", "main"], in: sparse)
    #expect(!FileManager.default.fileExists(atPath: sparse.appendingPathComponent("registry").path))
    let codeowners = sparse.appendingPathComponent(".github/CODEOWNERS")
    #expect(!FileManager.default.fileExists(atPath: codeowners.path))
    let check = try run(leadsExecutable, ["codeowners", "--check"], in: sparse)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    let write = try run(leadsExecutable, ["codeowners", "--write"], in: sparse)
    #expect(write.status == 0, "\(write.stderr)")
    #expect(write.stderr.contains("already up to date"), "\(write.stderr)")
    #expect(try source.git(["status", "--porcelain"], in: sparse).isEmpty)
    let lint = try run(leadsExecutable, ["lint", "--no-history"], in: sparse)
    #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    #expect(lint.stderr.contains("in 6 registry files"), "\(lint.stderr)")
  }
}
