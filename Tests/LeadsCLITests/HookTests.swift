import Foundation
import Testing

/// The pre-commit hook in a real commit: a broken staged lead file stops the commit, the fix lets it through.
struct HookTests {
  static let hook = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("hooks/pre-commit").path

  @Test func brokenStagedFileStopsTheCommit() throws {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.commit("registry")
    let hooks = fixture.root.appendingPathComponent(".git/hooks")
    try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: hooks.appendingPathComponent("pre-commit").path, withDestinationPath: HookTests.hook)

    try fixture.write(
      "registry/services/checkout.md",
      "---\nkind: service\nlead: anna\nbackups: [andy]\npaths: [/services/checkout/]\n---\n")
    try fixture.git(["add", "-A"])
    let environment = Fixture.gitEnvironment.merging(["LEADS": leadsExecutable]) { _, new in new }
    let rejected = try run(
      "/usr/bin/git", ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "typo"], in: fixture.root,
      environment: environment)
    #expect(rejected.status != 0)
    // git shows a hook's standard output on its standard error.
    #expect(
      rejected.stderr.contains(
        "registry/services/checkout.md:4:1: error: unknown key 'backups'; did you mean 'backup'? [unknown-key]"
      ))
    #expect(rejected.stderr.contains("the commit was stopped"))

    try fixture.write(
      "registry/services/checkout.md",
      "---\nkind: service\nlead: anna\nbackup: [andy]\npaths: [/services/checkout/]\n---\n")
    try fixture.git(["add", "-A"])
    let accepted = try run(
      "/usr/bin/git", ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "fixed"], in: fixture.root,
      environment: environment)
    #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
  }
}
