import Foundation
import Testing

/// Repositories built to steer leads outside them: settings, symlinks and ids that point out of the working
/// tree or into `.git/`. None of them may make leads read, print or write anything there.
struct HostileRepositoryTests {
  /// A folder outside every repository, holding a file whose content must never appear in any output.
  final class Outside {
    let folder: URL
    static let secret = "SECRET-5f1c-OUTSIDE-CONTENT"

    init() throws {
      folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "leads-outside-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data("* @attacker \(Outside.secret)\n".utf8).write(to: file)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var file: URL { folder.appendingPathComponent("secret") }

    /// Every file in the folder, with its content, to see that nothing was added or changed.
    func snapshot() throws -> [String: Data] {
      var result: [String: Data] = [:]
      let names = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
      for name in names {
        var isFolder: ObjCBool = false
        let path = folder.appendingPathComponent(name).path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
          result[name] = FileManager.default.contents(atPath: path)
        }
      }
      return result
    }
  }

  /// A committed valid registry.
  static func repository() throws -> Fixture {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.commit("registry")
    return fixture
  }

  static func expectRefused(
    _ run: Run, mentioning text: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(run.status == 2, "\(run.stdout)\(run.stderr)", sourceLocation: sourceLocation)
    #expect(run.stderr.hasPrefix("leads: "), "\(run.stderr)", sourceLocation: sourceLocation)
    #expect(run.stderr.contains(text), "\(run.stderr)", sourceLocation: sourceLocation)
    #expect(
      !(run.stdout + run.stderr).contains(Outside.secret), "outside content printed",
      sourceLocation: sourceLocation)
  }

  @Test func codeownersFileSettingOutsideIsRefusedByEveryCommand() throws {
    let outside = try Outside()
    let fixture = try HostileRepositoryTests.repository()
    let relative = "../" + outside.folder.lastPathComponent + "/secret"
    try fixture.write("registry/leads.yml", "codeowners:\n  file: '../\(relative)'\n")
    let before = try outside.snapshot()
    for arguments in [
      ["codeowners", "--write"], ["codeowners", "--check"], ["codeowners"], ["lint"], ["who", "x"],
    ] {
      let result = try fixture.leads(arguments)
      HostileRepositoryTests.expectRefused(result, mentioning: "codeowners.file (registry/leads.yml:2:9)")
      #expect(result.stderr.contains("leaves the repository"), "\(arguments): \(result.stderr)")
    }
    #expect(try outside.snapshot() == before)
    // An absolute path is refused the same way.
    try fixture.write("registry/leads.yml", "codeowners:\n  file: \(outside.file.path)\n")
    HostileRepositoryTests.expectRefused(
      try fixture.leads(["codeowners", "--check"]), mentioning: "absolute path")
    #expect(try outside.snapshot() == before)
  }

  @Test func codeownersFileSettingIntoGitFolderIsRefused() throws {
    let fixture = try HostileRepositoryTests.repository()
    let hook = fixture.root.appendingPathComponent(".git/hooks/post-commit")
    try Data("#!/bin/sh\necho original\n".utf8).write(to: hook)
    for setting in [
      ".git/hooks/post-commit", "registry/../.git/hooks/post-commit", "./.GIT/hooks/post-commit",
    ] {
      try fixture.write("registry/leads.yml", "codeowners:\n  file: '\(setting)'\n")
      let result = try fixture.leads(["codeowners", "--write"])
      HostileRepositoryTests.expectRefused(result, mentioning: "points into .git/")
    }
    // Through a symbolic link inside the tree that points into .git/.
    try FileManager.default.createSymbolicLink(
      atPath: fixture.root.appendingPathComponent("hooks-link").path, withDestinationPath: ".git/hooks")
    try fixture.write("registry/leads.yml", "codeowners:\n  file: hooks-link/post-commit\n")
    HostileRepositoryTests.expectRefused(
      try fixture.leads(["codeowners", "--write"]),
      mentioning: "may only name a place a forge reads CODEOWNERS")
    // A CODEOWNERS location that is itself a link into .git/.
    try FileManager.default.createSymbolicLink(
      atPath: fixture.root.appendingPathComponent("docs").path, withDestinationPath: ".git/hooks")
    try fixture.write("registry/leads.yml", "codeowners:\n  file: docs/CODEOWNERS\n")
    HostileRepositoryTests.expectRefused(
      try fixture.leads(["codeowners", "--write"]), mentioning: "into .git/")
    #expect(try String(contentsOf: hook, encoding: .utf8) == "#!/bin/sh\necho original\n")
    #expect(
      !FileManager.default.fileExists(
        atPath: fixture.root.appendingPathComponent(".git/hooks/CODEOWNERS").path))
  }

  @Test func coverageBaselineOutsideIsNeitherReadNorWritten() throws {
    let outside = try Outside()
    let fixture = try HostileRepositoryTests.repository()
    try FileManager.default.createSymbolicLink(
      atPath: fixture.root.appendingPathComponent("baseline.txt").path, withDestinationPath: outside.file.path
    )
    try fixture.write("registry/leads.yml", "coverage:\n  baseline: baseline.txt\n")
    let before = try outside.snapshot()
    HostileRepositoryTests.expectRefused(try fixture.leads(["lint"]), mentioning: "coverage.baseline")
    HostileRepositoryTests.expectRefused(
      try fixture.leads(["coverage", "--update-baseline"]), mentioning: "outside the repository")
    try fixture.write("registry/leads.yml", "coverage:\n  baseline: ../baseline.txt\n")
    HostileRepositoryTests.expectRefused(
      try fixture.leads(["coverage", "--update-baseline"]), mentioning: "leaves the repository")
    #expect(try outside.snapshot() == before)
    #expect(
      !FileManager.default.fileExists(atPath: fixture.root.deletingLastPathComponent().path + "/baseline.txt")
    )
  }

  @Test func githubFolderLinkedOutsideIsNotWrittenInto() throws {
    let outside = try Outside()
    let fixture = try HostileRepositoryTests.repository()
    try FileManager.default.createSymbolicLink(
      atPath: fixture.root.appendingPathComponent(".github").path, withDestinationPath: outside.folder.path)
    try Data("* @attacker \(Outside.secret)\n".utf8).write(
      to: outside.folder.appendingPathComponent("CODEOWNERS"))
    let before = try outside.snapshot()
    for arguments in [["codeowners", "--write"], ["codeowners", "--check"], ["lint"]] {
      HostileRepositoryTests.expectRefused(try fixture.leads(arguments), mentioning: "outside the repository")
    }
    #expect(try outside.snapshot() == before)
  }

  @Test func codeownersLinkedOutsideIsNotCopiedOrPrinted() throws {
    let outside = try Outside()
    let fixture = try HostileRepositoryTests.repository()
    let link = fixture.root.appendingPathComponent("CODEOWNERS")
    try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: outside.file.path)
    for arguments in [["codeowners", "--write"], ["codeowners", "--check"], ["codeowners"], ["lint"]] {
      HostileRepositoryTests.expectRefused(try fixture.leads(arguments), mentioning: "outside the repository")
    }
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == outside.file.path)
    // A link to a file inside the repository is followed: the generated block lands in its target.
    try FileManager.default.removeItem(at: link)
    try fixture.write("docs/OWNERS-FILE", "# hand-written\n")
    try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "docs/OWNERS-FILE")
    let written = try fixture.leads(["codeowners", "--write"])
    #expect(written.status == 0, "\(written.stderr)")
    let target = try String(
      contentsOf: fixture.root.appendingPathComponent("docs/OWNERS-FILE"), encoding: .utf8)
    #expect(target.hasPrefix("# hand-written\n") && target.contains("# BEGIN leads"))
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "docs/OWNERS-FILE")
  }

  @Test func newRefusesIdsThatAreNotFileNames() throws {
    let outside = try Outside()
    let fixture = try HostileRepositoryTests.repository()
    let before = try outside.snapshot()
    let escape = "../../../" + outside.folder.lastPathComponent + "/x"
    for id in [escape, "a/b", ".hidden"] {
      let result = try fixture.leads(["new", "service", id, "--lead", "anna", "--path", "/services/"])
      #expect(result.status == 2, "\(id): \(result.stderr)")
      #expect(result.stderr.contains("must start with a letter or digit"), "\(id): \(result.stderr)")
    }
    #expect(try outside.snapshot() == before)
    #expect(try fixture.git(["status", "--porcelain"]).isEmpty)
  }

  @Test func registryFolderLinkedOutsideIsNotRead() throws {
    let outside = try Outside()
    let fixture = try Fixture()
    try fixture.write("README.md", "x\n")
    try fixture.commit("start")
    try Data("---\nkind: service\nlead: \(Outside.secret)\n---\n".utf8).write(
      to: outside.folder.appendingPathComponent("evil.md"))
    try FileManager.default.createSymbolicLink(
      atPath: fixture.root.appendingPathComponent("registry").path, withDestinationPath: outside.folder.path)
    for arguments in [["lint"], ["show"], ["codeowners"], ["lint", "--format", "json"]] {
      HostileRepositoryTests.expectRefused(
        try fixture.leads(arguments), mentioning: "registry is a symbolic link")
    }
  }

  @Test func leadFileLinkedOutsideOrIntoGitIsReportedNotRead() throws {
    let outside = try Outside()
    let fixture = try HostileRepositoryTests.repository()
    try FileManager.default.createSymbolicLink(
      atPath: fixture.root.appendingPathComponent("registry/evil.md").path,
      withDestinationPath: outside.file.path)
    try FileManager.default.createSymbolicLink(
      atPath: fixture.root.appendingPathComponent("registry/config.md").path,
      withDestinationPath: "../.git/config")
    let result = try fixture.leads(["lint", "--format", "json"])
    #expect(result.status == 1)
    #expect(!result.stdout.contains(Outside.secret) && !result.stdout.contains("repositoryformatversion"))
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
    for path in ["registry/evil.md", "registry/config.md"] {
      let finding = diagnostics.first { $0["path"] as? String == path }
      #expect(
        (finding?["message"] as? String)?.contains("outside the repository or into .git/") == true, "\(path)")
    }
  }

  @Test func mailmapThatIsAFIFOOrLinksOutsideIsRefusedWithoutHanging() throws {
    let outside = try Outside()
    let fixture = try HostileRepositoryTests.repository()
    let mailmap = fixture.root.appendingPathComponent(".mailmap").path
    #expect(mkfifo(mailmap, 0o644) == 0)
    for arguments in [["lint", "--now", "2026-02-01"], ["show", "--now", "2026-02-01"]] {
      HostileRepositoryTests.expectRefused(
        try fixture.leads(arguments + ["--no-cache"]), mentioning: ".mailmap")
    }
    try FileManager.default.removeItem(atPath: mailmap)
    try FileManager.default.createSymbolicLink(atPath: mailmap, withDestinationPath: outside.file.path)
    HostileRepositoryTests.expectRefused(
      try fixture.leads(["lint", "--now", "2026-02-01", "--no-cache"]), mentioning: "outside the repository")
  }

  @Test func whoRefusesPathsAndFilesOutsideTheRepository() throws {
    let outside = try Outside()
    let fixture = try HostileRepositoryTests.repository()
    HostileRepositoryTests.expectRefused(
      try fixture.leads(["who", outside.file.path]), mentioning: "outside the repository")
    HostileRepositoryTests.expectRefused(
      try fixture.leads(["who", "../x"]), mentioning: "outside the repository")
    HostileRepositoryTests.expectRefused(
      try fixture.leads(["who", "--codeowners", outside.file.path, "services/checkout/main.swift"]),
      mentioning: "outside the repository")
    try FileManager.default.createSymbolicLink(
      atPath: fixture.root.appendingPathComponent("owners-link").path, withDestinationPath: outside.file.path)
    HostileRepositoryTests.expectRefused(
      try fixture.leads(["who", "--codeowners", "owners-link", "services/checkout/main.swift"]),
      mentioning: "outside the repository")
    let inside = try fixture.leads(["who", "services/checkout/main.swift"])
    #expect(inside.status == 0 && inside.stdout.contains("@anna"), "\(inside.stderr)")
  }

  @Test func bareRepositoryRefusesCommandsThatWriteTheWorkingTree() throws {
    let fixture = try HostileRepositoryTests.repository()
    let bare = fixture.root.appendingPathComponent("bare.git")
    try fixture.git(["clone", "-q", "--bare", fixture.root.path, bare.path])
    for arguments in [
      ["codeowners", "--write"], ["new", "person", "bea", "--email", "bea@example.com"],
      ["coverage", "--update-baseline"], ["init"],
    ] {
      let result = try run(leadsExecutable, arguments, in: bare)
      #expect(result.status == 2, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains("is bare: it has no working tree"), "\(arguments): \(result.stderr)")
    }
    let lint = try run(leadsExecutable, ["lint", "--no-history"], in: bare)
    #expect(lint.status == 0, "\(lint.stderr)")
  }
}

/// The pre-commit hook sees exactly what the commit will contain, however the commit is made.
struct HookIndexTests {
  static let broken = "---\nkind: service\nlead: anna\nbackups: [andy]\npaths: [/services/checkout/]\n---\n"
  static let valid = "---\nkind: service\nlead: anna\nbackup: [andy]\npaths: [/services/checkout/]\n---\n"
  static let retitled =
    "---\nkind: service\ntitle: Shop\nlead: anna\nbackup: [andy]\npaths: [/services/checkout/]\n---\n"

  /// A repository with the hook installed by `leads hook install` run as `leads` from a PATH folder.
  static func repositoryWithHook() throws -> (Fixture, URL) {
    let fixture = try HostileRepositoryTests.repository()
    let bin = FileManager.default.temporaryDirectory.appendingPathComponent("leads-bin-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: bin.appendingPathComponent("leads").path, withDestinationPath: leadsExecutable)
    let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    let install = try run(
      "/usr/bin/env", ["leads", "hook", "install"], in: fixture.root, environment: ["PATH": path])
    #expect(install.status == 0, "\(install.stderr)")
    let script = try String(
      contentsOf: fixture.root.appendingPathComponent(".git/hooks/pre-commit"), encoding: .utf8)
    #expect(
      script.contains("'\(URL(fileURLWithPath: leadsExecutable).resolvingSymlinksInPath().path)'"),
      "\(script)")
    return (fixture, bin)
  }

  func commit(_ fixture: Fixture, _ arguments: [String]) throws -> Run {
    // A clean environment: no LEADS override, and a PATH without leads, so the hook must find it itself.
    try run(
      "/usr/bin/git", ["-c", "commit.gpgsign=false", "commit", "-q"] + arguments, in: fixture.root,
      environment: Fixture.gitEnvironment.merging(["PATH": "/usr/bin:/bin"]) { _, new in new },
      clean: [:])
  }

  @Test func commitAllWithABrokenFileIsRejected() throws {
    let (fixture, bin) = try HookIndexTests.repositoryWithHook()
    defer { try? FileManager.default.removeItem(at: bin) }
    try fixture.write("registry/services/checkout.md", HookIndexTests.broken)
    let rejected = try commit(fixture, ["-a", "-m", "broken"])
    #expect(rejected.status != 0)
    #expect(
      rejected.stderr.contains("registry/services/checkout.md:4:1: error: unknown key 'backups'"),
      "\(rejected.stderr)")
    #expect(try fixture.git(["log", "--oneline"]).split(separator: "\n").count == 1)
    try fixture.write(
      "registry/services/checkout.md", HookIndexTests.retitled
    )
    let accepted = try commit(fixture, ["-a", "-m", "fixed"])
    #expect(accepted.status == 0, "\(accepted.stderr)")
  }

  @Test func commitOnlyAPathWithABrokenFileIsRejected() throws {
    let (fixture, bin) = try HookIndexTests.repositoryWithHook()
    defer { try? FileManager.default.removeItem(at: bin) }
    try fixture.write("registry/services/checkout.md", HookIndexTests.broken)
    let rejected = try commit(fixture, ["--only", "registry/services/checkout.md", "-m", "broken"])
    #expect(rejected.status != 0)
    #expect(rejected.stderr.contains("unknown key 'backups'"), "\(rejected.stderr)")
    // The other way round: the index holds a broken file, but `--only` commits a valid one.
    try fixture.write("services/checkout/main.swift", "print(3)\n")
    try fixture.git(["add", "registry/services/checkout.md"])
    try fixture.write("services/checkout/main.swift", "print(4)\n")
    let other = try commit(fixture, ["--only", "services/checkout/main.swift", "-m", "code only"])
    #expect(other.status == 0, "\(other.stderr)")
  }

  @Test func partialStagingIsWhatTheHookLints() throws {
    let (fixture, bin) = try HookIndexTests.repositoryWithHook()
    defer { try? FileManager.default.removeItem(at: bin) }
    // Staged: broken. Working tree: valid. The commit holds the broken one and must be stopped.
    try fixture.write("registry/services/checkout.md", HookIndexTests.broken)
    try fixture.git(["add", "registry/services/checkout.md"])
    try fixture.write("registry/services/checkout.md", HookIndexTests.valid)
    let rejected = try commit(fixture, ["-m", "partial"])
    #expect(rejected.status != 0)
    #expect(rejected.stderr.contains("unknown key 'backups'"), "\(rejected.stderr)")
    // Staged: valid. Working tree: broken. The commit is fine.
    try fixture.write(
      "registry/services/checkout.md", HookIndexTests.retitled
    )
    try fixture.git(["add", "registry/services/checkout.md"])
    try fixture.write("registry/services/checkout.md", HookIndexTests.broken)
    let accepted = try commit(fixture, ["-m", "valid part"])
    #expect(accepted.status == 0, "\(accepted.stderr)")
  }

  @Test func conflictedIndexIsAnErrorNamingTheFile() throws {
    let fixture = try HostileRepositoryTests.repository()
    try fixture.git(["checkout", "-q", "-b", "other"])
    try fixture.write(
      "registry/services/checkout.md", HookIndexTests.retitled
    )
    try fixture.commit("other lead")
    try fixture.git(["checkout", "-q", "main"])
    try fixture.write(
      "registry/services/checkout.md",
      HookIndexTests.valid.replacingOccurrences(of: "backup: [andy]", with: "backup: []"))
    try fixture.commit("no backup")
    _ = try? fixture.git(["merge", "-q", "other"])
    let staged = try fixture.leads(["lint", "--staged"])
    #expect(staged.status == 2, "\(staged.stderr)")
    #expect(
      staged.stderr.contains("unmerged paths") && staged.stderr.contains("registry/services/checkout.md"))
    let hook = try fixture.leads(["hook", "run"])
    #expect(hook.status == 2 && hook.stderr.contains("registry/services/checkout.md"), "\(hook.stderr)")
  }

  @Test func hookScriptQuotesPathsAndExpandsHomeInHooksPath() throws {
    let fixture = try HostileRepositoryTests.repository()
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-home-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: home) }
    let folder = home.appendingPathComponent("hooks $(touch pwned) `touch pwned2` 'q'")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    // An existing hook there is chained; its path (with the shell syntax above) is written into the new one.
    let existing = folder.appendingPathComponent("pre-commit")
    try Data("#!/bin/sh\nexit 0\n".utf8).write(to: existing)
    #expect(chmod(existing.path, 0o755) == 0)
    try fixture.git(["config", "core.hooksPath", "~/" + folder.lastPathComponent])
    let install = try fixture.leads(["hook", "install"], environment: ["HOME": home.path])
    #expect(install.status == 0, "\(install.stderr)")
    #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("~").path))
    #expect(FileManager.default.fileExists(atPath: existing.path + ".before-leads"))
    try fixture.write("services/checkout/main.swift", "print(5)\n")
    try fixture.git(["add", "-A"])
    let committed = try run(
      "/usr/bin/git", ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "through the hook"],
      in: fixture.root,
      environment: Fixture.gitEnvironment.merging(["HOME": home.path]) { _, new in new })
    #expect(committed.status == 0, "\(committed.stderr)")
    for name in ["pwned", "pwned2"] {
      #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent(name).path))
    }
  }

  @Test func installWarnsWhenTheHooksFolderIsTracked() throws {
    let fixture = try HostileRepositoryTests.repository()
    try fixture.write("tools/hooks/README.md", "shared hooks\n")
    try fixture.commit("hooks folder")
    try fixture.git(["config", "core.hooksPath", "tools/hooks"])
    let install = try fixture.leads(["hook", "install"], in: "services")
    #expect(install.status == 0, "\(install.stderr)")
    #expect(install.stderr.contains("tools/hooks/ is tracked"), "\(install.stderr)")
    #expect(
      FileManager.default.fileExists(
        atPath: fixture.root.appendingPathComponent("tools/hooks/pre-commit").path))
  }

  @Test func aHookInACommittedFolderWorksOnEveryClone() throws {
    let fixture = try HostileRepositoryTests.repository()
    // The team's own hook, committed, which leads chains.
    try fixture.write("tools/hooks/pre-commit", "#!/bin/sh\necho team-hook-ran >&2\n")
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o755],
      ofItemAtPath: fixture.root.appendingPathComponent("tools/hooks/pre-commit").path)
    try fixture.commit("hooks folder")
    try fixture.git(["config", "core.hooksPath", "tools/hooks"])
    let install = try fixture.leads(["hook", "install"])
    #expect(install.status == 0, "\(install.stderr)")
    let hook = String(
      decoding: try #require(try fixture.read("tools/hooks/pre-commit")), as: UTF8.self)
    #expect(!hook.contains(fixture.root.path) && !hook.contains(leadsExecutable), "no machine path: \(hook)")
    #expect(hook.contains("\"$(dirname \"$0\")\"/'pre-commit.before-leads'"), "\(hook)")
    try fixture.git(["add", "-A"])
    try fixture.git(["commit", "-q", "--no-verify", "-m", "leads hook"])
    // Another clone, with the same setting and leads on PATH.
    let clone = fixture.root.appendingPathComponent("clone")
    try fixture.git(["clone", "-q", fixture.root.path, clone.path])
    try fixture.git(["config", "core.hooksPath", "tools/hooks"], in: clone)
    let bin = URL(fileURLWithPath: leadsExecutable).deletingLastPathComponent().path
    let path = ["PATH": bin + ":/usr/bin:/bin"]
    try Data("---\nkind: service\nlaed: anna\n---\n".utf8).write(
      to: clone.appendingPathComponent("registry/services/broken.md"))
    try fixture.git(["add", "-A"], in: clone)
    let rejected = try run(
      "/usr/bin/git", ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "broken"], in: clone,
      environment: Fixture.gitEnvironment.merging(path) { _, new in new })
    #expect(rejected.status != 0, "\(rejected.stderr)")
    #expect(rejected.stderr.contains("team-hook-ran"), "the chained hook runs first: \(rejected.stderr)")
    #expect(rejected.stderr.contains("unknown key 'laed'"), "\(rejected.stderr)")
    let withoutLeads = try run(
      "/usr/bin/git", ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "broken"], in: clone,
      environment: Fixture.gitEnvironment.merging(["PATH": "/usr/bin:/bin"]) { _, new in new })
    #expect(withoutLeads.status != 0)
    #expect(withoutLeads.stderr.contains("is not on PATH"), "\(withoutLeads.stderr)")
  }
}

/// A repository owned by another user: refused by git's own `safe.directory` rules, with advice that works.
struct OwnershipTests {
  @Test(.enabled(if: geteuid() == 0, "changing a folder's owner needs root"))
  func anotherUsersRepositoryIsTrustedTheWayGitTrustsIt() throws {
    let fixture = try HostileRepositoryTests.repository()
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-home-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    let owned = try run("/bin/chown", ["-R", "65534", fixture.root.path], in: fixture.root)
    #expect(owned.status == 0, "\(owned.stderr)")
    let environment = ["HOME": home.path, "XDG_CONFIG_HOME": home.path]
    let refused = try fixture.leads(["lint", "--no-history"], environment: environment)
    #expect(refused.status == 2)
    let advice = "git config --global --add safe.directory \(fixture.root.path)"
    #expect(refused.stderr.contains("belongs to user 'nobody' (uid 65534)"), "\(refused.stderr)")
    #expect(refused.stderr.contains(advice), "\(refused.stderr)")
    // The advice, run as written, is what makes it work (for git too).
    let global = ["GIT_CONFIG_GLOBAL": home.path + "/.gitconfig"]
    for value in [fixture.root.path, "*", fixture.root.path + "/.git"] {
      try Data("[safe]\n\tdirectory = \(value)\n".utf8).write(to: home.appendingPathComponent(".gitconfig"))
      let trusted = try fixture.leads(["lint", "--no-history"], environment: environment)
      #expect(trusted.status == 0, "\(value): \(trusted.stderr)")
      let git = try run(
        "/usr/bin/git", ["status", "--short"], in: fixture.root,
        environment: environment.merging(global) { _, b in b })
      if value != fixture.root.path + "/.git" { #expect(git.status == 0, "\(value): \(git.stderr)") }
    }
    // An empty value clears what came before, as in git.
    try Data("[safe]\n\tdirectory = *\n\tdirectory =\n".utf8).write(
      to: home.appendingPathComponent(".gitconfig"))
    #expect(try fixture.leads(["lint", "--no-history"], environment: environment).status == 2)
    // The repository's own configuration cannot trust itself.
    try Data("".utf8).write(to: home.appendingPathComponent(".gitconfig"))
    let config = fixture.root.appendingPathComponent(".git/config")
    let text = try String(contentsOf: config, encoding: .utf8)
    try Data((text + "[safe]\n\tdirectory = *\n").utf8).write(to: config)
    #expect(try fixture.leads(["lint", "--no-history"], environment: environment).status == 2)
  }

  /// A registry folder that is a link inside the repository, or a submodule: the working tree could follow
  /// it where the index and history cannot, so every command (the hook included) refuses it in one sentence.
  @Test func aRegistryThatIsALinkOrASubmoduleIsRefusedEverywhere() throws {
    let fixture = try HostileRepositoryTests.repository()
    try fixture.git(["mv", "registry", "shared-registry"])
    try FileManager.default.createSymbolicLink(
      atPath: fixture.root.appendingPathComponent("registry").path, withDestinationPath: "shared-registry")
    for staged in [false, true] {
      if staged { try fixture.git(["add", "-A"]) }
      // Before the link is staged, the index holds no registry at all: only the working tree is refused.
      let fromTheIndex = staged ? [["lint", "--staged"], ["hook", "run"]] : []
      for command in [["lint", "--no-history"], ["show"], ["codeowners"]] + fromTheIndex {
        let result = try fixture.leads(command)
        HostileRepositoryTests.expectRefused(result, mentioning: "registry is a symbolic link")
      }
    }
    let submodule = try Fixture()
    try submodule.write("README.md", "x\n")
    try submodule.commit("outer")
    try submodule.git([
      "-c", "protocol.file.allow=always", "submodule", "add", "-q", fixture.root.path, "registry",
    ])
    for command in [["lint", "--no-history"], ["hook", "run"]] {
      HostileRepositoryTests.expectRefused(
        try submodule.leads(command), mentioning: "registry is a submodule")
    }
  }
}
