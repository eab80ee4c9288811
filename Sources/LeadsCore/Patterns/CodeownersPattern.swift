/// A CODEOWNERS path pattern with GitHub's semantics (gitignore rules, except that `dir/*` reaches only
/// the files directly inside `dir`).
public struct CodeownersPattern: Hashable, Sendable {
  enum Token: Hashable, Sendable {
    case literal(Unicode.Scalar)
    case anyCharacter
    case anyRun
    /// `[abc]`, `[a-z]`, `[!a]`: one character in (or, negated, not in) the ranges. Only in patterns read from
    /// an existing CODEOWNERS file; the registry refuses them (GitHub does not document them).
    case characterClass(ranges: [ClosedRange<UInt32>], negated: Bool)
  }

  enum Segment: Hashable, Sendable {
    case anyDepth
    case glob([Token])

    var literalText: String? {
      guard case .glob(let tokens) = self else { return nil }
      var text = ""
      for token in tokens {
        guard case .literal(let scalar) = token else { return nil }
        text.unicodeScalars.append(scalar)
      }
      return text
    }
  }

  /// The pattern as written.
  public let text: String
  /// Patterns with a `/` at the start or in the middle match from the repository root; others at any depth.
  public let isAnchored: Bool
  /// A trailing `/` matches directories (and so everything below them) only.
  public let isDirectoryOnly: Bool
  let segments: [Segment]
  /// `dir/*` matches the files directly in `dir`, not deeper ones.
  let matchesDirectChildrenOnly: Bool

  /// Parses a pattern; nil when it has no path segment at all (such as `/`), or fails `problem(with:)`.
  public init?(_ text: String) {
    guard CodeownersPattern.problem(with: text) == nil, !CodeownersPattern.escapesRepository(text) else {
      return nil
    }
    self.init(checked: text)
  }

  /// Parses a pattern of an existing CODEOWNERS file the way gitignore matching reads it: `[...]` is a
  /// character class, and a `[` or `]` that does not form one is a literal character.
  public init?(reading text: String) {
    guard !text.isEmpty, !text.hasPrefix("#"), !text.hasPrefix("!"),
      !text.unicodeScalars.contains(where: ScalarClass.isControl), !CodeownersPattern.escapesRepository(text)
    else { return nil }
    self.init(checked: text)
  }

  private init?(checked text: String) {
    self.text = text
    var body = Substring(text)
    isDirectoryOnly = body.hasSuffix("/") && !body.hasSuffix("\\/")
    if isDirectoryOnly { body = body.dropLast() }
    let startsAtRoot = body.hasPrefix("/")
    if startsAtRoot { body = body.dropFirst() }
    let rawSegments = CodeownersPattern.splitSegments(body)
    guard !rawSegments.isEmpty, !rawSegments.contains(where: \.isEmpty) else { return nil }
    isAnchored = startsAtRoot || rawSegments.count > 1
    segments = rawSegments.map { raw in raw == "**" ? .anyDepth : .glob(CodeownersPattern.tokens(raw)) }
    matchesDirectChildrenOnly = !isDirectoryOnly && text.hasSuffix("/*")
    literalPrefix = CodeownersPattern.literalPrefix(of: segments, anchored: isAnchored)
    isLiteral = isAnchored && segments.allSatisfy { $0.literalText != nil }
  }

  /// Why GitHub's CODEOWNERS could not express this pattern, or nil when it can.
  public static func problem(with text: String) -> String? {
    if text.isEmpty { return "a pattern is empty" }
    if text.unicodeScalars.contains(where: ScalarClass.isControl) {
      return
        "pattern \(quoted(text)) contains a control character or line break, which would end the CODEOWNERS line"
    }
    if text.unicodeScalars.contains(where: ScalarClass.isInvisible) {
      return
        "pattern \(quoted(text)) contains an invisible or bidirectional character, so it reads differently from what it matches"
    }
    if text.hasPrefix("#") {
      return "pattern \(quoted(text)) starts with '#', which CODEOWNERS reads as a comment"
    }
    if text.hasPrefix("!") {
      return "pattern \(quoted(text)) starts with '!'; CODEOWNERS does not support negation"
    }
    if text.utf8.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") }) {
      return "pattern \(quoted(text)) uses '[ ]'; CODEOWNERS does not support character ranges"
    }
    if containsPair(text, "\\", "#") {
      return "pattern \(quoted(text)) uses '\\#', which CODEOWNERS does not support"
    }
    if text.contains(", ") {
      let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.joined(
        separator: ", ")
      return
        "\(quoted(text)) reads as one pattern with a comma: to list several, write a YAML list: [\(items)]"
    }
    var previousWasEscape = false
    for scalar in text.unicodeScalars {
      if ScalarClass.isWhitespace(scalar), !previousWasEscape {
        return
          "pattern \(quoted(text)) contains an unescaped space, which would split the CODEOWNERS line; write '\\ '"
      }
      previousWasEscape = scalar == "\\" && !previousWasEscape
    }
    if text.utf8.allSatisfy({ $0 == UInt8(ascii: "/") }) { return "pattern \(quoted(text)) names no path" }
    if containsPair(text, "/", "/") { return "pattern \(quoted(text)) has an empty path segment ('//')" }
    return nil
  }

  /// Whether two ASCII characters occur next to each other in `text` (without Foundation's string search).
  private static func containsPair(_ text: String, _ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Bool
  {
    zip(text.utf8, text.utf8.dropFirst()).contains { $0 == UInt8(first.value) && $1 == UInt8(second.value) }
  }

  /// Whether the pattern walks out of the repository (a `..` segment).
  public static func escapesRepository(_ text: String) -> Bool {
    splitSegments(Substring(text)).contains("..")
  }

  /// `text` with control characters made visible.
  static func quoted(_ text: String) -> String {
    "'" + OwnerReference.visible(text) + "'"
  }

  /// How narrow the pattern is by its shape alone, for CODEOWNERS line order: more literal folders, then more
  /// segments after them, come later (and so win, since the last matching line does). It never depends on
  /// which files exist, so adding a file never reorders the generated file.
  public var specificity: (literalDepth: Int, segments: Int, anchored: Int) {
    let depth = literalPrefix.isEmpty ? 0 : literalPrefix.split(separator: "/").count
    return (depth, segments.count, isAnchored ? 1 : 0)
  }

  /// Whether every path `other` can match, this pattern matches too — decided from the two patterns' shape
  /// alone, never from which files exist. Conservative: true only for a folder this pattern names in full
  /// (`/lib/`, `/lib`, `lib/core/`, `/lib/**`) and an anchored pattern strictly inside it (`/lib/core/`,
  /// `/lib/*.c`, `lib/**/test/`).
  public func contains(_ other: CodeownersPattern) -> Bool {
    guard isAnchored, other.isAnchored, !matchesDirectChildrenOnly else { return false }
    var folder = segments
    if case .anyDepth? = folder.last { folder.removeLast() }
    guard !folder.isEmpty, folder.allSatisfy({ $0.literalText != nil }), other.segments.count > folder.count
    else { return false }
    return zip(folder, other.segments).allSatisfy { mine, theirs in
      mine.literalText != nil && mine.literalText == theirs.literalText
    }
  }

  /// Whether the pattern applies to `path` (a file path relative to the root, `/`-separated).
  public func matches(_ path: String) -> Bool {
    if isLiteral { return mayMatch(path) && matchesLiterally(path) }
    return matches(SegmentedPath(path))
  }

  /// An anchored pattern without wildcards names one file or folder: it matches that path and what is below it.
  /// Only for paths already known to be that file or folder, or below it (`mayMatch`).
  func matchesLiterally(_ path: String) -> Bool {
    path.utf8.count > literalPrefix.utf8.count || !isDirectoryOnly
  }

  /// False when the path cannot match: it lies outside the pattern's literal folders. Cheap; no allocation.
  public func mayMatch(_ path: String) -> Bool {
    guard !literalPrefix.isEmpty else { return true }
    return CodeownersPattern.isFolderOrSelf(literalPrefix, of: path)
  }

  /// Whether `path` is `folder` itself or lies below it, comparing bytes in place when both are contiguous.
  static func isFolderOrSelf(_ folder: String, of path: String) -> Bool {
    let fast = path.utf8.withContiguousStorageIfAvailable { pathBytes in
      folder.utf8.withContiguousStorageIfAvailable { folderBytes -> Bool in
        guard pathBytes.count >= folderBytes.count else { return false }
        for offset in 0..<folderBytes.count where pathBytes[offset] != folderBytes[offset] { return false }
        return pathBytes.count == folderBytes.count || pathBytes[folderBytes.count] == UInt8(ascii: "/")
      }
    }
    if let answer = fast ?? nil { return answer }
    guard path.utf8.starts(with: folder.utf8) else { return false }
    let rest = path.utf8.dropFirst(folder.utf8.count)
    return rest.isEmpty || rest.first == UInt8(ascii: "/")
  }

  /// Whether the pattern applies to an already segmented path (split once, matched against many patterns).
  public func matches(_ path: SegmentedPath) -> Bool {
    guard mayMatch(path.text) else { return false }
    if isLiteral { return matchesLiterally(path.text) }
    let parts = path.segments
    guard !parts.isEmpty else { return false }
    // A pattern applies to a file when it matches the file itself or one of its folders.
    for length in stride(from: parts.count, through: 1, by: -1) {
      let isDirectory = length < parts.count
      if isDirectory && matchesDirectChildrenOnly { continue }
      if !isDirectory && isDirectoryOnly { continue }
      let candidate = parts[0..<length]
      if isAnchored {
        if match(segmentIndex: 0, candidate, candidate.startIndex) { return true }
      } else if case .glob(let tokens) = segments[0], CodeownersPattern.glob(tokens, candidate.last!) {
        return true
      }
    }
    return false
  }

  /// For anchored patterns, the leading literal folders (like `services/checkout`), used to narrow
  /// a sorted file list before matching; empty when the pattern starts with a wildcard.
  public let literalPrefix: String
  /// Anchored, and every segment literal: matching is a prefix test.
  let isLiteral: Bool

  static func literalPrefix(of segments: [Segment], anchored: Bool) -> String {
    guard anchored else { return "" }
    var parts: [String] = []
    for segment in segments {
      guard let literal = segment.literalText else { break }
      parts.append(literal)
    }
    return parts.joined(separator: "/")
  }

  private func match(segmentIndex: Int, _ path: ArraySlice<[Unicode.Scalar]>, _ pathIndex: Int) -> Bool {
    if segmentIndex == segments.count { return pathIndex == path.endIndex }
    switch segments[segmentIndex] {
    case .anyDepth:
      // A trailing `/**` matches everything inside, never the folder itself.
      var next = segmentIndex == segments.count - 1 ? pathIndex + 1 : pathIndex
      while next <= path.endIndex {
        if match(segmentIndex: segmentIndex + 1, path, next) { return true }
        next += 1
      }
      return false
    case .glob(let tokens):
      guard pathIndex < path.endIndex, CodeownersPattern.glob(tokens, path[pathIndex]) else { return false }
      return match(segmentIndex: segmentIndex + 1, path, pathIndex + 1)
    }
  }

  /// Matches one path segment against glob tokens (`*` and `?` never cross `/`).
  static func glob(_ tokens: [Token], _ name: [Unicode.Scalar]) -> Bool {
    var tokenIndex = 0
    var nameIndex = 0
    var starToken = -1
    var starName = 0
    while nameIndex < name.count {
      if tokenIndex < tokens.count {
        switch tokens[tokenIndex] {
        case .anyRun:
          starToken = tokenIndex
          starName = nameIndex
          tokenIndex += 1
          continue
        case .anyCharacter:
          tokenIndex += 1
          nameIndex += 1
          continue
        case .literal(let scalar) where scalar == name[nameIndex]:
          tokenIndex += 1
          nameIndex += 1
          continue
        case .characterClass(let ranges, let negated)
        where ranges.contains { $0.contains(name[nameIndex].value) } != negated:
          tokenIndex += 1
          nameIndex += 1
          continue
        default: break
        }
      }
      guard starToken >= 0 else { return false }
      tokenIndex = starToken + 1
      starName += 1
      nameIndex = starName
    }
    while tokenIndex < tokens.count, tokens[tokenIndex] == .anyRun { tokenIndex += 1 }
    return tokenIndex == tokens.count
  }

  /// Splits on unescaped `/`.
  static func splitSegments(_ text: Substring) -> [String] {
    var segments: [String] = []
    var current = ""
    var escaped = false
    for scalar in text.unicodeScalars {
      if escaped {
        current.unicodeScalars.append("\\")
        current.unicodeScalars.append(scalar)
        escaped = false
      } else if scalar == "\\" {
        escaped = true
      } else if scalar == "/" {
        segments.append(current)
        current = ""
      } else {
        current.unicodeScalars.append(scalar)
      }
    }
    if escaped { current.unicodeScalars.append("\\") }
    segments.append(current)
    return segments
  }

  static func tokens(_ segment: String) -> [Token] {
    var tokens: [Token] = []
    var escaped = false
    for scalar in segment.unicodeScalars {
      if escaped {
        tokens.append(.literal(scalar))
        escaped = false
        continue
      }
      switch scalar {
      case "\\": escaped = true
      case "*": if tokens.last != .anyRun { tokens.append(.anyRun) }
      case "?": tokens.append(.anyCharacter)
      default: tokens.append(.literal(scalar))
      }
    }
    if escaped { tokens.append(.literal("\\")) }
    return characterClasses(in: tokens)
  }

  /// Turns `[` ... `]` runs of literal tokens into character classes, as gitignore does; a `[` without a
  /// closing `]` stays a literal character, and so does a `]` outside a class. A `]` right after `[` (or
  /// `[!`, `[^`) is a member, not the end.
  static func characterClasses(in tokens: [Token]) -> [Token] {
    guard tokens.contains(.literal("[")) else { return tokens }
    var result: [Token] = []
    var index = 0
    while index < tokens.count {
      guard tokens[index] == .literal("["), let (token, end) = characterClass(tokens, from: index) else {
        result.append(tokens[index])
        index += 1
        continue
      }
      result.append(token)
      index = end + 1
    }
    return result
  }

  private static func characterClass(_ tokens: [Token], from start: Int) -> (Token, Int)? {
    var index = start + 1
    var negated = false
    if index < tokens.count, tokens[index] == .literal("!") || tokens[index] == .literal("^") {
      negated = true
      index += 1
    }
    var members: [Unicode.Scalar] = []
    var first = true
    while index < tokens.count {
      guard case .literal(let scalar) = tokens[index] else { return nil }
      if scalar == "]" && !first { break }
      members.append(scalar)
      first = false
      index += 1
    }
    guard index < tokens.count, !members.isEmpty else { return nil }
    var ranges: [ClosedRange<UInt32>] = []
    var position = 0
    while position < members.count {
      if position + 2 < members.count, members[position + 1] == "-",
        members[position].value <= members[position + 2].value
      {
        ranges.append(members[position].value...members[position + 2].value)
        position += 3
      } else {
        ranges.append(members[position].value...members[position].value)
        position += 1
      }
    }
    return (.characterClass(ranges: ranges, negated: negated), index)
  }
}

/// A path split into segments once, for matching against many patterns.
public struct SegmentedPath: Sendable {
  public let text: String
  let segments: [[Unicode.Scalar]]

  public init(_ path: String) {
    text = path
    segments = path.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
  }
}

/// The tracked files of a repository, sorted, with pattern look-ups that avoid scanning every file.
public struct TrackedFiles: Sendable {
  public let paths: PathTable

  public init(_ paths: PathTable) {
    self.paths = paths
  }

  public init<S: Sequence>(_ paths: S) where S.Element == String {
    self.paths = PathTable(paths)
  }

  /// Indices into `paths` of the files the pattern applies to.
  public func matching(_ pattern: CodeownersPattern) -> [Int] {
    if pattern.isLiteral && !pattern.literalPrefix.isEmpty {
      // A pattern without wildcards names one file or folder: the paths under it, and itself unless it names
      // only a folder (in byte order, a path comes right before the paths under it).
      let below = paths.positions(withPrefix: pattern.literalPrefix + "/")
      let itself = pattern.isDirectoryOnly ? nil : paths.position(of: pattern.literalPrefix)
      return (itself.map { [$0] } ?? []) + Array(below)
    }
    return paths.positions(withPrefix: pattern.literalPrefix).filter { pattern.matches(paths[$0]) }
  }
}
