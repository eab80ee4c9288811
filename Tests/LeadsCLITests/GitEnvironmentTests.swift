import Foundation
import Testing

/// The repository and working tree are the ones git would use: `GIT_DIR`, `GIT_WORK_TREE` and `core.worktree`
/// decide them, as they do for git and for the hooks git runs.
struct GitEnvironmentTests {
  static func brokenRepository() throws -> Fixture {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.write("registry/services/typo.md", "---\nkind: service\nlaed: anna\n---\n")
    try fixture.commit("a typo")
    return fixture
  }

  @Test func gitDirAndWorkTreeNameTheRepositoryLintReads() throws {
    let broken = try GitEnvironmentTests.brokenRepository()
    let clean = try Fixture()
    try clean.writeValidRegistry()
    try clean.commit("clean")
    #expect(try clean.leads(["lint", "--no-history"]).status == 0)
    let environment = [
      "GIT_DIR": broken.root.appendingPathComponent(".git").path, "GIT_WORK_TREE": broken.root.path,
    ]
    let elsewhere = try clean.leads(["lint", "--no-history"], environment: environment)
    #expect(elsewhere.status == 1, "\(elsewhere.stdout)\(elsewhere.stderr)")
    #expect(elsewhere.stdout.contains("registry/services/typo.md:3:1: error: unknown key 'laed'"))
    // A working tree somewhere else than beside the git folder: its files are the ones read.
    let elsewhereTree = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-worktree-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: elsewhereTree) }
    try FileManager.default.copyItem(at: broken.root, to: elsewhereTree)
    try FileManager.default.removeItem(at: elsewhereTree.appendingPathComponent(".git"))
    try broken.write("registry/services/typo.md", "---\nkind: service\nlead: anna\n---\n")
    let separate = try clean.leads(
      ["lint", "--no-history"],
      environment: [
        "GIT_DIR": broken.root.appendingPathComponent(".git").path, "GIT_WORK_TREE": elsewhereTree.path,
      ])
    #expect(separate.stdout.contains("unknown key 'laed'"), "\(separate.stdout)\(separate.stderr)")
    try broken.write("registry/services/typo.md", "---\nkind: service\nlaed: anna\n---\n")
    // GIT_DIR alone: the folder the command starts in is the top of the working tree, as for git.
    let fromTop = try broken.leads(
      ["lint", "--no-history"], environment: ["GIT_DIR": broken.root.appendingPathComponent(".git").path])
    #expect(fromTop.status == 1 && fromTop.stdout.contains("unknown key 'laed'"), "\(fromTop.stderr)")
    let missing = try clean.leads(
      ["lint", "--no-history"], environment: ["GIT_DIR": "/nonexistent-leads-git-dir"])
    #expect(missing.status == 2 && missing.stderr.hasPrefix("leads: "), "\(missing.stderr)")
  }

  @Test func aCommitWithGitDirAndWorkTreeGoesThroughTheHook() throws {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.commit("registry")
    #expect(try fixture.leads(["hook", "install"]).status == 0)
    let outside = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-elsewhere-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: outside) }
    let git = [
      "-c", "commit.gpgsign=false", "--git-dir=\(fixture.root.appendingPathComponent(".git").path)",
      "--work-tree=\(fixture.root.path)",
    ]
    try fixture.write("services/checkout/extra.swift", "x\n")
    try fixture.git(["add", "-A"])
    let fine = try run(
      "/usr/bin/git", git + ["commit", "-q", "-m", "fine"], in: outside, environment: Fixture.gitEnvironment)
    #expect(fine.status == 0, "\(fine.stderr)")
    try fixture.write("registry/services/typo.md", "---\nkind: service\nlaed: anna\n---\n")
    try fixture.git(["add", "-A"])
    let stopped = try run(
      "/usr/bin/git", git + ["commit", "-q", "-m", "typo"], in: outside, environment: Fixture.gitEnvironment)
    #expect(stopped.status != 0)
    #expect(stopped.stderr.contains("unknown key 'laed'"), "\(stopped.stderr)")
  }

  @Test func coreWorktreeNamesTheWorkingTree() throws {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.write("registry/services/typo.md", "---\nkind: service\nlaed: anna\n---\n")
    try fixture.commit("a typo")
    // Move the git folder away and point it back at the tree with core.worktree.
    let away = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-gitdir-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: away) }
    try FileManager.default.moveItem(at: fixture.root.appendingPathComponent(".git"), to: away)
    defer { try? FileManager.default.moveItem(at: away, to: fixture.root.appendingPathComponent(".git")) }
    try fixture.git(["--git-dir=\(away.path)", "config", "core.worktree", fixture.root.path])
    let result = try fixture.leads(
      ["lint", "--no-history"], in: "services", environment: ["GIT_DIR": away.path])
    #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
    #expect(
      result.stdout.contains("registry/services/typo.md:3:1: error: unknown key 'laed'"), "\(result.stdout)")
  }
}
