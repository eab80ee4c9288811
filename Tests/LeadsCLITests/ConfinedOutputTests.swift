import Foundation
import Testing

/// Where leads writes: `report -o` decides on the path as written, `codeowners.file` names only a CODEOWNERS
/// location, and a standard output that fails is a `leads:` sentence, never a trap. Links, FIFOs and devices
/// are made in scratch folders, never the machine's own.
struct ConfinedOutputTests {
  typealias Outside = HostileRepositoryTests.Outside

  static func report(_ fixture: Fixture, _ output: String) throws -> Run {
    try fixture.leads(["report", "--now", "2026-06-01", "-o", output])
  }

  @Test func reportThroughAFolderLinkOutOfTheRepositoryIsRefused() throws {
    let outside = try Outside()
    let before = try outside.snapshot()
    let fixture = try HostileRepositoryTests.repository()
    try FileManager.default.createSymbolicLink(
      atPath: fixture.root.appendingPathComponent("out").path, withDestinationPath: outside.folder.path)
    HostileRepositoryTests.expectRefused(
      try ConfinedOutputTests.report(fixture, "out/report.html"), mentioning: "leads outside it")
    HostileRepositoryTests.expectRefused(
      try ConfinedOutputTests.report(fixture, "out/../out/secret"), mentioning: "leads outside it")
    #expect(try outside.snapshot() == before)
    // A link inside the repository to a folder inside it is followed.
    try FileManager.default.createDirectory(
      at: fixture.root.appendingPathComponent("docs/reports"), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: fixture.root.appendingPathComponent("reports").path, withDestinationPath: "docs/reports")
    let inside = try ConfinedOutputTests.report(fixture, "reports/r.html")
    #expect(inside.status == 0, "\(inside.stderr)")
    #expect(
      FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("docs/reports/r.html").path))
  }

  @Test func aLinkTheUserNamesIsNeverReplaced() throws {
    let outside = try Outside()
    let before = try outside.snapshot()
    let fixture = try HostileRepositoryTests.repository()
    let link = fixture.root.appendingPathComponent("report.html")
    try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: outside.file.path)
    HostileRepositoryTests.expectRefused(
      try ConfinedOutputTests.report(fixture, "report.html"), mentioning: "is a symbolic link")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == outside.file.path)
    #expect(try outside.snapshot() == before)
    // A link standing in for standard output, as /dev/stdout does, is refused too: only `-` and /dev/stdout
    // themselves mean standard output.
    let scratch = try Outside()
    let fakeStdout = scratch.folder.appendingPathComponent("stdout")
    try FileManager.default.createSymbolicLink(
      atPath: fakeStdout.path, withDestinationPath: "/proc/self/fd/1")
    HostileRepositoryTests.expectRefused(
      try ConfinedOutputTests.report(fixture, fakeStdout.path), mentioning: "is a symbolic link")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: fakeStdout.path) == "/proc/self/fd/1")
  }

  @Test func dashAndDevStdoutWriteToStandardOutput() throws {
    let fixture = try HostileRepositoryTests.repository()
    for output in ["-", "/dev/stdout"] {
      let result = try ConfinedOutputTests.report(fixture, output)
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stdout.hasPrefix("<!DOCTYPE html>"))
      #expect(!result.stderr.contains("wrote"))
    }
  }

  @Test func gitFoldersMissingFoldersAndFIFOsWithoutReadersAreRefused() throws {
    let fixture = try HostileRepositoryTests.repository()
    HostileRepositoryTests.expectRefused(
      try ConfinedOutputTests.report(fixture, ".git/report.html"), mentioning: "inside .git/")
    HostileRepositoryTests.expectRefused(
      try ConfinedOutputTests.report(fixture, "missing/report.html"), mentioning: "does not exist")
    HostileRepositoryTests.expectRefused(
      try ConfinedOutputTests.report(fixture, "registry"), mentioning: "is a folder")
    let scratch = try Outside()
    let fifo = scratch.folder.appendingPathComponent("pipe")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    HostileRepositoryTests.expectRefused(
      try ConfinedOutputTests.report(fixture, fifo.path), mentioning: "nothing is reading from it")
    // A regular file is replaced atomically, keeping its permissions.
    let target = scratch.folder.appendingPathComponent("report.html")
    try Data("old".utf8).write(to: target)
    #expect(chmod(target.path, 0o640) == 0)
    let written = try ConfinedOutputTests.report(fixture, target.path)
    #expect(written.status == 0, "\(written.stderr)")
    #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
    var info = stat()
    #expect(stat(target.path, &info) == 0 && info.st_mode & 0o777 == 0o640)
  }

  @Test func codeownersFileNamesOnlyACodeownersLocation() throws {
    let fixture = try HostileRepositoryTests.repository()
    try fixture.write(".github/workflows/ci.yml", "on: push\n")
    try fixture.commit("ci")
    for setting in [
      "registry/services/checkout.md", ".github/workflows/ci.yml", "registry/leads.yml", "OWNERS",
    ] {
      let before = try fixture.read(setting)
      try fixture.write("registry/leads.yml", "codeowners:\n  file: \(setting)\n")
      let config = try fixture.read("registry/leads.yml")
      for command in [["codeowners", "--write"], ["lint", "--no-history"]] {
        let result = try fixture.leads(command)
        HostileRepositoryTests.expectRefused(
          result, mentioning: "may only name a place a forge reads CODEOWNERS")
        #expect(result.stderr.contains("registry/leads.yml:2:9"), "\(result.stderr)")
      }
      #expect(try fixture.read(setting) == (setting == "registry/leads.yml" ? config : before))
    }
    for setting in ["CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS", "./.github/CODEOWNERS"] {
      try fixture.write("registry/leads.yml", "codeowners:\n  file: \(setting)\n")
      let result = try fixture.leads(["codeowners", "--write"])
      #expect(result.status == 0, "\(setting): \(result.stderr)")
    }
  }

  /// Runs `script` in bash with `$LEADS` set, in the fixture.
  static func shell(_ script: String, in fixture: Fixture) throws -> Run {
    try run("/bin/bash", ["-c", script], in: fixture.root, environment: ["LEADS": leadsExecutable])
  }

  @Test func aFailingStandardOutputIsASentenceNotATrap() throws {
    let fixture = try HostileRepositoryTests.repository()
    let scratch = try Outside()
    // A full device of our own (the same device numbers as /dev/full), in a scratch folder.
    let full = scratch.folder.appendingPathComponent("full")
    let madeFull = mknod(full.path, S_IFCHR | 0o666, dev_t(1 << 8 | 7)) == 0
    for command in [
      "lint --now 2026-06-01", "show --now 2026-06-01", "log --now 2026-06-01", "codeowners",
      "report --now 2026-06-01", "who services/checkout/main.swift", "rules",
    ] {
      // A closed pipe: the reader is gone before leads writes.
      let piped = try ConfinedOutputTests.shell(
        "\"$LEADS\" \(command) 2>err | true; echo \"${PIPESTATUS[0]}\"; cat err", in: fixture)
      #expect(
        piped.stdout.hasPrefix("2\nleads: cannot write to standard output: Broken pipe"),
        "\(command): \(piped.stdout)")
      let closed = try ConfinedOutputTests.shell("\"$LEADS\" \(command) >&-", in: fixture)
      #expect(closed.status == 2, "\(command)")
      #expect(
        closed.stderr.contains("leads: cannot write to standard output: Bad file descriptor"), "\(command)")
      if madeFull {
        let result = try ConfinedOutputTests.shell("\"$LEADS\" \(command) > '\(full.path)'", in: fixture)
        #expect(result.status == 2, "\(command)")
        #expect(result.stderr.contains("leads: cannot write to standard output: No space left on device"))
      }
      #expect(
        !(piped.stdout + closed.stderr).contains("try!") && !closed.stderr.contains("NSCocoaErrorDomain"))
    }
  }
}

/// Checks that need the registry and the date, not history, run wherever history is not read: the hook,
/// `lint --staged`, `--no-history`, and before an authoring command writes.
struct DatedChecksWithoutHistoryTests {
  @Test func theHookStopsACommitThatKeepsADepartedPersonLeading() throws {
    let fixture = try HostileRepositoryTests.repository()
    #expect(try fixture.leads(["hook", "install"]).status == 0)
    try fixture.write(
      "registry/people/anna.md",
      "---\nkind: person\nname: Anna\nemails: [anna@example.com]\nhandle: '@anna'\nleft: 2026-01-31\n---\n")
    try fixture.git(["add", "-A"])
    let rejected = try fixture.commitThroughHooks("anna left")
    #expect(rejected.status != 0)
    #expect(
      rejected.stderr.contains(
        "registry/services/checkout.md:4:7: error: 'anna' left on 2026-01-31 but still leads 'checkout'"),
      "\(rejected.stderr)")
    for arguments in [
      ["lint", "--staged", "--now", "2026-06-01"], ["lint", "--no-history", "--now", "2026-06-01"],
    ] {
      let result = try fixture.leads(arguments + ["--format", "json"])
      #expect(result.status == 1)
      #expect(try Finding.parse(json: result.stdout).contains { $0.rule == "departed-lead" })
    }
    // Before she leaves, the same registry passes: `--now` is honoured by --staged.
    let before = try fixture.leads(["lint", "--staged", "--now", "2026-01-15", "--format", "json"])
    #expect(
      !(try Finding.parse(json: before.stdout)).contains { $0.rule == "departed-lead" }, "\(before.stdout)")
    let refused = try fixture.leads(["lint", "--staged", "--no-cache"])
    #expect(refused.status == 2 && refused.stderr.contains("--staged reads no history"))
  }

  @Test func rotateRefusesALeadWhoTakesNoPosts() throws {
    let fixture = try HostileRepositoryTests.repository()
    try fixture.write(
      "registry/people/andy.md",
      "---\nkind: person\nname: Andy\nemails: [andy@example.com]\nnot_leading: {reason: on leave, until: 2026-09-01}\n---\n"
    )
    try fixture.commit("andy is on leave")
    let before = try fixture.read("registry/services/checkout.md")
    let refused = try fixture.leads(["rotate", "checkout", "--to", "andy", "--now", "2026-06-01"])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("[forced-lead]"), "\(refused.stderr)")
    #expect(try fixture.read("registry/services/checkout.md") == before)
    let later = try fixture.leads(["rotate", "checkout", "--to", "andy", "--now", "2026-09-02"])
    #expect(later.status == 0, "\(later.stderr)")
  }

  @Test func rotateAnswersABrokenFileWithItsParseError() throws {
    let fixture = try HostileRepositoryTests.repository()
    try fixture.write(
      "registry/services/checkout.md",
      "---\nkind: service\nlead: anna\nbackup: [andy]\nlead: andy\npaths: [/services/checkout/]\n---\n")
    let before = try fixture.read("registry/services/checkout.md")
    let result = try fixture.leads(["rotate", "checkout", "--to", "andy"])
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("leads: registry/services/checkout.md:5:1: "), "\(result.stderr)")
    #expect(try fixture.read("registry/services/checkout.md") == before)
  }
}

/// `who`, `coverage` and `codeowners` answer from the entries they can read, and say which files they left out.
struct LeftOutFilesTests {
  @Test func viewsSayWhichBrokenFilesTheyLeftOut() throws {
    let fixture = try HostileRepositoryTests.repository()
    try fixture.write("registry/services/broken.md", "---\nkind: service\nlead: [\n---\n")
    for command in [["who", "services/checkout/main.swift"], ["coverage"], ["codeowners"]] {
      let result = try fixture.leads(command)
      #expect(result.status == 0, "\(command): \(result.stderr)")
      #expect(
        result.stderr.contains(
          "leads: note: 1 registry file has errors and is left out here (registry/services/broken.md)"),
        "\(command): \(result.stderr)")
    }
    try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("registry/services/broken.md"))
    #expect(!(try fixture.leads(["coverage"])).stderr.contains("left out"))
  }
}
