/// A 1-based line and column inside a file; columns count Unicode scalars.
public struct SourcePosition: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  /// The start of a file.
  public static let start = SourcePosition(line: 1, column: 1)

  public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
    (lhs.line, lhs.column) < (rhs.line, rhs.column)
  }

  public var description: String { "\(line):\(column)" }
}

/// A value read from a file, with where it was written.
public struct Located<Value: Sendable>: Sendable {
  public var value: Value
  public var position: SourcePosition

  public init(_ value: Value, at position: SourcePosition) {
    self.value = value
    self.position = position
  }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// How much a finding matters. `error` fails `leads lint`; `warning` fails it only with `--strict`.
public enum Severity: String, Codable, CaseIterable, Comparable, Sendable {
  case note
  case warning
  case error

  public static func < (lhs: Severity, rhs: Severity) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// The numbers and names behind a finding's message, for tools that read JSON: only what applies is set.
public struct FindingData: Hashable, Sendable, Codable {
  /// How many days something has lasted or been missing (tenure, silence, lateness).
  public var days: Int?
  /// A percentage (a lead's share of a post's commits, coverage).
  public var share: Int?
  /// How many (commits, posts, files, further overlaps).
  public var count: Int?
  /// The configured limit the rule compared against (days, percent or posts).
  public var threshold: Int?
  /// The date something started or last happened (YYYY-MM-DD).
  public var since: String?
  /// The person the finding is about (as written in the registry).
  public var person: String?
  /// The other entry involved (the first owner of an id, the other claimant of a file, the previous lead).
  public var other: String?

  public init(
    days: Int? = nil, share: Int? = nil, count: Int? = nil, threshold: Int? = nil, since: String? = nil,
    person: String? = nil, other: String? = nil
  ) {
    self.days = days
    self.share = share
    self.count = count
    self.threshold = threshold
    self.since = since
    self.person = person
    self.other = other
  }

  public var isEmpty: Bool { self == FindingData() }
}

/// One finding of the linter.
public struct Diagnostic: Hashable, Sendable {
  /// The rule id, part of the output contract (for example `unknown-key`).
  public var rule: RuleID
  public var severity: Severity
  public var message: String
  /// Path relative to the repository root, with `/` separators.
  public var path: String
  public var position: SourcePosition
  /// The id of the entry the finding is about, when there is one.
  public var entry: String?
  /// The finding's numbers and names as data.
  public var data = FindingData()

  public init(
    rule: RuleID, severity: Severity, message: String, path: String, position: SourcePosition,
    entry: String? = nil, data: FindingData = FindingData()
  ) {
    self.data = data
    self.rule = rule
    self.severity = severity
    self.message = Diagnostic.shown(message)
    self.path = Diagnostic.shown(path)
    self.position = position
    self.entry = entry
  }

  /// Text as a terminal or a log may show it: invisible, bidirectional and control characters (other than
  /// line breaks, which each reporter escapes its own way) become `\u{...}`, so that nothing in a repository
  /// can hide or reorder what a finding says.
  static func shown(_ text: String) -> String {
    guard
      text.unicodeScalars.contains(where: {
        ($0 != "\n" && ScalarClass.isControl($0)) || ScalarClass.isInvisible($0)
      })
    else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      if (scalar != "\n" && ScalarClass.isControl(scalar)) || ScalarClass.isInvisible(scalar) {
        result += "\\u{" + String(scalar.value, radix: 16) + "}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  public var line: Int { position.line }
  public var column: Int { position.column }

  /// Report order: by path, then position, then rule id.
  public static func reportOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
    (lhs.path, lhs.line, lhs.column, lhs.rule, lhs.message)
      < (rhs.path, rhs.line, rhs.column, rhs.rule, rhs.message)
  }
}
