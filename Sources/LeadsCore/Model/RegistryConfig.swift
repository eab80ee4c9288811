/// Registry-wide settings from `registry/leads.yml`; every property has a documented default.
public struct RegistryConfig: Sendable {
  /// The file name of the config inside the registry folder.
  public static let fileName = "leads.yml"

  /// A lead or backup with no commit anywhere for this long is stale (`stale-owner`).
  public var staleAfter = Period(90, .day)
  /// A post whose lead has not touched it for this long is forgotten (`forgotten-lead`).
  public var forgottenAfter = Period(60, .day)
  /// A lead holding a post longer than this should hand it off (`unrotated-post`).
  public var rotateAfter = Period(365, .day)
  /// `leads suggest` looks for a successor this long before a rotation is due.
  public var rotationNotice = Period(60, .day)
  /// The window `silo` looks at.
  public var siloWindow = Period(90, .day)
  /// `silo` fires when the lead authored at least this percentage of the post's commits...
  public var siloShare = 80
  /// ...and the post had at least this many commits in the window.
  public var siloMinCommits = 10
  /// `overloaded-lead` fires when one person leads more posts than this.
  public var maxPosts = 3
  /// Commit authors who are nobody (names or emails, lowercased); a name ending in `[bot]` always is.
  public var bots: [String] = []
  /// Severity overrides by rule id; `nil` turns a rule off.
  public var severities: [RuleID: Severity?] = [:]
  /// Where CODEOWNERS lives, relative to the repository root; nil means GitHub's search order.
  public var codeownersFile: String?
  /// The CODEOWNERS dialect to generate.
  public var codeownersFlavor = CodeownersFlavor.github
  /// Whether a post's team's forge handle follows its lead and backups in CODEOWNERS.
  public var codeownersTeamHandles = true
  /// Whether each lead file is routed to its post's lead and backups (a team file to its direction and people
  /// holders), so that changing a lead needs the outgoing side's review where the forge requires it.
  public var codeownersRegistryReview = false
  /// `coverage` fails when fewer than this percentage of tracked files have owners; nil: no minimum.
  public var coverageMinimum: Int?
  /// A file listing unowned files that are tolerated for now (one path per line); new ones are reported.
  public var coverageBaseline: String?

  /// Where the config was read from (or would be), relative to the repository root.
  public var path = "registry/" + RegistryConfig.fileName
  /// Where values were written, by dotted key (`coverage.minimum`), for findings about them.
  public var positions: [String: SourcePosition] = [:]

  public init() {}

  /// The severity a rule runs at, or nil when the config turns it off.
  public func severity(for rule: RuleDescription) -> Severity? {
    if let override = severities[rule.id] { return override }
    return rule.defaultSeverity
  }
}

/// The CODEOWNERS dialects `leads` can write.
public enum CodeownersFlavor: String, CaseIterable, Sendable {
  case github
  case gitlab
}

/// The keys of `registry/leads.yml`, with their defaults as written in the file.
public enum ConfigSchema {
  public static let keys: [(key: String, defaultValue: String, summary: String)] = [
    ("version", "1", "format version of the registry"),
    ("stale_after", "90 days", "stale-owner: no commit anywhere in the repository for this long"),
    ("forgotten_after", "60 days", "forgotten-lead: no activity of the lead on the post for this long"),
    ("rotate_after", "365 days", "unrotated-post: default longest tenure; entries may override"),
    ("rotation_notice", "60 days", "leads suggest: find a successor this long before a rotation is due"),
    (
      "silo", "{window: 90 days, share: 80, min_commits: 10}",
      "silo: window, share in percent, minimum commits"
    ),
    ("max_posts", "3", "overloaded-lead: most posts one person should lead"),
    (
      "bots", "[]",
      "authors who are nobody (names or emails): never activity; names ending in [bot] always are"
    ),
    (
      "codeowners",
      "{file: (GitHub's search order), flavor: github, team_handles: true, registry_review: false}",
      "where and how CODEOWNERS is generated; team_handles: a post's team handle follows its lead and backups; registry_review: each lead file is owned by its post's lead and backups"
    ),
    (
      "coverage", "{minimum: (none), baseline: (none)}",
      "coverage: least owned share in percent; baseline of tolerated unowned files"
    ),
    ("rules", "{}", "severity per rule id: error, warning, note or off"),
  ]
}
