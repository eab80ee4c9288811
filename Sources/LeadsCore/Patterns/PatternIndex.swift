/// Many patterns, asked which of them apply to one path at a time, without trying every pattern on every path.
///
/// Patterns that start with literal folders are filed under those folders (`/services/checkout/*.swift` under
/// `services/checkout`): a path is only tried against the patterns filed under one of its own folders (or
/// itself) and those that can match anywhere. A path is split into segments only when a wildcard needs it.
public struct PatternIndex: Sendable {
  public let patterns: [CodeownersPattern]
  private let byLiteralPrefix: [Substring: [Int]]
  /// The lengths (in UTF-8 bytes) of the literal prefixes: a folder of another length needs no look-up.
  private let prefixLengths: Set<Int>
  private let anywhere: [Int]

  public init(_ patterns: [CodeownersPattern]) {
    self.patterns = patterns
    var byLiteralPrefix: [Substring: [Int]] = [:]
    var anywhere: [Int] = []
    for (index, pattern) in patterns.enumerated() {
      if pattern.literalPrefix.isEmpty {
        anywhere.append(index)
      } else {
        byLiteralPrefix[pattern.literalPrefix[...], default: []].append(index)
      }
    }
    self.byLiteralPrefix = byLiteralPrefix
    self.prefixLengths = Set(byLiteralPrefix.keys.map(\.utf8.count))
    self.anywhere = anywhere
  }

  /// Calls `body` with the index of each pattern that applies to `path`, in no particular order, without
  /// allocating (unless a wildcard needs the path split).
  public func forEachMatch(_ path: String, _ body: (Int) -> Void) {
    var segmented: SegmentedPath?
    func visit(_ index: Int) {
      let pattern = patterns[index]
      // A literal pattern has a literal prefix, so it is only reached through the folder it is filed under.
      if pattern.isLiteral {
        if pattern.matchesLiterally(path) { body(index) }
        return
      }
      if segmented == nil { segmented = SegmentedPath(path) }
      if pattern.matches(segmented!) { body(index) }
    }
    for index in anywhere { visit(index) }
    var cut = path.utf8.startIndex
    while true {
      let next = path.utf8[cut...].firstIndex(of: UInt8(ascii: "/")) ?? path.utf8.endIndex
      if prefixLengths.contains(path.utf8.distance(from: path.utf8.startIndex, to: next)),
        let filed = byLiteralPrefix[path[..<next]]
      {
        for index in filed { visit(index) }
      }
      guard next < path.utf8.endIndex else { break }
      cut = path.utf8.index(after: next)
    }
  }

  /// Indices into `patterns` of those that apply to `path`, in ascending order.
  public func matching(_ path: String) -> [Int] {
    var result: [Int] = []
    forEachMatch(path) { result.append($0) }
    return result.sorted()
  }
}
