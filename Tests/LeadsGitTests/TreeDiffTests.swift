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
  }
}
