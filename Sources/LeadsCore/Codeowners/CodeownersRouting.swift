/// One line of a CODEOWNERS file: a pattern and its owners.
public struct CodeownersRule: Sendable, Equatable {
  public var pattern: String
  public var owners: [String]
  /// The GitLab section the line is in, if any.
  public var section: String?
  /// The registry entry the line comes from (generated files), or nil.
  public var entry: String?
  /// 1-based line in the file, when read from one.
  public var line: Int

  public init(pattern: String, owners: [String], section: String? = nil, entry: String? = nil, line: Int = 0)
  {
    self.pattern = pattern
    self.owners = owners
    self.section = section
    self.entry = entry
    self.line = line
  }
}

/// Who owns a path: the last matching rule, per section (GitLab) or overall (GitHub).
public struct CodeownersRouting: Sendable {
  public let rules: [CodeownersRule]
  /// The rules' valid patterns, filed so that a path is tried only against those that can apply to it.
  private let index: PatternIndex
  /// For each pattern of `index`, the rule it came from.
  private let ruleOfPattern: [Int]

  public init(_ rules: [CodeownersRule]) {
    self.rules = rules
    var patterns: [CodeownersPattern] = []
    var ruleOfPattern: [Int] = []
    for (position, rule) in rules.enumerated() {
      // Generated lines hold only patterns the registry accepts; hand-written ones are read as GitHub does.
      guard let pattern = CodeownersPattern(reading: rule.pattern) else { continue }
      patterns.append(pattern)
      ruleOfPattern.append(position)
    }
    index = PatternIndex(patterns)
    self.ruleOfPattern = ruleOfPattern
  }

  /// The rules that decide a path's owners: the last matching one in each section, in file order.
  public func deciding(_ path: String) -> [CodeownersRule] {
    var lastBySection: [String: Int] = [:]
    index.forEachMatch(path) { pattern in
      let position = ruleOfPattern[pattern]
      let section = rules[position].section ?? ""
      if position > lastBySection[section] ?? -1 { lastBySection[section] = position }
    }
    return lastBySection.values.sorted().map { rules[$0] }
  }

  /// The positions in `rules` of every rule that matches `path`, in file order.
  public func matching(_ path: String) -> [Int] {
    var found: [Int] = []
    index.forEachMatch(path) { found.append(ruleOfPattern[$0]) }
    return found.sorted()
  }

  /// The owners of a path (a rule with no owners un-owns it).
  public func owners(of path: String) -> [String] {
    CodeownersRouting.owners(deciding(path))
  }

  /// The owners the deciding rules give, each once, in order.
  public static func owners(_ deciding: [CodeownersRule]) -> [String] {
    var owners: [String] = []
    for rule in deciding {
      for owner in rule.owners where !owners.contains(owner) { owners.append(owner) }
    }
    return owners
  }
}

/// Reads an existing CODEOWNERS file the way GitHub and GitLab do.
public enum CodeownersParser {
  /// The rules of a file, in order. GitLab reads `[Section]` lines as section headers; GitHub has no
  /// sections and reads such a line as a pattern.
  public static func parse(_ text: String, flavor: CodeownersFlavor = .github) -> [CodeownersRule] {
    var rules: [CodeownersRule] = []
    var section: String?
    let unified =
      text.utf8.contains(UInt8(ascii: "\r")) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
    let lines = unified.split(separator: "\n", omittingEmptySubsequences: false)
    for (index, raw) in lines.enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      if flavor == .gitlab, let name = sectionName(line) {
        section = name
        continue
      }
      var fields: [String] = []
      var current = ""
      var escaped = false
      for character in line {
        if escaped {
          current.append("\\")
          current.append(character)
          escaped = false
        } else if character == "\\" {
          escaped = true
        } else if character == "#" {
          break
        } else if character == " " || character == "\t" {
          if !current.isEmpty { fields.append(current) }
          current = ""
        } else {
          current.append(character)
        }
      }
      if !current.isEmpty { fields.append(current) }
      guard let pattern = fields.first else { continue }
      rules.append(
        CodeownersRule(pattern: pattern, owners: Array(fields.dropFirst()), section: section, line: index + 1)
      )
    }
    return rules
  }

  /// `[Name]`, `^[Name]` or `[Name][2]` (GitLab section headers), possibly followed by default owners.
  static func sectionName(_ line: String) -> String? {
    var rest = Substring(line)
    if rest.hasPrefix("^") { rest = rest.dropFirst() }
    guard rest.hasPrefix("["), let close = rest.firstIndex(of: "]") else { return nil }
    return String(rest[rest.index(after: rest.startIndex)..<close])
  }
}
