/// What `leads import codeowners` did, for a person to review.
public enum ImportSummary {
  public static func text(_ plan: CodeownersImport, codeownersPath: String) -> String {
    var output = ""
    let open = plan.services.filter { $0.lead == nil }
    if plan.services.isEmpty {
      output +=
        "Nothing to import: \(plan.kept.isEmpty ? "\(codeownersPath) has no lines with owners" : "every line of \(codeownersPath) stays hand-written (see below)"); write lead files by hand (`leads new service`) or name another file (`leads import codeowners FILE`).\n"
    }
    output += "Services (\(plan.services.count)):\n"
    for service in plan.services {
      let backups = service.backups.isEmpty ? "" : ", backups \(service.backups.joined(separator: " "))"
      let team = service.team.map { ", team \($0)" } ?? ""
      let lead = service.lead.map { "lead \($0)" } ?? "open (seeking a lead)"
      output += "  \(service.id): \(service.patterns.joined(separator: " ")) — \(lead)\(backups)\(team)\n"
      if !service.overrides.isEmpty {
        output +=
          "    comes after \(service.overrides.joined(separator: ", ")) (overrides), as its lines did in the file\n"
      }
    }
    if !open.isEmpty {
      output +=
        "Open posts (\(open.count)): only teams owned their lines, so nobody is guessed as lead; `leads rotate ID --to PERSON` fills one\n"
      for service in open {
        output += "  \(service.id)"
        if let proposed = service.proposed {
          let runnerUp = proposed.backup.map { ", then \($0)" } ?? ""
          output +=
            ": history suggests \(proposed.lead) (\(counted(proposed.commits, "commit")) to its paths in the activity window)\(runnerUp); not written"
        }
        output += "\n"
      }
    }
    output += "People (\(plan.people.count)):\n"
    for person in plan.people {
      let names = (person.handle.map { [$0] } ?? []) + person.emails
      output += "  \(person.id): \(names.joined(separator: " "))\n"
    }
    if !plan.teams.isEmpty {
      output += "Teams (\(plan.teams.count)); CODEOWNERS lists each after its posts' leads and backups:\n"
      for team in plan.teams {
        output += "  \(team.id): \(team.handle), members \(team.members.joined(separator: ", "))\n"
      }
    }
    if !plan.kept.isEmpty {
      output += "Kept as hand-written lines in \(codeownersPath) (\(plan.kept.count)):\n"
      for line in plan.kept { output += "  line \(line.line): \(line.text) — \(line.reason)\n" }
    }
    return output
  }

  public static func text(_ plan: OwnersImport) -> String {
    var output = "Services (\(plan.services.count)):\n"
    for service in plan.services {
      let backups = service.backups.isEmpty ? "" : ", backups \(service.backups.joined(separator: " "))"
      let lead = service.lead.map { "lead \($0)" } ?? "open (seeking a lead)"
      let shown =
        service.patterns.count > 3
        ? service.patterns.prefix(3).joined(separator: " ") + " and \(service.patterns.count - 3) more files"
        : service.patterns.joined(separator: " ")
      output += "  \(service.id): \(shown) — \(lead)\(backups)\n"
    }
    let current = plan.people.filter { !$0.isAlumnus }
    let alumni = plan.people.filter(\.isAlumnus)
    output += "People (\(current.count)): \(current.map(\.handle).joined(separator: " "))\n"
    if !alumni.isEmpty {
      output += "Alumni (\(alumni.count)): \(alumni.map(\.handle).joined(separator: " "))\n"
    }
    for problem in plan.problems { output += "Not imported: \(problem.path): \(problem.message)\n" }
    return output
  }
}
