/// Reads typed values out of a YAML mapping, collecting findings instead of stopping at the first.
struct MappingReader {
  let path: String
  var findings: [Finding] = []
  /// Keys in order of appearance, with their key and value nodes.
  private(set) var pairs: [(key: Located<String>, value: YAMLNode)] = []

  init(path: String) {
    self.path = path
  }

  /// Loads a mapping's keys; non-text keys become schema findings.
  mutating func load(_ mapping: [(key: YAMLNode, value: YAMLNode)]) {
    for (key, value) in mapping {
      guard case .scalar(let text, _, let position) = key else {
        report(.schema, "keys must be plain words, found \(key.typeName)", at: key.position)
        continue
      }
      pairs.append((Located(text, at: position), value))
    }
  }

  func value(_ key: String) -> YAMLNode? {
    pairs.first(where: { $0.key.value == key })?.value
  }

  var keyPositions: [String: SourcePosition] {
    Dictionary(pairs.map { ($0.key.value, $0.key.position) }, uniquingKeysWith: { first, _ in first })
  }

  mutating func report(_ rule: RuleID, _ message: String, at position: SourcePosition) {
    findings.append(Finding(rule: rule, message: message, path: path, position: position))
  }

  /// Reports keys outside `allowed`, with a suggestion.
  mutating func reportUnknownKeys(allowed: [String], describe: (String) -> String?) {
    for (key, _) in pairs where !allowed.contains(key.value) {
      var message = "unknown key '\(key.value)'"
      if let elsewhere = describe(key.value) {
        message += "; \(elsewhere)"
      } else {
        message += Suggestions.hint(for: key.value, in: allowed)
      }
      report(.unknownKey, message, at: key.position)
    }
  }

  /// A single text value; nil (and a finding) when the value is a list or mapping, nil when null.
  mutating func string(_ key: String, hint: String? = nil) -> Located<String>? {
    guard let node = value(key), !node.isNull else { return nil }
    guard case .scalar(let text, _, let position) = node else {
      report(
        .schema, "'\(key)' must be a single value, found \(node.typeName)\(hint.map { "; \($0)" } ?? "")",
        at: node.position)
      return nil
    }
    return Located(text, at: position)
  }

  /// A list of text values; a single value is read as a list of one.
  mutating func list(_ key: String) -> [Located<String>] {
    guard let node = value(key), !node.isNull else { return [] }
    switch node {
    case .scalar(let text, _, let position):
      return [Located(text, at: position)]
    case .sequence(let items, _):
      var values: [Located<String>] = []
      for item in items {
        if case .scalar(let text, _, let position) = item, !item.isNull {
          values.append(Located(text, at: position))
        } else {
          report(
            .schema, "each item of '\(key)' must be a single value, found \(item.typeName)", at: item.position
          )
        }
      }
      return values
    case .mapping(_, let position):
      report(
        .schema,
        "'\(key)' must be a list, found a mapping (braces make one): a list is written [a, b], or one '- item' per line",
        at: position)
      return []
    }
  }

  /// A `YYYY-MM-DD` date.
  mutating func date(_ key: String) -> Located<CalendarDate>? {
    guard let text = string(key) else { return nil }
    if let date = CalendarDate(text.value) { return Located(date, at: text.position) }
    report(
      .invalidDate, "'\(key)': \(CalendarDate.problem(with: text.value) ?? "not a date")", at: text.position)
    return nil
  }

  /// A period such as `90 days`.
  mutating func period(_ key: String) -> Located<Period>? {
    guard let text = string(key) else { return nil }
    switch Period.parse(text.value) {
    case .success(let period): return Located(period, at: text.position)
    case .failure(let error):
      report(.invalidDuration, "'\(key)': \(error)", at: text.position)
      return nil
    }
  }

  /// A whole number within `range`.
  mutating func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
    guard let text = string(key) else { return nil }
    guard let number = Int(text.value.trimmingCharacters(in: [" ", "%"])), range.contains(number) else {
      report(
        .schema,
        "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound), found '\(text.value)'",
        at: text.position)
      return nil
    }
    return number
  }

  /// One of the raw values of `E`, with a suggestion when it is close to one.
  mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, of type: E.Type) -> Located<E>?
  where E.RawValue == String {
    guard let text = string(key) else { return nil }
    if let value = E(rawValue: text.value) { return Located(value, at: text.position) }
    let names = E.allCases.map(\.rawValue)
    report(
      .schema,
      "'\(key)' must be one of \(names.joined(separator: ", ")), found '\(text.value)'\(Suggestions.hint(for: text.value, in: names))",
      at: text.position)
    return nil
  }
}

/// A finding made while reading a file, before severities are applied.
/// A finding of a rule before the configured severity is applied: what parsers and the catalog hand to the
/// linter, which turns it into a `Diagnostic` in one place.
public struct Finding: Sendable, Equatable {
  public var rule: RuleID
  public var message: String
  public var path: String
  public var position: SourcePosition
  public var entry: String?
  /// The numbers and names behind the message.
  public var data = FindingData()

  public init(
    rule: RuleID, message: String, path: String, position: SourcePosition, entry: String? = nil,
    data: FindingData = FindingData()
  ) {
    self.rule = rule
    self.message = message
    self.path = path
    self.position = position
    self.entry = entry
    self.data = data
  }

  /// A rule's finding, with the rule's id.
  init(_ finding: RuleFinding, of rule: RuleID) {
    self.init(
      rule: rule, message: finding.message, path: finding.path, position: finding.position,
      entry: finding.entry,
      data: finding.data)
  }
}
