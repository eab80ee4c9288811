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
    let rejected = try fixture.commitThroughHooks("typo", environment: ["LEADS": leadsExecutable])
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
    let accepted = try fixture.commitThroughHooks("fixed", environment: ["LEADS": leadsExecutable])
    #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
  }
}

struct HookInstallTests {
  @Test func installedHookStopsABrokenCommitAndLetsTheFixThrough() throws {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.commit("registry")
    let install = try fixture.leads(["hook", "install"])
    #expect(install.status == 0, "\(install.stderr)")
    try fixture.write(
      "registry/services/search.md",
      "---\nkind: service\nlead: andy@example.com\npaths: /services/search/\nbackup: [\n---\n")
    try fixture.git(["add", "-A"])
    let rejected = try fixture.commitThroughHooks("broken")
    #expect(rejected.status != 0)
    #expect(
      rejected.stderr.contains("registry/services/search.md:6:1: error: invalid YAML"), "\(rejected.stderr)")
    try fixture.write(
      "registry/services/search.md",
      "---\nkind: service\nlead: andy@example.com\npaths: /services/search/\n---\n")
    try fixture.git(["add", "-A"])
    let accepted = try fixture.commitThroughHooks("fixed")
    #expect(accepted.status == 0, "\(accepted.stderr)")
    // A new file without an owner is staged: with a coverage minimum, the hook stops that commit too.
    try fixture.write("registry/leads.yml", "coverage:\n  minimum: 100\n")
    try fixture.write("tools/unowned.sh", "echo\n")
    try fixture.git(["add", "-A"])
    let uncovered = try fixture.commitThroughHooks("unowned file")
    #expect(uncovered.status != 0)
    #expect(uncovered.stderr.contains("registry/leads.yml:2:12: error:"), "\(uncovered.stderr)")
  }

  @Test func aHookWhoseBinaryIsGoneRunsTheOneOnPathOrSaysWhatToDo() throws {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.commit("registry")
    // Installed from a binary in a folder that is later removed (an uninstalled prefix, an upgraded version).
    let prefix = fixture.root.appendingPathComponent("old-prefix")
    try FileManager.default.createDirectory(at: prefix, withIntermediateDirectories: true)
    let old = prefix.appendingPathComponent("leads")
    try FileManager.default.copyItem(atPath: leadsExecutable, toPath: old.path)
    let install = try run(old.path, ["hook", "install"], in: fixture.root)
    #expect(install.status == 0, "\(install.stderr)")
    try FileManager.default.removeItem(at: prefix)
    try fixture.write("registry/services/search.md", "---\nkind: service\nlaed: x\n---\n")
    try fixture.git(["add", "-A"])
    // leads on PATH: the hook runs it, and it still stops a broken commit.
    let bin = fixture.root.appendingPathComponent("path-bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: bin.appendingPathComponent("leads").path, withDestinationPath: leadsExecutable)
    let onPath = try fixture.commitThroughHooks("broken", environment: ["PATH": bin.path + ":/usr/bin:/bin"])
    #expect(onPath.status != 0)
    #expect(onPath.stderr.contains("unknown key 'laed'"), "\(onPath.stderr)")
    // No leads anywhere: the commit stops with what to do, not the shell's "not found".
    let nowhere = try fixture.commitThroughHooks("broken", environment: ["PATH": "/usr/bin:/bin"])
    #expect(nowhere.status != 0)
    #expect(
      nowhere.stderr.contains(
        "leads: the hook runs \(old.path), which is gone, and leads is not on PATH: install leads and run 'leads hook install' again, or set LEADS"
      ), "\(nowhere.stderr)")
    // Installing again from the binary in use rewrites the hook to run it; once more is nothing to do.
    let again = try fixture.leads(["hook", "install"])
    #expect(again.status == 0 && again.stderr.contains("updated the pre-commit hook"), "\(again.stderr)")
    #expect(try fixture.leads(["hook", "install"]).stderr.contains("already installed"))
    let fixed = try fixture.commitThroughHooks("broken", environment: ["PATH": "/usr/bin:/bin"])
    #expect(fixed.status != 0 && fixed.stderr.contains("unknown key 'laed'"), "\(fixed.stderr)")
  }

  @Test func anExistingHookIsChainedAndRestored() throws {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.commit("registry")
    let hook = fixture.root.appendingPathComponent(".git/hooks/pre-commit")
    try FileManager.default.createDirectory(
      at: hook.deletingLastPathComponent(), withIntermediateDirectories: true)
    let original = "#!/bin/sh\necho 'the team hook ran' >&2\n"
    try Data(original.utf8).write(to: hook)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
    #expect(try fixture.leads(["hook", "install"]).stderr.contains("the hook that was there runs first"))
    #expect(try fixture.leads(["hook", "install"]).stderr.contains("already installed"))
    try fixture.write("registry/services/search.md", "---\nkind: service\nlaed: x\n---\n")
    try fixture.git(["add", "-A"])
    let rejected = try fixture.commitThroughHooks("broken")
    #expect(rejected.status != 0)
    #expect(rejected.stderr.contains("the team hook ran"))
    #expect(rejected.stderr.contains("unknown key 'laed'"))
    #expect(try fixture.leads(["hook", "uninstall"]).status == 0)
    #expect(try String(contentsOf: hook, encoding: .utf8) == original)
    let refused = try fixture.leads(["hook", "uninstall"])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("was not installed by leads; it is left as it is"))
    // With no hook at all, there is nothing to remove: uninstall twice is not an error.
    try FileManager.default.removeItem(at: hook)
    let nothing = try fixture.leads(["hook", "uninstall"])
    #expect(nothing.status == 0 && nothing.stderr.contains("nothing to remove"), "\(nothing.stderr)")
  }
}

/// The hook through the pre-commit framework, with this repository as the hook repository.
struct PreCommitFrameworkTests {
  static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()
  static let preCommit = oraclePython.map {
    URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("pre-commit").path
  }

  @Test(
    .enabled(
      if: preCommit.map { FileManager.default.isExecutableFile(atPath: $0) } ?? false,
      "scripts/test installs pre-commit"))
  func brokenLeadFileIsRejectedAndAValidOnePasses() throws {
    let preCommit = PreCommitFrameworkTests.preCommit!
    // The framework accepts the project's own manifest as it is published.
    let manifest = PreCommitFrameworkTests.projectRoot.appendingPathComponent(".pre-commit-hooks.yaml")
    let validated = try run(
      preCommit, ["validate-manifest", manifest.path], in: PreCommitFrameworkTests.projectRoot)
    #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
    // The hook repository holds that manifest as published; its `leads-system` hook runs the leads on PATH
    // (here the built one). The `leads` hook compiles the same entry with SwiftPM, minutes long.
    let published = try String(contentsOf: manifest, encoding: .utf8)
    #expect(published.contains("language: swift") && published.contains("language: system"))
    let hooks = try Fixture()
    try hooks.write(".pre-commit-hooks.yaml", published)
    try hooks.commit("the hook")
    let head = try hooks.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.write(
      ".pre-commit-config.yaml",
      "repos:\n  - repo: \(hooks.root.path)\n    rev: \(head)\n    hooks:\n      - id: leads-system\n"
    )
    try fixture.commit("registry")
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-pre-commit-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: home) }
    var inherited = ProcessInfo.processInfo.environment
    inherited.merge(Fixture.gitEnvironment) { _, new in new }
    inherited["PRE_COMMIT_HOME"] = home.path
    let binaries = URL(fileURLWithPath: leadsExecutable).deletingLastPathComponent().path
    inherited["PATH"] = binaries + ":" + (inherited["PATH"] ?? "/usr/bin:/bin")
    let install = try run(
      preCommit, ["install", "--install-hooks"], in: fixture.root, clean: inherited, timeout: 300)
    #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
    try fixture.write("registry/services/search.md", "---\nkind: service\nlaed: andy@example.com\n---\n")
    try fixture.git(["add", "-A"])
    let rejected = try run(
      "/usr/bin/git", ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "broken"], in: fixture.root,
      clean: inherited)
    #expect(rejected.status != 0)
    #expect(
      (rejected.stdout + rejected.stderr).contains(
        "registry/services/search.md:3:1: error: unknown key 'laed'"))
    try fixture.write(
      "registry/services/search.md",
      "---\nkind: service\nlead: andy@example.com\npaths: [/services/search/]\n---\n")
    try fixture.git(["add", "-A"])
    let accepted = try run(
      "/usr/bin/git", ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "fixed"], in: fixture.root,
      clean: inherited)
    #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
  }
}
