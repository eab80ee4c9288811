import Foundation
import Testing

@testable import LeadsGit

/// The window walk diffs raw trees in git's entry order: every commit's changed paths must be what
/// `git diff-tree` says, through additions, deletions, type changes, mode changes, links, submodules and
/// names that sort differently as files and as folders.
struct TreeDiffTests {
  @Test func changedPathsAreWhatGitDiffTreeSays() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-diff-\(UUID().uuidString)"
    )
    .path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let git = { (arguments: [String]) in try RawObjectsTests.git(arguments, in: folder) }
    let write = { (path: String, text: String) in try writeFile(folder, path, text) }
    let remove = { (path: String) in try FileManager.default.removeItem(atPath: folder + "/" + path) }
    _ = try git(["init", "-q", "-b", "main"])
    var steps: [() throws -> Void] = []
    steps.append {
      for path in ["a.b", "a-", "a/x", "a/y/z", "b", "ü/ß.txt", "deep/1/2/3/4/file", "keep/k"] {
        try write(path, "\(path)\n")
      }
    }
    steps.append { try write("a/y/z", "changed\n") }
    steps.append { try remove("a.b") }
    // A file becomes a folder of the same name, and a folder becomes a file.
    steps.append {
      try remove("b")
      try write("b/inside", "1\n")
      try remove("a-")
      try write("a-/now-a-folder", "1\n")
    }
    steps.append {
      try FileManager.default.removeItem(atPath: folder + "/deep")
      try write("deep", "a file now\n")
    }
    steps.append {
      try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: "keep/k")
      _ = try git([
        "update-index", "--add", "--cacheinfo", "160000,\(String(repeating: "ab", count: 20)),module",
      ])
    }
    steps.append {
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder + "/keep/k")
    }
    steps.append {
      try remove("link")
      try write("link", "a file where the link was\n")
      try write("a/y/new", "1\n")
      try write("a/0", "sorts before the folder's files\n")
    }
    for (index, step) in steps.enumerated() {
      try step()
      _ = try git(["add", "-A"])
      _ = try git(["commit", "-q", "--allow-empty", "-m", "step \(index)"])
    }
    let repository = try GitRepository.discover(from: folder)
    let head = try #require(try repository.headCommit())
    let walk = try repository.walkWindow(from: head, since: 0, filter: .all)
    #expect(walk.records.count == steps.count)
    for record in walk.records {
      let expected = try git([
        "diff-tree", "-r", "--root", "--no-renames", "--name-only", "-z", "--no-commit-id",
        record.id.description,
      ])
      .split(separator: "\0").map(String.init)
      #expect(record.changedPaths.sorted() == expected.sorted(), "commit \(record.id)")
      #expect(!record.changedPaths.isEmpty)
    }
    // A filter keeps only what it wants, and still finds changes below a wanted folder.
    let filtered = try repository.walkWindow(
      from: head, since: 0, filter: PathFilter(everything: false, prefixes: ["a/y/", "keep/k"]))
    let wanted = Set(filtered.records.flatMap(\.changedPaths))
    #expect(wanted == ["a/y/z", "a/y/new", "keep/k"])
    // A commit's paths listed from raw trees are `git ls-tree -r`'s, in its order, without the submodule.
    let listed = try repository.filePaths(inTree: try repository.tree(of: head))
    let paths = (0..<listed.count).map(listed.path)
    let lsTree = try git(["ls-tree", "-r", "-z", "HEAD"]).split(separator: "\0").filter {
      !$0.hasPrefix("160000")
    }
    .map { String($0.split(separator: "\t", maxSplits: 1)[1]) }
    #expect(paths == lsTree)
    #expect(paths.contains("ü/ß.txt") && paths.contains("link") && !paths.contains("module"))
  }

  /// Wide folders whose entries share long prefixes and suffixes (the diff skips the bytes two trees begin and
  /// end with, and a tree read next to a similar one is checked only where they differ): seeded random small
  /// changes — edits, additions, removals, renames that keep the content, files becoming folders and back —
  /// each commit's changed paths as `git diff-tree` says.
  @Test func changedPathsInWideFoldersAreWhatGitDiffTreeSays() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-wide-diff-\(UUID().uuidString)"
    )
    .path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let git = { (arguments: [String]) in try RawObjectsTests.git(arguments, in: folder) }
    _ = try git(["init", "-q", "-b", "main"])
    var random = SeededGenerator(seed: 7)
    func next(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &random) }
    // Names that sort next to each other and end alike: f1, f1.txt, f10, xf1, ...
    let names = (0..<60).flatMap { ["f\($0)", "f\($0).txt", "xf\($0)"] }
    var files: [String: String] = [:]
    func put(_ path: String, _ text: String) throws {
      try writeFile(folder, path, text)
      files[path] = text
    }
    for name in names.prefix(120) { try put("wide/\(name)", "same\n") }
    try put("wide/f0", "start\n")
    _ = try git(["add", "-A"])
    _ = try git(["commit", "-q", "-m", "start"])
    for step in 0..<40 {
      for _ in 0..<(1 + next(3)) {
        let name = "wide/" + names[next(names.count)]
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder)
        switch next(5) {
        case 0 where exists && !isFolder.boolValue:
          // Renamed with the same content: the same blob id under another name.
          let target = "wide/" + names[next(names.count)]
          if !FileManager.default.fileExists(atPath: folder + "/" + target) {
            try FileManager.default.moveItem(atPath: folder + "/" + name, toPath: folder + "/" + target)
          }
        case 1 where exists:
          try FileManager.default.removeItem(atPath: folder + "/" + name)
        case 2 where exists && !isFolder.boolValue:
          try FileManager.default.removeItem(atPath: folder + "/" + name)
          try put(name + "/inner", "now a folder \(step)\n")
        case 3 where exists && isFolder.boolValue:
          try FileManager.default.removeItem(atPath: folder + "/" + name)
          try put(name, "a file again \(step)\n")
        default:
          if !isFolder.boolValue { try put(name, next(2) == 0 ? "same\n" : "edit \(step)\n") }
        }
      }
      _ = try git(["add", "-A"])
      _ = try RawObjectsTests.git(
        ["commit", "-q", "--allow-empty", "-m", "step \(step)"], in: folder,
        date: "2026-02-01T10:\(step < 10 ? "0" : "")\(step):00Z")
    }
    let repository = try GitRepository.discover(from: folder)
    let head = try #require(try repository.headCommit())
    let walk = try repository.walkWindow(from: head, since: 0, filter: .all)
    #expect(walk.records.count == 41)
    // Split at a time: the older commits' paths read by a second walk (a helper's part), the newer here; what
    // a helper did not deliver is read afterwards. The same records every way.
    let split = Int64(
      try #require(ISO8601DateFormatter().date(from: "2026-02-01T10:20:00Z")).timeIntervalSince1970)
    let helper = try repository.walkWindow(from: head, since: 0, filter: .all, split: .onlyBefore(split))
    #expect(helper.records.count == 21 && helper.records.allSatisfy { $0.committerTime < split })
    let delivered = Dictionary(uniqueKeysWithValues: helper.records.map { ($0.id, $0.changedPaths) })
    for changes in [delivered, [:], delivered.filter { $0.value.count % 2 == 0 }] {
      var deferred = try repository.walkWindow(
        from: head, since: 0, filter: .all, split: .deferring(before: split))
      #expect(deferred.deferred.count == 21)
      try repository.fillDeferred(&deferred, from: changes, filter: .all)
      #expect(deferred.records == walk.records && deferred.deferred.isEmpty)
    }
    var changedSomething = 0
    for record in walk.records {
      let expected = try git([
        "diff-tree", "-r", "--root", "--no-renames", "--name-only", "-z", "--no-commit-id",
        record.id.description,
      ])
      .split(separator: "\0").map(String.init)
      #expect(record.changedPaths.sorted() == expected.sorted(), "commit \(record.id)")
      if !expected.isEmpty { changedSomething += 1 }
    }
    #expect(changedSomething > 30)
  }
}
