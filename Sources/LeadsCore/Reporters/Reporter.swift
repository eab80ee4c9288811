import Foundation

/// What every reporter renders: the findings of one lint run.
public struct LintReport: Sendable {
  public var diagnostics: [Diagnostic]
  public var filesChecked: Int
  /// The rules that ran, for formats that describe them (SARIF).
  public var rules: [RuleDescription]
  /// What history was read, when it was.
  public var history: HistorySummary?

  public init(
    diagnostics: [Diagnostic], filesChecked: Int, rules: [RuleDescription] = RuleCatalog.all,
    history: HistorySummary? = nil
  ) {
    self.diagnostics = diagnostics
    self.filesChecked = filesChecked
    self.rules = rules
    self.history = history
  }

  /// What the findings were compared with (`lint --new-since`), when they were.
  public var baseline: Baseline?

  public func count(_ severity: Severity) -> Int { diagnostics.filter { $0.severity == severity }.count }

  /// Whether the finding at `index` was already there in the baseline (false without one).
  public func isExisting(_ index: Int) -> Bool { baseline?.existing[index] ?? false }

  /// The findings' fingerprints, in order (see `FindingIdentity`).
  public var fingerprints: [String] { FindingIdentity.fingerprints(diagnostics) }

  /// Sentences about what the history read could not see, for notifications in every format.
  public var notes: [String] { history?.notes ?? [] }
}

/// The commit a lint run's findings were compared with, and which of them it already had.
public struct Baseline: Sendable {
  /// The revision as given (`origin/main`).
  public var revision: String
  /// The merge base of HEAD and the revision, when they have one.
  public var mergeBase: String?
  /// Per finding of the report, whether the merge base has it too.
  public var existing: [Bool]

  public init(revision: String, mergeBase: String?, existing: [Bool]) {
    self.revision = revision
    self.mergeBase = mergeBase
    self.existing = existing
  }

  /// How many findings are not in the merge base.
  public var newCount: Int { existing.filter { !$0 }.count }
}

/// What a run knew of history, for reports and notes.
public struct HistorySummary: Sendable, Equatable {
  public var now: CalendarDate
  public var windowStart: CalendarDate
  public var truncatedAt: CalendarDate?
  public var commitsRead: Int
  public var hasCommits: Bool
  public var commitsAfterNow: Int
  public var cacheDiscarded: String?

  public init(_ facts: HistoryFacts) {
    now = facts.now
    windowStart = facts.windowStart
    truncatedAt = facts.truncatedAt
    commitsRead = facts.commits.count
    hasCommits = facts.hasCommits
    commitsAfterNow = facts.commitsAfterNow
    cacheDiscarded = facts.cacheDiscarded
  }

  /// Sentences for people about what history could not tell, if anything.
  public var notes: [String] {
    if !hasCommits { return ["the repository has no commits yet: history checks have nothing to read"] }
    var notes: [String] = []
    if let cacheDiscarded {
      notes.append(
        "the history cache in .git/leads/ did not fit this repository (\(cacheDiscarded)); history was read again and the cache rewritten"
      )
    }
    if commitsAfterNow > 0 {
      notes.append(
        "\(commitsAfterNow) commit\(commitsAfterNow == 1 ? " is" : "s are") dated after \(now) and not counted as activity"
      )
    }
    if let truncatedAt {
      notes.append(
        "history is truncated at \(truncatedAt) (a shallow clone, or a partial clone without older trees): checks that need older history are skipped, and tenure that starts before it reads '≤ \(truncatedAt)'"
      )
    }
    return notes
  }
}

/// The output formats of `leads lint`.
public enum ReportFormat: String, CaseIterable, Sendable {
  case text, json, sarif, github, codeclimate

  /// Renders `report`; `color` applies to text only.
  public func render(_ report: LintReport, color: Bool = false) -> String {
    switch self {
    case .text: return TextReporter(color: color).render(report)
    case .json: return JSONReporter().render(report)
    case .sarif: return SARIFReporter().render(report)
    case .github: return GitHubReporter().render(report)
    case .codeclimate: return CodeClimateReporter().render(report)
    }
  }
}

/// The version of `leads`, reported by `--version` and in SARIF.
public let leadsVersion = "0.1.0"

/// JSON with sorted keys, no escaped slashes, and a trailing newline.
func encodeJSON<T: Encodable>(_ value: T) -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
  return String(decoding: data, as: UTF8.self) + "\n"
}

/// An optional that JSON always writes, as `null` when absent: readers never need to tell a missing key from
/// an empty value. (Encodable's synthesized code leaves absent optionals out.)
@propertyWrapper
struct ExplicitNull<Value: Encodable & Sendable>: Encodable, Sendable {
  var wrappedValue: Value?

  init(wrappedValue: Value?) {
    self.wrappedValue = wrappedValue
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
  }
}
