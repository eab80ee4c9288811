import Foundation
import Testing

/// The history cache never changes an answer: every step compares a warm run with a cold one.
struct CacheTests {
  /// `lint` and `show` as JSON, with the cache and without it.
  func answers(_ fixture: Fixture, now: String, cache: Bool) throws -> String {
    let flags = ["--format", "json", "--now", now] + (cache ? [] : ["--no-cache"])
    let lint = try fixture.leads(["lint"] + flags)
    let show = try fixture.leads(["show"] + flags)
    #expect(lint.status == 0 || lint.status == 1, "lint exited \(lint.status): \(lint.stderr.prefix(2000))")
    #expect(show.status == 0, "show exited \(show.status): \(show.stderr.prefix(2000))")
    return lint.stdout + show.stdout
  }

  func expectWarmEqualsCold(_ fixture: Fixture, now: String, _ step: String) throws {
    let warm = try answers(fixture, now: now, cache: true)
    let cold = try answers(fixture, now: now, cache: false)
    let warmLines = warm.split(separator: "\n")
    let coldLines = cold.split(separator: "\n")
    let firstDifference = zip(warmLines, coldLines).first { $0 != $1 }.map { "warm: \($0)\ncold: \($1)" }
    if warm != cold, let folder = ProcessInfo.processInfo.environment["LEADS_TEST_DUMP"] {
      try? warm.write(toFile: "\(folder)/warm-\(step).json", atomically: true, encoding: .utf8)
      try? cold.write(toFile: "\(folder)/cold-\(step).json", atomically: true, encoding: .utf8)
    }
    #expect(warm == cold, "warm and cold runs differ after \(step): \(firstDifference ?? "in length")")
  }

  @Test func warmAndColdAgreeAcrossASequenceOfChanges() throws {
    let fixture = try teamRepository()
    let cache = fixture.root.appendingPathComponent(".git/leads/history-cache")
    try expectWarmEqualsCold(fixture, now: "2025-02-01", "the first commit")
    #expect(FileManager.default.fileExists(atPath: cache.path))

    for day in 1...6 {
      try fixture.write("services/checkout/main.swift", "\(day)\n")
      try fixture.commit("work \(day)", by: day % 2 == 0 ? anna : andy, on: "2025-02-0\(day + 1)")
      try expectWarmEqualsCold(fixture, now: "2025-03-01", "commit \(day)")
    }

    try fixture.git(["checkout", "-q", "-b", "handoff"])
    try fixture.write(
      "registry/checkout.md", service(lead: "andy", backup: "anna", path: "/services/checkout/"))
    try fixture.commit("hand over", by: mallory, on: "2025-03-02")
    try fixture.git(["checkout", "-q", "main"])
    try fixture.write("docs/a.md", "a\n")
    try fixture.commit("docs", by: anna, on: "2025-03-03")
    try fixture.merge("handoff", on: "2025-03-04")
    try expectWarmEqualsCold(fixture, now: "2025-04-01", "a merged handoff")

    try fixture.write(".mailmap", "Andy <andy@example.com> <andy@old.example.com>\n")
    try fixture.commit("mailmap", by: "Andy <andy@old.example.com>", on: "2025-03-05")
    try expectWarmEqualsCold(fixture, now: "2025-04-01", "a mailmap")

    try fixture.write("registry/leads.yml", "stale_after: 200 days\nsilo: {window: 30 days}\n")
    try fixture.commit("config", by: anna, on: "2025-03-06")
    try expectWarmEqualsCold(fixture, now: "2025-04-01", "a longer window in the config")
    try expectWarmEqualsCold(fixture, now: "2025-10-01", "a later now")
    try expectWarmEqualsCold(fixture, now: "2025-03-10", "an earlier now")

    try fixture.git(["reset", "-q", "--hard", "HEAD~3"])
    try fixture.write("services/search/index.swift", "rewritten\n")
    try fixture.commit("rewritten history", by: andy, on: "2025-03-07")
    try expectWarmEqualsCold(fixture, now: "2025-04-01", "a rewritten history")

    try fixture.write(
      "registry/search.md", service(lead: "andy", backup: "anna", path: "/services/search/ranking/"))
    try fixture.write("services/search/ranking/a.swift", "a\n")
    try fixture.commit("paths", by: andy, on: "2025-03-08")
    try expectWarmEqualsCold(fixture, now: "2025-04-01", "changed paths in the registry")
  }

  @Test func aRunAfterOneNewCommitWalksOnlyThatCommit() throws {
    let fixture = try teamRepository()
    for day in 1...9 {
      try fixture.write("docs/\(day).md", "\(day)\n")
      try fixture.commit("docs \(day)", by: anna, on: "2025-02-0\(day)")
    }
    _ = try fixture.leads(["lint", "--now", "2025-03-01"])
    try fixture.write("docs/new.md", "new\n")
    try fixture.commit("one more", by: andy, on: "2025-02-20")
    let warm = try fixture.leads(["lint", "--now", "2025-03-01"], environment: ["LEADS_TRACE": "1"])
    #expect(warm.stderr.contains("cache: reused; walked 1 new commits"), "\(warm.stderr)")
    let again = try fixture.leads(["lint", "--now", "2025-03-01"], environment: ["LEADS_TRACE": "1"])
    #expect(again.stderr.contains("cache: reused; walked 0 new commits"))
    let cold = try fixture.leads(
      ["lint", "--now", "2025-03-01", "--no-cache"], environment: ["LEADS_TRACE": "1"])
    #expect(cold.stderr.contains("cache: off; walked 11 commits"), "\(cold.stderr)")
  }

  @Test func aDamagedCacheIsIgnoredAndRewritten() throws {
    let fixture = try teamRepository()
    try fixture.write("services/checkout/main.swift", "2\n")
    try fixture.commit("work", by: anna, on: "2025-02-01")
    let cold = try answers(fixture, now: "2025-03-01", cache: false)
    let cache = fixture.root.appendingPathComponent(".git/leads/history-cache")
    _ = try answers(fixture, now: "2025-03-01", cache: true)
    let good = try Data(contentsOf: cache)

    var damaged: [(String, Data)] = [
      ("truncated", good.prefix(good.count / 2)), ("empty", Data()),
      ("garbage", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) })),
    ]
    for offset in [good.count / 3, good.count / 2, good.count - 1] {
      var flipped = good
      flipped[offset] ^= 0x01
      damaged.append(("one changed bit at byte \(offset) of \(good.count)", flipped))
    }
    for (what, data) in damaged {
      try data.write(to: cache)
      #expect(try answers(fixture, now: "2025-03-01", cache: true) == cold, "with a \(what) cache")
      #expect(try Data(contentsOf: cache) == good, "a \(what) cache was not rewritten")
    }
    try FileManager.default.removeItem(at: cache)
    #expect(try answers(fixture, now: "2025-03-01", cache: true) == cold, "with a deleted cache")
  }

  @Test func runsAtTheSameTimeShareTheCacheSafely() throws {
    let fixture = try teamRepository()
    for day in 1...5 {
      try fixture.write("docs/\(day).md", "\(day)\n")
      try fixture.commit("docs \(day)", by: andy, on: "2025-02-0\(day)")
    }
    let cold = try fixture.leads(["lint", "--format", "json", "--now", "2025-03-01", "--no-cache"]).stdout
    let outputs = try (0..<8).map { _ -> Process in
      let process = Process()
      process.executableURL = URL(fileURLWithPath: leadsExecutable)
      process.arguments = ["lint", "--format", "json", "--now", "2025-03-01"]
      process.currentDirectoryURL = fixture.root
      process.standardOutput = Pipe()
      process.standardError = FileHandle.nullDevice
      try process.run()
      return process
    }.map { process -> String in
      let data = (process.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return String(decoding: data, as: UTF8.self)
    }
    #expect(outputs.allSatisfy { $0 == cold })
    let leftovers = try FileManager.default.contentsOfDirectory(
      atPath: fixture.root.appendingPathComponent(".git/leads").path)
    #expect(leftovers == ["history-cache"], "temporary files were left behind: \(leftovers)")
  }

  /// A cache that does not fit the repository — copied from another one, or naming commits a rewrite and a
  /// `gc` removed — is set aside with a note: the run reads history again and rewrites it, never fails.
  @Test func aCacheThatDoesNotFitIsSetAsideWithANote() throws {
    let other = try teamRepository()
    try other.write("docs/other.md", "other\n")
    try other.commit("other work", by: anna, on: "2025-02-03")
    _ = try answers(other, now: "2025-03-01", cache: true)
    let fixture = try teamRepository()
    let cache = fixture.root.appendingPathComponent(".git/leads/history-cache")
    try FileManager.default.createDirectory(
      at: cache.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: other.root.appendingPathComponent(".git/leads/history-cache"), to: cache)
    let borrowed = try fixture.leads(["lint", "--now", "2025-03-01", "--format", "json"])
    #expect(borrowed.status == 0 || borrowed.status == 1, "\(borrowed.stderr)")
    #expect(
      borrowed.stderr.contains("leads: note: the history cache in .git/leads/ did not fit this repository"))
    try expectWarmEqualsCold(fixture, now: "2025-03-01", "a cache from another repository")
    #expect(
      !(try fixture.leads(["lint", "--now", "2025-03-01"])).stderr.contains("did not fit"), "rewritten")

    // Amend the last commit and collect the old one: the cache's head is gone.
    try fixture.write("docs/late.md", "late\n")
    try fixture.commit("late", by: anna, on: "2025-02-20")
    _ = try answers(fixture, now: "2025-03-01", cache: true)
    try fixture.git(["commit", "-q", "--amend", "-m", "late, reworded"])
    try fixture.git(["reflog", "expire", "--expire=now", "--all"])
    try fixture.git(["gc", "-q", "--prune=now"])
    let amended = try fixture.leads(["show", "--now", "2025-03-01"])
    #expect(amended.status == 0, "\(amended.stderr)")
    #expect(amended.stderr.contains("is not in this repository"), "\(amended.stderr)")
    try expectWarmEqualsCold(fixture, now: "2025-03-01", "an amended and collected head")
  }
}
