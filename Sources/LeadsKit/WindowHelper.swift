import Foundation
import LeadsGit

/// Reads the changed paths of the older part of a cold window walk in a helper process (the `leads`
/// executable's hidden `window-part` command) while this process walks the newer part: most of a walk's time
/// on a large history is inflating and comparing trees, and a second process does that on a second core
/// (libgit2 serialises the threads of one process on its pack locks). Whatever the helper does not deliver
/// is read here afterwards, so the outcome never depends on it.
final class WindowHelper {
  private let child: ChildProcess
  /// Commits that landed before this time are the helper's.
  let before: Int64

  /// How long a helper may take before its part is read in this process instead.
  static let patience: Int32 = 300_000

  /// The share of the window (by time, oldest first) given to the helper: it also walks nothing else, while
  /// this process reads the registry and the newer commits, and the first-parent walk runs in a third.
  /// `LEADS_WINDOW_SHARE` (a fraction) overrides it, to measure.
  static var share: Double {
    ProcessInfo.processInfo.environment["LEADS_WINDOW_SHARE"].flatMap(Double.init).map { min(max($0, 0), 1) }
      ?? 0.5
  }

  /// Starts a helper for the commits of the window from `since` up to `before`; nil when it cannot start.
  init?(gitDirectory: String, head: ObjectID, since: Int64, before: Int64, filter: PathFilter) {
    self.before = before
    do {
      child = try ChildProcess(
        .this,
        [
          "window-part", "--git-dir", gitDirectory, "--head", head.description, "--since", "\(since)",
          "--before", "\(before)",
        ], input: WindowPartText.encode(filter), environment: ["LEADS_TRACE": nil])
    } catch {
      return nil
    }
  }

  /// The changed paths of each commit the helper read; empty when it failed, took too long or wrote
  /// anything but whole records.
  func changes() -> [ObjectID: [String]] {
    guard case .exited(0, let output, _) = child.wait(milliseconds: WindowHelper.patience) else { return [:] }
    return WindowPartText.decode(output) ?? [:]
  }

  /// Whether to split a cold walk: on a history large enough that a second process pays (as for the
  /// first-parent helper), never in a partial clone (a missing tree there ends the walk, which only this
  /// process may decide). `LEADS_WINDOW_HELPER=0` never splits, `=1` always does.
  static func pays(_ repository: GitRepository) -> Bool {
    switch ProcessInfo.processInfo.environment["LEADS_WINDOW_HELPER"] {
    case "0": return false
    case "1": return (try? repository.isPartialClone()) == false
    default: break
    }
    guard (try? repository.isPartialClone()) == false else { return false }
    return ChainHelper.pays(
      gitDirectory: repository.gitDirectory, commonDirectory: repository.commonDirectory)
  }
}

/// What the hidden `window-part` command reads and prints. In: `all` or `some` on the first line, then each
/// prefix of the path filter ended by NUL. Out: per commit, `<40 hex digits> <count of paths>` on a line,
/// then each path ended by NUL (paths may hold any byte but NUL).
public enum WindowPartText {
  static func encode(_ filter: PathFilter) -> [UInt8] {
    var bytes = Array((filter.everything ? "all\n" : "some\n").utf8)
    for prefix in filter.prefixes {
      bytes += Array(prefix.utf8)
      bytes.append(0)
    }
    return bytes
  }

  /// The filter the parent sent; nil when the bytes are not one.
  public static func decodeFilter(_ bytes: [UInt8]) -> PathFilter? {
    guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
    let kind = String(decoding: bytes[..<newline], as: UTF8.self)
    guard kind == "all" || kind == "some" else { return nil }
    let rest = bytes[(newline + 1)...]
    guard rest.isEmpty || rest.last == 0 else { return nil }
    let prefixes = rest.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
      String(decoding: $0, as: UTF8.self)
    }
    return PathFilter(everything: kind == "all", prefixes: prefixes)
  }

  public static func encode(_ records: [CommitRecord]) -> [UInt8] {
    var bytes: [UInt8] = []
    for record in records {
      bytes += Array("\(record.id) \(record.changedPaths.count)\n".utf8)
      for path in record.changedPaths {
        bytes += Array(path.utf8)
        bytes.append(0)
      }
    }
    return bytes
  }

  static func decode(_ bytes: [UInt8]) -> [ObjectID: [String]]? {
    var changes: [ObjectID: [String]] = [:]
    var position = 0
    while position < bytes.count {
      guard let newline = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
      let header = String(decoding: bytes[position..<newline], as: UTF8.self).split(separator: " ")
      guard header.count == 2, let id = ObjectID(hex: header[0]), let count = Int(header[1]), count >= 0
      else {
        return nil
      }
      position = newline + 1
      var paths: [String] = []
      paths.reserveCapacity(count)
      for _ in 0..<count {
        guard position < bytes.count, let end = bytes[position...].firstIndex(of: 0) else { return nil }
        paths.append(String(decoding: bytes[position..<end], as: UTF8.self))
        position = end + 1
      }
      changes[id] = paths
    }
    return changes
  }
}

/// The helper's side: what the hidden `window-part` command prints.
public enum WindowPartCommand {
  /// The changed paths of the window's commits that landed before `before`, read in the repository at
  /// `gitDirectory` from `head`, as text.
  public static func run(gitDirectory: String, head: String, since: Int64, before: Int64, filter: PathFilter)
    throws -> [UInt8]
  {
    guard let start = ObjectID(hex: head) else { throw HelperError(description: "not a commit id: \(head)") }
    let repository = try GitRepository.discover(from: gitDirectory)
    let walk = try repository.walkWindow(
      from: start, since: since, filter: filter, split: .onlyBefore(before))
    return WindowPartText.encode(walk.records)
  }
}
