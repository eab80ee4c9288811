/// What an entry describes.
public enum EntryKind: String, CaseIterable, Codable, Sendable {
  case service
  case initiative
  case person
  case team
}

/// The four kinds of team leadership (Ben Kuhn's): overall direction, people management, project
/// management, technical leadership.
public enum LeadershipCategory: String, CaseIterable, Sendable {
  case direction, people, project, technical
}

/// A person's "no lead posts for now", with why and until when (both optional).
public struct NotLeading: Hashable, Sendable {
  public var reason: String?
  public var until: Located<CalendarDate>?
  public var position: SourcePosition
}

/// Where an initiative stands.
public enum InitiativeStatus: String, CaseIterable, Codable, Sendable {
  case proposed, active, paused, done, dropped
  /// Open: nobody leads it yet.
  case seekingLead = "seeking-lead"
}

/// The state of a service: maintained unless it says otherwise.
public enum ServiceStatus: String, CaseIterable, Codable, Sendable {
  case maintained, deprecated, obsolete
  /// Open: nobody leads it yet.
  case seekingLead = "seeking-lead"
}

/// A period when a person is away and their posts rely on backups.
public struct Away: Hashable, Sendable {
  public var from: Located<CalendarDate>
  public var until: Located<CalendarDate>
}

/// Silences one history rule on one post until a date, for a stated reason.
public struct Waiver: Sendable, Hashable {
  public var rule: Located<RuleID>
  public var reason: String
  public var until: Located<CalendarDate>
}

/// One lead file: a service, an initiative, or a person.
public struct Entry: Sendable {
  /// Path of the file, relative to the repository root.
  public var file: String
  public var kind: EntryKind
  /// The id; defaults to the file name without `.md`.
  public var id: Located<String>
  public var title: String?
  public var lead: Located<String>?
  public var backup: [Located<String>] = []
  public var paths: [Located<String>] = []
  public var rotateAfter: Located<Period>?
  /// Since when the lead says they have led the post, for the time before the entry existed (history speaks
  /// for everything after).
  public var leadSince: Located<CalendarDate>?
  /// Posts whose CODEOWNERS lines this post's lines come after, so that it wins where they overlap (a docs
  /// service owning `*.md` across folder services).
  public var overrides: [Located<String>] = []
  public var status: Located<InitiativeStatus>?
  /// A service's `status` (maintained when absent).
  public var serviceStatus: Located<ServiceStatus>?

  /// Whether the post is open: `status: seeking-lead`, no lead yet.
  public var isOpen: Bool {
    status?.value == .seekingLead || serviceStatus?.value == .seekingLead
  }
  public var started: Located<CalendarDate>?
  public var due: Located<CalendarDate>?
  public var name: String?
  public var emails: [Located<String>] = []
  public var handle: Located<String>?
  public var away: Away?
  /// A person who takes no lead posts for now.
  public var notLeading: NotLeading?
  /// A person who has left: an alumnus, kept so that history keeps their name.
  public var left: Located<CalendarDate>?
  /// The team a post belongs to.
  public var team: Located<String>?
  /// A team's members, tech leads, and who holds each leadership category.
  public var members: [Located<String>] = []
  public var techLeads: [Located<String>] = []
  public var leadership: [LeadershipCategory: [Located<String>]] = [:]
  public var waivers: [Waiver] = []
  /// Where each top-level key was written, for findings about a key as a whole.
  public var keyPositions: [String: SourcePosition] = [:]

  public init(file: String, kind: EntryKind, id: Located<String>) {
    self.file = file
    self.kind = kind
    self.id = id
  }

  /// Whether this entry is a post somebody leads (a service or an initiative).
  public var isPost: Bool { kind == .service || kind == .initiative }

  /// Whether this is an initiative that is over (`done` or `dropped`): nobody leads it on, so nothing rotates.
  public var isFinished: Bool {
    kind == .initiative && (status?.value == .done || status?.value == .dropped)
  }

  /// The position of a key, or the start of the file when the key is absent.
  public func position(ofKey key: String) -> SourcePosition {
    keyPositions[key] ?? .start
  }
}

/// The keys each kind of entry accepts, with a one-line description (used for "did you mean" and docs).
public enum EntrySchema {
  public static let commonKeys = ["kind", "id", "title"]

  public static func keys(for kind: EntryKind) -> [String] {
    switch kind {
    case .service:
      return commonKeys + [
        "lead", "backup", "paths", "team", "overrides", "rotate_after", "lead_since", "waivers", "status",
      ]
    case .initiative:
      return commonKeys + [
        "lead", "backup", "paths", "team", "overrides", "rotate_after", "lead_since", "waivers", "status",
        "started", "due",
      ]
    case .person: return commonKeys + ["name", "emails", "handle", "away", "not_leading", "left"]
    case .team: return commonKeys + ["handle", "members", "tech_leads", "leadership", "waivers"]
    }
  }

  public static let allKeys: [String] = {
    var seen: [String] = []
    for kind in EntryKind.allCases {
      for key in keys(for: kind) where !seen.contains(key) { seen.append(key) }
    }
    return seen
  }()

  /// The kinds a key belongs to, for "belongs to initiatives" hints.
  public static func kinds(acceptingKey key: String) -> [EntryKind] {
    EntryKind.allCases.filter { keys(for: $0).contains(key) }
  }
}
