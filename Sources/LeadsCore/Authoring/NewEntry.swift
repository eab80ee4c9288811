/// Where `leads new` puts an entry, decided from its kind and id alone.
public enum NewEntry {
  /// The folder under the registry each kind goes into.
  public static func folder(of kind: EntryKind) -> String {
    switch kind {
    case .service: return "services"
    case .initiative: return "initiatives"
    case .person: return "people"
    case .team: return "teams"
    }
  }

  /// `registry/services/ID.md` and its kin; refused when the id cannot be a file name (and so an id), or is
  /// taken by another entry under any spelling of case.
  public static func path(
    kind: EntryKind, id: String, in registry: Registry, registryFolder: String = "registry"
  )
    throws(AuthoringProblem) -> String
  {
    guard Identifier.isValid(id) else {
      throw AuthoringProblem(
        description:
          "the id '\(OwnerReference.visible(id))' \(Identifier.problem(id)); it is also the file name")
    }
    if let existing = registry.entries.first(where: { $0.id.value.lowercased() == id.lowercased() }) {
      throw AuthoringProblem(description: "the id '\(id)' is taken by \(existing.file)")
    }
    return "\(registryFolder)/\(folder(of: kind))/\(id).md"
  }

  /// The line `leads checkin` writes into a post's body, and the prefix that finds it again.
  public static let checkInPrefix = "Last check-in:"

  public static func checkInLine(on day: CalendarDate, by lead: String) -> String {
    "\(checkInPrefix) \(day) by \(lead)"
  }
}
