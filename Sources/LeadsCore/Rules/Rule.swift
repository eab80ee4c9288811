/// The ids of the rules; part of the output contract (JSON, SARIF, config).
public enum RuleID: String, CaseIterable, Sendable, Codable, Comparable, CustomStringConvertible {
  case unreadableFile = "unreadable-file"
  case frontMatter = "front-matter"
  case yamlSyntax = "yaml-syntax"
  case schema
  case unknownKey = "unknown-key"
  case invalidDate = "invalid-date"
  case invalidDuration = "invalid-duration"
  case duplicateID = "duplicate-id"
  case unknownPerson = "unknown-person"
  case selfBackup = "self-backup"
  case repeatedName = "repeated-name"
  case invalidOwner = "invalid-owner"
  case invalidPattern = "invalid-pattern"
  case patternEscapesRepository = "pattern-escapes-repo"
  case unmatchedPattern = "unmatched-pattern"
  case overlappingServices = "overlapping-services"
  case personWithoutEmail = "person-without-email"
  case openPost = "open-post"
  case codeownersDrift = "codeowners-drift"
  case codeownersSize = "codeowners-size"
  case codeownersShadowed = "codeowners-shadowed"
  case codeownersInvalid = "codeowners-invalid"
  case codeownersLine = "codeowners-line"
  case coverage
  case staleOwner = "stale-owner"
  case forgottenLead = "forgotten-lead"
  case paperBackup = "paper-backup"
  case unrotatedPost = "unrotated-post"
  case silo
  case overloadedLead = "overloaded-lead"
  case noBackup = "no-backup"
  case overdueInitiative = "overdue-initiative"
  case unreviewedHandoff = "unreviewed-handoff"
  case selfAppointedHandoff = "self-appointed-handoff"
  case unseenPerson = "unseen-person"
  case leadSince = "lead-since"
  case centralizedLeadership = "centralized-leadership"
  case techLeadManager = "tech-lead-manager"
  case unheldCategory = "unheld-category"
  case forcedLead = "forced-lead"
  case departedLead = "departed-lead"
  case unteamedPost = "unteamed-post"

  public var description: String { rawValue }

  public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a rule reads, which decides where it can run: the pre-commit hook, `lint --staged` and
/// `--no-history` run every rule that needs no history.
public enum RuleNeeds: Sendable, Comparable {
  /// The registry's files and the repository's file list.
  case registry
  /// The registry and today's date (who has left, who is away, what is overdue).
  case today
  /// The repository's history (activity, tenure).
  case history
}

/// Everything a person needs to know about a rule: what it checks, why, and examples.
public struct RuleDescription: Sendable {
  public let id: RuleID
  public let defaultSeverity: Severity
  /// What the rule reads.
  public let needs: RuleNeeds
  /// One line: what the rule reports.
  public let summary: String
  /// Why it matters.
  public let rationale: String
  /// Registries the rule accepts.
  public var passing: [RuleExample] { passingExamples() }
  /// Registries the rule reports, with `↓` before each expected position.
  public var failing: [RuleExample] { failingExamples() }
  // Examples are built only when documentation or tests ask: a lint run needs ids and severities alone.
  private let passingExamples: @Sendable () -> [RuleExample]
  private let failingExamples: @Sendable () -> [RuleExample]

  public init(
    id: RuleID, severity: Severity, needs: RuleNeeds = .registry, summary: String, rationale: String,
    passing: @autoclosure @escaping @Sendable () -> [RuleExample],
    failing: @autoclosure @escaping @Sendable () -> [RuleExample]
  ) {
    self.id = id
    self.defaultSeverity = severity
    self.needs = needs
    self.summary = summary
    self.rationale = rationale
    self.passingExamples = passing
    self.failingExamples = failing
  }
}

/// A small registry used to document and test a rule.
public struct RuleExample: Sendable {
  /// Files by path; `↓` marks where a finding is expected and is removed before linting.
  public let files: [(path: String, content: String)]
  /// Tracked files of the example repository, besides the registry files.
  public let tracked: [String]
  /// For history rules: what history says, in `HistoryScript` lines.
  public let history: [String]

  /// The tree the examples live in unless they say otherwise.
  public static let defaultTree = [
    "services/checkout/main.swift", "services/checkout/README.md", "services/search/index.swift",
    "services/search/ranking/score.swift", "docs/guide.md",
  ]

  public init(
    _ files: [(String, String)], tracked: [String] = RuleExample.defaultTree, history: [String] = []
  ) {
    self.files = files.map { (path: $0.0, content: $0.1) }
    self.tracked = tracked
    self.history = history
  }

  /// An example with one file.
  public init(
    _ path: String, _ content: String, tracked: [String] = RuleExample.defaultTree, history: [String] = []
  ) {
    self.init([(path, content)], tracked: tracked, history: history)
  }

  /// The marker for expected positions.
  public static let marker: Character = "↓"
}

/// A rule checked by the file parser; its findings come from reading each file.
public protocol FileRule: Sendable {
  static var description: RuleDescription { get }
}

/// A rule that checks the registry as a whole, once every file is read.
public protocol RegistryRule: Sendable {
  static var description: RuleDescription { get }
  init()
  func check(_ registry: Registry) -> [RuleFinding]
}

/// A finding of a rule, before the configured severity is applied.
public struct RuleFinding: Sendable, Equatable {
  public var message: String
  public var path: String
  public var position: SourcePosition
  public var entry: String?
  /// The numbers and names behind the message.
  public var data = FindingData()

  public init(
    _ message: String, in entry: Entry, at position: SourcePosition, data: FindingData = FindingData()
  ) {
    self.data = data
    self.message = message
    self.path = entry.file
    self.position = position
    self.entry = entry.id.value
  }

  /// A finding about a file that is not an entry (CODEOWNERS).
  public init(path: String, position: SourcePosition, message: String, data: FindingData = FindingData()) {
    self.data = data
    self.message = message
    self.path = path
    self.position = position
    self.entry = nil
  }
}

/// Every rule `leads` knows, in the order `leads rules` lists them.
public enum RuleCatalog {
  public static let fileRules: [any FileRule.Type] = [
    UnreadableFileRule.self, FrontMatterRule.self, YAMLSyntaxRule.self, SchemaRule.self, UnknownKeyRule.self,
    InvalidDateRule.self, InvalidDurationRule.self,
  ]

  public static let registryRules: [any RegistryRule.Type] = [
    DuplicateIDRule.self, UnknownPersonRule.self, SelfBackupRule.self, RepeatedNameRule.self,
    InvalidOwnerRule.self,
    InvalidPatternRule.self, PatternEscapesRepositoryRule.self, UnmatchedPatternRule.self,
    OverlappingServicesRule.self, PersonWithoutEmailRule.self, OpenPostRule.self, CodeownersDriftRule.self,
    CodeownersSizeRule.self, CodeownersShadowedRule.self, CodeownersInvalidRule.self, CodeownersLineRule.self,
    CoverageRule.self,
  ]

  public static let historyRules: [any HistoryRule.Type] = [
    StaleOwnerRule.self, ForgottenLeadRule.self, PaperBackupRule.self, UnrotatedPostRule.self, SiloRule.self,
    OverloadedLeadRule.self,
    NoBackupRule.self, OverdueInitiativeRule.self, UnreviewedHandoffRule.self, SelfAppointedHandoffRule.self,
    UnseenPersonRule.self,
    LeadSinceRule.self,
    CentralizedLeadershipRule.self, TechLeadManagerRule.self, UnheldCategoryRule.self, ForcedLeadRule.self,
    DepartedLeadRule.self, UnteamedPostRule.self,
  ]

  public static let all: [RuleDescription] =
    fileRules.map { $0.description } + registryRules.map { $0.description }
    + historyRules.map { $0.description }

  /// Whether a rule id names a history rule (the ones waivers may silence).
  public static func isHistoryRule(_ id: RuleID) -> Bool {
    historyRules.contains { $0.description.id == id }
  }

  public static func description(of id: RuleID) -> RuleDescription? {
    all.first { $0.id == id }
  }
}
