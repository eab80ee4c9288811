/// Renders CODEOWNERS from the registry.
///
/// Owners are the lead, then the backups: a person's forge handle when the registry knows it, else their email.
/// Lines are ordered so that "the last matching line wins" gives every file the post the registry means: a pattern
/// that matches more tracked files comes before one that matches fewer, so a service nested inside another
/// follows it. Owners and patterns that lint rejects never reach the file.
public enum CodeownersGenerator {
  /// The first and last lines of the generated block; everything outside them belongs to people.
  public static let beginMarker =
    "# BEGIN leads: generated from registry/ by `leads codeowners --write`; edit the registry, not these lines"
  /// The start of the block's last line, which goes on with the checksum of the lines between (see
  /// `endLine(for:)`); a bare `# END leads` (as older versions wrote it) also ends a block.
  public static let endMarker = "# END leads"

  /// GitHub ignores CODEOWNERS files larger than this.
  public static let githubSizeLimit = 3 * 1024 * 1024

  /// Findings that never change the generated lines: they are about the file as a whole (drift, size), about
  /// coverage, or about routing the lines already say (overlaps, unmatched patterns).
  public static let rulesThatKeepTheLines: Set<RuleID> = [
    .codeownersDrift, .codeownersSize, .coverage, .overlappingServices, .unmatchedPattern,
    // Hand-written lines are kept byte for byte whatever is wrong with them.
    .codeownersInvalid, .codeownersLine, .codeownersShadowed,
  ]

  /// The errors that would make the generated lines differ from what the registry means (an entry that could
  /// not be read loses its lines, an owner lint rejects is left out): writing CODEOWNERS waits for them.
  public static func errorsChangingLines(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.filter { $0.severity == .error && !rulesThatKeepTheLines.contains($0.rule) }
  }

  /// The rules the registry implies, in file order: broader patterns first, by their shape alone
  /// (see `CodeownersPattern.specificity`), services before initiatives on a tie, then by text.
  public static func rules(for registry: Registry) -> [CodeownersRule] {
    registry.codeownersRules
  }

  static func rules(
    posts: [Entry], people: PersonDirectory, matchesByPattern: [String: [Int]],
    teamHandles: [String: String] = [:]
  ) -> [CodeownersRule] {
    var rules: [(rule: CodeownersRule, key: OrderKey)] = []
    let precedence = CodeownersGenerator.precedence(of: posts)
    for post in posts {
      if post.kind == .initiative, let status = post.status?.value, status == .done || status == .dropped {
        continue
      }
      var owners = codeownersOwners(of: post, people: people)
      if let team = post.team?.value, let handle = teamHandles[team],
        !owners.contains(where: { $0.lowercased() == handle.lowercased() })
      {
        owners.append(handle)
      }
      guard !owners.isEmpty else { continue }
      for written in post.paths {
        guard matchesByPattern[written.value] != nil, let pattern = CodeownersPattern(written.value)
        else {
          continue
        }
        let rule = CodeownersRule(
          pattern: written.value, owners: owners, section: post.kind == .service ? "Services" : "Initiatives",
          entry: post.id.value)
        rules.append(
          (
            rule,
            OrderKey(
              pattern: pattern, isService: post.kind == .service, entry: post.id.value,
              precedence: precedence[post.id.value] ?? 0)
          ))
      }
    }
    return rules.sorted { $0.key < $1.key }.map(\.rule)
  }

  /// With `codeowners.registry_review`: each live post's lead file owned by its lead and backups, each team file
  /// by its direction and people holders — last in the block, so that they win over any pattern covering the
  /// registry, and a change to a lead needs the outgoing side's review where the forge requires code-owner
  /// review.
  static func reviewRules(entries: [Entry], people: PersonDirectory) -> [CodeownersRule] {
    var rules: [CodeownersRule] = []
    for entry in entries.sorted(by: { $0.file < $1.file }) {
      var owners: [String]
      switch entry.kind {
      case .service, .initiative:
        guard !entry.isFinished else { continue }
        owners = codeownersOwners(of: entry, people: people)
      case .team:
        var holders = entry
        let named = (entry.leadership[.direction] ?? []) + (entry.leadership[.people] ?? [])
        guard let first = named.first else { continue }
        holders.lead = first
        holders.backup = Array(named.dropFirst())
        owners = codeownersOwners(of: holders, people: people)
      case .person:
        continue
      }
      var seen = Set<String>()
      owners = owners.filter { seen.insert($0.lowercased()).inserted }
      let pattern = "/" + entry.file
      guard !owners.isEmpty, CodeownersPattern(pattern) != nil else { continue }
      rules.append(
        CodeownersRule(pattern: pattern, owners: owners, section: "Registry", entry: entry.id.value))
    }
    return rules
  }

  /// How many levels of `overrides` stand below each post: a post's lines come after every line of the posts
  /// it overrides (and of theirs). A cycle counts each post in it once.
  public static func precedence(of posts: [Entry]) -> [String: Int] {
    let overrides = Dictionary(
      posts.map { ($0.id.value, $0.overrides.map(\.value)) }, uniquingKeysWith: { first, _ in first })
    var levels: [String: Int] = [:]
    func level(_ id: String, _ visiting: inout Set<String>) -> Int {
      if let known = levels[id] { return known }
      guard visiting.insert(id).inserted else { return 0 }
      let below =
        (overrides[id] ?? []).filter { overrides[$0] != nil }.map { level($0, &visiting) + 1 }.max() ?? 0
      visiting.remove(id)
      levels[id] = below
      return below
    }
    for post in posts {
      var visiting: Set<String> = []
      _ = level(post.id.value, &visiting)
    }
    return levels
  }

  /// Where a pattern of a post goes in the generated file: after the posts it overrides, then by shape.
  public struct OrderKey: Comparable {
    let precedence: Int
    let depth: Int
    let segments: Int
    let anchored: Int
    let kind: Int
    let text: String
    let entry: String

    public init(pattern: CodeownersPattern, isService: Bool, entry: String, precedence: Int = 0) {
      self.precedence = precedence
      (depth, segments, anchored) = pattern.specificity
      kind = isService ? 0 : 1
      text = pattern.text
      self.entry = entry
    }

    public static func < (lhs: OrderKey, rhs: OrderKey) -> Bool {
      if lhs.precedence != rhs.precedence { return lhs.precedence < rhs.precedence }
      return (lhs.depth, lhs.segments, lhs.anchored, lhs.kind, lhs.text, lhs.entry)
        < (rhs.depth, rhs.segments, rhs.anchored, rhs.kind, rhs.text, rhs.entry)
    }
  }

  /// The lead, then the backups, as CODEOWNERS owners, without repeats; owners lint rejects are left out.
  public static func codeownersOwners(of post: Entry, people: PersonDirectory) -> [String] {
    var owners: [String] = []
    for written in [post.lead].compactMap({ $0 }) + post.backup {
      guard case .success(let reference) = OwnerReference.parse(written.value) else { continue }
      let person = people.person(for: reference)
      var rendered: String?
      if let handle = person?.handle?.value {
        let withAt = handle.hasPrefix("@") ? handle : "@" + handle
        if case .success(.handle) = OwnerReference.parse(withAt) { rendered = withAt }
      }
      if rendered == nil {
        switch reference {
        case .handle(let handle): rendered = handle
        case .email(let email): rendered = email
        case .personID:
          rendered = person?.emails.first { OwnerReference.isEmail($0.value) }?.value
        }
      }
      if let rendered, !owners.contains(rendered) { owners.append(rendered) }
    }
    return owners
  }

  /// The generated block, lines separated by `newline`, ending with one.
  public static func block(_ rules: [CodeownersRule], flavor: CodeownersFlavor, newline: String = "\n")
    -> String
  {
    var lines = [beginMarker]
    switch flavor {
    case .github:
      lines += rules.map(line)
    case .gitlab:
      for section in ["Services", "Initiatives", "Registry"] {
        let inSection = rules.filter { $0.section == section }
        guard !inSection.isEmpty else { continue }
        lines.append("[\(section)]")
        lines += inSection.map(line)
      }
    }
    lines.append(endLine(for: lines.dropFirst()))
    return lines.joined(separator: newline) + newline
  }

  /// `# END leads (checksum: …)`: 16 hexadecimal digits hashing the block's lines, so that a hand edit
  /// inside the block is told apart from a registry that moved on.
  static func endLine<Lines: Sequence>(for inner: Lines) -> String where Lines.Element: StringProtocol {
    "\(endMarker) (checksum: \(checksum(of: inner)))"
  }

  static func checksum<Lines: Sequence>(of inner: Lines) -> String where Lines.Element: StringProtocol {
    FindingIdentity.hex(FindingIdentity.fnv1a(inner.map { $0 + "\n" }.joined()))
  }

  private static func line(_ rule: CodeownersRule) -> String {
    ([rule.pattern] + rule.owners).joined(separator: " ")
  }

  /// The rules a generated file routes by, as `who` reads them.
  public static func routing(_ rules: [CodeownersRule], flavor: CodeownersFlavor) -> CodeownersRouting {
    CodeownersRouting(
      flavor == .github
        ? rules.map {
          var rule = $0; rule.section = nil; return rule
        } : rules)
  }
}

/// Places the generated block in a CODEOWNERS file without touching a byte of what people wrote around it.
public enum CodeownersFile {
  /// A line without its terminator (and trailing blanks): markers are whole lines, never a part of one.
  static func lineContent(_ line: some Collection<UInt8>) -> Substring {
    var text = Substring(String(decoding: line, as: UTF8.self))
    while let last = text.unicodeScalars.last, last == "\n" || last == "\r" || last == " " || last == "\t" {
      text = Substring(text.unicodeScalars.dropLast())
    }
    return text
  }

  /// `# BEGIN leads`, alone or followed by `:` and an explanation.
  static func isBeginMarker(_ line: some Collection<UInt8>) -> Bool {
    let text = lineContent(line)
    return text == "# BEGIN leads" || text.hasPrefix("# BEGIN leads:")
  }

  static func isEndMarker(_ line: some Collection<UInt8>) -> Bool {
    let text = lineContent(line)
    return text == CodeownersGenerator.endMarker
      || text.hasPrefix(CodeownersGenerator.endMarker + " (checksum: ")
  }

  /// Where the generated block was edited by hand: its lines (1-based, BEGIN and END included) when its END
  /// line carries a checksum the lines between no longer have; nil when they still do, or when there is no
  /// checksum to compare (a block older versions wrote) or no whole block.
  public static func handEdit(_ bytes: [UInt8]) -> ClosedRange<Int>? {
    let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(lineContent)
    guard let begin = lines.firstIndex(where: { isBeginMarker(Array($0.utf8)) }),
      let end = lines[begin...].firstIndex(where: { isEndMarker(Array($0.utf8)) }),
      lines[end] != CodeownersGenerator.endMarker
    else { return nil }
    let expected = CodeownersGenerator.endLine(for: lines[(begin + 1)..<end])
    return lines[end] == expected ? nil : (begin + 1)...(end + 1)
  }

  /// The file as versions of leads before the checksum wrote it: every END line with a checksum made the bare
  /// `# END leads` (keeping a CR before the line break).
  public static func withoutChecksum(_ bytes: [UInt8]) -> [UInt8] {
    let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
      guard isEndMarker(line), lineContent(line) != CodeownersGenerator.endMarker else { return Array(line) }
      return Array(CodeownersGenerator.endMarker.utf8)
        + (line.last == UInt8(ascii: "\r") ? [UInt8(ascii: "\r")] : [])
    }
    return Array(lines.joined(separator: [UInt8(ascii: "\n")]))
  }

  /// The file with its generated block's lines emptied (line numbers kept): what people wrote by hand. The
  /// block is leads' own output, never history of who owned what.
  public static func handWritten(_ bytes: [UInt8]) -> [UInt8] {
    var inside = false
    var kept: [[UInt8]] = []
    for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      if isBeginMarker(line) {
        inside = true
        kept.append([])
      } else if isEndMarker(line) {
        inside = false
        kept.append([])
      } else {
        kept.append(inside ? [] : Array(line))
      }
    }
    return Array(kept.joined(separator: [UInt8(ascii: "\n")]))
  }

  /// Whether the file holds a line that starts or ends a generated block.
  public static func hasMarkers(_ bytes: [UInt8]) -> Bool {
    bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).contains {
      isBeginMarker($0) || isEndMarker($0)
    }
  }

  /// A file that cannot be updated safely.
  public struct Problem: Error, Equatable, Sendable {
    public var message: String
    public var line: Int
  }

  /// The file's new content: the block replaced in place, or appended when the file has none.
  /// Keeps the file's line endings (CRLF when it uses them).
  public static func updated(_ existing: [UInt8]?, rules: [CodeownersRule], flavor: CodeownersFlavor)
    -> Result<
      [UInt8], Problem
    >
  {
    guard let existing, !existing.isEmpty else {
      return .success(Array(CodeownersGenerator.block(rules, flavor: flavor).utf8))
    }
    let text = String(decoding: existing, as: UTF8.self)
    let newline = text.contains("\r\n") ? "\r\n" : "\n"
    let block = Array(CodeownersGenerator.block(rules, flavor: flavor, newline: newline).utf8)
    // Lines with their terminators, so that everything outside the block is copied byte for byte.
    var lines: [ArraySlice<UInt8>] = []
    var start = existing.startIndex
    for index in existing.indices where existing[index] == UInt8(ascii: "\n") {
      lines.append(existing[start...index])
      start = index + 1
    }
    if start < existing.endIndex { lines.append(existing[start...]) }
    let begins = lines.indices.filter { isBeginMarker(lines[$0]) }
    let ends = lines.indices.filter { isEndMarker(lines[$0]) }
    if begins.count > 1 {
      return .failure(
        Problem(
          message: "CODEOWNERS has more than one generated block; remove all but one", line: begins[1] + 1))
    }
    guard let begin = begins.first else {
      if !ends.isEmpty {
        return .failure(
          Problem(
            message: "CODEOWNERS has '\(CodeownersGenerator.endMarker)' without a BEGIN line",
            line: ends[0] + 1))
      }
      var result = existing
      if result.last != UInt8(ascii: "\n") { result += Array(newline.utf8) }
      return .success(result + Array(newline.utf8) + block)
    }
    guard let end = ends.first(where: { $0 > begin }) else {
      return .failure(
        Problem(
          message: "CODEOWNERS has a generated block that never ends; add '\(CodeownersGenerator.endMarker)'",
          line: begin + 1))
    }
    let before = lines[..<begin].flatMap { $0 }
    let after = lines[(end + 1)...].flatMap { $0 }
    return .success(before + block + after)
  }
}

/// A unified diff of two texts, line by line (Myers' algorithm).
public enum UnifiedDiff {
  public static func render(old: String, new: String, oldName: String, newName: String, context: Int = 3)
    -> String
  {
    let a = lines(of: old)
    let b = lines(of: new)
    let script = edits(a, b)
    guard script.contains(where: { $0.kind != .same }) else { return "" }
    var output = "--- \(oldName)\n+++ \(newName)\n"
    var index = 0
    while index < script.count {
      guard let firstChange = script[index...].firstIndex(where: { $0.kind != .same }) else { break }
      var start = max(index, firstChange - context)
      if start < index { start = index }
      var end = firstChange
      var lastChange = firstChange
      while end < script.count {
        if script[end].kind != .same { lastChange = end }
        if end - lastChange > 2 * context { break }
        end += 1
      }
      end = min(script.count, lastChange + context + 1)
      let hunk = script[start..<end]
      let oldStart = hunk.first!.oldLine
      let newStart = hunk.first!.newLine
      let oldCount = hunk.filter { $0.kind != .insert }.count
      let newCount = hunk.filter { $0.kind != .delete }.count
      output +=
        "@@ -\(oldStart + (oldCount == 0 ? 0 : 1)),\(oldCount) +\(newStart + (newCount == 0 ? 0 : 1)),\(newCount) @@\n"
      for edit in hunk {
        let sign = edit.kind == .same ? " " : edit.kind == .delete ? "-" : "+"
        if edit.text.hasSuffix(noNewline) {
          output += sign + edit.text.dropLast(noNewline.count) + "\n\\ No newline at end of file\n"
        } else {
          output += sign + edit.text + "\n"
        }
      }
      index = end
    }
    return output
  }

  /// Marks a last line without a newline, so that it differs from the same line with one (as in `diff`).
  static let noNewline = "\u{0}no newline"

  /// The lines of a text, without their newlines; a last line without one carries `noNewline`.
  static func lines(of text: String) -> [String] {
    guard !text.isEmpty else { return [] }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" {
      lines.removeLast()
    } else {
      lines[lines.count - 1] += noNewline
    }
    return lines
  }

  struct Edit {
    enum Kind { case same, delete, insert }
    let kind: Kind
    let text: String
    /// Lines consumed before this edit, in each file.
    let oldLine: Int
    let newLine: Int
  }

  static func edits(_ a: [String], _ b: [String]) -> [Edit] {
    let n = a.count
    let m = b.count
    let maxD = n + m
    var v = [Int](repeating: 0, count: 2 * maxD + 2)
    var trace: [[Int]] = []
    outer: for d in 0...maxD {
      trace.append(v)
      for k in stride(from: -d, through: d, by: 2) {
        var x: Int
        if k == -d || (k != d && v[k - 1 + maxD] < v[k + 1 + maxD]) {
          x = v[k + 1 + maxD]
        } else {
          x = v[k - 1 + maxD] + 1
        }
        var y = x - k
        while x < n, y < m, a[x] == b[y] {
          x += 1
          y += 1
        }
        v[k + maxD] = x
        if x >= n && y >= m { break outer }
      }
    }
    var x = n
    var y = m
    var reversed: [Edit] = []
    for d in stride(from: trace.count - 1, through: 0, by: -1) {
      let v = trace[d]
      let k = x - y
      let previousK = (k == -d || (k != d && v[k - 1 + maxD] < v[k + 1 + maxD])) ? k + 1 : k - 1
      let previousX = d == 0 ? 0 : v[previousK + maxD]
      let previousY = previousX - previousK
      while x > previousX && y > previousY {
        x -= 1
        y -= 1
        reversed.append(Edit(kind: .same, text: a[x], oldLine: x, newLine: y))
      }
      if d > 0 {
        if x == previousX {
          y -= 1
          reversed.append(Edit(kind: .insert, text: b[y], oldLine: x, newLine: y))
        } else {
          x -= 1
          reversed.append(Edit(kind: .delete, text: a[x], oldLine: x, newLine: y))
        }
      }
    }
    return reversed.reversed()
  }
}
