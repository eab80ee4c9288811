/// Tracked paths in the git index's order (byte order), searched by halving: whether a path is tracked, and
/// which tracked files lie under a folder, in logarithmic time — so that `who` for every file of a large
/// repository costs about as much as reading the index.
public struct SortedPaths: Sendable {
  public let paths: [String]

  /// `paths` must be sorted by their UTF-8 bytes (as the git index is); they are sorted when they are not.
  public init(_ paths: [String]) {
    let ordered = zip(paths, paths.dropFirst()).allSatisfy { !SortedPaths.less($1, $0) }
    self.paths = ordered ? paths : paths.sorted(by: SortedPaths.less)
  }

  /// Byte order, compared over the strings' contiguous UTF-8 (what git's `memcmp` order is).
  static func less(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }

  static func compare(_ a: String, _ b: String) -> Int {
    var a = a
    var b = b
    return a.withUTF8 { left in
      b.withUTF8 { right in
        let common = min(left.count, right.count)
        for index in 0..<common where left[index] != right[index] {
          return Int(left[index]) - Int(right[index])
        }
        return left.count - right.count
      }
    }
  }

  /// The first position whose path is not before `key`.
  func lowerBound(_ key: String) -> Int {
    var low = 0
    var high = paths.count
    while low < high {
      let middle = (low + high) / 2
      if SortedPaths.less(paths[middle], key) { low = middle + 1 } else { high = middle }
    }
    return low
  }

  public func contains(_ path: String) -> Bool {
    let position = lowerBound(path)
    return position < paths.count && SortedPaths.compare(paths[position], path) == 0
  }

  /// The tracked files under `folder` (every file for the root, `""`).
  public func files(under folder: String) -> ArraySlice<String> {
    guard !folder.isEmpty else { return paths[...] }
    let prefix = folder + "/"
    let start = lowerBound(prefix)
    var end = start
    // Paths under the folder are contiguous in byte order; find the first one past them by halving too.
    var high = paths.count
    while end < high {
      let middle = (end + high) / 2
      if paths[middle].utf8.starts(with: prefix.utf8) { end = middle + 1 } else { high = middle }
    }
    return paths[start..<end]
  }

  /// Whether tracked files sit under `folder`.
  public func hasFiles(under folder: String) -> Bool { !files(under: folder).isEmpty }
}
